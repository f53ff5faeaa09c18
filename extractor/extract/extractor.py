"""`Extractor`: the loaded pipeline, turning articles into records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from extractor.article import Article
from extractor.record import Record


class Extractor:
    """Load once (per process or worker), then call `extract` per article."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    @classmethod
    def load(cls, *, use_model: bool = True) -> Extractor:
        from extractor.extract.pipeline import load_pipeline

        return cls(load_pipeline(use_model=use_model))

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article = article
        return doc

    def extract(self, article: Article) -> list[Record]:
        return list(self.nlp(self.make_doc(article))._.records)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16
                     ) -> Iterator[tuple[Article, list[Record]]]:
        """Stream articles through `nlp.pipe`; yields each article with its records."""
        docs = (self.make_doc(article) for article in articles)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield doc._.article, list(doc._.records)

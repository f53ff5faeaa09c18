"""The Python API: text, files and articles in, typed records out."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractor.acquire.inputs import read_file
from extractor.article import Article, KoperasiError
from extractor.parse import parse_document
from extractor.record import Record


@lru_cache(maxsize=2)
def default_extractor(use_model: bool = True):
    """The pipeline is loaded once per process and reused."""
    from extractor.extract import Extractor

    return Extractor.load(use_model=use_model)


def extract_article(article: Article, *, use_model: bool = True) -> list[Record]:
    return default_extractor(use_model).extract(article)


def extract_text(text: str, *, url: str | None = None, title: str | None = None,
                 published: str | None = None, use_model: bool = True) -> list[Record]:
    """Records from the text of one article (the body; the title may be given apart)."""
    article = Article(source=url or "<text>", text=text, url=url, title=title,
                      published=published, language="id")
    return extract_article(article, use_model=use_model)


def extract_file(path: str | Path, *, use_model: bool = True) -> list[Record]:
    """Records from a `.txt` (first line title) or `.html` file. Raises `KoperasiError`."""
    doc = read_file(Path(path), str(path))
    if isinstance(doc, KoperasiError):
        raise doc
    return extract_article(parse_document(doc), use_model=use_model)

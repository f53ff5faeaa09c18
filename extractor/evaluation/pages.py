"""Page-to-text scoring on the HTML articles of a gold corpus: title, date,
body snippets found (`body_contains`) and boilerplate leaked (`body_excludes`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extractor.article import Article


@dataclass
class PageScores:
    pages: int = 0
    title_right: int = 0
    date_right: int = 0
    snippets: int = 0
    snippets_found: int = 0
    boilerplate: int = 0
    boilerplate_leaked: int = 0
    errors: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int]]:
        return [("title right", self.title_right, self.pages),
                ("date right", self.date_right, self.pages),
                ("body snippets found", self.snippets_found, self.snippets),
                ("boilerplate leaked", self.boilerplate_leaked, self.boilerplate)]


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def score_page(scores: PageScores, gold, article: Article) -> None:
    scores.pages += 1
    if normalise(article.title) == normalise(gold.title):
        scores.title_right += 1
    else:
        scores.errors.append(f"{gold.id}: title {article.title!r} != {gold.title!r}")
    if (article.published or "")[:10] == (gold.published or ""):
        scores.date_right += 1
    else:
        scores.errors.append(f"{gold.id}: date {article.published!r} != {gold.published!r}")
    body = normalise(article.text)
    for snippet in gold.body_contains:
        scores.snippets += 1
        if normalise(snippet) in body:
            scores.snippets_found += 1
        else:
            scores.errors.append(f"{gold.id}: body lacks {snippet!r}")
    for snippet in gold.body_excludes:
        scores.boilerplate += 1
        if normalise(snippet) in body:
            scores.boilerplate_leaked += 1
            scores.errors.append(f"{gold.id}: body leaks {snippet!r}")

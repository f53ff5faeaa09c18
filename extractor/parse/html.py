"""Web page -> Article. Placeholder main-text extraction (trafilatura, no tuning);
the page-parsing issue replaces this with the real parser."""

from __future__ import annotations

import trafilatura

from extractor.article import Article, KoperasiError


def parse_html(content: bytes, source: str, *, url: str | None = None,
               charset: str | None = None) -> Article:
    html = content.decode(charset or "utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=True)
    if not text:
        raise KoperasiError(source, "no_text", "no article text found in the page", stage="parse")
    meta = trafilatura.extract_metadata(html)
    return Article(source=source, text=text, url=url or (meta.url if meta else None),
                   title=meta.title if meta else None, published=meta.date if meta else None,
                   language="id")

"""Parse stage: raw bytes (a web page or a plain-text file) -> `Article`."""

from __future__ import annotations

from extractor.article import Article, KoperasiError, RawDocument
from extractor.parse.text import decode_text, parse_plain_text


def parse_document(doc: RawDocument) -> Article:
    """Turn one acquired document into a clean article, or raise `KoperasiError`."""
    if doc.kind == "text":
        return parse_plain_text(decode_text(doc.content, doc.source), doc.source,
                                url=doc.url, meta=doc.meta)
    if doc.kind == "html":
        from extractor.parse.html import parse_html

        return parse_html(doc.content, doc.source, url=doc.url, charset=doc.charset,
                          meta=doc.meta)
    raise KoperasiError(doc.source, "unsupported", f"cannot parse input of kind {doc.kind!r}",
                        stage="parse")

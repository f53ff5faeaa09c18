"""Plain-text articles: first line the title, the rest the body."""

from __future__ import annotations

from extractor.article import Article, KoperasiError

MAX_TEXT_BYTES = 5_000_000


def decode_text(content: bytes, source: str) -> str:
    """Decode a plain-text file, refusing binary data and oversized input by name."""
    if len(content) > MAX_TEXT_BYTES:
        raise KoperasiError(source, "too_large",
                            f"{len(content):,} bytes is more than the {MAX_TEXT_BYTES:,} "
                            "bytes a text article may have", stage="parse")
    if b"\x00" in content[:8192]:
        raise KoperasiError(source, "binary", "looks like a binary file, not text",
                            stage="parse")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is None:
        raise KoperasiError(source, "bad_encoding", "is neither UTF-8 nor a known text encoding",
                            stage="parse")
    return str(best)


def parse_plain_text(text: str, source: str, *, url: str | None = None,
                     meta: dict | None = None) -> Article:
    """The first non-empty line is the title; the article text keeps every line.

    The title line stays in `text` so that evidence offsets refer to the file as
    the user sees it.
    """
    meta = meta or {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), None)
    return Article(source=source, text=text, url=url or meta.get("url"),
                   title=meta.get("title") or headline(first_line),
                   published=meta.get("published"), language="id")


def headline(line: str | None) -> str | None:
    """Scraped text does not always start with its title: a first line that reads like
    a paragraph (long, or ending in a full stop) is body text, not a headline."""
    if not line or len(line.split()) > 30 or line.rstrip().endswith("."):
        return None
    return line

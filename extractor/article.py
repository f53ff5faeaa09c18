"""The article: what the acquire and parse stages hand to the extractor.

Every input kind (a URL, an HTML file, a .txt file, a WARC record, a JSONL
line) ends up as one `Article`, so the extractor has exactly one input type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict


class Article(BaseModel):
    """A clean news article: metadata plus main text (boilerplate removed)."""

    model_config = ConfigDict(extra="forbid")

    source: str
    """The path or URL as the user gave it (or `warc-file#record-id`)."""
    text: str
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    """ISO 8601 (date, or datetime with offset), Asia/Jakarta unless the page says otherwise."""
    author: str | None = None
    language: str | None = None


@dataclass
class RawDocument:
    """Bytes as acquired, before parsing: a web page or a plain-text file."""

    source: str
    content: bytes
    kind: str = "html"
    """`html` or `text` (plain text: first line is the title)."""
    url: str | None = None
    charset: str | None = None
    """The charset a transport declared (HTTP header), if any."""
    content_type: str | None = None
    """The Content-Type a transport declared (HTTP header or WARC record), if any."""
    meta: dict = field(default_factory=dict)
    """Extra metadata an input carries (e.g. title/published from a JSONL line)."""


class InputError(BaseModel):
    """An input that could not be turned into records, named with the reason."""

    source: str
    stage: str
    """acquire, parse or extract."""
    kind: str
    """A short machine-readable reason: not_found, robots, http_404, timeout, too_large, ..."""
    message: str


class KoperasiError(Exception):
    """An error about one input, with a message meant for the user (no traceback)."""

    def __init__(self, source: str, kind: str, message: str, stage: str = "acquire"):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.kind = kind
        self.message = message
        self.stage = stage

    def __reduce__(self):
        # Exceptions pickle as cls(*args); ours takes different arguments, and
        # errors cross process boundaries in batch runs.
        return (type(self), (self.source, self.kind, self.message, self.stage))

    def to_entry(self) -> InputError:
        return InputError(source=self.source, stage=self.stage, kind=self.kind,
                          message=self.message)

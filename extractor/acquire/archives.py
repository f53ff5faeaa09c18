"""Archives of pages: WARC files (Common Crawl News layout), JSONL lines of
{url, html} or {url, text} (optionally title, published), and text files that
list URLs. Each yields `RawDocument`s, or a `KoperasiError` naming the file (and
record or line) that could not be read; reading goes on past a bad record.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.article import KoperasiError, RawDocument
from extractor.parse.encoding import charset_from_content_type

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
URL_LINE = re.compile(r"^https?://\S+$", re.I)


def has_suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


def kind_for_media(content_type: str | None) -> str | None:
    """html or text for article media types, None for anything else."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media == "text/plain":
        return "text"
    return None


# --- WARC ----------------------------------------------------------------------

def iter_warc(path: Path, source: str | None = None) -> Iterator[RawDocument | KoperasiError]:
    """Article records of a WARC: `response` records (the Common Crawl News
    layout) and `resource` records of HTML or plain text. Requests, metadata,
    revisits and non-article media (images, scripts) are skipped; an HTTP error
    response is reported as the failure of its URL."""
    from warcio.archiveiterator import ArchiveIterator

    name = source or str(path)
    if not looks_like_warc(path):
        yield KoperasiError(name, "bad_warc", "is not a WARC file (no WARC/ header)")
        return
    offset: int | None = 0
    with open(path, "rb") as stream:
        while offset is not None:
            stream.seek(offset)
            iterator = ArchiveIterator(stream, check_digests=True)
            try:
                # Digests are checked as records are read: a damaged or truncated
                # record is reported alone and reading goes on.
                for record in iterator:
                    if record.rec_type not in ("response", "resource"):
                        continue
                    document = warc_record_document(record, name)
                    if document is not None:
                        yield document
                return
            except Exception as exc:  # warcio raises many kinds on damaged data
                failed_at = max(iterator.offset, offset)
                offset = next_record_start(path, failed_at + 1)
                what = "skipping to the next record" if offset is not None else "nothing after it"
                yield KoperasiError(name, "bad_warc",
                                    f"damaged record at byte {failed_at} ({type(exc).__name__}); "
                                    f"{what}")


GZIP_MEMBER = b"\x1f\x8b\x08"


def next_record_start(path: Path, after: int) -> int | None:
    """Where the next readable record begins. Common Crawl writes one gzip member per
    record, so a damaged one is skipped by finding the next member that decompresses
    to a WARC header (a plain WARC: the next 'WARC/1.' line). Reads in 1 MB steps."""
    marker = GZIP_MEMBER if has_suffix(path, (".gz",)) else b"WARC/1."
    with open(path, "rb") as stream:
        position = after
        while chunk := read_at(stream, position, 1 << 20):
            found = chunk.find(marker)
            while found >= 0:
                candidate = position + found
                if marker != GZIP_MEMBER or starts_warc_record(read_at(stream, candidate, 4096)):
                    return candidate
                found = chunk.find(marker, found + 1)
            position += max(1, len(chunk) - len(marker) + 1)
    return None


def read_at(stream, position: int, size: int) -> bytes:
    stream.seek(position)
    return stream.read(size)


def starts_warc_record(head: bytes) -> bool:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head).startswith(b"WARC/")
    except zlib.error:
        return False


def warc_record_document(record, archive: str) -> RawDocument | KoperasiError | None:
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    source = f"{archive}#{record_id or url}"
    if record.rec_type == "response" and record.http_headers is not None:
        status = int(record.http_headers.get_statuscode() or 0)
        content_type = record.http_headers.get_header("Content-Type")
        if not 200 <= status < 300:
            return KoperasiError(source, f"http_{status}",
                                 f"{url} was archived as HTTP {status}")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    kind = kind_for_media(content_type)
    if kind is None:
        return None
    content = record.content_stream().read()
    if record_damaged(record):
        return KoperasiError(source, "bad_record", f"{url}: the archived record is truncated "
                             "or does not match its digest")
    return RawDocument(source=source, content=content, kind=kind, url=url,
                       charset=charset_from_content_type(content_type),
                       content_type=content_type)


def record_damaged(record) -> bool:
    """After reading a record: bytes missing (the file ends inside it) or a
    digest that does not match."""
    unread = getattr(record.raw_stream, "limit", 0) or 0
    checker = getattr(record, "digest_checker", None)
    return unread > 0 or (checker is not None and checker.passed is False)


def looks_like_warc(path: Path) -> bool:
    """A WARC (gzipped or not) starts with "WARC/"."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as stream:
            return stream.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


@dataclass
class ArchivedPage:
    """A page to write into a WARC."""

    url: str
    content: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


def write_warc(path: Path, pages: Iterable[ArchivedPage]) -> int:
    """Write pages as WARC `response` records (gzip if the name ends in .gz);
    returns how many were written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    count = 0
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for page in pages:
            http_headers = StatusAndHeaders(
                f"{page.status} {'OK' if page.status == 200 else 'Status'}",
                [("Content-Type", page.content_type),
                 ("Content-Length", str(len(page.content)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                page.url, "response", payload=io.BytesIO(page.content),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>"})
            writer.write_record(record)
            count += 1
    return count


# --- JSONL ---------------------------------------------------------------------

def open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")


def iter_jsonl(path: Path, source: str | None = None) -> Iterator[RawDocument | KoperasiError]:
    """One document per line: {"url", "html"} or {"url", "text"}, with optional
    "title" and "published" (these win over what a page says)."""
    name = source or str(path)
    try:
        with open_text(path) as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield jsonl_document(line, f"{name}:{number}")
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as exc:
        yield KoperasiError(name, "unreadable", f"cannot read the JSONL file: {exc}")


def jsonl_document(line: str, source: str) -> RawDocument | KoperasiError:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        return KoperasiError(source, "bad_jsonl", f"not a JSON object: {exc.msg}")
    if not isinstance(entry, dict):
        return KoperasiError(source, "bad_jsonl", "not a JSON object")
    meta = {key: entry[key] for key in ("title", "published", "url")
            if isinstance(entry.get(key), str) and entry[key].strip()}
    for key, kind in (("html", "html"), ("text", "text")):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return RawDocument(source=source, content=value.encode("utf-8"), kind=kind,
                               url=meta.get("url"), charset="utf-8", meta=meta)
    return KoperasiError(source, "bad_jsonl", 'has neither "html" nor "text"')


def is_article_jsonl(path: Path) -> bool:
    """Does the first record carry html or text? (A gold or output JSONL does not.)"""
    try:
        with open_text(path) as lines:
            for line in lines:
                if line.strip():
                    entry = json.loads(line)
                    return isinstance(entry, dict) and any(
                        isinstance(entry.get(key), str) for key in ("html", "text"))
    except (OSError, ValueError, EOFError, zlib.error):
        return True  # let the reader report what is wrong with it
    return False


# --- URL lists -----------------------------------------------------------------

def read_url_list(path: Path) -> list[str] | None:
    """The URLs of a text file that lists URLs (one a line; blank lines and #
    comments allowed), or None if the file is anything else (e.g. an article)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(1_000_000)
    except OSError:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines and all(URL_LINE.match(line) for line in lines):
        return lines
    return None

"""Expand user inputs into raw documents. Errors are yielded, never raised, so a
batch goes on past a bad input and reports it.

An input is one of: `-` (standard input, plain text); an http(s) URL (fetched
politely); a .html/.htm/.txt file; a .warc/.warc.gz archive; a .jsonl file of
{url, html|text}; a .txt file that lists URLs (fetched); a folder, walked
recursively for all of these. In a folder, JSONL files that are not article
archives (e.g. a gold.jsonl) and URL lists are skipped: walking a folder reads
what it holds and never goes to the network.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from extractor.acquire.archives import (
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    has_suffix,
    is_article_jsonl,
    iter_jsonl,
    iter_warc,
    read_url_list,
)
from extractor.acquire.fetch import Fetcher, is_url, sniff_html
from extractor.article import KoperasiError, RawDocument

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

Documents = Iterator[RawDocument | KoperasiError]


class LazyFetcher:
    """Creates the Fetcher (and its cache) only if some input is a URL."""

    def __init__(self, fetcher: Fetcher | None):
        self._fetcher = fetcher

    def get(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher


def iter_documents(inputs: Iterable[str], *, fetcher: Fetcher | None = None) -> Documents:
    """Raw documents (or errors naming the input) for every input, in order.

    Consecutive URLs are fetched together (several hosts at once, politely);
    `fetcher` overrides the default one configured from KOPERASI_* variables.
    """
    fetchers = LazyFetcher(fetcher)
    pending: list[str] = []
    for given in inputs:
        if is_url(given):
            pending.append(given)
            continue
        if pending:
            yield from fetchers.get().fetch_many(pending)
            pending = []
        if given == "-":
            yield RawDocument(source="-", content=sys.stdin.buffer.read(), kind="text")
        else:
            yield from expand_path(Path(given), given, fetchers.get, explicit=True)
    if pending:
        yield from fetchers.get().fetch_many(pending)


def expand_path(path: Path, given: str, fetcher: Callable[[], Fetcher], *,
                explicit: bool) -> Documents:
    """Documents of one path: a file of any supported kind, or a folder."""
    if path.is_dir():
        yield from expand_folder(path, fetcher)
    elif not path.exists():
        yield KoperasiError(given, "not_found", "no such file or folder")
    elif has_suffix(path, WARC_SUFFIXES):
        yield from iter_warc(path, given)
    elif has_suffix(path, JSONL_SUFFIXES):
        if explicit or is_article_jsonl(path):
            yield from iter_jsonl(path, given)
    elif path.suffix.lower() in TEXT_SUFFIXES and (urls := read_url_list(path)) is not None:
        if explicit:
            yield from fetcher().fetch_many(urls)
    else:
        yield read_file(path, given)


def expand_folder(folder: Path, fetcher: Callable[[], Fetcher]) -> Documents:
    """Every supported file under `folder`, sorted, hidden files and folders skipped."""
    for child in sorted(folder.rglob("*")):
        relative = child.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not child.is_file():
            continue
        if (child.suffix.lower() in ARTICLE_SUFFIXES
                or has_suffix(child, WARC_SUFFIXES + JSONL_SUFFIXES)):
            yield from expand_path(child, str(child), fetcher, explicit=False)


def read_file(path: Path, given: str | None = None) -> RawDocument | KoperasiError:
    """One loose file: .html/.htm is a web page, .txt plain text; other names
    are sniffed (a page starts with markup)."""
    source = given or str(path)
    if not path.exists():
        return KoperasiError(source, "not_found", "no such file or folder")
    try:
        content = path.read_bytes()
    except OSError as exc:
        return KoperasiError(source, "unreadable", f"cannot read: {exc.strerror or exc}")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if sniff_html(content) else "text"
    return RawDocument(source=source, content=content, kind=kind)

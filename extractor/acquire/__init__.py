"""Acquire stage: user inputs (paths, folders, '-', URLs, archives) -> `RawDocument`s.

    iter_documents(inputs, *, fetcher=None)   every input kind, errors yielded
    Fetcher(FetchConfig(...))                 polite, cached HTTP (fetch, fetch_many)
    discover(start, fetcher, match=, limit=)  article links from sitemaps, feeds, listings
    iter_warc / iter_jsonl / write_warc       archives
"""

from extractor.acquire.archives import ArchivedPage, iter_jsonl, iter_warc, write_warc
from extractor.acquire.crawl import Link, discover
from extractor.acquire.fetch import FetchConfig, Fetcher
from extractor.acquire.inputs import iter_documents, read_file

__all__ = ["ArchivedPage", "FetchConfig", "Fetcher", "Link", "discover", "iter_documents",
           "iter_jsonl", "iter_warc", "read_file", "write_warc"]

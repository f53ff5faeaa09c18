"""`koperasi crawl SITE_OR_FEED --match WORD --limit N`: discover article links
(sitemap, RSS/Atom feed or listing page), fetch the matching ones politely and
print them as articles (or save them, or only list them)."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.acquire.crawl import Link, discover
from extractor.acquire.saving import save_document
from extractor.article import KoperasiError
from extractor.cli.common import report_error
from extractor.cli.fetch_options import add_fetch_options, fetcher_from_args, print_article
from extractor.parse import parse_document


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "crawl", help="find article links on a site, sitemap or feed and fetch the matching ones",
        description="SITE_OR_FEED is a site (its robots.txt sitemaps and home page are read), "
        "a sitemap or sitemap index (news sitemaps included), an RSS/Atom feed, or a listing "
        "page. Links whose URL or title match --match are fetched with the same politeness "
        "as `koperasi fetch` and printed as JSON articles.")
    p.add_argument("start", metavar="SITE_OR_FEED")
    p.add_argument("--match", action="append", metavar="REGEX",
                   help="keep links whose URL or title match (case-insensitive; repeatable; "
                   "default: all)")
    p.add_argument("--limit", type=int, default=50, metavar="N",
                   help="at most N articles (default 50)")
    p.add_argument("--list", action="store_true",
                   help="only list the links found (URL and title), fetch nothing more")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="save the pages in DIR (as `koperasi fetch` does) instead of printing")
    add_fetch_options(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    failed = done = 0
    with fetcher_from_args(args) as fetcher:
        links: list[Link] = []
        for item in discover(args.start, fetcher, match=args.match, limit=args.limit):
            if isinstance(item, KoperasiError):
                failed += 1
                report_error(item)
            elif args.list:
                print(f"{item.url}\t{item.title or ''}")
                done += 1
            else:
                links.append(item)
        for doc in fetcher.fetch_many(link.url for link in links):
            try:
                if isinstance(doc, KoperasiError):
                    raise doc
                if args.out is not None:
                    print(save_document(doc, args.out))
                else:
                    print_article(parse_document(doc))
                done += 1
            except KoperasiError as error:
                failed += 1
                report_error(error)
    print(f"koperasi: {done} article(s); {failed} failure(s)", file=sys.stderr)
    return 1 if failed and not done else 0

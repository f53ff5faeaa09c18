"""Fetch options shared by `parse`, `fetch` and `crawl` (not a subcommand).

Each option defaults to its KOPERASI_* environment variable, then to
`FetchConfig`'s default, so `koperasi extract URL` (which has no such options)
behaves the same when the variables are set.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from extractor.acquire.fetch import FetchConfig, Fetcher
from extractor.article import Article


def add_fetch_options(parser) -> None:
    group = parser.add_argument_group("fetching (URLs only)")
    group.add_argument("--delay", type=float, metavar="SECONDS",
                       help="seconds between requests to one host (default 1; robots.txt "
                       "Crawl-delay can raise it)")
    group.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="connect/read timeout per attempt (default 20)")
    group.add_argument("--retries", type=int, metavar="N",
                       help="retries after timeouts, 429 and 5xx (default 3)")
    group.add_argument("--max-bytes", type=int, metavar="N",
                       help="largest page accepted (default 10000000)")
    group.add_argument("--workers", type=int, metavar="N",
                       help="hosts fetched at the same time (default 4)")
    group.add_argument("--user-agent", metavar="TEXT",
                       help="User-Agent sent (and matched against robots.txt); "
                       "add contact details for large crawls")
    group.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="HTTP cache folder (default ~/.cache/koperasi/http)")
    group.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the on-disk cache")


def fetcher_from_args(args) -> Fetcher:
    config = FetchConfig.from_env(delay=args.delay, timeout=args.timeout,
                                  retries=args.retries, max_bytes=args.max_bytes,
                                  workers=args.workers, user_agent=args.user_agent,
                                  cache_dir=args.cache_dir)
    if args.no_cache:
        config = replace(config, cache_dir=None)
    return Fetcher(config)


ARTICLE_FIELDS = ("url", "canonical_url", "site", "title", "published", "author", "language",
                  "text", "source")


def print_article(article: Article, indent: int | None = None) -> None:
    data = article.model_dump()
    print(json.dumps({name: data.get(name) for name in ARTICLE_FIELDS}, ensure_ascii=False,
                     indent=indent))
    sys.stdout.flush()

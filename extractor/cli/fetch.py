"""`koperasi fetch URL... --out DIR`: download pages politely, to read later."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.acquire.archives import ArchivedPage, write_warc
from extractor.acquire.inputs import iter_documents
from extractor.acquire.saving import save_document
from extractor.article import KoperasiError, RawDocument
from extractor.cli.common import report_error
from extractor.cli.fetch_options import add_fetch_options, fetcher_from_args


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "fetch", help="download pages (politely, cached) for later extraction",
        description="URL is an http(s) URL or a .txt file listing URLs. Pages are saved as "
        "DIR/<host>/<name>.html with DIR/index.tsv, and/or as one WARC file.")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder to save pages in")
    p.add_argument("--warc", type=Path, metavar="FILE",
                   help="also (or instead) write the pages into this .warc/.warc.gz")
    add_fetch_options(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    if args.out is None and args.warc is None:
        print("koperasi fetch: give --out DIR and/or --warc FILE", file=sys.stderr)
        return 2
    saved: list[RawDocument] = []
    failed = 0
    with fetcher_from_args(args) as fetcher:
        for doc in iter_documents(args.urls, fetcher=fetcher):
            if isinstance(doc, KoperasiError):
                failed += 1
                report_error(doc)
                continue
            if args.out is not None:
                print(save_document(doc, args.out))
            saved.append(doc)
    if args.warc is not None:
        write_warc(args.warc, (ArchivedPage(doc.url or doc.source, doc.content,
                                            doc.content_type or "text/html") for doc in saved))
        print(args.warc)
    print(f"koperasi: {len(saved)} page(s) saved; {failed} failed", file=sys.stderr)
    return 1 if failed else 0

"""`koperasi parse PAGE_OR_URL...`: each page as an article, in JSON."""

from __future__ import annotations

import sys

from extractor.acquire import iter_documents
from extractor.article import KoperasiError
from extractor.cli.common import report_error
from extractor.cli.fetch_options import add_fetch_options, fetcher_from_args, print_article
from extractor.parse import parse_document


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "parse", help="print pages as articles (JSON): title, date, main text...",
        description="PAGE_OR_URL is an http(s) URL, an .html or .txt file, a folder, a "
        ".warc/.warc.gz, a .jsonl of {url, html|text}, or a .txt list of URLs. Prints one "
        "JSON object per article (url, canonical_url, site, title, published, author, "
        "language, text, source); failures go to standard error.")
    p.add_argument("inputs", nargs="+", metavar="PAGE_OR_URL")
    p.add_argument("--indent", type=int, metavar="N",
                   help="indent the JSON (default: one line per article)")
    add_fetch_options(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    failed = parsed = 0
    with fetcher_from_args(args) as fetcher:
        for doc in iter_documents(args.inputs, fetcher=fetcher):
            try:
                if isinstance(doc, KoperasiError):
                    raise doc
                print_article(parse_document(doc), args.indent)
                parsed += 1
            except KoperasiError as error:
                failed += 1
                report_error(error)
    if failed:
        print(f"koperasi: {failed} input(s) failed; {parsed} parsed", file=sys.stderr)
    return 1 if failed else 0

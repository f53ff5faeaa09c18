"""`koperasi extract PATH...`: records from articles, one input at a time."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.acquire import iter_documents
from extractor.article import KoperasiError
from extractor.cli.common import add_model_flag, report_error
from extractor.deliver import FORMATS, write_records
from extractor.parse import parse_document


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="extract cooperative figures from articles",
                              description="PATH is a .txt file (first line title), an .html "
                              "page, a folder of them, or - for standard input.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="jsonl")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    add_model_flag(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from extractor.api import default_extractor

    extractor = default_extractor(args.use_model)
    records, failed = [], 0
    for doc in iter_documents(args.paths):
        try:
            if isinstance(doc, KoperasiError):
                raise doc
            records.extend(extractor.extract(parse_document(doc)))
        except KoperasiError as error:
            failed += 1
            report_error(error)
    if args.format == "parquet" and args.out is None:
        print("koperasi: --format parquet needs --out FILE.parquet", file=sys.stderr)
        return 2
    write_records(records, args.format, args.out if args.out else sys.stdout)
    if failed:
        print(f"koperasi: {failed} input(s) failed; {len(records)} record(s) from the rest",
              file=sys.stderr)
    return 1 if failed else 0

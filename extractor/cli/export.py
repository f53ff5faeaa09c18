"""`koperasi export`: the records of the SQLite store as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.deliver.store import DEFAULT_DB, EXPORT_FORMATS


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="write the records of a batch store as jsonl, csv or parquet",
        description="Records come out as the same Record JSON (jsonl) or flat rows (csv, "
        "parquet) that `extract` writes, ordered by source and id.")
    p.add_argument("--db", type=Path, default=Path(DEFAULT_DB),
                   help=f"the SQLite store (default: {DEFAULT_DB})")
    p.add_argument("--format", choices=EXPORT_FORMATS,
                   help="default: from the --out suffix, else jsonl")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="write to FILE instead of standard output (required for parquet)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from extractor.deliver.store import Store, export_store, format_for_path

    if not args.db.is_file():
        print(f"koperasi: {args.db}: no such store (run `koperasi batch` first)",
              file=sys.stderr)
        return 2
    fmt = args.format or (format_for_path(args.out) if args.out else "jsonl")
    if fmt == "parquet" and args.out is None:
        print("koperasi: --format parquet needs --out FILE.parquet", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        count = export_store(store, args.out if args.out else sys.stdout, fmt)
    if args.out is not None:
        print(f"koperasi: {count:,} records written to {args.out}", file=sys.stderr)
    return 0

"""`koperasi batch INPUT...`: a whole archive into the SQLite store, resumably."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.batch.engines import ENGINES
from extractor.batch.runner import READ_IN
from extractor.cli.common import add_model_flag
from extractor.deliver.store import DEFAULT_DB, EXPORT_FORMATS, SUFFIX_FORMATS


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "batch", help="process an archive into a SQLite store (resumable, parallel)",
        description="INPUT is anything `extract` reads (files, folders, archives, URL "
        "lists, -). Pages that never say 'koperasi' are skipped before parsing. Results "
        "go to the store (--db); running the same command again after an interruption "
        "continues where it stopped, and over finished inputs adds nothing.")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="also write the records of these inputs to FILE (.jsonl, .csv or "
                   ".parquet) when the batch completes")
    p.add_argument("--db", type=Path, default=Path(DEFAULT_DB),
                   help=f"the SQLite store (default: {DEFAULT_DB})")
    p.add_argument("--workers", type=int, metavar="N",
                   help="worker processes (default: all cores; 0: work in this process)")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: a process pool on this machine; dask: a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="with --engine dask: address of a running scheduler, e.g. "
                   "tcp://10.0.0.5:8786 (default: start a LocalCluster)")
    p.add_argument("--read-in", choices=READ_IN, default=None,
                   help="who reads archive files (.warc, .warc.gz, .jsonl): the workers "
                   "(they must see them at the same path) or this main process (default: "
                   "the workers, but main with --scheduler)")
    p.add_argument("--reprocess", action="store_true",
                   help="process documents again even if the store has them done")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when standard error is a terminal)")
    add_model_flag(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    from extractor.batch import BatchOptions, run_batch

    if args.out is not None and args.out.suffix.lower().lstrip(".") not in SUFFIX_FORMATS:
        print(f"koperasi: --out {args.out}: use a .jsonl, .csv or .parquet file "
              f"({', '.join(EXPORT_FORMATS)})", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("koperasi: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 0:
        print("koperasi: --workers must be 0 or more", file=sys.stderr)
        return 2
    options = BatchOptions(inputs=args.inputs, db=args.db, out=args.out, workers=args.workers,
                           engine=args.engine, scheduler=args.scheduler, read_in=args.read_in,
                           use_model=args.use_model, reprocess=args.reprocess,
                           progress=args.progress)
    summary = run_batch(options)
    print_summary(summary)
    return 130 if summary.status == "interrupted" else 0


def print_summary(summary) -> None:
    """The closing report, on standard error so that it never mixes with data."""
    def say(line: str = "") -> None:
        print(line, file=sys.stderr)

    rate = summary.documents_seen / summary.seconds if summary.seconds else 0.0
    for error in summary.error_samples:
        say(f"koperasi: {error.source}: {printable(error.message)} [{error.kind}]")
    total_errors = sum(summary.errors.values())
    if total_errors > len(summary.error_samples):
        say(f"koperasi: ... {total_errors - len(summary.error_samples)} more error(s) in the "
            f"errors table of {summary.db}")
    say(f"koperasi batch {summary.status} in {summary.seconds:.1f} s (run {summary.run_id})")
    say(f"  documents seen     {summary.documents_seen:>10,}   ({rate:,.0f}/s)")
    say(f"  relevant           {summary.relevant:>10,}   (mention 'koperasi')")
    say(f"  already done       {summary.skipped_done:>10,}   (skipped)")
    if summary.inputs_skipped:
        say(f"  archives done      {summary.inputs_skipped:>10,}   (finished before, unchanged:"
            " not read)")
    say(f"  processed          {summary.processed:>10,}   "
        f"({summary.with_records:,} with records)")
    say(f"  records            {summary.records:>10,}")
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in summary.errors.most_common())
    say(f"  errors             {total_errors:>10,}" + (f"   ({kinds})" if kinds else ""))
    say(f"  store              {summary.db}")
    if summary.out is not None:
        say(f"  output             {summary.out} ({summary.out_records:,} records)")
    if summary.status == "interrupted":
        say("  run the same command again to continue")


def printable(message: str, limit: int = 200) -> str:
    """A message fit for one terminal line (some quote the bytes of a corrupt record)."""
    text = "".join(c if c.isprintable() else "?" for c in message)
    return text if len(text) <= limit else text[:limit - 1] + "…"

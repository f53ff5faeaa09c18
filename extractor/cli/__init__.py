"""The `koperasi` command. Each subcommand lives in its own module of this
package and exposes `register(subparsers)`; add a module name below to add one."""

from __future__ import annotations

import argparse
import importlib
import sys

from extractor import __version__

COMMAND_MODULES = ("extract", "schema", "evaluate", "train", "batch", "export", "parse", "fetch",
                   "crawl")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koperasi",
        description="Cooperative (koperasi) statistics from Indonesian news articles.")
    parser.add_argument("--version", action="version", version=f"koperasi {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"extractor.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        print("koperasi: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

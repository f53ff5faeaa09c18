"""Helpers shared by subcommands: reporting input errors the same way everywhere."""

from __future__ import annotations

import sys

from extractor.article import KoperasiError


def report_error(error: KoperasiError) -> None:
    print(f"koperasi: {error.source}: {error.message} [{error.kind}]", file=sys.stderr)


def add_model_flag(parser) -> None:
    parser.add_argument("--no-model", dest="use_model", action="store_false",
                        help="use the hand-written rules alone, without the trained model")

"""`koperasi train`: rebuild the packaged pipeline in models/ from corpus/train/."""

from __future__ import annotations

import json
import time
from pathlib import Path

from extractor.extract.pipeline import DEFAULT_MODEL

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "train"


def register(subparsers) -> None:
    p = subparsers.add_parser("train", help="train the role model and package the pipeline",
                              description="Deterministic (fixed seeds), CPU only.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--output", type=Path, default=DEFAULT_MODEL)
    p.set_defaults(handler=run)


def run(args) -> int:
    from extractor.extract.training import train

    started = time.perf_counter()
    scores = train(args.corpus, args.output)
    print(json.dumps(scores, indent=2))
    print(f"packaged pipeline in {args.output} ({time.perf_counter() - started:.0f} s)")
    return 0

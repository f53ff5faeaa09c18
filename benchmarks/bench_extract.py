"""Extraction benchmark: pipeline load time and articles per second on the dev corpus,
with the hand-written rules alone and with the trained role model, in one process.

Articles are parsed once (page to text is not what is measured here), then every
article's text goes through `Extractor.extract` `--repeat` times per mode. Peak
memory is the process's resident-set high-water mark (`ru_maxrss`) after each mode;
it only grows, so the rules-only mode runs first and the model mode's figure
includes it.

    .venv/bin/python benchmarks/bench_extract.py [--corpus corpus/dev] [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def bench_mode(use_model: bool, articles: list, repeat: int) -> dict:
    from extractor.extract import Extractor

    extractor, load_s = timed(lambda: Extractor.load(use_model=use_model))
    _, reload_s = timed(lambda: Extractor.load(use_model=use_model))
    # warm-up, timed apart: lazy caches (gazetteer, matchers) are built on first use
    _, first_s = timed(lambda: extractor.extract(articles[0]))
    runs, records = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        records = sum(len(extractor.extract(article)) for article in articles)
        runs.append(time.perf_counter() - started)
    total = sum(runs)
    return {
        "mode": "model" if use_model else "rules",
        "components": len(extractor.nlp.pipe_names),
        "load_s": load_s,
        "reload_s": reload_s,
        "first_s": first_s,
        "articles": len(articles) * repeat,
        "seconds": total,
        "per_s": len(articles) * repeat / total,
        "best_per_s": len(articles) / min(runs),
        "ms_per_article": 1000 * statistics.median(runs) / len(articles),
        "records": records,
        "peak_mb": peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "dev")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus per mode")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    baseline_mb = peak_rss_mb()
    _, import_s = timed(lambda: __import__("extractor.extract.pipeline"))
    from extractor.evaluation.corpus import load_corpus

    gold = load_corpus(args.corpus)
    articles, parse_s = timed(lambda: [g.load_article() for g in gold])
    chars = sum(len(a.text) for a in articles)
    print(f"corpus {args.corpus}: {len(articles)} articles, {chars:,} characters of text "
          f"(parsed once in {parse_s:.2f} s, not timed below)")
    print(f"python {platform.python_version()} on {platform.machine()}, single process; "
          f"import of the pipeline modules {import_s:.2f} s; RSS before {baseline_mb:.0f} MB\n")

    results = [bench_mode(use_model, articles, args.repeat) for use_model in (False, True)]

    header = (f"{'mode':<6} {'pipes':>5} {'load s':>7} {'reload s':>8} {'1st call s':>10} "
              f"{'articles':>8} "
              f"{'time s':>7} {'art/s':>7} {'best art/s':>10} {'ms/art':>7} {'records':>7} "
              f"{'peak MB':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['mode']:<6} {r['components']:>5} {r['load_s']:>7.3f} {r['reload_s']:>8.3f} "
              f"{r['first_s']:>10.3f} {r['articles']:>8} {r['seconds']:>7.2f} {r['per_s']:>7.1f} "
              f"{r['best_per_s']:>10.1f} {r['ms_per_article']:>7.2f} {r['records']:>7} "
              f"{r['peak_mb']:>8.0f}")
    print("\nload s: first Extractor.load in this process (the rules mode also pays for "
          "shared lookups); reload s: a second load of the same mode; 1st call s: the first "
          "article, which builds lazy caches (untimed in art/s). records: per pass. "
          "peak MB: ru_maxrss so far (cumulative).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

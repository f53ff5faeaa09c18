"""Page-parsing benchmark on real pages (none of them written for this project).

1. html-samples (Indonesian news pages, MANIFEST.md): title and date accuracy;
   the publication date is the one in each file name (the date the page shows);
   body token overlap on the pages that come with an expected text.
2. extraction-benchmark (Zyte/Scrapinghub, 181 mostly English pages with
   ground-truth bodies): token precision/recall/F1 of the body, ours against
   trafilatura as it comes.

    .venv/bin/python benchmarks/bench_parse.py [--samples DIR] [--benchmark DIR] [--errors]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from statistics import mean

import trafilatura

from extractor.article import KoperasiError
from extractor.parse.html import parse_html

SHARED = Path("/work/shared")


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("`", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def tokens(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", (text or "").casefold()))


def overlap(predicted: str | None, truth: str) -> tuple[float, float, float]:
    """Token-bag precision, recall and F1 (as the upstream benchmark scores bodies)."""
    guess, gold = tokens(predicted), tokens(truth)
    common = sum((guess & gold).values())
    precision = common / max(sum(guess.values()), 1)
    recall = common / max(sum(gold.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def manifest_titles(samples: Path) -> dict[str, str]:
    """{relative path: title} from MANIFEST.md."""
    titles, current = {}, None
    for line in (samples / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#### `([^`]+)`", line)
        if heading:
            current = heading.group(1)
        title = re.match(r"- \*\*Title:\*\* (.+)", line)
        if title and current:
            titles[current] = title.group(1).strip()
    return titles


def bench_samples(samples: Path, show_errors: bool) -> None:
    titles = manifest_titles(samples)
    pages = sorted(samples.rglob("*.html"))
    title_right = date_right = 0
    bodies = []
    for page in pages:
        name = str(page.relative_to(samples))
        gold_date = re.search(r"(\d{4}-\d{2}-\d{2})", page.name).group(1)
        try:
            article = parse_html(page.read_bytes(), name)
        except KoperasiError as error:
            print(f"  ERROR {name}: {error.message}")
            continue
        if normalise(article.title) == normalise(titles.get(name)):
            title_right += 1
        elif show_errors:
            print(f"  title {name}: {article.title!r} != {titles.get(name)!r}")
        if (article.published or "")[:10] == gold_date:
            date_right += 1
        elif show_errors:
            print(f"  date  {name}: {article.published!r} != {gold_date}")
        expected = page.with_name(page.name.replace(".html", ".expected-text.txt"))
        if expected.exists():
            bodies.append(overlap(article.text, expected.read_text(encoding="utf-8")))
            if show_errors:
                print(f"  body  {name}: P {bodies[-1][0]:.2f} R {bodies[-1][1]:.2f}")
    total = len(pages)
    print(f"html-samples ({total} pages)")
    print(f"  title right   {title_right:>3}/{total}  {title_right / total:6.1%}")
    print(f"  date right    {date_right:>3}/{total}  {date_right / total:6.1%}")
    if bodies:
        print(f"  body overlap on {len(bodies)} pages with expected text: "
              f"P {mean(b[0] for b in bodies):.3f}  R {mean(b[1] for b in bodies):.3f}  "
              f"F1 {mean(b[2] for b in bodies):.3f}")
    print()


def bench_extraction(benchmark: Path, show_errors: bool) -> None:
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    ours, plain, failed = [], [], 0
    for page_id, entry in sorted(truth.items()):
        content = gzip.decompress((benchmark / "html" / f"{page_id}.html.gz").read_bytes())
        try:
            text = parse_html(content, page_id, url=entry.get("url"), charset="utf-8").text
        except KoperasiError:
            text, failed = "", failed + 1
        ours.append(overlap(text, entry["articleBody"]))
        plain.append(overlap(trafilatura.extract(content.decode("utf-8", "replace"),
                                                 url=entry.get("url")), entry["articleBody"]))
        if show_errors and ours[-1][2] < plain[-1][2] - 0.1:
            print(f"  worse than trafilatura: {page_id} {entry.get('url')} "
                  f"F1 {ours[-1][2]:.2f} vs {plain[-1][2]:.2f}")
    print(f"extraction-benchmark ({len(truth)} pages, {failed} without text)")
    for label, scores in (("ours", ours), ("trafilatura as it comes", plain)):
        print(f"  {label:<24} P {mean(s[0] for s in scores):.3f}  "
              f"R {mean(s[1] for s in scores):.3f}  F1 {mean(s[2] for s in scores):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=SHARED / "html-samples")
    parser.add_argument("--benchmark", type=Path, default=SHARED / "extraction-benchmark")
    parser.add_argument("--errors", action="store_true", help="list each miss")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.samples.is_dir():
        bench_samples(args.samples, args.errors)
    else:
        print(f"no html-samples at {args.samples}", file=sys.stderr)
    if args.benchmark.is_dir():
        bench_extraction(args.benchmark, args.errors)
    else:
        print(f"no extraction benchmark at {args.benchmark}", file=sys.stderr)
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

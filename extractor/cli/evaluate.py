"""`koperasi evaluate CORPUS_DIR...`: score the extractor (and the page parser) on gold data."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from extractor.article import KoperasiError
from extractor.cli.common import add_model_flag, report_error
from extractor.evaluation.corpus import load_corpus
from extractor.evaluation.pages import PageScores, score_page
from extractor.evaluation.records import RecordScores, score_article
from extractor.record import FIELDS


def register(subparsers) -> None:
    p = subparsers.add_parser("evaluate", help="score against a gold corpus (ANNOTATION.md)")
    p.add_argument("corpus", metavar="CORPUS_DIR", nargs="+",
                   help="one or more folders with gold.jsonl (or sub-folders with one), "
                        "scored together")
    p.add_argument("--split", choices=("all", "train", "heldout"), default="all",
                   help="score only one side of the training split (see extract/training.py)")
    p.add_argument("--errors", action="store_true",
                   help="list every missed and every false figure by article")
    add_model_flag(p)
    p.set_defaults(handler=run)


def evaluate_corpus(corpus_dirs: str | Path | Sequence[str | Path], use_model: bool = True,
                    split: str = "all"):
    """Scores of the extractor over one corpus folder or several taken together."""
    from extractor.api import default_extractor
    from extractor.extract.training import split_of

    if isinstance(corpus_dirs, (str, Path)):
        corpus_dirs = [corpus_dirs]
    golds = [gold for folder in corpus_dirs for gold in load_corpus(folder)]
    extractor = default_extractor(use_model)
    records, pages, failures = RecordScores(), PageScores(), []
    for gold in golds:
        if split != "all" and split_of(gold.id) != split:
            continue
        try:
            article = gold.load_article()
            predicted = extractor.extract(article)
        except KoperasiError as error:
            failures.append(error)
            article, predicted = None, []
        score_article(records, gold.id, gold.records, predicted)
        if gold.is_html and article is not None:
            score_page(pages, gold, article)
    return records, pages, failures


def run(args) -> int:
    started = time.perf_counter()
    try:
        records, pages, failures = evaluate_corpus(args.corpus, args.use_model, args.split)
    except KoperasiError as error:
        report_error(error)
        return 2
    for error in failures:
        report_error(error)
    if args.errors:
        print_errors(records, pages)
    print(f"{' '.join(map(str, args.corpus))}: {records.articles} articles scored in "
          f"{time.perf_counter() - started:.1f} s\n")
    print_scores(records, pages)
    return 0


def print_errors(records: RecordScores, pages: PageScores) -> None:
    by_article: dict[str, list[str]] = {}
    for article_id, code, name, value in records.misses:
        by_article.setdefault(article_id, []).append(f"  MISS  {code:<9} {name:<9} {value}")
    for (article_id, code, name, value), evidence in records.false:
        by_article.setdefault(article_id, []).append(
            f"  FALSE {code:<9} {name:<9} {value}   <- {evidence[:110]}")
    for article_id in sorted(by_article):
        print(article_id)
        print("\n".join(by_article[article_id]))
    for line in pages.errors:
        print(f"PAGE {line}")
    print()


def print_scores(records: RecordScores, pages: PageScores) -> None:
    print(f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for name in FIELDS:
        prf = records.by_field[name]
        print(f"{name:<10} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f} "
              f"{prf.tp:>5} {prf.fp:>5} {prf.fn:>5}")
    o = records.overall
    if pages.pages:
        print("\npage to text (HTML articles):")
        for label, right, total in pages.rows():
            print(f"  {label:<22} {right:>4}/{total:<4} {right / max(total, 1):6.1%}")
    print(f"\nregion right on found figures: {records.region_right}/{records.region_total}; "
          f"period right: {records.period_right}/{records.matched}; "
          f"qualifier right: {records.qualifier_right}/{records.matched}")
    print(f"{'overall':<10} {o.precision:>6.3f} {o.recall:>6.3f} {o.f1:>6.3f} "
          f"{o.tp:>5} {o.fp:>5} {o.fn:>5}")

"""Choose how far the trained role model may go, without looking at the held-out
split: five-fold cross-validation over the training split of corpus/train.

For each fold a classifier is trained on the other four (same config and seed as
`koperasi train`) and the rules + that classifier extract the fold's articles under
each policy. Printed: micro P/R/F1 of the records over all folds, per policy, next
to the rules alone, and the policy the selection rule (`chosen`) picks. Takes about
22 minutes on two cores for 665 articles and 84 policies (about ten with --cache
filled by an earlier run at the same rules); 168 policies double the second part.

    python scripts/policy_cv.py [--cache DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
from pathlib import Path

import spacy

from extractor.evaluation.corpus import load_corpus
from extractor.evaluation.records import RecordScores, score_article
from extractor.extract import Extractor
from extractor.extract.pipeline import build_rules_pipeline
from extractor.extract.training import build_examples, fit_classifier, split_of

FOLDS = 5
VETO = (None, 0.9, 0.97)
RESCUE = (None, 0.7, 0.9, 0.97)
UNCOUNTED = (None, 0.9, 0.99)


# The component's settings by the short names the table prints.
SHORT = {"threshold": "veto", "rescue_threshold": "rescue", "uncounted_threshold": "uncounted",
         "assign_fields": "assign", "decide_discourse": "discourse",
         "resolve_conflicts": "conflicts"}


def policy_name(settings: dict) -> str:
    parts = [f"{SHORT[key]} {value}" for key, value in settings.items()
             if value not in (None, False, True)]
    parts += [SHORT[key] for key, value in settings.items() if value is True]
    return " + ".join(parts) or "rules alone"


def grid() -> list[tuple[str, dict]]:
    """Every combination of how sure the model must be to veto a weak field, to rescue
    a count the rules left without one and to count an uncounted number; with a veto,
    also the model's own field over a weak one (assign), and that over discourse
    decisions too; each with and without the model weighing competing values."""
    found = []
    for veto, (assign, discourse), rescue, uncounted, conflicts in itertools.product(
            VETO, ((False, False), (True, False), (True, True)), RESCUE, UNCOUNTED,
            (False, True)):
        if veto is None and assign:
            continue
        settings = {"threshold": veto, "rescue_threshold": rescue,
                    "uncounted_threshold": uncounted, "assign_fields": assign,
                    "decide_discourse": discourse, "resolve_conflicts": conflicts}
        found.append((policy_name(settings), settings))
    return found


# (name, component settings)
POLICIES = grid()
BASE = {"threshold": None, "override_strong": False, "rescue_threshold": None,
        "assign_fields": False, "decide_discourse": False, "uncounted_threshold": None,
        "resolve_conflicts": False}


def chosen(totals: dict) -> str:
    """The selection rule fixed before any run: the best F1 among the policies that
    raise recall over the rules alone without lowering F1; ties to the fewer
    settings, then the stricter thresholds. The rules alone when none qualifies."""
    rules = totals["rules alone"].overall
    qualifying = [(name, totals[name].overall) for name, _ in POLICIES
                  if totals[name].overall.tp > rules.tp and totals[name].overall.f1 >= rules.f1]
    if not qualifying:
        return "rules alone"
    strictness = {name: sum(v for v in settings.values() if isinstance(v, float))
                  for name, settings in POLICIES}
    return max(qualifying, key=lambda q: (q[1].f1, q[1].tp, -q[0].count("+"),
                                          strictness[q[0]]))[0]


def fold_of(article_id: str) -> int:
    return hashlib.sha256(article_id.encode()).digest()[0] % FOLDS


def fold_classifier(rules, inside, outside, cache: Path | None, fold: int, uncounted: bool):
    """Train the fold's classifier, or load it from `cache` (to try other policies
    without training again: delete the folder after changing rules or training)."""
    saved = cache / f"fold-{fold}" if cache else None
    if saved and (saved / "config.cfg").exists():
        return spacy.load(saved)
    train_examples, _ = build_examples(inside, rules, uncounted=uncounted)
    test_examples, _ = build_examples(outside, rules, uncounted=uncounted)
    classifier = fit_classifier(rules, train_examples, test_examples)
    if saved:
        saved.mkdir(parents=True, exist_ok=True)
        classifier.to_disk(saved)
    return classifier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="keep (and reuse) the fold classifiers here")
    parser.add_argument("--without-uncounted", action="store_true",
                        help="train without examples from the numbers the rules did not count")
    parser.add_argument("--corpus", default="corpus/train", help="default: %(default)s")
    args = parser.parse_args()
    articles = [a for a in load_corpus(args.corpus) if split_of(a.id) == "train"]
    rules = build_rules_pipeline()
    totals = {name: RecordScores() for name, _ in POLICIES}
    for fold in range(FOLDS):
        inside = [a for a in articles if fold_of(a.id) != fold]
        outside = [a for a in articles if fold_of(a.id) == fold]
        classifier = fold_classifier(rules, inside, outside, args.cache, fold,
                                     not args.without_uncounted)
        nlp = build_rules_pipeline()
        component = nlp.add_pipe("koperasi_role_model", before="koperasi_records")
        component.classifier = classifier
        extractor = Extractor(nlp)
        for name, settings in POLICIES:
            for key, value in {**BASE, **settings}.items():
                setattr(component, key, value)
            for gold in outside:
                records = extractor.extract(gold.load_article())
                score_article(totals[name], gold.id, gold.records, records)
        print(f"fold {fold + 1}/{FOLDS} done", flush=True)
    print(f"\n{'policy':58} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    for name, _ in POLICIES:
        o = totals[name].overall
        print(f"{name:58} {o.precision:6.3f} {o.recall:6.3f} {o.f1:6.3f} "
              f"{o.tp:5} {o.fp:4} {o.fn:4}")
    print(f"\nchosen by the selection rule: {chosen(totals)}")


if __name__ == "__main__":
    from extractor.extract import role_model  # noqa: F401  registers the factory

    main()

"""Where did each missed figure get lost? For every gold figure the extractor did
not produce, name the first stage that dropped it:

  no number     the figure's value is not read as a number at all
  not a count   read as a number, but not taken as a count of cooperatives
  no field      a count mention, but the rules (or model) gave it no field
  wrong field   a count mention with another field
  wrong region  the right field, on another region
  lost later    right field and region on the mention, missing from the records

Prints counts only, so it can be run on the held-out split without reading it.
Usage: python scripts/miss_stages.py CORPUS [--split train|heldout] [--model] [--list]
"""

from __future__ import annotations

import argparse
from collections import Counter

from extractor.api import default_extractor
from extractor.evaluation.corpus import load_corpus
from extractor.evaluation.records import RecordScores, score_article
from extractor.extract.training import split_of


def stage_of(doc, code: str, field: str, value: int) -> str:
    if not any(int(n.value) == value for n in doc._.numbers if n.value is not None):
        return "no number"
    mentions = [m for m in doc._.count_mentions if m.value == value]
    if not mentions:
        return "not a count"
    fielded = [m for m in mentions if m.role.field == field]
    if not fielded:
        if all(m.role.field is None for m in mentions):
            return "no field"
        return "wrong field"
    if not any(m.region and m.region.code == code for m in fielded):
        return "wrong region"
    return "lost later"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--split", choices=("train", "heldout"))
    parser.add_argument("--model", action="store_true")
    parser.add_argument("--list", action="store_true", help="name each miss (not on held-out)")
    args = parser.parse_args()
    extractor = default_extractor(use_model=args.model)
    stages: Counter = Counter()
    for gold in load_corpus(args.corpus):
        if args.split and split_of(gold.id) != args.split:
            continue
        doc = extractor.nlp(extractor.make_doc(gold.load_article()))
        scores = RecordScores()
        score_article(scores, gold.id, gold.records, list(doc._.records))
        for _, code, field, value in scores.misses:
            stage = stage_of(doc, code, field, value)
            stages[stage] += 1
            if args.list:
                print(f"{gold.id:16} {stage:13} {code:10} {field:9} {value}")
    for stage, count in stages.most_common():
        print(f"{stage:13} {count}")


if __name__ == "__main__":
    main()

"""Record scoring exactly as ANNOTATION.md describes.

Each count is a tuple (article id, region code, field, value); precision, recall
and F1 are micro-averaged over all tuples; fields a gold record lists as
`optional` are left out of both sides. Region, period and qualifier accuracy
are reported apart, on the matched tuples.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from extractor.record import FIELDS, Record

Tuple4 = tuple[str, str, str, int]


@dataclass
class Prf:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RecordScores:
    overall: Prf = field(default_factory=Prf)
    by_field: dict[str, Prf] = field(default_factory=lambda: {f: Prf() for f in FIELDS})
    misses: list[Tuple4] = field(default_factory=list)
    false: list[tuple[Tuple4, str]] = field(default_factory=list)
    region_right: int = 0
    region_total: int = 0
    period_right: int = 0
    qualifier_right: int = 0
    matched: int = 0
    articles: int = 0


def gold_tuples(article_id: str, records: list[dict]) -> tuple[dict[Tuple4, list[dict]], set]:
    tuples: dict[Tuple4, list[dict]] = defaultdict(list)
    optional = set()
    for rec in records:
        code = rec["region"]["code"]
        for name in rec.get("optional", []):
            optional.add((article_id, code, name))
        for name, value in rec["counts"].items():
            if name not in rec.get("optional", []):
                tuples[(article_id, code, name, int(value))].append(rec)
    return tuples, optional


def predicted_tuples(article_id: str, records: list[Record], optional: set
                     ) -> dict[Tuple4, list[Record]]:
    tuples: dict[Tuple4, list[Record]] = defaultdict(list)
    for rec in records:
        for name, value in rec.counts.items():
            if (article_id, rec.region.code, name) not in optional:
                tuples[(article_id, rec.region.code, name, value)].append(rec)
    return tuples


def score_article(scores: RecordScores, article_id: str, gold: list[dict],
                  predicted: list[Record]) -> None:
    scores.articles += 1
    gold_map, optional = gold_tuples(article_id, gold)
    pred_map = predicted_tuples(article_id, predicted, optional)
    for key in gold_map.keys() | pred_map.keys():
        prf = scores.by_field[key[2]]
        if key in gold_map and key in pred_map:
            scores.overall.tp += 1
            prf.tp += 1
            score_attributes(scores, key[2], gold_map[key], pred_map[key])
        elif key in gold_map:
            scores.overall.fn += 1
            prf.fn += 1
            scores.misses.append(key)
        else:
            scores.overall.fp += 1
            prf.fp += 1
            evidence = pred_map[key][0].evidence.get(key[2])
            scores.false.append((key, evidence.text if evidence else ""))
    score_regions(scores, gold_map, pred_map)


def score_attributes(scores: RecordScores, name: str, gold: list[dict],
                     predicted: list[Record]) -> None:
    scores.matched += 1
    gold_periods = {rec["period"] for rec in gold}
    if any(rec.period in gold_periods for rec in predicted):
        scores.period_right += 1
    gold_quals = {rec.get("qualifiers", {}).get(name) for rec in gold}
    if any(rec.qualifiers.get(name) in gold_quals for rec in predicted):
        scores.qualifier_right += 1


def score_regions(scores: RecordScores, gold_map: dict, pred_map: dict) -> None:
    """Of the figures found at all (same field and value), how many sit on the right region."""
    by_value = defaultdict(set)
    for article_id, code, name, value in pred_map:
        by_value[(article_id, name, value)].add(code)
    for article_id, code, name, value in gold_map:
        codes = by_value.get((article_id, name, value))
        if codes:
            scores.region_total += 1
            scores.region_right += code in codes

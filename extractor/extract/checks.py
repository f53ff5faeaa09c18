"""Consistency checks for fact-checkers: reported, never silently fixed."""

from __future__ import annotations

from collections import defaultdict

from extractor.extract.gazetteer import gazetteer
from extractor.record import Check, Record

RATIO_TOLERANCE = 0.15  # percentage points: articles round to one decimal


def record_checks(record: Record) -> list[Check]:
    c = record.counts
    checks: list[Check] = []
    total = c.get("total")
    if total is not None:
        for part in ("active", "inactive", "healthy", "unhealthy", "dissolved"):
            if part in c and part != "dissolved":
                ok = c[part] <= total
                checks.append(Check(rule=f"{part}<=total", status="ok" if ok else "mismatch",
                                    detail=f"{part} {c[part]} vs total {total}"))
        if "active" in c and "inactive" in c:
            s = c["active"] + c["inactive"]
            checks.append(Check(rule="active+inactive=total",
                                status="ok" if s == total else "mismatch",
                                detail=f"{c['active']} + {c['inactive']} = {s}, total {total}"))
    if "healthy" in c and "active" in c and c["healthy"] > c["active"]:
        checks.append(Check(rule="healthy<=active", status="warning",
                            detail=f"healthy {c['healthy']} > active {c['active']}"))
    checks.extend(percentage_checks(record))
    return checks


def percentage_checks(record: Record) -> list[Check]:
    """'76,9 persen' vs 600/780: does any ratio of the record's counts give it?"""
    checks = []
    c = record.counts
    ratios = {f"{a}/{b}": 100 * c[a] / c[b] for a in c for b in c
              if a != b and c[b] and c[a] < c[b]}
    for pct in record.percentages:
        match = next((name for name, value in ratios.items()
                      if abs(value - pct.value) <= RATIO_TOLERANCE), None)
        if match:
            a, b = match.split("/")
            checks.append(Check(rule="percentage", status="ok",
                                detail=f"{pct.text} = {a}/{b} ({c[a]}/{c[b]} = "
                                       f"{ratios[match]:.1f}%)"))
        elif ratios:
            closest = min(ratios.items(), key=lambda kv: abs(kv[1] - pct.value))
            checks.append(Check(rule="percentage", status="warning",
                                detail=f"{pct.text} matches no ratio of the counts; closest "
                                       f"{closest[0]} = {closest[1]:.1f}%"))
    return checks


def whole_vs_parts(records: list[Record]) -> None:
    """A province's (or Indonesia's) stated total vs the sum of its regions' totals."""
    gaz = gazetteer()
    for field in ("total", "active"):
        by_period = defaultdict(list)
        for r in records:
            if field in r.counts:
                by_period[r.period].append(r)
        for group in by_period.values():
            for whole in group:
                parts = [r for r in group if r is not whole and r.region.code != whole.region.code
                         and gaz.contains(whole.region.code, r.region.code)
                         and direct_child(whole.region.code, r.region.code)]
                if len(parts) < 2:
                    continue
                s = sum(p.counts[field] for p in parts)
                ok = s <= whole.counts[field]
                whole.checks.append(Check(
                    rule=f"parts<=whole:{field}", status="ok" if ok else "mismatch",
                    detail=f"{len(parts)} regions sum to {s}, {whole.region.name} states "
                           f"{whole.counts[field]}"))


def direct_child(outer: str, inner: str) -> bool:
    if outer == "ID":
        return "." not in inner
    return inner.count(".") == outer.count(".") + 1

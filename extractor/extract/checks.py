"""Consistency checks for fact-checkers: reported, never silently fixed."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

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


def ratios(record: Record) -> dict[str, float]:
    c = record.counts
    return {f"{a}/{b}": 100 * c[a] / c[b] for a in c for b in c
            if a != b and c[b] and c[a] < c[b]}


def ratio_matches(record: Record, value: float) -> bool:
    return any(abs(v - value) <= RATIO_TOLERANCE for v in ratios(record).values())


def percentage_checks(record: Record) -> list[Check]:
    """'76,9 persen' vs 600/780: does any ratio of the record's counts give it?"""
    checks = []
    c = record.counts
    computed = ratios(record)
    for pct in record.percentages:
        match = next((name for name, value in computed.items()
                      if abs(value - pct.value) <= RATIO_TOLERANCE), None)
        if match:
            a, b = match.split("/")
            checks.append(Check(rule="percentage", status="ok",
                                detail=f"{pct.text} = {a}/{b} ({c[a]}/{c[b]} = "
                                       f"{computed[match]:.1f}%)"))
        elif computed:
            closest = min(computed.items(), key=lambda kv: abs(kv[1] - pct.value))
            checks.append(Check(rule="percentage", status="warning",
                                detail=f"{pct.text} matches no ratio of the counts; closest "
                                       f"{closest[0]} = {closest[1]:.1f}%"))
    return checks


def whole_vs_parts(records: list[Record]) -> None:
    """A province's (or Indonesia's) stated figure vs the sum of its regions' figures:
    equal when the article lists every region of it, at most the whole otherwise."""
    gaz = gazetteer()
    for field in ("total", "active"):
        by_period = defaultdict(list)
        for r in records:
            if field in r.counts:
                by_period[r.period].append(r)
        for group in by_period.values():
            for whole in group:
                parts = [r for r in group if r is not whole
                         and direct_child(whole.region.code, r.region.code)]
                if len(parts) < 2:
                    continue
                whole.checks.append(parts_check(whole, parts, field, children_of(gaz, whole)))


def parts_check(whole: Record, parts: list[Record], field: str, children: int) -> Check:
    total = sum(p.counts[field] for p in parts)
    stated = whole.counts[field]
    if len(parts) == children:
        return Check(rule=f"parts=whole:{field}", status="ok" if total == stated else "mismatch",
                     detail=f"all {children} regions sum to {total}, {whole.region.name} "
                            f"states {stated}")
    return Check(rule=f"parts<=whole:{field}", status="ok" if total <= stated else "mismatch",
                 detail=f"{len(parts)} of {children} regions sum to {total}, "
                        f"{whole.region.name} states {stated}")


@cache
def children_count(code: str) -> int:
    return sum(1 for e in gazetteer().regions.values()
               if e.code != "ID" and direct_child(code, e.code))


def children_of(gaz, whole: Record) -> int:
    return children_count(whole.region.code)


def direct_child(outer: str, inner: str) -> bool:
    """Is `inner` one level below `outer` (a province of Indonesia, a regency of a province)?"""
    if outer == "ID":
        return inner != "ID" and "." not in inner
    return inner.startswith(outer + ".") and inner.count(".") == outer.count(".") + 1

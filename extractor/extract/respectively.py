"""'Kabupaten dan Kota Tasikmalaya masing-masing memiliki 1.126 dan 514 koperasi':
figures listed with "masing-masing" go, in order, to the regions listed before them
(in the same sentence, or the sentence before: "Adapun yang aktif masing-masing 534
dan 318 unit")."""

from __future__ import annotations

import re

from extractor.extract.counts import CountMention
from extractor.extract.lexicon import load
from extractor.extract.regions import Mention

JOINER = re.compile(r"^\s*(?:unit|koperasi)?\s*(?:,|dan|serta|,\s*dan)\s*$", re.IGNORECASE)


def respectively_pattern() -> re.Pattern:
    words = load("roles")["nouns"]["respectively"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def apply_respectively(text: str, counts: list[CountMention], mentions: list[Mention]) -> None:
    marker = respectively_pattern()
    for group in figure_runs(text, counts):
        first = group[0]
        start, end = first.sentence
        hits = list(marker.finditer(text, start, first.number.start))
        if not hits:
            continue
        hit = hits[-1]
        regions = listed_regions(mentions, start, hit.start(), len(group))
        if regions is None:
            regions = previous_list(text, mentions, start, len(group))
        if regions is None:
            continue
        role = group[-1].role
        for count, region in zip(group, regions, strict=True):
            count.region = region
            if role.field is not None:
                count.role = role


def figure_runs(text: str, counts: list[CountMention]) -> list[list[CountMention]]:
    """Runs of two or more figures joined only by 'dan' or commas: '1.126 dan 514'."""
    runs, current = [], []
    for count in counts:
        if current and current[-1].sentence == count.sentence and JOINER.match(
                text[current[-1].number.end:count.number.start]):
            current.append(count)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [count]
    if len(current) >= 2:
        runs.append(current)
    return runs


def distinct(mentions: list[Mention]) -> list[Mention]:
    """Regions in the order they were last named."""
    last: dict[str, Mention] = {}
    for m in mentions:
        if m.code and not m.apposition and m.kind in ("name", "national"):
            last.pop(m.code, None)
            last[m.code] = m
    return list(last.values())


def listed_regions(mentions: list[Mention], start: int, end: int, k: int
                   ) -> list[Mention] | None:
    found = distinct([m for m in mentions if start <= m.start < end])
    return found[-k:] if len(found) >= k else None


def previous_list(text: str, mentions: list[Mention], sentence_start: int, k: int
                  ) -> list[Mention] | None:
    """The regions of the closest earlier sentence that named at least k of them."""
    before = [m for m in mentions if m.end <= sentence_start]
    boundaries = sorted({m.start for m in before}, reverse=True)
    for pos in boundaries:
        line_start = text.rfind("\n", 0, pos) + 1
        found = distinct([m for m in before if m.start >= line_start])
        if len(found) >= k:
            return found[-k:]
        if sentence_start - pos > 600:
            break
    return None

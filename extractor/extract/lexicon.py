"""Loads the language data in `lexicon/*.toml` (status words, cue words, number
words). Code never spells Indonesian words itself; it asks this module."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    text = resources.files("extractor.extract").joinpath("lexicon", f"{name}.toml").read_text(
        encoding="utf-8")
    return tomllib.loads(text)


def phrase_pattern(phrases: list[str]) -> re.Pattern:
    """One case-insensitive regex for whole-word phrases, longest first; '*' in a
    phrase stands for one optional word ("tidak * aktif" -> "tidak lagi aktif")."""
    bodies = [phrase_regex(p) for p in sorted(set(phrases), key=len, reverse=True)]
    # "-nya" binds to any of them: "koperasi aktifnya", "jumlahnya".
    return re.compile(r"(?<![\w-])(?:" + "|".join(bodies) + r")(?:nya)?(?![\w-])", re.IGNORECASE)


def phrase_regex(phrase: str) -> str:
    out = ""
    for word in phrase.split():
        out += r"(?:[\w-]+\s+)?" if word == "*" else word_regex(word) + r"\s+"
    return out[: -len(r"\s+")]


def word_regex(word: str) -> str:
    """A word with its informal spellings (spelling.toml): 'yang' -> (?:yang|yg)."""
    variants = spellings().get(word.lower())
    if not variants:
        return re.escape(word)
    return "(?:" + "|".join(re.escape(w) for w in (word, *variants)) + ")"


@cache
def spellings() -> dict[str, list[str]]:
    return load("spelling")["variants"]


class RoleLexicon:
    """Cue phrases as compiled patterns, keyed by what they signal."""

    def __init__(self) -> None:
        data = load("roles")
        self.status = {label: phrase_pattern(words) for label, words in data["status"].items()}
        self.any_status = phrase_pattern([w for words in data["status"].values() for w in words])
        self.events = phrase_pattern(data["events"]["none"])
        self.total_before = phrase_pattern(data["totals"]["before"])
        self.total_after = phrase_pattern(data["totals"]["after"])
        self.total_subject = phrase_pattern(data["totals"]["subject"])
        self.weak_total = set(data["totals"].get("weak", []))
        self.partitive_after = re.compile(r"\s*(?:unit\s+|koperasi\s+)?(?:" + phrase_pattern(
            data["totals"]["partitive_after"]).pattern + ")", re.IGNORECASE)
        self.partitive_before = re.compile(r"^\W*(?:" + phrase_pattern(
            data["totals"]["partitive_before"]).pattern + ")", re.IGNORECASE)
        self.cooperative_nouns = phrase_pattern(data["nouns"]["cooperative"])
        counted = phrase_pattern(data["nouns"]["counted"]).pattern
        self.counted_after = re.compile(rf"\s+{counted}", re.IGNORECASE)
        self.after_count = re.compile(r"\s*" + phrase_pattern(data["nouns"]["after_count"]).pattern,
                                      re.IGNORECASE)
        self.relative_after_whole = re.compile(
            rf"\s*(?:{counted})?\s*{phrase_pattern(data['nouns']['relative']).pattern}\s+(.*)",
            re.IGNORECASE)
        self.of_whole = re.compile(
            rf"\s*(?:{counted})?\s*dari\s+"
            rf"(?:{phrase_pattern(data['totals']['whole_after_dari']).pattern}\s+)?",
            re.IGNORECASE)
        self.other_nouns = phrase_pattern(data["nouns"]["other"])
        self.measures = phrase_pattern(data["nouns"]["measures"])
        self.type_breakdown = phrase_pattern(data["nouns"]["type_breakdown"])
        self.by_type = phrase_pattern(data["nouns"]["by_type"])
        types = self.type_breakdown.pattern
        self.type_after = re.compile(rf"\s*(?:unit\s+)?(?:{types})", re.IGNORECASE)
        self.as_type = re.compile(rf"\bsebagai\s+(?:{types})", re.IGNORECASE)
        self.irrealis = phrase_pattern(data["nouns"]["irrealis"])
        self.not_predicates = phrase_pattern(data["nouns"]["not_predicates"])
        self.governing_only = {w.lower() for w in data["nouns"]["governing_only"]}
        self.share_of = re.compile(phrase_pattern(data["totals"]["share_of"]).pattern + r"\s*$",
                                   re.IGNORECASE)
        self.withdrawn = phrase_pattern(data["corrections"]["withdrawn"])
        self.correction = phrase_pattern(data["corrections"]["paragraph"])
        topics = data["topics"]
        fillers = phrase_pattern(topics["fillers"]).pattern
        self.fronted_status = re.compile(
            phrase_pattern(topics["relative"]).pattern + rf"\s+(?:{fillers}\s+){{0,2}}"
            rf"(?P<status>{self.any_status.pattern})", re.IGNORECASE)
        self.topic_ends = phrase_pattern(topics["topic_ends"])
        self.before_status = re.compile(
            rf"\s*(?:{phrase_pattern(topics['before_status']).pattern}\s+)*", re.IGNORECASE)
        self.anaphora = phrase_pattern(data["anaphora"]["same_as_before"])
        self.demonstrative_after = re.compile(
            rf"\s*(?:{counted}\s+)?(?:" + phrase_pattern(
                data["anaphora"]["demonstratives"]).pattern + ")", re.IGNORECASE)
        self.continuation = re.compile(r"^\W*(?:" + phrase_pattern(
            data["anaphora"]["continuation"]).pattern + ")", re.IGNORECASE)
        self.change = re.compile(phrase_pattern(data["nouns"]["change"]).pattern + r"\s*$",
                                 re.IGNORECASE)
        # The compared figure may follow a year: "dibandingkan 2019 yang sebanyak 123.048".
        filler = phrase_pattern(data["anaphora"]["comparison_fillers"]).pattern
        periods = phrase_pattern(data["anaphora"]["comparison_periods"]).pattern
        self.comparison = re.compile(
            phrase_pattern(data["anaphora"]["comparison"]).pattern
            + rf"(?:\s+{periods}){{0,2}}(?:\s+\w+)?\s*(?:\d{{4}})?"
            rf"\s*(?:,\s*)?(?:{filler}\s+){{0,3}}$", re.IGNORECASE)


@cache
def roles() -> RoleLexicon:
    return RoleLexicon()

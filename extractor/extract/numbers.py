"""Finding numbers in Indonesian text and telling counts from everything else.

Handles "1.264", "2.901 unit", "76,9 persen", "1,2 ribu", "50-an", number words
("seratus dua puluh lima"), qualifiers ("sekitar", "lebih dari", "tidak lebih
dari") and recognises what a number is when it is not a count: a year, a date,
a time, a phone number, money, a percentage, an ordinal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.extract.lexicon import load, phrase_pattern, roles

# Numeral shapes: "1.264.000", "76,9", "1264". A dot followed by exactly three
# digits groups thousands; a comma marks decimals.
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@dataclass
class NumberMention:
    start: int
    end: int
    value: float
    text: str
    kind: str = "number"
    """number, year, date, time, phone, money, percent, ordinal, age, code."""
    qualifier: str | None = None

    @property
    def is_count(self) -> bool:
        # One cooperative ("satu koperasi") is an example, not a statistic.
        return self.kind == "number" and self.value >= 2 and float(self.value).is_integer()


@dataclass(frozen=True)
class NumberLexicon:
    word_pattern: re.Pattern
    words: dict
    multiplier_pattern: re.Pattern
    multipliers: dict
    approx_suffix: re.Pattern
    qualifier_patterns: tuple[tuple[str, re.Pattern], ...]
    at_least_after: re.Pattern
    count_verb: re.Pattern


@cache
def number_lexicon() -> NumberLexicon:
    data = load("numbers")
    words = {**data["words"]["units"], **data["words"]["special"], **data["words"]["scales"]}
    words.pop("se", None)
    # One or more number words in a row ("seratus dua puluh lima"); "se-" forms are
    # listed as whole words (seratus, seribu).
    word_alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    word_pattern = re.compile(rf"(?<![\w-])(?:{word_alt})(?:\s+(?:{word_alt}))*(?![\w-])",
                              re.IGNORECASE)
    multipliers = data["multipliers"]
    mult_alt = "|".join(sorted(multipliers, key=len, reverse=True))
    quals = data["qualifiers"]
    # at_most first: "tidak lebih dari" must not read as "lebih dari".
    qualifier_patterns = tuple(
        (name, re.compile(r"(?:^|(?<=[\s(]))(?:" + phrase_pattern(quals[name]).pattern
                          + r")\s*$", re.IGNORECASE))
        for name in ("at_most", "at_least", "approx"))
    return NumberLexicon(
        word_pattern=word_pattern, words=words,
        multiplier_pattern=re.compile(rf"\s*({mult_alt})\b", re.IGNORECASE),
        multipliers=multipliers,
        approx_suffix=re.compile(
            "(?:" + "|".join(re.escape(s) for s in quals["approx_suffix"]) + r")\b"),
        qualifier_patterns=qualifier_patterns,
        at_least_after=re.compile(r"\s+(?:" + "|".join(quals["at_least_after"]) + r")\b",
                                  re.IGNORECASE),
        count_verb=re.compile(phrase_pattern(data["years"]["count_verbs"]).pattern + r"\s+$",
                              re.IGNORECASE))


def words_to_int(phrase: str, words: dict) -> int | None:
    """'seratus dua puluh lima' -> 125, 'tiga ribu' -> 3000, 'dua belas' -> 12."""
    total, group, pending = 0, 0, 0
    for word in phrase.lower().split():
        value = words.get(word)
        if value is None:
            return None
        if word == "belas":
            group, pending = group + pending + 10, 0
        elif word in ("puluh", "ratus"):
            group, pending = group + (pending or 1) * value, 0
        elif word in ("ribu", "juta", "miliar", "triliun"):
            total, group, pending = total + (group + pending or 1) * value, 0, 0
        elif value >= 1000:  # seribu, sejuta
            total += value
        elif value >= 10:  # sepuluh, sebelas, seratus
            group += value
        else:
            group, pending = group + pending, value
    return total + group + pending


# "0811-4050-321", "(061) 4521 213", "+62 812 3456 789", "0343 747512"
PHONE = re.compile(r"(?:\+62|\(0\d{2,4}\)|\b0\d{2,4})[\s.-]?\d{2,4}(?:[\s.-]?\d{2,5}){1,3}\b")

# "31/12/2023", "30-06-2022", "31.12.2023": day, month and a year. The day and month
# are no counts; the year dates the data as a written-out date's year does, except in
# the reporting date news puts in parentheses ("kata Anne, Selasa (20/4/2021)").
NUMERIC_DATE = re.compile(r"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1((?:19|20)\d{2})(?![\d/])")

SCALE_WORDS = {"belas", "puluh", "ratus", "ribu", "juta", "miliar", "triliun"}


def parse_numeral(text: str) -> float:
    """'1.264' -> 1264, '76,9' -> 76.9."""
    return float(text.replace(".", "").replace(",", "."))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, with its value, qualifier and kind."""
    lex = number_lexicon()
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    # "740an": the approximate suffix may be written without its hyphen.
    for match in re.finditer(rf"(?<![\d.,/])(?:{NUMERAL})(?:(?=an\b)|(?![\w]|[.,]\d))", text):
        mention = numeral_mention(text, match, lex)
        mentions.append(mention)
        taken.append((mention.start, mention.end))
    for match in lex.word_pattern.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        first_word = match.group(0).split()[0].lower()
        if first_word in SCALE_WORDS or re.search(r"salah\s+$", text[:match.start()][-8:]):
            continue  # "juta" alone, "salah satu" (one of)
        if in_name(text, match.start(), match.group(0)):
            continue  # "SIMPANG EMPAT", "Kecamatan Tanjung Tiga": part of a place name
        value = words_to_int(match.group(0), lex.words)
        if value is None:
            continue
        mentions.append(NumberMention(match.start(), match.end(), value, match.group(0)))
    phones = [m.span() for m in PHONE.finditer(text)]
    years, days_and_months = numeric_dates(text)
    year_starts = {year.start for year in years}
    mentions = [m for m in mentions if m.start not in year_starts] + years
    for mention in mentions:
        mention.qualifier = mention.qualifier or qualifier_before(text, mention.start, lex)
        if any(s <= mention.start < e for s, e in phones):
            mention.kind = "phone"
        elif mention.kind == "number" and any(s <= mention.start < e for s, e in days_and_months):
            mention.kind = "date"
        elif mention.kind == "number":
            mention.kind = classify(text, mention)
    return sorted(mentions, key=lambda m: m.start)


def numeric_dates(text: str) -> tuple[list[NumberMention], list[tuple[int, int]]]:
    """The years of the dates written in figures, and the spans of their days and months."""
    years, days_and_months = [], []
    for match in NUMERIC_DATE.finditer(text):
        start, end = match.span(2)
        reported = text[:match.start()].rstrip().endswith("(") and text[end:end + 1] == ")"
        years.append(NumberMention(start, end, float(match.group(2)), match.group(2),
                                   kind="date" if reported else "year"))
        days_and_months.append((match.start(), start))
    return years, days_and_months


def in_name(text: str, start: int, words: str) -> bool:
    if words.isupper() and len(words) > 1:
        return True
    if not words[:1].isupper():
        return False
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 30):start])
    return bool(before) and before.group(1)[:1].isupper() and not before.group(1).endswith(
        (".", "!", "?", ":", '"', "”"))


def numeral_mention(text: str, match: re.Match, lex: NumberLexicon) -> NumberMention:
    start, end = match.span()
    value = parse_numeral(match.group(0))
    qualifier = None
    multiplier = lex.multiplier_pattern.match(text, end)
    if multiplier and not text[start - 2:start].lower().startswith("rp"):
        value *= lex.multipliers[multiplier.group(1).lower()]
        end = multiplier.end()
    suffix = lex.approx_suffix.match(text, end)
    if suffix:
        qualifier, end = "approx", suffix.end()
    if lex.at_least_after.match(text, end):
        qualifier = "at_least"
    return NumberMention(start, end, round(value, 6), text[start:end], qualifier=qualifier)


def qualifier_before(text: str, start: int, lex: NumberLexicon) -> str | None:
    window = text[max(0, start - 25):start]
    for name, pattern in lex.qualifier_patterns:
        if pattern.search(window):
            return name
    return None


MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
          "november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|"
          "nov|des")


def classify(text: str, m: NumberMention) -> str:
    """What a number is when it is not a count; 'number' when it may be one."""
    before = text[max(0, m.start - 12):m.start]
    after = text[m.end:m.end + 14]
    if re.search(r"(?:rp\.?|idr|us\$|\$)\s*$", before, re.IGNORECASE):
        return "money"
    if re.match(r"\s*(?:persen|%|per\s*sen)", after, re.IGNORECASE):
        return "percent"
    if re.search(r"(?:ke-|ke\s|nomor\s|no\.\s?|nomor urut\s)$", before, re.IGNORECASE):
        return "ordinal"
    if re.match(r"[/:]\d", text[m.end:m.end + 2]) or re.search(r"\d[/:]$", before):
        return "date"
    if re.match(rf"\s+(?:{MONTHS})\b", after, re.IGNORECASE) and m.value <= 31:
        return "date"
    if re.match(r"\s*[-\u2013\u2014]\s*\d{1,2}(?:\s+(?:" + MONTHS + r")\b|/\d)", after,
                re.IGNORECASE):
        return "date"  # the first day of a range: "14-16 November", "(22\u201324/9/2023)"
    if is_year(text, m):
        return "year"
    if (re.search(r"\(\s*0\d{2,4}\s*\)\s*$", before) or re.match(r"\d{5,}|0\d", m.text)
            or re.search(r"\b(?:telepon|telp|hp|wa|whatsapp)\.?:?\s*$", before, re.IGNORECASE)):
        return "phone"
    if re.search(r"[A-Za-z]\s*\($", before) and re.match(r"\)", text[m.end:m.end + 1]):
        return "age"  # "Rosmawati br Tarigan (63)"
    if re.search(r"[A-Za-z]-?$", before) and not re.search(r"(?:^|\s)(?:rp|se)$", before, re.I):
        return "code"  # COVID-19, B20, UU 25

    if re.match(r"\s*(?:wib|wita|wit)\b", after, re.IGNORECASE):
        return "time"
    return "number"


def is_year(text: str, m: NumberMention) -> bool:
    """Counts of a thousand or more are written with a dot ("2.021 koperasi"), so a bare
    four-digit number in the years' range is a year, unless a count verb governs it."""
    digits = re.sub(r"-?an$", "", m.text)  # a decade: "1990-an", "1980an"
    if "." in digits or "," in digits or not 1900 <= m.value <= 2100 or not digits.isdigit():
        return False  # "dua ribu koperasi" is written out: a count
    before = text[max(0, m.start - 12):m.start]
    after = text[m.end:m.end + 12]
    governed = number_lexicon().count_verb.search(before)
    return not (governed and roles().counted_after.match(after))


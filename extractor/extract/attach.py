"""Which region and which year each count belongs to.

Region: the closest region named in the number's clause ("Jawa Barat dengan
14.706 unit"; "780 unit koperasi di Purwakarta"), else in its sentence, else the
region the article was last talking about, else the article's own region (title,
dateline). Period: the closest year in the sentence ("naik menjadi 312 unit pada
2021"), else the year of the figure before it in the same paragraph, unless the
sentence speaks of the present ("saat ini").
"""

from __future__ import annotations

import re
from functools import cache

from extractor.extract.counts import CountMention, present_pattern
from extractor.extract.gazetteer import gazetteer
from extractor.extract.lexicon import load, phrase_pattern
from extractor.extract.numbers import NumberMention
from extractor.extract.regions import Mention
from extractor.extract.roles import clause_bounds

AFTER_PENALTY = 60
PLACE_OF_FIGURE = re.compile(r"\s*(?:unit\s+|buah\s+)?(?:koperasi\s+)?(?:yang\s+)?"
                             r"(?:[a-z]+\s+){0,3}di\s+", re.IGNORECASE)


WEEKDAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"


def usable(m: Mention) -> bool:
    return m.code is not None and not m.apposition


def is_venue(text: str, m: Mention) -> bool:
    """'kata Yohanes di Kupang, Senin (4/3/2024)': where a statement was made, 'yang
    berpusat di Soreang': where an office sits, and 'yang berbatasan dengan Bandar
    Lampung': a neighbour that describes a region, are not what figures are about."""
    if re.match(rf"\s*(?:,\s*)?(?:pada\s+)?{WEEKDAYS}\b", text[m.end:m.end + 20]):
        return True
    return bool(seat_pattern().search(text[max(0, m.start - 40):m.start]))


@cache
def seat_pattern() -> re.Pattern:
    data = load("regions")
    words = data["seat"]["before"] + data["neighbours"]["before"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\s+$", re.IGNORECASE)


def attach_regions(text: str, counts: list[CountMention], mentions: list[Mention],
                   default: Mention | None) -> None:
    mentions = [m for m in mentions if usable(m) and not is_venue(text, m)]
    previous = None
    for count in counts:
        if count.region is None:
            count.region = place(text, count.number, count.sentence, mentions, default)
            if previous and refers_back(text, count) and not in_sentence(mentions, count):
                count.region = previous.region  # "Dari jumlah itu, 148.220 koperasi aktif"
        previous = count


def refers_back(text: str, count: CountMention) -> bool:
    from extractor.extract.lexicon import roles

    return bool(roles().anaphora.search(text[count.sentence[0]:count.number.start]))


def in_sentence(mentions: list[Mention], count: CountMention) -> bool:
    return any(count.sentence[0] <= m.start < count.sentence[1] for m in mentions)


def place(text: str, number: NumberMention, sentence: tuple[int, int],
          mentions: list[Mention], default: Mention | None) -> Mention | None:
    start, end = sentence
    clause = clause_bounds(text, number.start, number.end, start, end)
    in_clause = closest(text, number, mentions, *clause)
    if in_clause:
        return narrower_subject(number, mentions, clause, in_clause)
    in_sentence = closest(text, number, mentions, start, end, clause_end=clause[1])
    if in_sentence:
        # 'Kecamatan Tenggarong, pusat pemerintahan Kukar, memiliki 118 koperasi'
        return narrower_subject(number, mentions, (start, end), in_sentence)
    return last_before(mentions, start) or default


def narrower_subject(number: NumberMention, mentions: list[Mention],
                     clause: tuple[int, int], chosen: Mention) -> Mention:
    """'Kecamatan Wonomulyo menjadi sentra koperasi di Polman dengan 61 koperasi',
    'Kecamatan Tanjung Balai milik Kabupaten Asahan mencatat 26 koperasi': a region
    named to locate one inside it earlier in the clause is not the figure's region."""
    gaz = gazetteer()
    inner = [m for m in mentions if clause[0] <= m.start < number.start and m is not chosen
             and m.code and chosen.code and m.code != chosen.code and not m.bare_district
             and gaz.contains(chosen.code, m.code)]
    return inner[-1] if inner else chosen


def region_for(text: str, number: NumberMention, mentions: list[Mention],
               sentences: list[tuple[int, int]], default: Mention | None) -> Mention | None:
    """The region a number that is not a count (a percentage) is about."""
    sentence = next(((s, e) for s, e in sentences if s <= number.start < e),
                    (number.start, number.end))
    usable_mentions = [m for m in mentions if usable(m) and not is_venue(text, m)]
    return place(text, number, sentence, usable_mentions, default)


def closest(text: str, number: NumberMention, mentions: list[Mention], start: int, end: int,
            clause_end: int | None = None) -> Mention | None:
    """The nearest region mention in [start, end). One after the number counts less
    unless it is its place ('780 unit koperasi di Purwakarta'); one in a later clause
    ('..., di Jawa Timur 4.811 koperasi') belongs to that clause's figures."""
    best, best_score = None, None
    inside = [m for m in mentions if start <= m.start < end]
    if any(not m.bare_district for m in inside):
        inside = [m for m in inside if not m.bare_district]
    for m in inside:
        if m.kind == "agency" and m.start > number.start:
            continue  # "dibubarkan melalui keputusan Kementerian": the agency acts, elsewhere
        if m.end <= number.start:
            score = number.start - m.end
        elif PLACE_OF_FIGURE.fullmatch(text[number.end:m.start]):
            score = 0  # "2.100 koperasi aktif di ibu kota Jateng": the figure's own place
        else:
            score = m.start - number.end
            if not re.search(r"\b(?:di|se|dari|untuk|wilayah)\s*-?\s*$", text[:m.start][-12:],
                             re.IGNORECASE) or (clause_end is not None and m.start >= clause_end):
                score += AFTER_PENALTY
        if best_score is None or score < best_score:
            best, best_score = m, score
    return best


def last_before(mentions: list[Mention], pos: int) -> Mention | None:
    found = None
    for m in mentions:
        if m.end <= pos and m.kind not in ("dateline", "agency") and not m.bare_district:
            found = m
    return found


def attach_periods(text: str, counts: list[CountMention], years: list[NumberMention],
                   paragraphs: list[tuple[int, int]],
                   sentences: list[tuple[int, int]]) -> None:
    """The year each figure describes: one in its own clause or sentence; else the
    year of the data it refers back to ("Pada tahun yang sama", "Dari 561 koperasi
    itu"); else that of the figure before it in the paragraph or of the breakdown it
    continues; else the year a sentence about the data stated before it ("Berikut data
    tahun 2023:"). None when its sentence puts it in the present."""
    present = present_pattern()
    stated = stated_years(text, years, counts, sentences)
    previous: CountMention | None = None
    for count in counts:
        if count.period is not None:
            previous = count
            continue
        year = year_for(text, count, counts, years, present)
        sentence = text[count.sentence[0]:count.sentence[1]]
        if year:
            count.period, count.period_source = str(int(year.value)), "sentence"
        elif present.search(sentence):
            pass
        elif (referred := referred_period(text, count, counts, years)) is not None:
            count.period, count.period_source = referred or None, "inherited"
        elif (previous and previous.period
              and (same_paragraph(paragraphs, previous.number.start, count.number.start)
                   or breakdown_of(previous, count))):
            count.period, count.period_source = previous.period, "inherited"
        elif data_year := last_stated_before(stated, previous, count):
            count.period, count.period_source = data_year, "stated before"
        previous = count


@cache
def period_words(kind: str) -> re.Pattern:
    """One of the word lists of lexicon/periods.toml as a pattern."""
    return phrase_pattern(load("periods")[kind])


def referred_period(text: str, count: CountMention, counts: list[CountMention],
                    years: list[NumberMention]) -> str | None:
    """The year of what the figure's sentence points back to: the last year of data
    named before it for "pada tahun yang sama/itu"; for "Dari 561 koperasi itu",
    "Dari jumlah itu", the figure it repeats or else the first figure of the sentence
    before ("" when that figure has no year); None when it points back to nothing."""
    start, end = count.sentence
    sentence = text[start:end]
    if period_words("same_year").search(sentence):
        before = [y for y in years if y.end <= start and is_data_year(text, y)]
        return str(int(before[-1].value)) if before else None
    if not period_words("same_data").search(sentence):
        return None
    here = {c.value for c in counts if start <= c.number.start < end}
    earlier = [c for c in counts if c.number.start < start]
    repeated = [c for c in earlier if c.value in here]
    if repeated:
        referred = repeated[-1]
    elif earlier:  # the first figure of the sentence before, not a comparison after it
        referred = next(c for c in earlier if c.sentence == earlier[-1].sentence)
    else:
        return None
    return referred.period or ""


DECADE = re.compile(r"-?an\b")  # "awal 2000-an"


def is_data_year(text: str, year: NumberMention) -> bool:
    """Not the year of a founding or a regulation ("berdiri sejak 1999", "Perda
    Nomor 5 Tahun 2019"), nor a decade ("awal 2000-an")."""
    not_data = period_words("not_data_year")
    return not (not_data.search(text[max(0, year.start - 30):year.start])
                or DECADE.match(text, year.end))


def stated_years(text: str, years: list[NumberMention], counts: list[CountMention],
                 sentences: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(position, year) of the years that date the data in a sentence with no figure
    of its own, a sentence about the data ("Berikut data koperasi per kabupaten tahun
    2023:", "Data Dinas per Desember 2022 menunjukkan hal itu."), not the years of an
    event, a founding or a regulation."""
    with_figures = {c.sentence for c in counts}
    data_words = period_words("data_words")
    found = []
    for year in years:
        sentence = next((s for s in sentences if s[0] <= year.start < s[1]), None)
        if (sentence is None or sentence in with_figures
                or not data_words.search(text, sentence[0], sentence[1])):
            continue
        if not is_data_year(text, year):
            continue
        found.append((year.start, str(int(year.value))))
    return found


def last_stated_before(stated: list[tuple[int, str]], previous: CountMention | None,
                       count: CountMention) -> str | None:
    """The data year stated last before the figure, unless a figure of another date
    (or of none) came between: then that figure's date holds."""
    before = [(pos, year) for pos, year in stated if pos < count.number.start]
    if not before:
        return None
    pos, year = before[-1]
    if previous and previous.number.start > pos and previous.period != year:
        return None
    return year


YEAR_AFTER = re.compile(r"\s*(?:unit|koperasi)?\s*(?:\w+\s+){0,3}?(?:pada|tahun|per|hingga|sampai"
                        r"|di)\s+(?:akhir\s+|awal\s+|tahun\s+)?(?:\w+\s+)?", re.IGNORECASE)


def breakdown_of(previous: CountMention, count: CountMention) -> bool:
    """Figures for other regions after a dated figure ('hingga akhir 2023 ... Kota
    Pekanbaru 1.207 unit') share its date: a breakdown of the same data."""
    return bool(previous.region and count.region
                and previous.region.code != count.region.code)


def year_for(text: str, count: CountMention, counts: list[CountMention],
             years: list[NumberMention], present: re.Pattern) -> NumberMention | None:
    """The year in the number's clause; else, unless the clause puts the figure in the
    present ("kini memiliki 512 koperasi, turun dari 600 unit pada 2019"), a year
    before it in the sentence with no other figure between ("Pada 2021, ... tercatat
    1.811 unit"); else the nearest."""
    start, end = count.sentence
    in_sentence = [y for y in years if start <= y.start < end]
    if not in_sentence:
        return None
    c_start, c_end = clause_bounds(text, count.number.start, count.number.end, start, end)
    in_clause = [y for y in in_sentence if c_start <= y.start < c_end
                 and not next_clause_between(text, count.number, y)]
    following = [y for y in in_clause if y.start > count.number.end and YEAR_AFTER.fullmatch(
        text[count.number.end:y.start])]
    if following:  # "1.052 unit pada 2022 dan 987 unit pada 2021"
        return following[0]
    if in_clause:
        return min(in_clause, key=lambda y: distance(y, count.number))
    if present.search(text, c_start, c_end):
        return None
    others = [c.number.start for c in counts if c is not count and start <= c.number.start < end]
    before = [y for y in in_sentence if y.end <= count.number.start
              and not any(y.end <= o < count.number.start for o in others)]
    if before:
        return before[-1]
    return min(in_sentence, key=lambda y: distance(y, count.number))


NEXT_CLAUSE = re.compile(r"\b(?:dan|serta|sedangkan|sementara)\b", re.IGNORECASE)


def next_clause_between(text: str, number: NumberMention, year: NumberMention) -> bool:
    """A year after a conjunction that follows the figure is the next clause's:
    "membubarkan 17 koperasi dan pada 2023 sebanyak 12"."""
    return year.start > number.end and bool(NEXT_CLAUSE.search(text, number.end, year.start))


def distance(a: NumberMention, b: NumberMention) -> int:
    return b.start - a.end if a.end <= b.start else a.start - b.end


def same_paragraph(paragraphs: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a < e and s <= b < e for s, e in paragraphs)

"""Count mentions: numbers that count a region's cooperatives, each with its
field (roles.py), its region and its period."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from extractor.extract.layout import Line
from extractor.extract.lexicon import load, phrase_pattern, roles
from extractor.extract.numbers import NumberMention
from extractor.extract.regions import Mention
from extractor.extract.roles import (
    NEW_SUBJECT,
    Context,
    Role,
    classify,
    clause_bounds,
    cues,
    of_construction,
    status_of,
)


@dataclass
class CountMention:
    number: NumberMention
    sentence: tuple[int, int]
    role: Role
    region: Mention | None = None
    period: str | None = None
    source: str = "text"
    """text or table"""
    period_source: str | None = None
    """sentence (a year stated with the figure) or inherited (from the figure before)"""
    model_label: str | None = None
    model_score: float | None = None
    """What the trained role model said, when it ran (kept for inspection)."""
    slot_score: float | None = None
    """When another value competes for this figure's (region, period, field): how sure
    the trained model is of the field for this value; the records keep the surer one."""

    @property
    def value(self) -> int:
        return int(self.number.value)


def sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= pos < end:
            return start, end
    return pos, pos


def noun_after(text: str, number: NumberMention) -> str:
    """The words right after the number ("unit", "koperasi", "anggota"...) on its line."""
    return text[number.end:number.end + 40].split("\n")[0]


def names_other_things(after: str) -> bool:
    """The words after a number name what it counts, and that is no cooperative:
    "tiga provinsi", "500 anggota", "12 desa"."""
    return after[:1] in " \u00a0" and bool(roles().other_nouns.match(after.lstrip()))


def is_cooperative_count(text: str, number: NumberMention, nxt: NumberMention | None,
                         sentence: tuple[int, int], previous_sentence: str,
                         earlier: tuple[NumberMention, ...] = ()) -> bool:
    """Does the number count cooperatives? By the noun after it ("koperasi", "unit",
    "KSP"), or, with no noun ("872 lainnya tidak aktif"), by cooperatives being what
    the sentence or the one before it is about. A part ("enam di antaranya") counts
    what its whole before it counts ("10 kecamatan, enam di antaranya")."""
    lex = roles()
    if earlier and lex.partitive_after.match(text, number.end):
        wholes = [noun_after(text, n).lstrip() for n in earlier]
        if not any(lex.cooperative_nouns.match(w) for w in wholes) and any(
                lex.other_nouns.match(w) for w in wholes):
            return False
    after = noun_after(text, of_noun(text, number, nxt))
    after = re.sub(r"^\s*(?:lebih|lebih banyak|an)\b", "", after, flags=re.IGNORECASE)
    noun = lex.cooperative_nouns.match(after.lstrip())
    if noun and after[:1] in " \u00a0":
        if noun.group(0).lower() != "unit":
            return True
        rest = after.lstrip()[noun.end():]
        # "38.900 unit BTS", "20 unit rumah": units of something else
        return not re.match(r"\s*[A-Za-z]", rest) or bool(
            lex.after_count.match(rest) or lex.cooperative_nouns.match(rest.lstrip()))
    if names_other_things(after):
        return False
    if re.match(r"\s*[A-Za-z]", after) and not lex.after_count.match(after):
        return False
    sentence_text = text[sentence[0]:sentence[1]]
    return bool(lex.cooperative_nouns.search(sentence_text)
                or re.search(r"koperasi", previous_sentence, re.IGNORECASE))


def list_start(lines: list[Line], pos: int) -> int | None:
    """Where the list holding `pos` begins: its items speak of what its introduction
    speaks of, however long the list."""
    index = paragraph_index(lines, pos)
    if index < 0 or lines[index].kind != "list":
        return None
    while index > 0 and lines[index - 1].kind == "list":
        index -= 1
    return lines[index].start


def reread_bracketed_figures(text: str, numbers: list[NumberMention],
                             regions: list[Mention]) -> None:
    """'disusul Mamuju (245), Majene (158)': a bracketed number after a region's name is
    that region's figure, not an age, as the numbers stage had to guess before the
    regions were known ('Rosmawati (63)')."""
    ends = {m.end for m in regions if m.code}
    for number in numbers:
        if number.kind != "age":
            continue
        bracket = re.search(r"\s*\(\s*$", text[max(0, number.start - 4):number.start])
        if bracket and number.start - len(bracket.group(0)) in ends:
            number.kind = "number"


def find_count_mentions(text: str, lines: list[Line], numbers: list[NumberMention],
                        sentences: list[tuple[int, int]]) -> list[CountMention]:
    """Numbers in the article's own prose that count cooperatives (tables: tables.py)."""
    if not about_cooperatives(text):
        return []
    fact_spans = [(line.start, line.end) for line in lines if line.kind in ("body", "list")]
    candidates = [n for n in numbers if n.is_count
                  and any(s <= n.start < e for s, e in fact_spans)]
    mentions = []
    for index, number in enumerate(candidates):
        sentence = sentence_of(sentences, number.start)
        before = list_start(lines, number.start) or sentence[0]
        previous_text = text[max(0, before - 300):sentence[0]]
        nxt = next_in_sentence(candidates, index, sentence)
        earlier = tuple(n for n in candidates[:index] if n.start >= sentence[0])
        if is_cooperative_count(text, number, nxt, sentence, previous_text, earlier):
            mentions.append(CountMention(number, sentence, Role(None, "weak")))
    return mentions


def uncounted_numbers(text: str, lines: list[Line], numbers: list[NumberMention],
                      sentences: list[tuple[int, int]], counts: list[CountMention]
                      ) -> list[CountMention]:
    """The numbers of the article's prose that the rules did not take as counts of
    cooperatives, in sentences about cooperatives: training examples for the role
    model (training.py), nearly all of them 'none'. Each comes with no field and no
    region yet. At run time the model counts one when it is very sure
    (role_model.uncounted_threshold)."""
    if not about_cooperatives(text):
        return []
    taken = {c.number.start for c in counts}
    fact_spans = [(line.start, line.end) for line in lines if line.kind in ("body", "list")]
    found = []
    for number in numbers:
        if (not number.is_count or number.start in taken
                or not any(s <= number.start < e for s, e in fact_spans)):
            continue
        sentence = sentence_of(sentences, number.start)
        nearby = text[max(0, sentence[0] - 300):sentence[1]]
        if roles().cooperative_nouns.search(nearby):
            found.append(CountMention(number, sentence, Role(None, "weak", "uncounted")))
    return found


def about_cooperatives(text: str) -> bool:
    """An article that never names a cooperative reports no cooperative figures."""
    return bool(re.search(r"\b(?:koperasi|kud|ksp|kopdit|kopdes)\b", text, re.IGNORECASE))


def classify_mentions(text: str, mentions: list[CountMention], lines: list[Line]) -> None:
    """Give each count its field, reading the article in order so that parallel
    figures ("Jawa Barat dengan 14.706 unit") can follow the ones before them."""
    paragraph_of = {m.number.start: paragraph_index(lines, m.number.start) for m in mentions}
    forced: dict[int, Role] = {}
    done: list[CountMention] = []
    withdrawn: Role | None = None
    for index, mention in enumerate(mentions):
        number = mention.number
        prev = mentions[index - 1].number if index else None
        nxt = mentions[index + 1].number if index + 1 < len(mentions) else None
        nxt = nxt if nxt and nxt.start < mention.sentence[1] else None
        ctx = context_for(text, number, prev, nxt, mention.sentence)
        sentence_left = text[mention.sentence[0]:number.start]
        anaphoric = bool(roles().anaphora.search(sentence_left)
                         or roles().continuation.match(sentence_left))
        parallel = parallel_role(mention, done, paragraph_of, anaphoric)
        role = forced.pop(number.start, None) or classify(ctx, parallel)
        if of_construction(text, number, nxt):
            if is_ratio(number, nxt):
                # "Enam dari sepuluh koperasi aktif": a proportion, not two figures
                role = forced[nxt.start] = Role(None, "strong", "ratio")
            else:
                role = of_roles(text, number, nxt, mention.sentence, role, forced)
        if role.strength == "weak" and role.cue != "X dari Y":
            role = list_intro_role(text, lines, number.start, role)
        if is_withdrawn(text, lines, number, ctx):
            withdrawn, role = role, Role(None, "strong", "withdrawn by a correction")
        elif withdrawn and role.strength == "weak" and roles().correction.search(ctx.scope_left):
            # "tertulis 215 unit, yang benar 251 unit": the correct figure of that field
            role, withdrawn = Role(withdrawn.field, "strong", "correction"), None
        if role.strength == "weak" and number.value < 10 and role.cue not in ("parallel",
                                                                              "list intro"):
            # "ada empat koperasi yang mengelola homestay": a handful named without a
            # status word is an example, not the region's statistic.
            role = Role(None, "weak", "small number")
        mention.role = role
        done.append(mention)
    confirm_partitioned_wholes(text, mentions, paragraph_of)
    merge_repeated_figures(text, mentions)


def confirm_partitioned_wholes(text: str, mentions: list[CountMention],
                               paragraph_of: dict[int, int]) -> None:
    """A total guessed from a reporting verb ("tercatat", "ada") is the whole for sure
    when the next figure, in its sentence or the next, is a part of it: "mencatat 171
    koperasi pada 2022, dengan 122 di antaranya aktif"."""
    for whole, part in itertools.pairwise(mentions):
        if (whole.role.field == "total" and whole.role.strength == "weak"
                and part.role.field not in (None, "total")
                and paragraph_of[whole.number.start] == paragraph_of[part.number.start]
                and adjacent_sentences(text, whole, part) and same_or_no_region(whole, part)
                and is_partitive(text, part)):
            whole.role = Role("total", "strong", "partitioned")


def adjacent_sentences(text: str, first: CountMention, second: CountMention) -> bool:
    return first.sentence == second.sentence or not text[first.sentence[1]:second.sentence[0]
                                                         ].strip()


def same_or_no_region(first: CountMention, second: CountMention) -> bool:
    return not (first.region and second.region and first.region.code != second.region.code)


def is_partitive(text: str, part: CountMention) -> bool:
    """'122 di antaranya aktif', 'Dari jumlah itu, 15 ...', ', yang aktif 389'."""
    lex = roles()
    clause_start, _ = clause_bounds(text, part.number.start, part.number.end, *part.sentence)
    return bool(lex.partitive_after.match(text, part.number.end)
                or lex.partitive_before.match(text[clause_start:part.number.start])
                or lex.partitive_before.match(text[part.sentence[0]:part.number.start]))


def is_withdrawn(text: str, lines: list[Line], number: NumberMention, ctx: Context) -> bool:
    """'Dalam berita itu disebutkan jumlah koperasi sebanyak 430 unit. Yang benar 403
    unit.': the figure a correction notice withdraws."""
    lex = roles()
    if not lex.withdrawn.search(ctx.scope_left):
        return False
    index = paragraph_index(lines, number.start)
    paragraph = lines[index].text if index >= 0 else ctx.sentence_left
    return bool(lex.correction.search(paragraph))


def list_intro_role(text: str, lines: list[Line], pos: int, role: Role) -> Role:
    """'... lima daerah dengan koperasi tidak aktif terbanyak:' then '- Kota Palembang:
    298 unit': list items take the status their introduction names."""
    index = paragraph_index(lines, pos)
    if index < 0 or lines[index].kind != "list":
        return role
    for line in reversed(lines[:index]):
        if line.kind in ("list", "blank"):
            continue
        column = slash_column(lines[index], pos, line.text)
        if column:
            return Role(column, "strong", "list columns")
        statuses = [c for c in cues(line.text, roles()) if c[2] == "status" and c[3]]
        return Role(statuses[-1][3], "strong", "list intro") if statuses else role
    return role


SLASHED = re.compile(r"\d[\d.,]*(?:\s*/\s*\d[\d.,]*)+")


def slash_column(item: Line, pos: int, intro: str) -> str | None:
    """'SEBARAN PER KABUPATEN (jumlah / aktif)' then '- Bulungan .... 312 / 214': the
    intro names the columns of the slashed figures, in order."""
    labels = re.search(r"\(([^()]+/[^()]+)\)", intro)
    offset = pos - item.start
    figures = next((m for m in SLASHED.finditer(item.text) if m.start() <= offset < m.end()),
                   None)
    if not labels or not figures:
        return None
    columns = [column_field(label) for label in labels.group(1).split("/")]
    position = len(re.findall(r"/", item.text[figures.start():offset]))
    slashes = figures.group(0).count("/")
    if slashes + 1 != len(columns) or None in columns:
        return None
    return columns[position]


def column_field(label: str) -> str | None:
    """A column heading's field: 'jumlah', 'total' -> total; 'aktif' -> active."""
    lex = roles()
    label = label.strip()
    if lex.total_subject.fullmatch(label) or lex.total_before.fullmatch(label):
        return "total"
    return status_of(label, lex)


def points_back(text: str, mention: CountMention) -> bool:
    """'12 koperasi itu', 'yang 75 tersebut': the number names a group met before."""
    return bool(roles().demonstrative_after.match(text, mention.number.end))


def merge_repeated_figures(text: str, mentions: list[CountMention]) -> None:
    """A figure given again later ("dari total 5.812 unit tersebut") is the same fact:
    it keeps the region and field it had the first time."""
    first_seen: dict[int, CountMention] = {}
    dismissed: set[int] = set()
    for mention in mentions:
        earlier = first_seen.get(mention.value)
        if earlier is None:
            if mention.value in dismissed and points_back(text, mention):
                # "Yang 75 itu kami usulkan": the 75 proposed before, not a new figure
                mention.role = Role(None, "strong", "back-reference")
            elif mention.role.field:
                first_seen[mention.value] = mention
            else:
                dismissed.add(mention.value)
            continue
        if mention.role.field is not None and mention.role.strength == "weak" or (
                mention.role.field == earlier.role.field):
            mention.region = earlier.region
            mention.role = Role(earlier.role.field, earlier.role.strength, "repeated")


def is_ratio(part: NumberMention, whole: NumberMention) -> bool:
    """'enam dari sepuluh', 'tujuh dari sepuluh': a round whole written out is a proportion."""
    return whole.value in (10, 100) and not any(c.isdigit() for c in whole.text)


def of_roles(text: str, part: NumberMention, whole: NumberMention, sentence: tuple[int, int],
             own: Role, forced: dict[int, Role]) -> Role:
    """'600 dari 780 unit koperasi di Purwakarta dinyatakan aktif dan sehat': the whole
    is the total and the status after it is the part's. But in '43 dari 412 koperasi
    yang dibubarkan itu ...' the relative clause describes the whole."""
    whole_ctx = context_for(text, whole, part, None, sentence)
    relative = roles().relative_after_whole.match(whole_ctx.right)
    status = classify(whole_ctx, None)
    if relative and status.field not in (None, "total") and roles().any_status.match(
            relative.group(1)):
        forced[whole.start] = status
        return Role(None, "strong", "part of a described whole")
    forced[whole.start] = Role("total", "strong", "dari")
    if status.field in (None, "total") or status.cue == "default":
        return own
    return Role(status.field, status.strength, "X dari Y")


def paragraph_index(lines: list[Line], pos: int) -> int:
    for index, line in enumerate(lines):
        if line.start <= pos <= line.end:
            return index
    return -1


def parallel_role(mention: CountMention, done: list[CountMention], paragraph_of: dict,
                  anaphoric: bool = False) -> Role | None:
    """The figure this one continues: the previous one of the same region, or, in an
    enumeration of regions, the first figure given for the previous region. 'Angka ini
    naik dibanding ...' reaches back into the paragraph before."""
    here = paragraph_of[mention.number.start]
    if done and done[-1].sentence == mention.sentence and done[-1].role.field is None \
            and done[-1].role.strength == "strong":
        return done[-1].role  # "... 129 koperasi yang menggelar RAT, sedangkan ... 48 koperasi"
    previous = [m for m in done if m.role.field and paragraph_of[m.number.start] == here]
    if not previous and anaphoric:
        with_field = [m for m in done if m.role.field]
        if with_field:
            last_paragraph = paragraph_of[with_field[-1].number.start]
            previous = [m for m in with_field if paragraph_of[m.number.start] == last_paragraph]
    if not previous:
        return None
    last = previous[-1]
    code = mention.region.code if mention.region else None
    if last.region and last.region.code == code:
        return Role(last.role.field, last.role.strength, last.role.cue, same_region=True)
    last_code = last.region.code if last.region else None
    first_of_last = next(m for m in previous if (m.region.code if m.region else None)
                         == last_code)
    return first_of_last.role


def of_noun(text: str, number: NumberMention, nxt: NumberMention | None) -> NumberMention:
    """In "21 dari 34 provinsi" and "20 hingga 25 ton", the first number counts what
    the second counts."""
    if nxt and re.fullmatch(r"\s*(?:dari\s+(?:total\s+|jumlah\s+)?|(?:hingga|sampai|s\.d\.?|"
                            r"sd|-|\u2013)\s*)", text[number.end:nxt.start], re.IGNORECASE):
        return nxt
    return number


def next_in_sentence(candidates: list[NumberMention], index: int,
                     sentence: tuple[int, int]) -> NumberMention | None:
    if index + 1 < len(candidates) and candidates[index + 1].start < sentence[1]:
        return candidates[index + 1]
    return None


def context_for(text: str, number: NumberMention, prev: NumberMention | None,
                nxt: NumberMention | None, sentence: tuple[int, int]) -> Context:
    clause_start, clause_end = clause_bounds(text, number.start, number.end, *sentence)
    left_start = max(clause_start, prev.end if prev and prev.end <= number.start else 0)
    if prev and left_start == prev.end:
        # "547 unit aktif dan 200 ...": the status right after a number is that number's,
        # unless a new subject starts before it ("287 koperasi dan yang aktif 149").
        between = text[left_start:number.start]
        claimed = cues(between, roles())
        new_subject = NEW_SUBJECT.search(between)
        if claimed and claimed[0][2] == "status" and not (
                new_subject and new_subject.start() < claimed[0][0]):
            left_start += claimed[0][1]
    right_end = min(clause_end, nxt.start if nxt else clause_end)
    beyond = re.match(r",\s*(\D{0,25})", text[clause_end:sentence[1]])
    return Context(left=text[left_start:number.start], right=text[number.end:right_end],
                   clause_left=text[max(clause_start, left_start):number.start],
                   scope_left=text[clause_start:number.start],
                   sentence_left=text[sentence[0]:number.start],
                   beyond=beyond.group(1) if beyond else "")


@cache
def present_pattern() -> re.Pattern:
    return phrase_pattern(load("periods")["present"])

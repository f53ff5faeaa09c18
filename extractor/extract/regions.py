"""Region mentions: gazetteer names with their cue words, back-references,
national words and the dateline, resolved to one official code each.

Matching uses spaCy's PhraseMatcher on lower-cased tokens; resolution is
article-level, because "Bogor" means the regency or the city depending on what
the article said before ("Pemkab Bogor ... di Bogor").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.extract.doctext import text_of
from extractor.extract.gazetteer import Gazetteer
from extractor.extract.lexicon import load


@dataclass
class Mention:
    """One region mention in the text, before and after resolution."""

    start: int
    end: int
    text: str
    kind: str
    """name, national, backref, dateline"""
    candidates: tuple[str, ...] = ()
    cue: str | None = None
    """The level the words around the name fix (kabupaten, kota, provinsi, kecamatan)."""
    code: str | None = None
    apposition: bool = False
    """A province named only to place the region before it ("Kota Depok, Jawa Barat")."""
    bare_district: bool = False
    """A district named without 'Kecamatan': used only where no other region is named."""


@dataclass
class PatternInfo:
    candidates: set[str] = field(default_factory=set)
    cue: str | None = None
    kind: str = "name"
    guarded: bool = False
    bare: bool = True


class RegionMatcher:
    """Matches gazetteer names (bare, ~1.5k patterns) with spaCy's PhraseMatcher, then
    reads the cue word before each ("Pemkab", "Kota", "Provinsi") with a regex, so a
    name and its level cue are separate data. Districts are found after "Kecamatan"."""

    def __init__(self, nlp: Language, gaz: Gazetteer):
        self.gaz = gaz
        self.lex = load("regions")
        self.info: dict[str, PatternInfo] = defaultdict(PatternInfo)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.add_gazetteer_patterns()
        self.add_phrases(self.lex["national"]["phrases"], kind="national", candidates={"ID"})
        self.add_phrases(self.lex["national"]["agencies"], kind="agency", candidates={"ID"})
        for level, phrases in self.lex["backrefs"].items():
            self.add_phrases(phrases, kind="backref", cue=None if level == "any" else level)
        for key, doc in zip(self.info, nlp.tokenizer.pipe(self.info), strict=True):
            self.matcher.add(key, [doc])
        self.prefix = {level: re.compile(r"(?:^|(?<=[\s(\"“]))(" + "|".join(
            re.escape(p) for p in sorted(words, key=len, reverse=True)) + r")\s*$",
            re.IGNORECASE) for level, words in self.lex["prefixes"].items()}
        self.districts: dict[str, list[str]] = defaultdict(list)
        self.children: dict[str, list] = defaultdict(list)
        for entry in gaz.regions.values():
            if entry.is_district:
                self.districts[entry.name.lower()].append(entry.code)
                self.children[entry.parent_code].append(entry)
        self.district_cue = self.prefix["kecamatan"]

    def add(self, surface: str, code: str, guarded: bool = False) -> None:
        info = self.info[surface.lower()]
        info.candidates.add(code)
        info.guarded = guarded or info.guarded

    def add_phrases(self, phrases, kind: str, cue: str | None = None, candidates=()) -> None:
        for phrase in phrases:
            info = self.info[phrase.lower()]
            info.kind, info.cue = kind, cue
            info.candidates |= set(candidates)
            info.bare = False

    def add_gazetteer_patterns(self) -> None:
        guarded = set(self.lex["guarded"]["aliases"])
        for entry in self.gaz.regions.values():
            if entry.level in ("provinsi", "kabupaten", "kota"):
                self.add(entry.short_name, entry.code)
        for alias, code, _kind in self.gaz.aliases:
            self.add(alias, code, guarded=alias in guarded)

    def __call__(self, doc: Doc) -> list[Mention]:
        text = text_of(doc)
        spans = [Span(doc, start, end, label=key) for key, start, end in self.matcher(doc)]
        mentions = []
        for span in filter_spans(spans):
            info = self.info[span.label_]
            mention = Mention(span.start_char, span.end_char, span.text, info.kind,
                              tuple(sorted(info.candidates)), info.cue)
            if info.kind == "name":
                self.read_prefix(text, mention)
            if not self.acceptable(span, info, mention):
                continue
            mentions.extend(self.elided_partner(text, mention))
            mentions.append(mention)
        mentions.extend(self.find_districts(text))
        mentions.extend(self.bare_districts(text, mentions))
        return sorted(mentions, key=lambda m: m.start)

    def read_prefix(self, text: str, m: Mention) -> None:
        """'Pemkab Bogor' -> the regency: the word before the name fixes its level."""
        window = text[max(0, m.start - 30):m.start]
        levels = {self.gaz.get(c).level for c in m.candidates}
        for level, pattern in self.prefix.items():
            found = pattern.search(window)
            if found and level in levels:
                m.cue = level
                m.start -= len(window) - found.start()
                m.text = text[m.start:m.end]
                return

    def find_districts(self, text: str) -> list[Mention]:
        """'Kecamatan Sananwetan': district names repeat across the country, so they are
        only taken after the word that says they are districts."""
        found = []
        for cue in re.finditer(r"\b(?:kecamatan|kec\.|camat|kemantren|distrik|kapanewon)\s+",
                               text, re.IGNORECASE):
            words = re.match(r"((?:[A-Z][\w'’-]*\s?){1,4})", text[cue.end():])
            if not words:
                continue
            tokens = words.group(1).split()
            for n in range(len(tokens), 0, -1):
                name = " ".join(tokens[:n])
                codes = self.districts.get(name.lower())
                if codes:
                    end = cue.end() + len(name)
                    found.append(Mention(cue.start(), end, text[cue.start():end], "name",
                                         tuple(sorted(codes)), "kecamatan"))
                    break
        return found

    def acceptable(self, span: Span, info: PatternInfo, mention: Mention) -> bool:
        """Bare names must be capitalised; guarded aliases exact and not sentence-initial;
        'Indonesia' inside an organisation's name is not the country."""
        if info.kind == "national" and span.text[:1].isupper() and span.start > 0:
            previous = span.doc[span.start - 1]
            if previous.text[:1].isupper() and previous.lower_ in self.org_words:
                return False
        if info.bare and mention.cue is None and not span.text[:1].isupper():
            return False
        return not (info.guarded and mention.cue is None and (
            span.start == 0 or span.doc[span.start].is_sent_start))

    @property
    def org_words(self) -> set[str]:
        return set(self.lex["national"]["org_words_before"])

    def bare_districts(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'Denpasar Selatan 214 koperasi': a district named without 'Kecamatan' counts when
        its regency or city is named in the article and its name is no region of its own."""
        parents = frozenset(c for m in mentions if m.kind == "name" for c in m.candidates
                            if self.gaz.get(c).level in ("kabupaten", "kota"))
        pattern, names = self.district_pattern(parents)
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            overlapping = [m for m in mentions if m.start < match.end() and match.start() < m.end]
            # "Denpasar Selatan" is the district, not "Denpasar" the city inside it.
            if any(m.end - m.start >= match.end() - match.start() for m in overlapping):
                continue
            for m in overlapping:
                mentions.remove(m)
            found.append(Mention(match.start(), match.end(), match.group(0), "name",
                                 tuple(names[match.group(0)]), "kecamatan", bare_district=True))
        return found

    @lru_cache(maxsize=256)  # noqa: B019  one matcher per pipeline; bounded
    def district_pattern(self, parents: frozenset[str]
                         ) -> tuple[re.Pattern | None, dict[str, list[str]]]:
        """The districts of these regencies/cities whose names are no region of their own."""
        names: dict[str, list[str]] = {}
        for parent in sorted(parents):
            for entry in self.children.get(parent, ()):
                if len(entry.name) > 3 and entry.name.lower() not in self.info:
                    names.setdefault(entry.name, []).append(entry.code)
        if not names:
            return None, names
        pattern = re.compile(r"(?<![\w-])(" + "|".join(
            re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
        return pattern, names

    def elided_partner(self, text: str, m: Mention) -> list[Mention]:
        """'Kabupaten dan Kota Tasikmalaya' names two regions; the first one's name is elided."""
        if m.cue not in ("kabupaten", "kota"):
            return []
        before = re.search(r"\b(Kabupaten|Kab\.|Kota|Pemkab|Pemkot)\s+(?:dan|serta|&)\s+$",
                           text[max(0, m.start - 25):m.start], re.IGNORECASE)
        if not before:
            return []
        level = "kota" if before.group(1).lower() in ("kota", "pemkot") else "kabupaten"
        name = self.gaz.get(m.candidates[0]).short_name if m.candidates else None
        partner = [e.code for e in self.gaz.regions.values()
                   if e.level == level and e.short_name == name]
        if not partner or level == m.cue:
            return []
        start = m.start - len(before.group(0))
        return [Mention(start, start + len(before.group(1)), before.group(1), "name",
                        tuple(partner), level)]


DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’.\- ]{1,40}?)\s*(?:,\s*[A-Za-z ]{3,30})?\s*"
    r"(?:\([A-Za-z .]{2,30}\))?\s*[-–—]{1,2}\s", re.MULTILINE)


def find_dateline(text: str, matcher: RegionMatcher) -> Mention | None:
    """'SEKAYU –', 'Depok (ANTARA) -', 'Bangil (Humas) –': the place a story was filed.
    A district seat names its regency, so district names resolve to their parent."""
    head = text[:1500]
    for match in DATELINE.finditer(head):
        place = match.group("place").strip()
        if re.search(r"\.(?:com|id|co|net)\b", place, re.IGNORECASE) or len(place) < 3:
            continue
        codes = dateline_codes(place, matcher)
        if codes:
            return Mention(match.start("place"), match.end("place"), place, "dateline",
                           tuple(sorted(codes)))
    return None


def dateline_codes(place: str, matcher: RegionMatcher) -> set[str]:
    key = place.lower()
    info = matcher.info.get(key)
    if info and info.kind == "name" and info.bare:
        return set(info.candidates)
    districts = {e.parent_code for e in matcher.gaz.regions.values()
                 if e.is_district and e.name.lower() == key}
    return districts


class RegionResolver:
    """Gives every mention one code, reading the article in order."""

    def __init__(self, gaz: Gazetteer, lex: dict):
        self.gaz = gaz
        self.lex = lex

    def resolve(self, text: str, mentions: list[Mention], title_mentions: list[Mention],
                dateline: Mention | None) -> list[Mention]:
        self.mark_appositions(text, mentions)
        self.mark_capitals(text, mentions)
        context = [m for m in title_mentions + mentions if m.kind == "name"]
        history: list[Mention] = []
        for m in title_mentions + mentions:
            if m.kind == "backref":
                m.code = self.resolve_backref(m, history, dateline, context)
            else:
                m.code = self.pick(m, history, context)
            if m.code and not m.apposition and m.kind not in ("agency", "backref"):
                history.append(m)
        if dateline:
            dateline.code = self.pick(dateline, history, context)
        return mentions

    def pick(self, m: Mention, history: list[Mention], context: list[Mention]) -> str | None:
        candidates = [c for c in m.candidates if c in self.gaz.regions or c == "ID"]
        if m.cue:
            candidates = [c for c in candidates if c == "ID" or self.gaz.get(c).level == m.cue]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        # The same name fixed by a cue word earlier (or later) in the article decides.
        for earlier in reversed(history):
            if earlier.code in candidates and earlier.cue:
                return earlier.code
        for other in context:
            if other.cue and other.code in candidates:
                return other.code
            if other.cue and len(other.candidates) == 1 and other.candidates[0] in candidates:
                return other.candidates[0]
        # A district or shared name elsewhere: prefer the one inside a region the article names.
        # The narrowest such region decides: a Kecamatan Simpang Empat in an article
        # about Kabupaten Tanah Bumbu, Kalimantan Selatan is Tanah Bumbu's, though
        # Kalimantan Selatan has another.
        named = {c for other in context for c in other.candidates if len(other.candidates) == 1}
        depth = {c: max((n.count(".") + 1 for n in named if self.gaz.contains(n, c) and n != c),
                        default=0) for c in candidates}
        deepest = max(depth.values())
        inside = [c for c in candidates if deepest and depth[c] == deepest]
        if len(inside) == 1:
            return inside[0]
        provinces = [c for c in candidates if self.gaz.get(c).level == "provinsi"]
        if provinces:
            return provinces[0]
        if m.kind == "name" and m.cue == "kecamatan":
            return None  # too many districts share a name to guess
        return candidates[0]

    def resolve_backref(self, m: Mention, history: list[Mention], dateline: Mention | None,
                        context: list[Mention]) -> str | None:
        for earlier in reversed(history):
            if earlier.code == "ID" or earlier.code is None:
                continue
            level = self.gaz.get(earlier.code).level
            # "Pemerintah Kecamatan Kawangkoan ... di wilayahnya": a district named with its
            # cue word can be what "wilayahnya" points to; one named bare is not.
            named_district = level == "kecamatan" and not earlier.bare_district
            if m.cue == level or m.cue is None and (level != "kecamatan" or named_district):
                return earlier.code
        if dateline:
            return self.pick(dateline, history, context)
        return None

    def mark_appositions(self, text: str, mentions: list[Mention]) -> None:
        """'Kota Depok, Jawa Barat', 'Kecamatan Cibinong, Kabupaten Bogor', 'Kabupaten Tana
        Tidung di Kalimantan Utara': the region after only places the one before it."""
        for before, after in zip(mentions, mentions[1:], strict=False):
            gap = text[before.end:after.start]
            if after.kind != "name" or not re.fullmatch(
                    r"\s*(?:\([^)]*\))?\)?\s*(?:,|di|,\s*di)\s*(?:provinsi\s+)?", gap,
                    re.IGNORECASE):
                continue  # "Kota Depok, Jawa Barat", "Kabupaten Tana Tidung di Kalimantan Utara"
            inner = self.fitting(before)
            outer = self.fitting(after)
            if inner and any(self.gaz.once_contained(p, c) and p != c
                             for p in outer for c in inner):
                after.apposition = True

    def fitting(self, m: Mention) -> list[str]:
        """The candidates the mention's cue word allows ('Kota Jambi' is not the province)."""
        known = [c for c in m.candidates if c in self.gaz.regions]
        return [c for c in known if not m.cue or self.gaz.get(c).level == m.cue] or known

    def mark_capitals(self, text: str, mentions: list[Mention]) -> None:
        """'ibu kota Jateng' is the province's capital city."""
        words = "|".join(re.escape(w) for w in self.lex["capital"]["phrases"])
        for m in mentions:
            window = text[max(0, m.start - 20):m.start]
            phrase = re.search(rf"(?:{words})\s+(?:provinsi\s+)?$", window, re.IGNORECASE)
            if m.kind != "name" or not phrase:
                continue
            capitals = [self.gaz.capitals[c] for c in m.candidates if c in self.gaz.capitals]
            if capitals:
                m.candidates, m.cue = (capitals[0],), "kota"
                m.start -= len(window) - phrase.start()  # the mention is "ibu kota Jateng"
                m.text = text[m.start:m.end]

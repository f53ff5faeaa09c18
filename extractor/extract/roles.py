"""The field of each count of cooperatives: total, active, inactive, healthy,
unhealthy, dissolved, or none (a subset something happens to).

How Indonesian news phrases it, in order of reliability:
1. the status right after the number ("1.021 koperasi masih aktif", "872 lainnya
   tidak aktif", "41 koperasi dinyatakan sehat", "64 koperasi diusulkan dibubarkan");
2. "X dari Y ..." where Y is the total and X takes the status after Y;
3. an event or subset word in the same clause ("pelatihan bagi 80 koperasi");
4. the status before the number ("koperasi aktif di Muba berjumlah 287 unit");
5. a total cue ("tercatat", "memiliki", "dari 400 koperasi");
6. the field of the figure before it in a parallel or anaphoric construction
   ("... dengan 14.706 unit dan Jawa Tengah dengan 12.190 unit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.extract.lexicon import RoleLexicon, roles
from extractor.extract.numbers import NumberMention

CLAUSE_BREAK = re.compile(r"[.;!?]|,(?!\s*(?:yakni|yaitu|ialah|adalah|atau\s+sekitar)\b)|\n")
STRONG, WEAK = "strong", "weak"


@dataclass
class Role:
    field: str | None
    """A record field, or None when the number is not a count of that region's cooperatives."""
    strength: str
    cue: str = ""
    same_region: bool = False
    """Set on a parallel role: the figure it continues is of the same region."""


@dataclass
class Context:
    """The text around one number, bounded by its clause and its neighbours."""

    left: str
    """From the clause start (or the previous number) to the number."""
    right: str
    """From the number to the clause end (or the next number)."""
    clause_left: str
    """From the clause start (or the previous number of the clause) to the number."""
    sentence_left: str
    scope_left: str = ""
    """From the clause start to the number, across earlier numbers: where events, types
    and plans that govern the whole clause are found."""
    beyond: str = ""
    """The start of the next clause: ", terdiri atas ..." still speaks of this number."""


# "244 unit dan yang aktif 139 unit": what follows "dan yang" speaks of the next figure.
NEW_SUBJECT = re.compile(r"\s(?:dan|serta|sedangkan|sementara|namun|tetapi)\s+(?:yang|koperasi)\b"
                         r"|\s(?:karena|sehingga|setelah|sebelum|akibat|lantaran|meski|meskipun|"
                         r"walaupun|agar|supaya|ketika)\s", re.IGNORECASE)


def clause_bounds(text: str, start: int, end: int, sent_start: int, sent_end: int
                  ) -> tuple[int, int]:
    left = sent_start
    for match in CLAUSE_BREAK.finditer(text, sent_start, start):
        left = match.end()
    right = sent_end
    position = end
    while True:
        right_match = CLAUSE_BREAK.search(text, position, sent_end)
        if not right_match:
            break
        right = right_match.start()
        # "Sisanya, 307 unit, tidak aktif": a status after the comma still belongs here.
        rest = text[right_match.end():sent_end]
        if right_match.group(0) == "," and (starts_with_status(rest) or is_apposition(rest)):
            position = right_match.end()
            right = sent_end
            continue
        break
    new_subject = NEW_SUBJECT.search(text, end, right)
    if new_subject:
        right = new_subject.start()
    return left, right


def is_apposition(text: str) -> bool:
    """', Nusa Tenggara Timur (NTT), resmi dibubarkan': a short aside, then the clause goes on."""
    aside = re.match(r"([^,.;\d]{2,60}),", text)
    return bool(aside) and len(aside.group(1).split()) <= 5 and aside.group(1).strip()[:1].isupper()


def starts_with_status(text: str) -> bool:
    """', tidak aktif', ', sudah lama tidak bergerak': a status, after a few adverbs."""
    lex = roles()
    match = lex.any_status.match(text, lex.before_status.match(text).end())
    return bool(match) and not re.match(r"\s*\d", text)


def matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    return list(pattern.finditer(text))


def overlapping_matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    """The longest match at every word start, so that phrases may overlap
    ("berstatus aktif" and "aktif dan sehat" in "berstatus aktif dan sehat")."""
    found = []
    for word in re.finditer(r"(?<![\w-])[\w±]", text):
        match = pattern.match(text, word.start())
        if match:
            found.append(match)
    return found


def cues(text: str, lex: RoleLexicon) -> list[tuple[int, int, str, str | None]]:
    """Status and event phrases in `text` as (start, end, kind, field), in order; a
    status inside an event phrase ("usulan pembubaran") is the event's."""
    events = [(m.start(), m.end(), "event", None) for m in matches(lex.events, text)]
    statuses = [(m.start(), m.end(), "status", status_of(m.group(0), lex))
                for m in overlapping_matches(lex.any_status, text)]
    statuses = [s for s in statuses
                if not any(e[0] <= s[0] and s[1] <= e[1] and e[1] - e[0] > s[1] - s[0]
                           for e in events)]
    events = [e for e in events
              if not any(s[0] <= e[0] and e[1] <= s[1] and s[1] - s[0] > e[1] - e[0]
                         for s in statuses)]
    # A status inside a longer one is part of it ("aktif" in "tidak aktif"); of two
    # that overlap, the fuller phrase ends later ("berstatus aktif dan sehat").
    statuses = [s for s in statuses
                if not any(o is not s and o[0] <= s[0] and s[1] <= o[1]
                           and o[1] - o[0] > s[1] - s[0] for o in statuses)]
    statuses = [s for s in statuses
                if not any(o is not s and o[0] < s[1] and s[0] < o[1] and o[1] > s[1]
                           for o in statuses)]
    return sorted(events + statuses)


def cues_across(text: str, lex: RoleLexicon) -> list[tuple[int, int, str, str | None]]:
    """The cues that reach a number from further back in its clause: not those that
    only govern the number right after them ("pembubaran 97", "di bawah 300")."""
    return [c for c in cues(text, lex) if text[c[0]:c[1]].lower() not in lex.governing_only]


def before_status(right: str, lex: RoleLexicon) -> str:
    """The words after a number up to the status they give it: in '108 koperasi lainnya
    tidak aktif dan akan didata ulang' the plan is for the inactive ones, which are
    already a stock; in '50 koperasi akan dibubarkan' the plan comes first."""
    statuses = [c for c in cues(right, lex) if c[2] == "status" and c[3]]
    return right[:statuses[0][0]] if statuses else right


def status_of(phrase: str, lex: RoleLexicon) -> str | None:
    for label, pattern in lex.status.items():
        if pattern.fullmatch(phrase.strip()):
            return None if label == "none" else label
    return None


def cue_role(cue: tuple[int, int, str, str | None], text: str) -> Role:
    return Role(cue[3] if cue[2] == "status" else None, STRONG, text[cue[0]:cue[1]])


def classify(ctx: Context, parallel: Role | None, lex: RoleLexicon | None = None) -> Role:
    """The field of one count from the words around it (see the module docstring)."""
    lex = lex or roles()
    if (lex.type_after.match(ctx.right) or type_in(ctx.scope_left, lex)
            or lex.as_type.search(ctx.right)
            or lex.by_type.search(ctx.sentence_left)):
        return Role(None, STRONG, "type")
    if lex.irrealis.search(ctx.scope_left) or lex.irrealis.search(before_status(ctx.right, lex)):
        return Role(None, STRONG, "target or plan")
    if lex.change.search(ctx.left):
        return Role(None, STRONG, "change")  # "bertambah 42 unit": a difference, not a stock
    if lex.share_of.search(ctx.clause_left.replace("%", " persen")):
        # "36 persen dari total 6.912 koperasi yang berada dalam pembinaan dinas": the
        # share is of the whole, whatever the sentence says about the share.
        return Role("total", STRONG, "share of")
    # A verb right before the number governs it: "mengusulkan 64", "membubarkan 218".
    # Phrases are found whole in the clause ("yang tidak aktif mencapai 872").
    window = len(ctx.clause_left) - len(last_words(ctx.left, 2))
    governing = [c for c in cues(ctx.clause_left, lex) if c[1] > window]
    if governing:
        return cue_role(governing[-1], ctx.clause_left)
    right = cues(ctx.right, lex)
    if right:
        return cue_role(right[0], ctx.right)
    left = cues_across(ctx.clause_left, lex)
    comparison = lex.comparison.search(ctx.left)
    if comparison:
        if left and left[-1][2] == "status":
            return cue_role(left[-1], ctx.clause_left)
        if "sisa" in comparison.group(0).lower() and (
                parallel and parallel.field == "dissolved"
                or any(c[3] == "dissolved" for c in cues(ctx.sentence_left, lex))):
            # "Setelah pembubaran, sekarang koperasi di Tapin tersisa 176 unit"
            return Role("total", WEAK, "remaining after dissolution")
        if lex.total_subject.search(ctx.clause_left):
            return Role("total", WEAK, "total compared")
        if parallel:
            return Role(parallel.field, WEAK, "comparison")
    of = re.search(r"(\S+)\s+dari\s+(?:total\s+|jumlah\s+|keseluruhan\s+|sebanyak\s+)?$",
                   ctx.clause_left, re.IGNORECASE)
    if of and of.group(1).lower() not in ("lebih", "kurang"):
        if lex.other_nouns.fullmatch(of.group(1)) or clause_event(ctx, lex):
            return Role(None, STRONG, "participants' origin")
        return Role("total", STRONG, "dari")
    if left:
        return cue_role(left[-1], ctx.clause_left)
    if clause_event(ctx, lex):
        return Role(None, STRONG, "clause event")
    topic = fronted_status(ctx.sentence_left, lex)
    if topic:
        return topic
    totals = (total_cues_before(ctx.left, lex) + matches(lex.total_after, ctx.right)
              + [m for m in [lex.total_after.match(ctx.beyond)] if m])
    strong = [t for t in totals if t.group(0).lower() not in lex.weak_total]
    if strong:
        return Role("total", STRONG, strong[-1].group(0))
    if has_predicate(aside_of(ctx)):
        return Role(None, WEAK, "subject of an action")
    if parallel and parallel.field is None and not totals:
        return Role(None, WEAK, "parallel")
    if parallel and parallel.field and not (totals and parallel.same_region):
        return Role(parallel.field, WEAK, "parallel")
    if totals:
        return Role("total", WEAK, totals[-1].group(0))
    sentence = [c for c in cues(ctx.sentence_left, lex) if c[2] == "status" and c[3]]
    if sentence:
        return Role(sentence[-1][3], WEAK, "sentence")
    return Role("total", WEAK, "default")


def fronted_status(sentence_left: str, lex: RoleLexicon) -> Role | None:
    """'Yang aktif, artinya masih ada kegiatan usaha, itu 604': a status put first as
    the sentence's topic gives its field to the first number after it, when nothing
    in between (another number, another status) speaks against it."""
    topics = list(lex.fronted_status.finditer(sentence_left))
    if not topics:
        return None
    topic = topics[-1]
    field = status_of(topic.group("status"), lex)
    between = sentence_left[topic.end():]
    if field is None or re.search(r"\d", between) or lex.topic_ends.search(between):
        return None
    if re.search(r"\d[\d.,]*(?:-an)?\s*(?:unit|koperasi)?\s*$", sentence_left[:topic.start()]):
        return None  # "171 yang aktif": the status of that number, not a topic
    if any(c[2] == "status" and c[3] != field for c in cues(between, lex)):
        return None  # an event in between describes the topic: "yang rutin RAT"
    return Role(field, WEAK, "fronted status")


def total_cues_before(left: str, lex: RoleLexicon) -> list[re.Match]:
    """Total cues before the number. 'dari' says the whole only right before it ('dari
    780 koperasi'); further back it is an origin ('15 koperasi dari Simalungun dan
    sembilan'). 'Total simpanan', 'jumlah anggota' total something else."""
    found = []
    for m in matches(lex.total_before, left):
        phrase = m.group(0).lower()
        if phrase.startswith("dari") and left[m.end():].strip():
            continue
        if lex.measures.match(left[m.end():].lstrip()):
            continue
        found.append(m)
    return found


def aside_of(ctx: Context) -> str:
    """The words after the number that speak of it: in 'Polewali Mandar (312 koperasi)
    masih menjadi ...' the bracket closes before the verb, whose subject is the region."""
    if ctx.left.rstrip().endswith("("):
        return ctx.right.split(")")[0]
    return ctx.right


VERB = re.compile(r"\b(?:me[mn]?g?y?|ber|di|ter|ikut|sudah|telah|akan|siap|mulai)[a-z]{3,}\b"
                  r"|\b(?:ikut|sudah|telah|akan|siap|mulai|mau|bisa|dapat)\b", re.IGNORECASE)


def has_predicate(right: str) -> bool:
    """'Sebanyak 85 koperasi ikut memamerkan produk': the number is the subject of an
    action, so it counts the ones taking part, not the region's stock. Place phrases
    ('di Kota X') and prepositions that look like verbs ('berdasarkan') are not."""
    words = re.sub(r"\bdi\s+\S+", " ", right)
    words = roles().not_predicates.sub(" ", words)
    return bool(VERB.search(words))


def type_in(text: str, lex: RoleLexicon) -> bool:
    """A type of cooperative named in the clause ('koperasi produsen ... yang jumlahnya
    196 unit'), but not inside a title ('publikasi Statistik Koperasi Simpan Pinjam')."""
    for match in matches(lex.type_breakdown, text):
        before = re.search(r"(\S+)\s+$", text[:match.start()])
        in_title = match.group(0)[:1].isupper() and before and before.group(1)[:1].isupper()
        if not in_title:
            return True
    return False


def clause_event(ctx: Context, lex: RoleLexicon) -> bool:
    """An event earlier in the clause that no status follows ('Usulan pembubaran ...
    berasal dari Kabupaten Banyumas dengan 112 koperasi dan Kabupaten Cilacap 97')."""
    found = cues_across(ctx.scope_left, lex)
    return bool(found) and found[-1][2] == "event"


def last_words(text: str, n: int) -> str:
    words = re.findall(r"\S+\s*", text)
    return "".join(words[-n:])




def of_construction(text: str, number: NumberMention, nxt: NumberMention | None
                    ) -> bool:
    """'600 dari 780 unit koperasi ... aktif': the first number is a part of the second."""
    if nxt is None:
        return False
    between = text[number.end:nxt.start]
    return bool(roles().of_whole.fullmatch(between))

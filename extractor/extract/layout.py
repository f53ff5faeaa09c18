"""The shape of the article text: which lines are the article's own reporting,
which are headings, tables or lists, and which are links to other stories.

Figures in "Baca juga" lines and lists of other headlines are not facts of the
article (ANNOTATION.md), in plain text as much as in HTML. Headlines are not
used as evidence either: a headline figure is either repeated in the body or a
rounding of it ("2,1 Ribu" for 2.146).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.extract.lexicon import load

SENTENCE_END = re.compile(r"[.!?…:\"”’)\]]\s*$")
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–·]|[a-z][.)])\s+")


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: str
    """body, heading, table, list, link, related, blank"""

    @property
    def is_fact(self) -> bool:
        return self.kind in ("body", "table", "list")


def paragraph_spans(lines: list[Line]) -> list[tuple[int, int]]:
    return [(line.start, line.end + 1) for line in lines if line.kind != "blank"]


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(offset, offset + len(raw), raw, "blank" if not raw.strip() else "body"))
        offset += len(raw) + 1
    return lines


def classify_lines(text: str, title: str | None = None) -> list[Line]:
    data = load("layout")
    title_key = normalise(title) if title else None
    prefixes = tuple(data["link_prefixes"])
    markers = set(data["list_markers"])
    lines = split_lines(text)
    tabular = table_lines(lines)
    in_related = False
    for index, line in enumerate(lines):
        if line.kind == "blank":
            continue
        stripped = line.text.strip()
        lowered = stripped.lower().rstrip(":").strip()
        if title_key and normalise(stripped) == title_key:
            line.kind = "heading"
        elif lowered in markers:
            line.kind, in_related = "related", True
        elif stripped.lower().startswith(prefixes):
            line.kind = "link"
        elif index in tabular:
            line.kind, in_related = "table", False
        elif LIST_ITEM.match(stripped) and looks_like_headline(LIST_ITEM.sub("", stripped)):
            line.kind = "related"
        elif LIST_ITEM.match(stripped) and has_data(stripped):
            line.kind = "list"
        elif looks_like_heading(stripped):
            line.kind = "related" if in_related else "heading"
        else:
            in_related = False
    settle_list_runs(lines)
    return lines


def settle_list_runs(lines: list[Line]) -> None:
    """A list is one kind of thing: in '1. Kabupaten Konawe Selatan (Konsel), 412
    koperasi' then '2. Kabupaten Kolaka, 305 koperasi', the capitalised first item is
    a data item like the others, not a headline. A list right under a 'Berita terkait'
    marker is a list of other stories, however its items read."""
    for run in list_runs(lines):
        before = [line for line in lines[:lines.index(run[0])] if line.kind != "blank"]
        if before and before[-1].kind == "related":
            for line in run:
                line.kind = "related"
            continue
        kinds = [line.kind for line in run]
        if kinds.count("list") * 2 > len(run):
            for line in run:
                if line.kind == "related" and has_data(line.text):
                    line.kind = "list"


def list_runs(lines: list[Line]) -> list[list[Line]]:
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.kind in ("list", "related") and LIST_ITEM.match(line.text):
            current.append(line)
        elif line.kind != "blank" or not current:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def is_table_row(line: str) -> bool:
    return line.count("|") >= 2 or line.count("\t") >= 1


COLUMN_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def is_aligned_row(line: str) -> bool:
    """'Jawa Timur      31.120    22.845': columns lined up with runs of spaces."""
    return len(COLUMN_GAP.findall(line.strip())) >= 2 and not SENTENCE_END.search(line)


# An infographic cell: 'Aktif: 803', '2021 - Jumlah: 1.204'.
LABELLED = re.compile(r"(?:(?P<year>(?:19|20)\d\d)\s*[-\u2013:]\s*)?(?P<label>[^:|\d]+?)\s*:\s*"
                      r"(?P<value>[^:|]+)")


def labelled_cells(cells: list[str]) -> list[re.Match] | None:
    """'Total: 1.187 | Aktif: 776': two or more label-value cells side by side, each
    with a figure; their matches, else None."""
    matched = [LABELLED.fullmatch(c.strip()) for c in cells]
    if len(cells) < 2 or not all(m and has_data(m.group("value")) for m in matched):
        return None
    return matched


def is_labelled_row(line: str) -> bool:
    return labelled_cells(line.strip().strip("|").split("|")) is not None


def table_lines(lines: list[Line]) -> set[int]:
    """The indices of table rows: '| Aktif | 73 |' alone; 'Aktif | 73' when the lines
    around it share the same single bar (a table typed without its borders); columns
    aligned with spaces when a line next to it is aligned too."""
    rows = set()
    for index, line in enumerate(lines):
        neighbours = lines[max(0, index - 1):index] + lines[index + 1:index + 2]
        if is_table_row(line.text.strip()) or is_labelled_row(line.text):
            rows.add(index)
        elif line.text.count("|") == 1:
            if any(n.text.count("|") == 1 for n in neighbours):
                rows.add(index)
        elif is_aligned_row(line.text) and any(is_aligned_row(n.text) for n in neighbours):
            rows.add(index)
    return rows


def has_data(line: str) -> bool:
    return bool(re.search(r"\d|\b(?:se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)",
                          line, re.IGNORECASE))


def looks_like_headline(line: str) -> bool:
    """'- Gresik Rilis Rapor Koperasi, 209 Sehat': a list item in headline case is a link
    to another story; a data item reads 'Kota Palembang: 298 unit'."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line)]
    if ":" in line or len(words) < 4 or SENTENCE_END.search(line):
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.6


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation, not a data line ("Siak: 438 unit")."""
    if SENTENCE_END.search(line) or ":" in line or ";" in line:
        return False
    if len(re.findall(r"\d[\d.,]*", line)) >= 2 and re.search(r"\s[-–—]\s", line):
        return False  # "Kabupaten Sukoharjo - total 593 koperasi, aktif 402"
    return len(line.split()) <= 25

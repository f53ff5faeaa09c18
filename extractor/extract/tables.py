"""Tables in the article body ("| Tahun | Jumlah | Aktif | Tidak Aktif |"): the
header says each column's field, the first cell the row's region or year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.extract.counts import CountMention
from extractor.extract.gazetteer import gazetteer
from extractor.extract.layout import COLUMN_GAP, Line, labelled_cells
from extractor.extract.lexicon import load, roles
from extractor.extract.numbers import NumberMention, find_numbers
from extractor.extract.regions import Mention
from extractor.extract.roles import Role, status_of


@dataclass
class Cell:
    start: int
    end: int
    text: str


def cells_of(line: Line) -> list[Cell]:
    """The cells of a row split at bars, tabs, or (columns aligned by hand) two spaces."""
    text = line.text
    if "|" in text:
        gap = r"\|"
    elif "\t" in text:
        gap = r"\t"
    else:
        gap = COLUMN_GAP.pattern
    cells, offset = [], 0
    for separator in [*re.finditer(gap, text), None]:
        end = separator.start() if separator else len(text)
        raw = text[offset:end]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        cells.append(Cell(line.start + offset + lead, line.start + offset + lead + len(stripped),
                          stripped))
        offset = separator.end() if separator else end
    if "|" in text and text.strip().startswith("|"):
        cells = cells[1:-1]
    elif gap == COLUMN_GAP.pattern:
        cells = [c for c in cells if c.text]
    return cells


def column_field(header: str) -> str | None:
    """'Jumlah Koperasi' -> total, 'Tidak Aktif' -> inactive, 'Anggota' -> None."""
    lex = roles()
    text = header.strip()
    if not text:
        return None
    status = lex.any_status.search(text)
    if status and status.group(0).lower() == text.lower().replace("koperasi", "").strip():
        return status_of(status.group(0), lex)
    if status and not lex.other_nouns.search(text):
        return status_of(status.group(0), lex)
    if re.search(r"\b(?:jumlah|total|terdaftar|tercatat|koperasi)\b", text, re.IGNORECASE) \
            and not lex.other_nouns.search(text) and not lex.events.search(text):
        return "total"
    return None


@dataclass
class TableState:
    """What the rows read so far say about the ones to come."""

    fields: list[str | None]
    """Each column's field, from a header such as '| Kecamatan | Aktif | Tidak Aktif |'."""
    periods: list[str | None]
    """Each column's year, from a header such as '| Provinsi | 2022 | 2023 |'."""
    caption_region: Mention | None
    caption_field: str | None
    """'Koperasi aktif menurut provinsi (unit)': the field of a table whose columns are years."""
    intro_year: str | None
    """The year the line introducing the table names ('... tahun 2022:')."""
    district_rows: bool = False
    """The label column is headed 'Kecamatan' (or 'Kapanewon', 'Distrik'...): its
    names are districts of the table's region, even one that is also a city's name."""


def caption_field(text: str) -> str | None:
    """The field of figures a caption or introduction announces: the status it names
    ('Koperasi aktif menurut provinsi'), else the count of cooperatives ('Data koperasi
    ... sebagai berikut'), unless it counts something of theirs ('anggota koperasi')."""
    lex = roles()
    status = lex.any_status.search(text)
    if status:
        return status_of(status.group(0), lex)
    if lex.cooperative_nouns.search(text) and not lex.measures.search(text):
        return "total"
    return None


def table_counts(lines: list[Line], mentions: list[Mention],
                 context_region: Mention | None) -> list[CountMention]:
    counts: list[CountMention] = []
    state = None
    for index, line in enumerate(lines):
        if line.kind != "table":
            state = state if line.kind == "blank" else None
            continue
        if state is None:
            state = new_table(lines, index, context_region)
        cells = cells_of(line)
        if all(re.fullmatch(r"[-:| ]*", c.text) for c in cells):
            continue  # markdown separator row
        if read_header(line, cells, state, mentions):
            continue
        labelled = labelled_counts(line, cells, state)
        if labelled:
            counts.extend(labelled)
        elif state.periods:
            counts.extend(period_row_counts(line, cells, state, mentions))
        elif state.fields:
            counts.extend(row_counts(line, cells, state, mentions))
        else:
            counts.extend(key_value_count(line, cells, state, mentions))
    return counts


def new_table(lines: list[Line], index: int, region: Mention | None) -> TableState:
    intro = next((line for line in reversed(lines[:index]) if line.kind != "blank"), None)
    intro_field = caption_field(intro.text) if intro and intro.kind == "body" else None
    # 'Berikut data koperasi tahun 2022:', or a caption 'KOPERASI LOMBOK TIMUR 2023'
    years = set(YEAR.findall(intro.text)) if intro and intro.kind in ("body", "heading") else set()
    return TableState([], [], region, intro_field, years.pop() if len(years) == 1 else None)


YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def read_header(line: Line, cells: list[Cell], state: TableState,
                mentions: list[Mention]) -> bool:
    """Take a header or caption row into the table's state; False for a data row."""
    numbers = [find_numbers(c.text) for c in cells]
    value_cells = numbers[1:]
    if value_cells and all(ns and all(n.kind == "year" for n in ns) for ns in value_cells):
        state.periods = [None] + [str(int(ns[0].value)) for ns in value_cells]
        state.district_rows = names_districts(cells[0].text)
        return True
    if any(n for n in value_cells):
        return False
    header = [column_field(c.text) for c in cells]
    if any(header[1:]) or (len(cells) > 1 and any(header)):
        state.fields, state.periods = header, []
        state.district_rows = names_districts(cells[0].text)
    else:
        state.caption_region = region_in(mentions, line.start, line.end) or state.caption_region
        state.caption_field = caption_field(" ".join(c.text for c in cells)) or state.caption_field
    return True


def names_districts(header: str) -> bool:
    words = load("regions")["prefixes"]["kecamatan"]
    return header.strip().lower().rstrip(".") in {w.rstrip(".") for w in words}


def row_region(cell: Cell, state: TableState, mentions: list[Mention]) -> Mention | None:
    """The region a row's label names: a district of the table's region when the
    column holds districts ('| Depok |' under 'Kapanewon' in Sleman is not Kota
    Depok), else the region found in the cell."""
    parent = state.caption_region.code if state.caption_region else None
    code = districts_of(parent).get(cell.text.strip().casefold()) if (
        state.district_rows and parent) else None
    if code:
        return Mention(cell.start, cell.end, cell.text, "name", (code,), cue="kecamatan",
                       code=code)
    return region_in(mentions, cell.start, cell.end)


@cache
def districts_of(parent: str) -> dict[str, str]:
    """The districts of a regency or city by their names, casefolded."""
    found = {}
    for entry in gazetteer().regions.values():
        if entry.parent_code == parent and entry.level == "kecamatan":
            found[entry.name.casefold()] = found[entry.short_name.casefold()] = entry.code
    return found


def period_row_counts(line: Line, cells: list[Cell], state: TableState,
                      mentions: list[Mention]) -> list[CountMention]:
    """'| Jambi | 1.984 | 2.037 |' under '| Provinsi | 2022 | 2023 |': one figure a year,
    of the field the row label ('Tidak aktif') or else the caption names."""
    label = cells[0].text
    region = row_region(cells[0], state, mentions)
    lex = roles()
    if lex.measures.search(label) or lex.events.search(label) or (
            region is None and lex.other_nouns.search(label)):
        return []  # '| Anggota (orang) | 21.460 | 22.905 |'
    field = column_field(label) or state.caption_field
    if field is None:
        return []
    region = region or state.caption_region
    counts = []
    for cell, period in zip(cells[1:], state.periods[1:], strict=False):
        number = single_count(cell)
        if number and period:
            counts.append(CountMention(number, (line.start, line.end),
                                       Role(field, "strong", "table"), region=region,
                                       period=period, source="table"))
    return counts


def single_count(cell: Cell) -> NumberMention | None:
    """The cell's one whole number, placed in the article's text."""
    found = [n for n in find_numbers(cell.text) if n.kind in ("number", "year")]
    if len(found) != 1 or not float(found[0].value).is_integer():
        return None
    n = found[0]
    return NumberMention(cell.start + n.start, cell.start + n.end, n.value, n.text,
                         qualifier=n.qualifier)


def row_counts(line: Line, cells: list[Cell], state: TableState,
               mentions: list[Mention]) -> list[CountMention]:
    fields, intro_year = state.fields, state.intro_year
    label_cells = [c for c, f in zip(cells, fields, strict=False) if f is None]
    region = next((r for c in label_cells if (r := row_region(c, state, mentions))),
                  state.caption_region)
    year = next((y for c in label_cells if (y := YEAR.fullmatch(c.text))), None)
    # '| Aktif | 598 |' under a generic 'Jumlah' column: the row label names the field.
    label_field = next((f for c in label_cells if (f := column_field(c.text))), None)
    counts = []
    for cell, field in zip(cells[1:], fields[1:], strict=False):
        if field == "total" and label_field:
            field = label_field
        if field is None:
            continue
        number = single_count(cell)
        if number is None:
            continue
        counts.append(CountMention(number, (line.start, line.end), Role(field, "strong", "table"),
                                   region=region, period=year.group(1) if year else intro_year,
                                   source="table"))
    return counts


def labelled_counts(line: Line, cells: list[Cell], state: TableState) -> list[CountMention]:
    """An infographic line, every cell its own label: 'Total: 1.204 | Aktif: 803 |
    Tidak aktif: 401', led by its year or not ('2021 - Jumlah: 1.204 | Aktif: 803')."""
    matched = labelled_cells([c.text for c in cells])
    if matched is None:
        return []
    lead_year = matched[0].group("year")
    counts = []
    for cell, match in zip(cells, matched, strict=True):
        field = column_field(match.group("label"))
        value = Cell(cell.start + match.start("value"), cell.start + match.end("value"),
                     match.group("value"))
        number = single_count(value)
        if field and number:
            counts.append(CountMention(number, (line.start, line.end),
                                       Role(field, "strong", "labelled"),
                                       region=state.caption_region,
                                       period=lead_year or state.intro_year, source="table"))
    return counts


def key_value_count(line: Line, cells: list[Cell], state: TableState,
                    mentions: list[Mention]) -> list[CountMention]:
    """A two-column fact box: '| Dibubarkan Kemenkop (SK terbaru) | 218 unit |'."""
    if len(cells) != 2:
        return []
    field = column_field(cells[0].text)
    number = single_count(cells[1])
    if field is None or number is None:
        return []
    return [CountMention(number, (line.start, line.end), Role(field, "strong", "fact box"),
                         region=region_in(mentions, cells[0].start, cells[0].end)
                         or state.caption_region, period=state.intro_year, source="table")]


def region_in(mentions: list[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if start <= m.start < end and m.code and not m.apposition and m.kind != "agency":
            return m
    return None

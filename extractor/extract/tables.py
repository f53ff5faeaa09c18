"""Tables in the article body ("| Tahun | Jumlah | Aktif | Tidak Aktif |"): the
header says each column's field, the first cell the row's region or year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.extract.counts import CountMention
from extractor.extract.layout import Line
from extractor.extract.lexicon import roles
from extractor.extract.numbers import NumberMention, find_numbers
from extractor.extract.regions import Mention
from extractor.extract.roles import Role, status_of


@dataclass
class Cell:
    start: int
    end: int
    text: str


def cells_of(line: Line) -> list[Cell]:
    sep = "|" if line.text.count("|") >= 2 else "\t"
    cells, offset = [], line.start
    for raw in line.text.split(sep):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    if sep == "|":
        cells = cells[1:-1] if line.text.strip().startswith("|") else cells
    return [c for c in cells]


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


def table_counts(text: str, lines: list[Line], mentions: list[Mention],
                 context_region: Mention | None) -> list[CountMention]:
    counts: list[CountMention] = []
    fields: list[str | None] = []
    caption_region = context_region
    for line in lines:
        if line.kind != "table":
            fields = [] if line.kind not in ("blank",) else fields
            continue
        cells = cells_of(line)
        if all(re.fullmatch(r"[-:| ]*", c.text) for c in cells):
            continue  # markdown separator row
        numbers = [find_numbers(c.text) for c in cells]
        if not any(n for n in numbers[1:]):
            header = [column_field(c.text) for c in cells]
            if any(header):
                fields = header
            else:
                caption_region = region_in(mentions, line.start, line.end) or caption_region
            continue
        if not fields:
            counts.extend(key_value_count(line, cells, mentions, caption_region))
            continue
        counts.extend(row_counts(line, cells, fields, mentions, caption_region))
    return counts


def row_counts(line: Line, cells: list[Cell], fields: list[str | None],
               mentions: list[Mention], caption_region: Mention | None) -> list[CountMention]:
    label_cells = [c for c, f in zip(cells, fields, strict=False) if f is None]
    region = next((r for c in label_cells if (r := region_in(mentions, c.start, c.end))),
                  caption_region)
    year = next((y for c in label_cells if (y := re.fullmatch(r"(19[5-9]\d|20\d\d)", c.text))),
                None)
    # '| Aktif | 598 |' under a generic 'Jumlah' column: the row label names the field.
    label_field = next((f for c in label_cells if (f := column_field(c.text))), None)
    counts = []
    for cell, field in zip(cells[1:], fields[1:], strict=False):
        if field == "total" and label_field:
            field = label_field
        if field is None:
            continue
        found = [n for n in find_numbers(cell.text) if n.kind in ("number", "year")]
        if len(found) != 1 or not float(found[0].value).is_integer():
            continue
        n = found[0]
        number = NumberMention(cell.start + n.start, cell.start + n.end, n.value, n.text,
                               qualifier=n.qualifier)
        counts.append(CountMention(number, (line.start, line.end), Role(field, "strong", "table"),
                                   region=region, period=year.group(1) if year else None,
                                   source="table"))
    return counts


def key_value_count(line: Line, cells: list[Cell], mentions: list[Mention],
                    region: Mention | None) -> list[CountMention]:
    """A two-column fact box: '| Dibubarkan Kemenkop (SK terbaru) | 218 unit |'."""
    if len(cells) != 2:
        return []
    field = column_field(cells[0].text)
    found = [n for n in find_numbers(cells[1].text) if n.kind == "number"]
    if field is None or len(found) != 1 or not float(found[0].value).is_integer():
        return []
    n = found[0]
    number = NumberMention(cells[1].start + n.start, cells[1].start + n.end, n.value, n.text,
                           qualifier=n.qualifier)
    return [CountMention(number, (line.start, line.end), Role(field, "strong", "fact box"),
                         region=region_in(mentions, cells[0].start, cells[0].end) or region,
                         source="table")]


def region_in(mentions: list[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if start <= m.start < end and m.code and not m.apposition and m.kind != "agency":
            return m
    return None

"""Serialise records. CSV and Parquet get one flat row per record with a fixed
column order so that downstream tables do not shift between versions."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from extractor.record import FIELDS, Record

FORMATS = ("jsonl", "json", "csv", "table", "parquet")

FLAT_COLUMNS: tuple[str, ...] = (
    "id", "source", "url", "title", "published", "region_code", "region_name", "region_level",
    "province", "region_mention", "period",
    *FIELDS,
    *(f"{f}_qualifier" for f in FIELDS),
    *(f"{f}_evidence" for f in FIELDS),
    "percentages", "checks", "extractor_version",
)


def scalar_columns(record: Record) -> dict:
    """The record's one-value columns: article, region, period, each count and its
    qualifier. Shared by the flat formats and the store's `records` table."""
    row = {
        "id": record.id, "source": record.source, "url": record.article.url,
        "title": record.article.title, "published": record.article.published,
        "region_code": record.region.code, "region_name": record.region.name,
        "region_level": record.region.level, "province": record.region.province,
        "region_mention": record.region.mention, "period": record.period,
        "extractor_version": record.extractor_version,
    }
    for field in FIELDS:
        row[field] = record.counts.get(field)
        row[f"{field}_qualifier"] = record.qualifiers.get(field)
    return row


def flatten_record(record: Record) -> dict:
    row = scalar_columns(record)
    row["percentages"] = "; ".join(p.text for p in record.percentages)
    row["checks"] = "; ".join(f"{c.rule}={c.status}" for c in record.checks)
    for field in FIELDS:
        evidence = record.evidence.get(field)
        row[f"{field}_evidence"] = evidence.text if evidence else None
    return {column: row[column] for column in FLAT_COLUMNS}


def write_records(records: Iterable[Record], fmt: str, out: IO[str] | Path) -> int:
    """Write records in `fmt` to a text stream (or a path, required for parquet)."""
    records = list(records)
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet output needs a file path (--out FILE.parquet)")
        write_parquet(records, out)
        return len(records)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return write_records(records, fmt, stream)
    if fmt == "jsonl":
        for record in records:
            out.write(record.model_dump_json() + "\n")
    elif fmt == "json":
        json.dump([r.model_dump(mode="json") for r in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(flatten_record(r) for r in records)
    elif fmt == "table":
        out.write(render_table(records))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(records)


def write_parquet(records: list[Record], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flatten_record(r) for r in records]
    table = pa.Table.from_pylist(rows, schema=parquet_schema())
    pq.write_table(table, path)


def parquet_schema():
    import pyarrow as pa

    int_columns = set(FIELDS)
    return pa.schema([(c, pa.int64() if c in int_columns else pa.string()) for c in FLAT_COLUMNS])


QUALIFIER_MARKS = {"approx": "~", "at_least": ">=", "at_most": "<="}


def render_table(records: list[Record]) -> str:
    """A compact human-readable table for a terminal."""
    header = ["source", "region", "code", "period", *FIELDS]
    rows = [header]
    for r in records:
        cells = [shorten(r.source, 28), shorten(r.region.name, 26), r.region.code, r.period or "-"]
        for field in FIELDS:
            value = r.counts.get(field)
            mark = QUALIFIER_MARKS.get(r.qualifiers.get(field), "")
            cells.append(f"{mark}{value}" if value is not None else "")
        rows.append(cells)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    return "\n".join(lines) + "\n"


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]

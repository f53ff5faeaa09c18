"""Writers: JSON Lines, JSON, CSV with a stable column order, Parquet with integer
count columns, and the terminal table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from extractor import Record, extract_file
from extractor.deliver import FORMATS, flatten_record, write_records
from extractor.record import FIELDS

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "corpus" / "dev" / "articles"

# The CSV / Parquet columns, written out: a change here breaks downstream tables and
# must be deliberate.
STABLE_COLUMNS = [
    "id", "source", "url", "title", "published", "region_code", "region_name", "region_level",
    "province", "region_mention", "period",
    "total", "active", "inactive", "healthy", "unhealthy", "dissolved",
    "total_qualifier", "active_qualifier", "inactive_qualifier", "healthy_qualifier",
    "unhealthy_qualifier", "dissolved_qualifier",
    "total_evidence", "active_evidence", "inactive_evidence", "healthy_evidence",
    "unhealthy_evidence", "dissolved_evidence",
    "percentages", "checks", "extractor_version",
]


@pytest.fixture(scope="module")
def records() -> list[Record]:
    from extractor import extract_text

    found = extract_file(ARTICLES / "seed-purwakarta.txt") + extract_file(ARTICLES / "c-02.html")
    found += extract_text("Jumlah koperasi di Kabupaten Lebak tercatat sekitar 500 unit, dan "
                          "lebih dari 300 di antaranya aktif. Ada tidak lebih dari 40 koperasi "
                          "tidak aktif di Kabupaten Lebak.", url="https://example.id/lebak")
    return found


def render(records, fmt) -> str:
    out = io.StringIO()
    assert write_records(records, fmt, out) == len(records)
    return out.getvalue()


def test_formats():
    assert set(FORMATS) == {"jsonl", "json", "csv", "table", "parquet"}


def test_flatten_record_columns(records):
    for record in records:
        row = flatten_record(record)
        assert list(row) == STABLE_COLUMNS
        for field in FIELDS:
            assert row[field] == record.counts.get(field)
            assert row[f"{field}_qualifier"] == record.qualifiers.get(field)


def test_csv_has_stable_columns(records):
    out = render(records, "csv")
    reader = csv.reader(io.StringIO(out))
    header = next(reader)
    assert header == STABLE_COLUMNS
    rows = list(reader)
    assert len(rows) == len(records)
    assert all(len(row) == len(STABLE_COLUMNS) for row in rows)


def test_csv_values(records):
    rows = list(csv.DictReader(io.StringIO(render(records, "csv"))))
    purwakarta = next(r for r in rows if r["region_code"] == "32.14")
    assert purwakarta["total"] == "780" and purwakarta["healthy"] == "600"
    assert purwakarta["unhealthy"] == ""  # a count the article does not state stays empty
    assert purwakarta["region_name"] == "Kabupaten Purwakarta"
    assert "600 dari 780" in purwakarta["total_evidence"]
    assert "percentage=ok" in purwakarta["checks"]
    lebak = next(r for r in rows if r["region_code"] == "36.02")
    assert (lebak["total"], lebak["total_qualifier"]) == ("500", "approx")
    assert (lebak["active"], lebak["active_qualifier"]) == ("300", "at_least")
    assert (lebak["inactive"], lebak["inactive_qualifier"]) == ("40", "at_most")


def test_csv_of_no_records_is_a_header():
    out = render([], "csv")
    assert next(csv.reader(io.StringIO(out))) == STABLE_COLUMNS
    assert len(out.splitlines()) == 1


def test_parquet_readable_with_integer_counts(records, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "records.parquet"
    assert write_records(records, "parquet", path) == len(records)
    table = pq.read_table(path)
    assert table.column_names == STABLE_COLUMNS
    assert table.num_rows == len(records)
    for field in FIELDS:
        assert table.schema.field(field).type == pa.int64(), field
    rows = table.to_pylist()
    for record, row in zip(records, rows, strict=True):
        assert row["id"] == record.id
        for field in FIELDS:
            assert row[field] == record.counts.get(field)


def test_parquet_of_no_records_keeps_the_schema(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "empty.parquet"
    write_records([], "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.column_names == STABLE_COLUMNS
    assert all(table.schema.field(f).type == pa.int64() for f in FIELDS)


def test_parquet_reads_in_pandas(records, tmp_path):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "records.parquet"
    write_records(records, "parquet", path)
    frame = pd.read_parquet(path)
    assert list(frame.columns) == STABLE_COLUMNS
    kaltim = frame[frame.region_code == "64"].iloc[0]
    assert int(kaltim.total) == 5812


def test_parquet_needs_a_path(records):
    with pytest.raises(ValueError):
        write_records(records, "parquet", io.StringIO())


def test_jsonl_round_trips(records):
    lines = render(records, "jsonl").splitlines()
    assert len(lines) == len(records)
    assert [Record.model_validate_json(line) for line in lines] == records


def test_json_is_a_list(records):
    data = json.loads(render(records, "json"))
    assert [Record.model_validate(item) for item in data] == records


def test_json_keeps_indonesian_text(records):
    # non-ASCII stays readable ("–" in the Kaltim dateline), not \u escapes
    out = render(records, "json")
    assert "\u2013" in out
    assert "\\u2013" not in out


def test_table(records):
    out = render(records, "table")
    header, *rows = out.splitlines()
    assert header.split() == ["source", "region", "code", "period", *FIELDS]
    assert len(rows) == len(records)
    lebak = next(row for row in rows if "36.02" in row)
    assert "~500" in lebak and ">=300" in lebak and "<=40" in lebak


def test_writing_to_a_path(records, tmp_path):
    for fmt in ("jsonl", "json", "csv", "table"):
        path = tmp_path / f"out.{fmt}"
        assert write_records(records, fmt, path) == len(records)
        assert path.read_bytes().decode("utf-8") == render(records, fmt)


def test_unknown_format(records):
    with pytest.raises(ValueError):
        write_records(records, "xml", io.StringIO())

"""The SQLite store: records go in and come out the same, upserts do not duplicate,
and the tables are plain enough for pandas and Datasette."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from extractor.article import Article, InputError
from extractor.deliver.store import (
    STORED_RECORD_FIELDS,
    DocumentOutcome,
    Store,
    export_store,
    format_for_path,
)
from extractor.deliver.writers import FLAT_COLUMNS
from extractor.record import (
    FIELDS,
    ArticleRef,
    Check,
    Evidence,
    Percentage,
    Record,
    Region,
    record_id,
)


def make_record(source: str, code: str = "32.14", period: str | None = "2021",
                **counts: int) -> Record:
    counts = counts or {"total": 780, "active": 600, "inactive": 180}
    return Record(
        id=record_id(source, code, period), source=source,
        article=ArticleRef(url=f"https://example.id/{source}", title="Ratusan Koperasi Aktif",
                           published="2021-04-20"),
        region=Region(code=code, name="Kabupaten Purwakarta", level="kabupaten",
                      province="Jawa Barat", mention="Purwakarta"),
        period=period, counts=counts,
        qualifiers={"total": "approx"},
        evidence={field: Evidence(text=f"{value} koperasi {field}", start=10 * i, end=10 * i + 9)
                  for i, (field, value) in enumerate(counts.items())},
        percentages=[Percentage(value=76.9, text="76,9 persen", start=5, end=16),
                     Percentage(value=23.1, text="23,1 persen", start=20, end=31)],
        checks=[Check(rule="active<=total", status="ok", detail="600 <= 780"),
                Check(rule="sum", status="warning", detail="close")],
        extractor_version="0.1.0")


def outcome_for(source: str, records: list[Record], content_hash: str = "h1") -> DocumentOutcome:
    article = Article(source=source, text="600 dari 780 unit koperasi aktif.", title="T",
                      language="id")
    return DocumentOutcome(source=source, content_hash=content_hash, input="in",
                           article=article, records=records)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "k.db") as s:
        # Runs 1 and 2, for the rows that name the run that wrote them.
        s.start_run(["in"], "local", 1, "0.1.0")
        s.start_run(["in"], "local", 1, "0.1.0")
        yield s


def test_store_keeps_every_field_of_the_record_model():
    # If the record contract gains a field, the store must learn to keep it.
    assert set(Record.model_fields) == STORED_RECORD_FIELDS


def test_records_come_back_as_the_same_record_json(store):
    records = [make_record("a.txt"), make_record("a.txt", code="32.76", period=None, total=5),
               make_record("b.txt", healthy=3, unhealthy=2, dissolved=1)]
    store.save_outcome(outcome_for("a.txt", records[:2]), None, "0.1.0")
    store.save_outcome(outcome_for("b.txt", records[2:]), None, "0.1.0")
    store.commit()
    back = list(store.iter_records())
    assert sorted(r.model_dump_json() for r in back) == sorted(
        r.model_dump_json() for r in records)


def test_saving_a_document_again_replaces_its_records(store):
    store.save_outcome(outcome_for("a.txt", [make_record("a.txt"),
                                             make_record("a.txt", code="32")]), 1, "v")
    store.save_outcome(outcome_for("a.txt", [make_record("a.txt", total=10)], "h2"), 2, "v")
    store.commit()
    assert [r.counts for r in store.iter_records()] == [{"total": 10}]
    assert store.count("documents") == 1
    assert store.count("evidence") == 1
    assert store.count("percentages") == 2


def test_done_means_same_source_content_and_extractor_version(store):
    store.save_outcome(outcome_for("a.txt", []), 1, "v1")
    assert store.is_done("a.txt", "h1", "v1")
    assert not store.is_done("a.txt", "changed", "v1")
    assert not store.is_done("a.txt", "h1", "v2")


def test_a_retryable_failure_is_reported_but_not_marked_done(store):
    error = InputError(source="a.txt", stage="extract", kind="worker_failed", message="died")
    store.save_outcome(DocumentOutcome(source="a.txt", content_hash="h", error=error,
                                       final=False), 1, "v")
    assert not store.is_done("a.txt", "h", "v")
    assert store.errors_by_kind() == {"worker_failed": 1}
    # Succeeding later clears the error.
    store.save_outcome(outcome_for("a.txt", [], content_hash="h"), 2, "v")
    assert store.errors_by_kind() == {}


def test_errors_are_one_row_per_source(store):
    error = InputError(source="x.warc.gz", stage="acquire", kind="unreadable", message="no")
    store.save_error(error, 1)
    store.save_error(error, 2)
    assert store.count("errors") == 1


def test_an_interrupted_document_is_undone_and_the_others_kept(store):
    store.save_outcome(outcome_for("a.txt", [make_record("a.txt")]), 1, "v")
    # Simulate an interruption after the savepoint of a second document was opened.
    store.conn.execute("SAVEPOINT document")
    store._in_document = True
    store.conn.execute("DELETE FROM records WHERE source = 'a.txt'")
    store.undo_partial_document()
    store.commit()
    assert store.count("records") == 1


def test_flat_view_has_the_csv_columns_and_integer_counts(store):
    store.save_outcome(outcome_for("a.txt", [make_record("a.txt")]), 1, "v")
    store.commit()
    cursor = store.conn.execute("SELECT * FROM records_flat")
    columns = [d[0] for d in cursor.description]
    row = dict(zip(columns, cursor.fetchone(), strict=True))
    assert tuple(columns) == FLAT_COLUMNS
    assert row["total"] == 780 and isinstance(row["total"], int)
    assert row["percentages"] == "76,9 persen; 23,1 persen"
    assert row["checks"] == "active<=total=ok; sum=warning"
    assert row["active_evidence"] == "600 koperasi active"
    types = {name: kind for _, name, kind, *_ in
             store.conn.execute("PRAGMA table_info(records)")}
    assert all(types[f] == "INTEGER" for f in FIELDS)


def test_the_database_opens_with_plain_sqlite3_while_a_writer_holds_it(tmp_path, store):
    store.save_outcome(outcome_for("a.txt", [make_record("a.txt")]), 1, "v")
    store.commit()
    store.save_outcome(outcome_for("b.txt", [make_record("b.txt")]), 1, "v")  # uncommitted
    reader = sqlite3.connect(store.path)
    assert reader.execute("SELECT count(*) FROM records").fetchone()[0] == 1


def test_export_jsonl_csv_and_parquet(tmp_path, store):
    records = [make_record("a.txt"), make_record("b.txt", total=3)]
    for record in records:
        store.save_outcome(outcome_for(record.source, [record]), 1, "v")
    store.commit()

    stream = io.StringIO()
    assert export_store(store, stream, "jsonl") == 2
    assert [json.loads(line) for line in stream.getvalue().splitlines()] == [
        r.model_dump(mode="json") for r in records]

    assert export_store(store, tmp_path / "r.csv") == 2
    with (tmp_path / "r.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == FLAT_COLUMNS and rows[1]["total"] == "3"

    import pyarrow.parquet as pq

    assert export_store(store, tmp_path / "r.parquet") == 2
    table = pq.read_table(tmp_path / "r.parquet")
    assert table.column_names == list(FLAT_COLUMNS)
    assert table.column("total").to_pylist() == [780, 3]
    assert not (tmp_path / "r.parquet.partial").exists()


def test_export_of_an_empty_store_is_a_valid_parquet_file(tmp_path, store):
    import pyarrow.parquet as pq

    assert export_store(store, tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


@pytest.mark.parametrize(("name", "fmt"), [("a.jsonl", "jsonl"), ("a.CSV", "csv"),
                                           ("a.parquet", "parquet"), ("a.out", "jsonl")])
def test_format_follows_the_file_suffix(tmp_path, name, fmt):
    assert format_for_path(tmp_path / name) == fmt


def shared_record(source: str, total: int) -> Record:
    """A record whose id comes from the article URL, as two copies of one page share."""
    record = make_record(source, total=total)
    return record.model_copy(update={"id": record_id("https://example.id/same", "32.14",
                                                     "2021")})


@pytest.mark.parametrize("order", [("a.html", "b.html"), ("b.html", "a.html")])
def test_a_record_two_documents_share_is_kept_once_whatever_the_order(store, order):
    for source in order:
        store.save_outcome(outcome_for(source, [shared_record(source, total=len(source))]),
                           1, "v")
    store.commit()
    assert [r.source for r in store.iter_records()] == ["a.html"]
    assert store.count("evidence") == 1

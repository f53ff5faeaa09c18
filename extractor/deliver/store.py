"""The embedded store: a SQLite database a batch writes into and `export` reads from.

Tables (plain columns, counts as INTEGER, so Datasette and pandas read it as is):

    runs         one row per `koperasi batch` invocation, with its counters
    documents    every document that passed the prefilter: source, content hash,
                 status (records / no_records / error); what a resumed run skips
    articles     the parsed article (metadata and text) of each such document
    records      one row per record: region, period, counts, qualifiers
    evidence     the sentence behind each count (record_id, field)
    percentages  percentages the article gave alongside a record
    checks       consistency checks run on a record
    errors       the last error per source (acquire, parse or extract), with its kind
    records_flat a view with one flat row per record, the columns of the CSV export

A document's rows (documents, articles, records and their children) are written
together in one transaction, so a run killed at any point leaves each document
either fully stored or not at all; a resumed run redoes only the latter.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from extractor.article import Article, InputError
from extractor.deliver.writers import (
    FLAT_COLUMNS,
    flatten_record,
    parquet_schema,
    scalar_columns,
)
from extractor.record import (
    FIELDS,
    ArticleRef,
    Check,
    Evidence,
    Percentage,
    Record,
    Region,
)

STORE_VERSION = 1
DEFAULT_DB = "koperasi.db"

# Record fields the store knows how to keep; tests compare this with the model so
# that a field added to `Record` cannot be dropped silently on the way through.
STORED_RECORD_FIELDS = frozenset({
    "id", "source", "article", "region", "period", "counts", "qualifiers", "evidence",
    "percentages", "checks", "extractor_version", "schema_version",
})

RECORD_COLUMNS: tuple[str, ...] = (
    "id", "source", "url", "title", "published", "region_code", "region_name", "region_level",
    "province", "region_mention", "period",
    *FIELDS,
    *(f"{f}_qualifier" for f in FIELDS),
    "extractor_version", "schema_version", "run_id",
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,               -- running, completed, interrupted, failed, killed
    host TEXT,
    pid INTEGER,
    inputs TEXT NOT NULL,               -- JSON list of the inputs as given
    engine TEXT NOT NULL,
    workers INTEGER,
    extractor_version TEXT NOT NULL,
    documents_seen INTEGER NOT NULL DEFAULT 0,
    relevant INTEGER NOT NULL DEFAULT 0,
    skipped_done INTEGER NOT NULL DEFAULT 0,
    processed INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    seconds REAL
);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,
    input TEXT,                         -- the input argument the document came from
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,               -- records, no_records, error
    record_count INTEGER NOT NULL,
    error_kind TEXT,
    extractor_version TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    source TEXT PRIMARY KEY REFERENCES documents(source) ON DELETE CASCADE,
    url TEXT,
    canonical_url TEXT,
    site TEXT,
    title TEXT,
    published TEXT,
    author TEXT,
    language TEXT,
    text_length INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    published TEXT,
    region_code TEXT NOT NULL,
    region_name TEXT NOT NULL,
    region_level TEXT NOT NULL,
    province TEXT,
    region_mention TEXT,
    period TEXT,
    {", ".join(f"{f} INTEGER" for f in FIELDS)},
    {", ".join(f"{f}_qualifier TEXT" for f in FIELDS)},
    extractor_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX IF NOT EXISTS records_source ON records(source);
CREATE INDEX IF NOT EXISTS records_region ON records(region_code, period);
CREATE TABLE IF NOT EXISTS evidence (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (record_id, field)
);
CREATE TABLE IF NOT EXISTS percentages (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    value REAL NOT NULL,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE IF NOT EXISTS checks (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE IF NOT EXISTS errors (
    source TEXT PRIMARY KEY,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS errors_kind ON errors(kind);
CREATE INDEX IF NOT EXISTS documents_input ON documents(input);
CREATE TABLE IF NOT EXISTS finished_inputs (
    path TEXT PRIMARY KEY,              -- an archive file read to its end
    size INTEGER NOT NULL,              -- and as it was then: a changed file is read again
    mtime_ns INTEGER NOT NULL,
    extractor_version TEXT NOT NULL,
    documents INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    finished_at TEXT NOT NULL
);
CREATE VIEW IF NOT EXISTS records_flat AS
SELECT r.id, r.source, r.url, r.title, r.published, r.region_code, r.region_name,
       r.region_level, r.province, r.region_mention, r.period,
       {", ".join(f"r.{f}" for f in FIELDS)},
       {", ".join(f"r.{f}_qualifier" for f in FIELDS)},
       {", ".join(
           f"(SELECT text FROM evidence e WHERE e.record_id = r.id AND e.field = '{f}') "
           f"AS {f}_evidence" for f in FIELDS)},
       -- the inner ORDER BY keeps the list in the article's order (SQLite < 3.44
       -- has no ORDER BY inside group_concat)
       (SELECT group_concat(text, '; ') FROM (SELECT text FROM percentages p
            WHERE p.record_id = r.id ORDER BY position)) AS percentages,
       (SELECT group_concat(rule || '=' || status, '; ') FROM (SELECT rule, status
            FROM checks c WHERE c.record_id = r.id ORDER BY position)) AS checks,
       r.extractor_version
FROM records r;
"""


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to someone else
        return True
    return True


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class DocumentOutcome:
    """What processing one document produced; everything the store keeps about it."""

    source: str
    content_hash: str
    input: str | None = None
    article: Article | None = None
    records: tuple[Record, ...] | list[Record] = ()
    error: InputError | None = None
    final: bool = True
    """False when the error may not recur (a crashed worker): the document is then
    not marked done, so the next run tries it again."""

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        return "records" if self.records else "no_records"


class Store:
    """A SQLite database holding the results of batch runs.

    One process writes (the batch's main process); any number may read, since the
    database is in WAL mode. Writes are grouped into small transactions: `commit_if_due`
    commits after `commit_every` documents or `commit_seconds`, whichever comes first.
    """

    def __init__(self, path: str | Path, *, commit_every: int = 16, commit_seconds: float = 1.0):
        self.path = Path(path)
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        # isolation_level=None: transactions are opened and closed explicitly below.
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        # Temporary tables (the current run's sources) go to disk, not memory, so
        # that memory stays flat however large the archive.
        self.conn.execute("PRAGMA temp_store=FILE")
        self.conn.executescript(SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?)",
                          (str(STORE_VERSION),))
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS run_sources "
                          "(source TEXT PRIMARY KEY)")
        self._pending = 0
        self._in_document = False
        self._last_commit = time.monotonic()

    # -- transactions -------------------------------------------------------------

    def _begin_if_needed(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self._pending = 0
        self._last_commit = time.monotonic()

    def commit_due(self) -> bool:
        """True when enough has been written since the last commit to commit again."""
        return bool(self._pending) and (
            self._pending >= self.commit_every
            or time.monotonic() - self._last_commit >= self.commit_seconds)

    def undo_partial_document(self) -> None:
        """After an interruption: undo the document being written, if any, so that
        committing keeps only whole documents (the others of the transaction)."""
        if not self._in_document:
            return
        self._in_document = False
        try:
            self.conn.execute("ROLLBACK TO document")
            self.conn.execute("RELEASE document")
        except sqlite3.OperationalError:  # interrupted just after RELEASE: nothing to undo
            pass

    def close(self) -> None:
        self.commit()
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------

    def start_run(self, inputs: list[str], engine: str, workers: int | None,
                  extractor_version: str) -> int:
        self.mark_killed_runs()
        cursor = self.conn.execute(
            "INSERT INTO runs (started_at, status, host, pid, inputs, engine, workers, "
            "extractor_version) VALUES (?, 'running', ?, ?, ?, ?, ?, ?)",
            (utc_now(), socket.gethostname(), os.getpid(),
             json.dumps(inputs, ensure_ascii=False), engine, workers, extractor_version))
        return int(cursor.lastrowid)

    def mark_killed_runs(self) -> None:
        """Runs left `running` by a process of this host that no longer exists were
        killed (kill -9, power loss): say so, for whoever reads the runs table."""
        host = socket.gethostname()
        rows = self.conn.execute("SELECT id, pid FROM runs WHERE status = 'running' "
                                 "AND host = ?", (host,)).fetchall()
        for run_id, pid in rows:
            if pid is not None and not process_exists(pid):
                self.conn.execute("UPDATE runs SET status = 'killed' WHERE id = ?", (run_id,))

    def update_run(self, run_id: int, counters: dict[str, int | float],
                   status: str | None = None) -> None:
        """Save a run's counters (and, at the end, its status) in the current transaction."""
        columns = ["documents_seen", "relevant", "skipped_done", "processed", "records",
                   "errors", "seconds"]
        values = [counters.get(c, 0) for c in columns]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        if status is not None:
            assignments += ", status = ?, finished_at = ?"
            values += [status, utc_now()]
        self._begin_if_needed()
        self.conn.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*values, run_id))

    # -- inputs -------------------------------------------------------------------

    def is_finished(self, path: str, size: int, mtime_ns: int, extractor_version: str) -> bool:
        """Was this archive file, unchanged, read to its end and every relevant
        document of it stored, by this extractor version?"""
        row = self.conn.execute(
            "SELECT 1 FROM finished_inputs WHERE path = ? AND size = ? AND mtime_ns = ? "
            "AND extractor_version = ?", (path, size, mtime_ns, extractor_version)).fetchone()
        return row is not None

    def mark_finished(self, path: str, size: int, mtime_ns: int, extractor_version: str,
                      documents: int, run_id: int | None) -> None:
        self._begin_if_needed()
        self.conn.execute("INSERT OR REPLACE INTO finished_inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (path, size, mtime_ns, extractor_version, documents, run_id,
                           utc_now()))

    def note_run_input(self, path: str) -> None:
        """The current invocation covers every document stored from `path`."""
        self._begin_if_needed()
        self.conn.execute("INSERT OR IGNORE INTO run_sources SELECT source FROM documents "
                          "WHERE input = ?", (path,))

    # -- documents ----------------------------------------------------------------

    def is_done(self, source: str, content_hash: str, extractor_version: str) -> bool:
        """True if this exact content was fully processed by this extractor version."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE source = ? AND content_hash = ? "
            "AND extractor_version = ?", (source, content_hash, extractor_version)).fetchone()
        return row is not None

    def note_run_source(self, source: str) -> None:
        """Remember that the current invocation covers `source` (for its --out file)."""
        self._begin_if_needed()
        self.conn.execute("INSERT OR IGNORE INTO run_sources VALUES (?)", (source,))

    def save_outcome(self, outcome: DocumentOutcome, run_id: int | None,
                     extractor_version: str) -> None:
        """Replace everything stored about the document by this outcome (an upsert)."""
        self._begin_if_needed()
        # A savepoint per document: an interruption halfway through can undo just
        # this document (see `rollback`) and keep the others of the transaction.
        self.conn.execute("SAVEPOINT document")
        self._in_document = True
        self.note_run_source(outcome.source)
        self._delete_document(outcome.source)
        now = utc_now()
        if outcome.error is not None:
            self._save_error(outcome.error, run_id, now)
        else:
            self.conn.execute("DELETE FROM errors WHERE source = ?", (outcome.source,))
        if outcome.final:
            self._save_document_row(outcome, run_id, extractor_version, now)
            if outcome.article is not None:
                self._save_article(outcome.source, outcome.article)
        for record in outcome.records:
            self._save_record(record, run_id)
        self.conn.execute("RELEASE document")
        self._in_document = False
        self._pending += 1

    def save_error(self, error: InputError, run_id: int | None) -> None:
        """An error not tied to a document's content (e.g. an unreadable file)."""
        self._begin_if_needed()
        self._save_error(error, run_id, utc_now())
        self._pending += 1

    def _delete_document(self, source: str) -> None:
        # Children (evidence, percentages, checks, articles) go by ON DELETE CASCADE.
        self.conn.execute("DELETE FROM records WHERE source = ?", (source,))
        self.conn.execute("DELETE FROM documents WHERE source = ?", (source,))

    def _save_document_row(self, outcome: DocumentOutcome, run_id: int | None,
                           extractor_version: str, now: str) -> None:
        self.conn.execute(
            "INSERT INTO documents (source, input, content_hash, status, record_count, "
            "error_kind, extractor_version, run_id, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (outcome.source, outcome.input, outcome.content_hash, outcome.status,
             len(outcome.records), outcome.error.kind if outcome.error else None,
             extractor_version, run_id, now))

    def _save_article(self, source: str, article: Article) -> None:
        self.conn.execute(
            "INSERT INTO articles (source, url, canonical_url, site, title, published, author, "
            "language, text_length, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source, article.url, article.canonical_url, article.site, article.title,
             article.published, article.author, article.language, len(article.text),
             article.text))

    def _save_error(self, error: InputError, run_id: int | None, now: str) -> None:
        self.conn.execute(
            "INSERT INTO errors (source, stage, kind, message, run_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET stage = excluded.stage, "
            "kind = excluded.kind, message = excluded.message, run_id = excluded.run_id, "
            "at = excluded.at",
            (error.source, error.stage, error.kind, error.message, run_id, now))

    def _save_record(self, record: Record, run_id: int | None) -> None:
        # A record id hashes (article URL or path, region, period): the same figures
        # found again replace the earlier row rather than adding one. Two documents can
        # share an id (one URL crawled twice); the one whose source sorts first keeps
        # it, so the store does not depend on the order workers finish in.
        holder = self.conn.execute("SELECT source FROM records WHERE id = ?",
                                   (record.id,)).fetchone()
        if holder is not None and holder[0] < record.source:
            return
        row = record_row(record, run_id)
        placeholders = ", ".join("?" for _ in RECORD_COLUMNS)
        self.conn.execute("DELETE FROM records WHERE id = ?", (record.id,))
        self.conn.execute(f"INSERT INTO records ({', '.join(RECORD_COLUMNS)}) "
                          f"VALUES ({placeholders})", [row[c] for c in RECORD_COLUMNS])
        self.conn.executemany(
            "INSERT INTO evidence VALUES (?, ?, ?, ?, ?)",
            [(record.id, field, ev.text, ev.start, ev.end)
             for field, ev in record.evidence.items()])
        self.conn.executemany(
            "INSERT INTO percentages VALUES (?, ?, ?, ?, ?, ?)",
            [(record.id, i, p.value, p.text, p.start, p.end)
             for i, p in enumerate(record.percentages)])
        self.conn.executemany(
            "INSERT INTO checks VALUES (?, ?, ?, ?, ?)",
            [(record.id, i, c.rule, c.status, c.detail) for i, c in enumerate(record.checks)])

    # -- reading ------------------------------------------------------------------

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def iter_records(self, *, current_run_only: bool = False) -> Iterator[Record]:
        """All stored records (or those of the sources this invocation covered),
        in a stable order, rebuilt as the same `Record`s that were saved."""
        where = ("WHERE r.source IN (SELECT source FROM temp.run_sources)"
                 if current_run_only else "")
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        cursor.execute(f"SELECT r.* FROM records r {where} ORDER BY r.source, r.id")
        # A second cursor reads the children while the first one streams records.
        for row in cursor:
            yield self._rebuild_record(row)

    def _rebuild_record(self, row: sqlite3.Row) -> Record:
        record_id = row["id"]
        rows = self.conn.execute(
            "SELECT field, text, char_start, char_end FROM evidence WHERE record_id = ?",
            (record_id,)).fetchall()
        evidence = {field: Evidence(text=text, start=start, end=end)
                    for field, text, start, end in sorted(rows, key=field_order)}
        percentages = [
            Percentage(value=value, text=text, start=start, end=end)
            for value, text, start, end in self.conn.execute(
                "SELECT value, text, char_start, char_end FROM percentages "
                "WHERE record_id = ? ORDER BY position", (record_id,))]
        checks = [
            Check(rule=rule, status=status, detail=detail)
            for rule, status, detail in self.conn.execute(
                "SELECT rule, status, detail FROM checks WHERE record_id = ? ORDER BY position",
                (record_id,))]
        return Record(
            id=record_id, source=row["source"],
            article=ArticleRef(url=row["url"], title=row["title"], published=row["published"]),
            region=Region(code=row["region_code"], name=row["region_name"],
                          level=row["region_level"], province=row["province"],
                          mention=row["region_mention"]),
            period=row["period"],
            counts={f: row[f] for f in FIELDS if row[f] is not None},
            qualifiers={f: row[f"{f}_qualifier"] for f in FIELDS
                        if row[f"{f}_qualifier"] is not None},
            evidence=evidence,
            percentages=percentages, checks=checks,
            extractor_version=row["extractor_version"], schema_version=row["schema_version"])

    def errors_by_kind(self, run_id: int | None = None) -> dict[str, int]:
        where, params = ("WHERE run_id = ?", (run_id,)) if run_id is not None else ("", ())
        rows = self.conn.execute(
            f"SELECT kind, count(*) FROM errors {where} GROUP BY kind ORDER BY count(*) DESC, kind",
            params)
        return {kind: n for kind, n in rows}


def field_order(row: tuple) -> int:
    """Evidence in the order of FIELDS, as the extractor builds it (rows come keyed by name)."""
    return FIELDS.index(row[0]) if row[0] in FIELDS else len(FIELDS)


def record_row(record: Record, run_id: int | None) -> dict:
    """The `records` table row of a record (children go to their own tables)."""
    unknown = set(record.counts) - set(FIELDS)
    if unknown:
        raise ValueError(f"record {record.id} has counts the store has no column for: "
                         f"{sorted(unknown)}")
    return {**scalar_columns(record), "schema_version": record.schema_version, "run_id": run_id}


EXPORT_FORMATS = ("jsonl", "csv", "parquet")
PARQUET_BATCH = 5000


SUFFIX_FORMATS = {"jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "parquet": "parquet",
                  "pq": "parquet"}


def format_for_path(path: Path, default: str = "jsonl") -> str:
    """The export format a file name asks for (`.jsonl`, `.csv`, `.parquet`)."""
    return SUFFIX_FORMATS.get(path.suffix.lower().lstrip("."), default)


def export_store(store: Store, out: Path | IO[str], fmt: str | None = None, *,
                 current_run_only: bool = False) -> int:
    """Stream the store's records to a file (written whole or not at all) or a text
    stream; memory stays flat whatever the number of records. Returns the count."""
    records = store.iter_records(current_run_only=current_run_only)
    if not isinstance(out, Path):
        return write_stream(records, fmt or "jsonl", out)
    fmt = fmt or format_for_path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        if fmt == "parquet":
            count = write_parquet_batches(records, partial)
        else:
            with partial.open("w", encoding="utf-8", newline="") as stream:
                count = write_stream(records, fmt, stream)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return count


def write_stream(records: Iterable[Record], fmt: str, stream: IO[str]) -> int:
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"cannot stream {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
    for record in records:
        if writer is None:
            stream.write(record.model_dump_json() + "\n")
        else:
            writer.writerow(flatten_record(record))
        count += 1
    return count


def write_parquet_batches(records: Iterable[Record], path: Path) -> int:
    """Parquet in row groups of PARQUET_BATCH records, with the CSV's flat columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for record in records:
            batch.append(flatten_record(record))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        # Always one write, so that an empty export is still a valid, typed table.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        count += len(batch)
    return count

"""`koperasi batch` in this process: prefilter, store, idempotent re-runs, engines
agreeing with each other, errors reported and skipped.

Runs use `workers=0` (the work in this process, the pipeline loaded once for the
whole test session) unless the point is the engine itself.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from extractor.article import Article, KoperasiError, RawDocument
from extractor.batch import BatchOptions, run_batch
from extractor.batch import work as batch_work
from extractor.batch.prefilter import mentions_koperasi
from extractor.batch.progress import BatchProgress
from extractor.batch.work import WorkItem, process_chunk
from extractor.cli import main as cli_main
from extractor.deliver.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "corpus" / "dev" / "articles"
KEY_ARTICLES = ("seed-purwakarta.txt", "seed-depok.txt", "a-02.html", "b-05.txt")

FOOTBALL = ("Persib Tekuk Arema 2-1 di Kandang\n"
            "Persib berhasil mengalahkan Arema dengan skor 2-1 di Bandung, Sabtu malam. "
            "Sebanyak 25.000 penonton memadati stadion.\n")
WEATHER_PAGE = ("<html><head><title>BMKG: Hujan Lebat di Jawa Barat</title></head><body>"
                "<article><h1>BMKG: Hujan Lebat di Jawa Barat</h1><p>BMKG memprakirakan hujan "
                "lebat pada Senin di 12 kabupaten.</p></article></body></html>")


def make_inputs(folder: Path) -> Path:
    """Four articles about cooperatives and two pages that never mention them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in KEY_ARTICLES:
        shutil.copy(DEV / name, folder / name)
    (folder / "sepak-bola.txt").write_text(FOOTBALL, encoding="utf-8")
    (folder / "cuaca.html").write_text(WEATHER_PAGE, encoding="utf-8")
    return folder


@pytest.fixture
def inputs(tmp_path) -> Path:
    return make_inputs(tmp_path / "news")


def batch(inputs: list[str], db: Path, out: Path | None = None, **options):
    options = {"workers": 0, "use_model": False, "progress": False, **options}
    return run_batch(BatchOptions(inputs=inputs, db=db, out=out, **options))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    tables = ("documents", "articles", "records", "evidence", "percentages", "checks", "errors")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    conn.close()
    return counts


# -- the prefilter --------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"koperasi", b"KOPERASI desa", b"Dinas Koperasi",
                                     b"<p>kOpErAsI</p>", "Koperasi Ñ".encode("latin-1")])
def test_prefilter_finds_the_word_in_any_case(content):
    assert mentions_koperasi(content)


@pytest.mark.parametrize("content", [b"", b"operasi pasar", b"kopi dan rasa", b"k o p e r a s i"])
def test_prefilter_rejects_pages_without_the_word(content):
    assert not mentions_koperasi(content)


def test_irrelevant_documents_never_reach_the_parser(inputs, tmp_path, monkeypatch):
    parsed = []
    real_parse = batch_work.parse_document

    def spy(doc: RawDocument) -> Article:
        parsed.append(Path(doc.source).name)
        return real_parse(doc)

    monkeypatch.setattr(batch_work, "parse_document", spy)
    summary = batch([str(inputs)], tmp_path / "k.db")
    assert sorted(parsed) == sorted(KEY_ARTICLES)
    assert (summary.documents_seen, summary.relevant, summary.processed) == (6, 4, 4)


# -- store, output, idempotence --------------------------------------------------------

def test_batch_gives_the_records_extract_gives(inputs, tmp_path):
    from extractor.acquire.inputs import read_file
    from extractor.parse import parse_document

    out = tmp_path / "out.jsonl"
    summary = batch([str(inputs)], tmp_path / "k.db", out)
    # What `koperasi extract` does, file by file (with the already loaded pipeline).
    extractor = batch_work.worker_extractor(False)
    expected = [r.model_dump(mode="json") for name in KEY_ARTICLES
                for r in extractor.extract(parse_document(read_file(inputs / name)))]
    got = read_jsonl(out)
    assert summary.status == "completed"
    assert summary.records == len(got) == summary.out_records
    assert sorted(got, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])
    assert {r["source"] for r in got} >= {str(inputs / "seed-purwakarta.txt"),
                                          str(inputs / "seed-depok.txt")}


def test_a_second_run_over_the_same_inputs_adds_nothing(inputs, tmp_path):
    db = tmp_path / "k.db"
    first = batch([str(inputs)], db, tmp_path / "first.jsonl")
    counts = table_counts(db)
    second = batch([str(inputs)], db, tmp_path / "second.jsonl")
    assert (second.processed, second.skipped_done, second.records) == (0, 4, 0)
    assert table_counts(db) == counts
    assert (tmp_path / "second.jsonl").read_text() == (tmp_path / "first.jsonl").read_text()
    assert first.records == len(read_jsonl(tmp_path / "second.jsonl"))


def test_a_changed_document_is_processed_again_and_replaces_its_records(inputs, tmp_path):
    db = tmp_path / "k.db"
    batch([str(inputs)], db)
    (inputs / "seed-depok.txt").write_text(FOOTBALL + "Koperasi disebut sekali saja.\n",
                                           encoding="utf-8")
    summary = batch([str(inputs)], db, tmp_path / "out.jsonl")
    assert (summary.processed, summary.skipped_done) == (1, 3)
    sources = {r["source"] for r in read_jsonl(tmp_path / "out.jsonl")}
    assert str(inputs / "seed-depok.txt") not in sources


def test_out_holds_only_the_inputs_of_this_command(inputs, tmp_path):
    db = tmp_path / "k.db"
    batch([str(inputs)], db)
    summary = batch([str(inputs / "seed-depok.txt")], db, tmp_path / "depok.jsonl")
    assert summary.skipped_done == 1
    assert {r["source"] for r in read_jsonl(tmp_path / "depok.jsonl")} == {
        str(inputs / "seed-depok.txt")}


# -- engines ---------------------------------------------------------------------------

def test_dask_engine_gives_the_same_records_as_the_local_engine(inputs, tmp_path):
    archive = write_archive(tmp_path / "news.warc.gz", ["a-02.html", "b-04.html"])
    given = [str(archive), str(inputs)]
    local = tmp_path / "local.jsonl"
    dask = tmp_path / "dask.jsonl"
    batch(given, tmp_path / "local.db", local)
    summary = batch(given, tmp_path / "dask.db", dask, engine="dask", workers=2,
                    dask_processes=False)
    assert summary.status == "completed" and summary.processed == 6
    assert read_jsonl(dask) == read_jsonl(local)
    assert len(read_jsonl(dask)) > 0


class CountingEngine:
    """An engine that runs a task only when waited on, and notes the most tasks it
    ever held at once."""

    name, slots = "test", 2

    def __init__(self):
        self.waiting: list = []
        self.peak = 0

    def submit(self, fn, *args):
        from concurrent.futures import Future

        future = Future()
        self.waiting.append((future, fn, args))
        self.peak = max(self.peak, len(self.waiting))
        return future

    def wait_first(self, futures):
        future, fn, args = self.waiting.pop(0)
        future.set_result(fn(*args))
        return [future]


def test_in_flight_work_is_bounded(tmp_path):
    """However long the input, no more than 2 chunks per worker slot (+1) wait at once."""
    from extractor.batch.runner import BatchSummary, Dispatcher

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(120):
        (folder / f"{i:03d}.txt").write_text(f"Koperasi {i}\nAda {i} koperasi.\n", "utf-8")
    options = BatchOptions(inputs=[str(folder)], use_model=False, chunk_size=4)
    engine = CountingEngine()
    with Store(tmp_path / "k.db") as store:
        summary = BatchSummary(run_id=store.start_run([], "test", 2, "v"), db=store.path)
        Dispatcher(options, engine, store, summary, BatchProgress([], enabled=False)).run()
    assert summary.processed == 120
    assert engine.peak == 2 * engine.slots + 1


def test_one_failing_article_does_not_sink_its_chunk(monkeypatch):
    class Flaky:
        def extract_many(self, articles):
            raise RuntimeError("batch failed")

        def extract(self, article):
            if "bad" in article.source:
                raise RuntimeError("boom")
            return []

    monkeypatch.setitem(batch_work._extractors, False, Flaky())
    items = [WorkItem(RawDocument(source=name, content=b"Koperasi\nkoperasi", kind="text"),
                      "h", None) for name in ("good.txt", "bad.txt")]
    good, bad = process_chunk(items, use_model=False)
    assert good.error is None and good.final
    assert bad.error.kind == "internal_error" and not bad.final  # retried next run


# -- errors ----------------------------------------------------------------------------

def test_an_unreadable_file_is_reported_and_skipped(inputs, tmp_path, monkeypatch):
    locked = inputs / "terkunci.txt"
    locked.write_text("Koperasi", encoding="utf-8")
    make_unreadable(locked, monkeypatch)
    summary = batch([str(inputs), str(tmp_path / "missing.txt")], tmp_path / "k.db")
    assert summary.status == "completed"
    assert summary.processed == 4
    assert summary.errors["unreadable"] == 1 and summary.errors["not_found"] == 1
    with Store(tmp_path / "k.db") as store:
        assert store.errors_by_kind() == {"not_found": 1, "unreadable": 1}


def make_unreadable(path: Path, monkeypatch) -> None:
    """chmod 000; as root (who can read anything) the read is made to fail the same way."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


# -- command line ----------------------------------------------------------------------

def test_batch_and_export_commands(inputs, tmp_path, capsys):
    db = tmp_path / "k.db"
    code = cli_main(["batch", str(inputs), "--db", str(db), "--out", str(tmp_path / "o.csv"),
                     "--workers", "0", "--no-model", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0
    assert "documents seen" in err and "relevant" in err and "errors" in err
    assert cli_main(["export", "--db", str(db), "--out", str(tmp_path / "o.parquet")]) == 0
    assert cli_main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column("id").to_pylist() == [r["id"] for r in exported]
    csv_lines = (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == len(exported) + 1


def test_export_without_a_store_says_so(tmp_path, capsys):
    assert cli_main(["export", "--db", str(tmp_path / "none.db")]) == 2
    assert "no such store" in capsys.readouterr().err


# -- progress --------------------------------------------------------------------------

def test_progress_estimates_the_total_from_input_sizes(tmp_path):
    files = []
    for i in range(4):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * 1000)
        files.append(str(path))
    progress = BatchProgress(files, enabled=False)
    progress.start_inputs(files[:1])
    progress.document(1000)
    progress.finish_inputs()
    assert progress.bar.total == 4  # one document per 1000 bytes so far, 4000 bytes in all
    progress.close()


def test_errors_from_acquisition_do_not_stop_the_batch(tmp_path, monkeypatch):
    def documents(inputs):
        yield KoperasiError("archive.warc.gz#3", "corrupt_record", "bad gzip data")
        yield RawDocument(source="ok.txt", content=(DEV / "seed-depok.txt").read_bytes(),
                          kind="text")

    monkeypatch.setattr(batch_work, "iter_documents", documents)
    summary = batch(["archive.warc.gz"], tmp_path / "k.db")
    assert summary.errors == {"corrupt_record": 1}
    assert summary.processed == 1 and summary.records >= 1


def test_runs_table_records_each_invocation(inputs, tmp_path):
    db = tmp_path / "k.db"
    batch([str(inputs)], db)
    batch([str(inputs)], db)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT status, documents_seen, processed FROM runs ORDER BY id").fetchall()
    assert rows == [("completed", 6, 4), ("completed", 6, 0)]


def test_store_is_written_from_one_thread_only(inputs, tmp_path, monkeypatch):
    """The engine's workers never touch SQLite: only the calling thread writes."""
    writers = set()
    real_save = Store.save_outcome

    def save(self, *args, **kwargs):
        writers.add(threading.get_ident())
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_outcome", save)
    batch([str(inputs)], tmp_path / "k.db", engine="dask", workers=2, dask_processes=False)
    assert writers == {threading.get_ident()}


# -- archives --------------------------------------------------------------------------

def write_archive(path: Path, names: list[str]) -> Path:
    """A WARC.gz of dev pages (by file name) and of pages that never mention koperasi."""
    from extractor.acquire.archives import ArchivedPage, write_warc

    pages = [ArchivedPage(url=f"https://berita.example.id/{name}",
                          content=(DEV / name).read_bytes()) for name in names]
    pages.insert(1, ArchivedPage(url="https://berita.example.id/cuaca",
                                 content=WEATHER_PAGE.encode()))
    write_warc(path, pages)
    return path


def corrupt_middle_record(tmp_path: Path) -> Path:
    """A WARC.gz of three records (one gzip member each) whose second is garbled."""
    members = [write_archive(tmp_path / f"part-{i}.warc.gz", [name]).read_bytes()
               for i, name in enumerate(("a-04.html", "a-06.html", "a-08.html"))]
    middle = bytearray(members[1])
    for i in range(len(middle) // 3, len(middle) // 3 + 64):
        middle[i] ^= 0x5A
    path = tmp_path / "rusak.warc.gz"
    path.write_bytes(members[0] + bytes(middle) + members[2])
    return path


def test_archives_read_by_workers_give_what_reading_in_main_gives(tmp_path):
    archive = write_archive(tmp_path / "news.warc.gz", ["a-02.html", "b-04.html", "c-06.html"])
    in_workers = batch([str(archive)], tmp_path / "w.db", tmp_path / "w.jsonl")
    in_main = batch([str(archive)], tmp_path / "m.db", tmp_path / "m.jsonl", read_in="main")
    assert (in_workers.documents_seen, in_workers.relevant) == (4, 3)
    assert (in_main.documents_seen, in_main.relevant) == (4, 3)
    records = read_jsonl(tmp_path / "w.jsonl")
    assert records and records == read_jsonl(tmp_path / "m.jsonl")
    assert all(r["source"].startswith(f"{archive}#") for r in records)
    again = batch([str(archive)], tmp_path / "w.db")
    assert (again.processed, again.inputs_skipped) == (0, 1)


@pytest.mark.parametrize("read_in", ["workers", "main"])
def test_a_finished_archive_is_not_read_again_until_it_changes(tmp_path, read_in):
    archive = write_archive(tmp_path / "news.warc.gz", ["a-02.html", "b-04.html"])
    db = tmp_path / "k.db"
    first = batch([str(archive)], db, tmp_path / "first.jsonl", read_in=read_in)
    assert (first.documents_seen, first.processed, first.inputs_skipped) == (3, 2, 0)

    again = batch([str(archive)], db, tmp_path / "again.jsonl", read_in=read_in)
    assert (again.documents_seen, again.processed, again.inputs_skipped) == (0, 0, 1)
    # the output of the second run still holds the archive's records
    assert read_jsonl(tmp_path / "again.jsonl") == read_jsonl(tmp_path / "first.jsonl")

    os.utime(archive, ns=(1, 1))  # touched: read again, documents still skipped as done
    touched = batch([str(archive)], db, read_in=read_in)
    assert (touched.documents_seen, touched.skipped_done, touched.processed) == (3, 2, 0)


def test_an_archive_with_a_failed_chunk_is_read_again(tmp_path, monkeypatch):
    archive = write_archive(tmp_path / "news.warc.gz", ["a-02.html"])
    db = tmp_path / "k.db"

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost")

    with monkeypatch.context() as patched:
        patched.setattr("extractor.batch.runner.process_chunk", crash)
        failed = batch([str(archive)], db)
    assert failed.errors["worker_failed"] == 1
    retried = batch([str(archive)], db)
    assert (retried.inputs_skipped, retried.processed, retried.with_records) == (0, 1, 1)


@pytest.mark.parametrize("read_in", ["workers", "main"])
def test_a_corrupt_warc_record_is_reported_and_the_batch_goes_on(tmp_path, inputs, read_in):
    archive = corrupt_middle_record(tmp_path)
    db = tmp_path / "k.db"
    summary = batch([str(archive), str(inputs)], db, read_in=read_in)
    assert summary.status == "completed"
    assert sum(summary.errors.values()) == 1
    [error] = summary.error_samples
    assert error.source.startswith(str(archive)) and error.stage == "acquire"
    conn = sqlite3.connect(db)
    sources = [s for (s,) in conn.execute("SELECT source FROM documents")]
    assert sum(s.startswith(f"{archive}#") for s in sources) >= 1  # the record before it
    assert {Path(s).name for s in sources if not s.startswith(str(archive))} == set(
        KEY_ARTICLES)
    assert conn.execute("SELECT kind FROM errors").fetchall() == [(error.kind,)]

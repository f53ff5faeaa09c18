"""An interrupted `koperasi batch`, started again with the same command, ends with
exactly the records of an uninterrupted run: nothing lost, nothing twice.

The batch runs as a subprocess (with a worker pool) that the test kills part way,
once the store has some documents committed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "corpus" / "dev" / "articles"
COPIES = 50
RELEVANT = 4 * COPIES


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> list[str]:
    """Inputs: a WARC.gz (read by the workers) of 50 pages about cooperatives under
    distinct URLs, and a folder (read by the main process) of 150 articles about
    cooperatives (copies of three dev articles under other names; the web page
    copies share their URL, hence their record ids) and a few others."""
    from extractor.acquire.archives import ArchivedPage, write_warc

    folder = tmp_path_factory.mktemp("archive")
    page = (DEV / "a-06.html").read_bytes()
    warc = folder.parent / "crawl.warc.gz"
    write_warc(warc, [ArchivedPage(url=f"https://berita.example.id/{i}", content=page)
                      for i in range(COPIES)])
    for i in range(COPIES):
        shutil.copy(DEV / "seed-depok.txt", folder / f"depok-{i:03d}.txt")
        shutil.copy(DEV / "seed-purwakarta.txt", folder / f"purwakarta-{i:03d}.txt")
        shutil.copy(DEV / "a-02.html", folder / f"riau-{i:03d}.html")
    for i in range(5):
        (folder / f"bola-{i}.txt").write_text("Persib menang 2-1 atas Arema.\n", "utf-8")
    return [str(warc), str(folder)]


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory) -> list[dict]:
    """The records of one uninterrupted run."""
    out = tmp_path_factory.mktemp("reference") / "records.jsonl"
    run_batch(BatchOptions(inputs=archive, db=out.with_suffix(".db"), out=out,
                           workers=0, use_model=False, progress=False))
    records = read_jsonl(out)
    assert len(records) > COPIES  # the comparison below means something
    return records


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch_command(archive: list[str], db: Path, out: Path, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "extractor", "batch", *archive, "--db", str(db),
            "--out", str(out), "--workers", str(workers), "--no-model", "--no-progress"]


def start(command: list[str]) -> subprocess.Popen:
    # A session of its own, so that the test can stop the batch and all its workers;
    # Ctrl-C as a terminal gives it, even when the tests run in a background job
    # (whose children inherit SIGINT ignored, so Python would never see it).
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=default_sigint)


def default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def documents_done(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for_progress(process: subprocess.Popen, db: Path, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the batch ended before it could be interrupted"
        done = documents_done(db)
        if done:
            return done
        time.sleep(0.02)
    raise AssertionError("no document was committed in time")


def stop_session(process: subprocess.Popen) -> None:
    """Whatever is left of the batch's session (workers of a killed main process)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_status(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
    finally:
        conn.close()


def test_a_killed_batch_resumed_gives_the_records_of_an_uninterrupted_run(
        archive, reference, tmp_path):
    db, out = tmp_path / "k.db", tmp_path / "out.jsonl"
    process = start(batch_command(archive, db, out))
    try:
        wait_for_progress(process, db)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop_session(process)
    done_before = documents_done(db)
    assert 0 < done_before < RELEVANT
    assert not out.exists()

    resumed = subprocess.run(batch_command(archive, db, out), cwd=ROOT, capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert read_jsonl(out) == reference
    assert documents_done(db) == RELEVANT
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == len(reference)
    skipped, processed = conn.execute(
        "SELECT skipped_done, processed FROM runs WHERE id = 2").fetchone()
    assert skipped >= done_before and skipped + processed == RELEVANT
    conn.close()
    assert run_status(db) == ["killed", "completed"]


def test_ctrl_c_stops_cleanly_and_the_same_command_continues(archive, reference, tmp_path):
    db, out = tmp_path / "k.db", tmp_path / "out.jsonl"
    process = start(batch_command(archive, db, out))
    try:
        wait_for_progress(process, db)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
        _, stderr = process.communicate(timeout=60)
    finally:
        stop_session(process)
    assert process.returncode == 130, stderr
    assert "run the same command again" in stderr
    assert "Traceback" not in stderr
    assert run_status(db) == ["interrupted"]

    # Continue (here in this process, to keep the test quick).
    summary = run_batch(BatchOptions(inputs=archive, db=db, out=out, workers=0,
                                     use_model=False, progress=False))
    assert summary.skipped_done > 0
    assert read_jsonl(out) == reference
    assert run_status(db) == ["interrupted", "completed"]

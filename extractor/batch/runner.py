"""`run_batch`: inputs -> prefilter -> workers -> SQLite store (-> an output file).

Two kinds of task go to the engine's workers:

- scan: read one archive file (WARC, JSONL) through the acquisition stage, drop the
  documents that never say "koperasi", send back only the relevant ones. Reading
  is most of the cost of an archive in which few pages matter, so it has to run
  on every worker, not in the main process;
- process: parse and extract a small chunk of relevant documents.

Other inputs (folders, loose files, URLs, standard input) are read by the main
process, which also skips documents the store already has done, hands out work
with a bounded number of tasks in flight, and alone writes to the store. Resuming
is therefore a matter of asking the store, document by document, whether this
content was already processed by this extractor version; and, for an archive file
read to its end with every relevant document stored, of not reading it again
while it is unchanged (`finished_inputs`).
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.acquire.archives import JSONL_SUFFIXES, WARC_SUFFIXES, has_suffix
from extractor.acquire.fetch import is_url
from extractor.article import InputError
from extractor.batch.engines import default_workers, make_engine
from extractor.batch.progress import BatchProgress
from extractor.batch.work import (
    ScanResult,
    WorkItem,
    failed_chunk,
    process_chunk,
    scan_input,
    sightings,
)
from extractor.deliver.store import DEFAULT_DB, DocumentOutcome, Store, export_store

MAX_ERROR_SAMPLES = 20
READ_IN = ("workers", "main")
RETRIED_KINDS = {"worker_failed", "internal_error"}
"""Errors that need not recur: an input that had one is read again next run."""


@dataclass
class ArchiveTrack:
    """An archive file of this run, until it can be recorded as finished."""

    path: str
    """Absolute, so that a run from another directory recognises it."""
    size: int
    mtime_ns: int
    documents: int = 0
    pending: int = 0
    """Relevant documents handed out and not yet stored."""
    read_to_end: bool = False
    clean: bool = True
    """No error that a new attempt might not meet again."""


@dataclass
class BatchOptions:
    inputs: list[str]
    db: Path = Path(DEFAULT_DB)
    out: Path | None = None
    workers: int | None = None
    """Worker processes; None for all cores, 0 to work in the calling process."""
    engine: str = "local"
    scheduler: str | None = None
    """Address of a running Dask scheduler (engine `dask`); None starts a LocalCluster."""
    dask_processes: bool = True
    """LocalCluster workers as processes (False: threads, for tests)."""
    read_in: str | None = None
    """Who reads archive files: `workers` (they must see the same paths) or `main`.
    None: the workers, unless they are on a remote Dask cluster."""
    use_model: bool = True
    reprocess: bool = False
    """Process documents again even if the store has them done."""
    progress: bool | None = None
    """Show a progress bar; None: when standard error is a terminal."""
    chunk_size: int = 8
    """Documents per process task: small enough to keep workers evenly busy and
    losses on a kill small, large enough that sending a task does not show."""

    def archives_read_by_workers(self) -> bool:
        read_in = self.read_in or ("main" if self.scheduler else "workers")
        return read_in == "workers"


@dataclass
class BatchSummary:
    run_id: int
    db: Path
    status: str = "running"
    documents_seen: int = 0
    relevant: int = 0
    skipped_done: int = 0
    inputs_skipped: int = 0
    """Archive files finished by an earlier run and unchanged since: not read."""
    processed: int = 0
    with_records: int = 0
    records: int = 0
    errors: Counter = field(default_factory=Counter)
    error_samples: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None
    out_records: int | None = None
    started: float = field(default_factory=time.perf_counter)

    def add_error(self, error: InputError) -> None:
        self.errors[error.kind] += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(error)

    def add_outcome(self, outcome: DocumentOutcome) -> None:
        self.processed += 1
        self.records += len(outcome.records)
        self.with_records += bool(outcome.records)
        if outcome.error is not None:
            self.add_error(outcome.error)

    def counters(self) -> dict[str, int | float]:
        return {"documents_seen": self.documents_seen, "relevant": self.relevant,
                "skipped_done": self.skipped_done, "processed": self.processed,
                "records": self.records, "errors": sum(self.errors.values()),
                "seconds": round(time.perf_counter() - self.started, 3)}


def run_batch(options: BatchOptions) -> BatchSummary:
    """Process every input into the store; on completion, write `options.out` if given.

    Interrupting (Ctrl-C, SIGTERM) keeps everything committed so far; running the
    same command again continues where this one stopped.
    """
    workers = default_workers() if options.workers is None else options.workers
    store = Store(options.db)
    run_id = store.start_run(options.inputs, options.engine, workers, __version__)
    summary = BatchSummary(run_id=run_id, db=options.db)
    progress = BatchProgress(options.inputs, enabled=options.progress)
    try:
        with sigterm_as_interrupt():
            engine = make_engine(options.engine, workers, options.use_model,
                                 options.scheduler, options.dask_processes)
            try:
                Dispatcher(options, engine, store, summary, progress).run()
                summary.status = "completed"
            finally:
                engine.close(cancel=summary.status != "completed")
    except KeyboardInterrupt:
        summary.status = "interrupted"
    except BaseException:
        summary.status = "failed"
        raise
    finally:
        progress.close()
        finish_run(store, summary)
        if summary.status == "completed" and options.out is not None:
            summary.out = options.out
            summary.out_records = export_store(store, options.out, current_run_only=True)
        store.close()
    return summary


class Dispatcher:
    """Keeps the engine's workers busy while bounding what is in flight: at most one
    scan per worker slot, 2 process chunks per slot (plus one), and a backlog of
    relevant documents waiting for a chunk that stops new scans when it is full."""

    def __init__(self, options: BatchOptions, engine, store: Store, summary: BatchSummary,
                 progress: BatchProgress):
        self.options = options
        self.engine = engine
        self.store = store
        self.summary = summary
        self.progress = progress
        self.scans: dict[Any, str] = {}
        self.chunks: dict[Any, list[WorkItem]] = {}
        self.backlog: deque[WorkItem] = deque()
        self.archives: dict[str, ArchiveTrack] = {}
        self.max_scans = engine.slots
        self.max_chunks = 2 * engine.slots + 1
        self.backlog_limit = options.chunk_size * self.max_chunks

    def run(self) -> None:
        partitions, groups = split_inputs(self.unfinished(self.options.inputs),
                                          self.options.archives_read_by_workers())
        pending_scans = deque(partitions)
        main_items = self.read_here(groups)
        main_done = False
        while True:
            while (pending_scans and len(self.scans) < self.max_scans
                   and len(self.backlog) < self.backlog_limit):
                given = pending_scans.popleft()
                self.scans[self.engine.submit(scan_input, given)] = given
            while not main_done and len(self.backlog) < self.options.chunk_size:
                item = next(main_items, None)
                main_done = item is None
                if item is not None:
                    self.backlog.append(item)
            while self.backlog and len(self.chunks) < self.max_chunks:
                self.submit_chunk()
            in_flight = [*self.scans, *self.chunks]
            if not in_flight:
                if pending_scans or self.backlog or not main_done:
                    continue
                return
            # Block only when there is nothing more to hand out; otherwise collect
            # what has finished and go on reading.
            more_to_read = not main_done and len(self.chunks) < self.max_chunks
            done = ([f for f in in_flight if f.done()] if more_to_read
                    else self.engine.wait_first(in_flight))
            for future in done:
                self.collect(future)
            self.checkpoint()

    def submit_chunk(self) -> None:
        size = min(self.options.chunk_size, len(self.backlog))
        chunk = [self.backlog.popleft() for _ in range(size)]
        future = self.engine.submit(process_chunk, chunk, self.options.use_model)
        self.chunks[future] = chunk

    def collect(self, future) -> None:
        if future in self.scans:
            given = self.scans.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # the worker died reading it
                result = ScanResult(input=given, errors=[InputError(
                    source=given, stage="acquire", kind="worker_failed",
                    message=f"{type(exc).__name__}: {exc}")])
            self.take_scan(result)
        else:
            chunk = self.chunks.pop(future)
            try:
                outcomes = future.result()
            except Exception as exc:
                outcomes = failed_chunk(chunk, exc)
            for outcome in outcomes:
                self.store.save_outcome(outcome, self.summary.run_id, __version__)
                self.summary.add_outcome(outcome)
                self.stored(outcome)

    def take_scan(self, result: ScanResult) -> None:
        self.summary.documents_seen += result.documents
        self.progress.scanned(result.input, result.documents, result.content_bytes)
        for error in result.errors:
            self.save_error(error)
        for item in result.items:
            if self.needs_work(item):
                self.backlog.append(item)
                self.handed_out(item)
        self.read_to_end(result.input, result.documents, result.errors)

    def read_here(self, groups: list[list[str]]) -> Iterator[WorkItem]:
        """The relevant, not yet done documents of the inputs the main process reads."""
        for group in groups:
            self.progress.start_inputs(group)
            # One input at a time (URLs excepted), so each document is known to come
            # from `label`; a run of URLs is fetched together, several hosts at once.
            label = group[0] if len(group) == 1 else None
            documents, errors = 0, []
            for sighting in sightings(group, label):
                documents += 1
                self.summary.documents_seen += 1
                self.progress.document(sighting.content_bytes)
                if sighting.error is not None:
                    errors.append(sighting.error)
                    self.save_error(sighting.error)
                elif sighting.item is not None and self.needs_work(sighting.item):
                    self.handed_out(sighting.item)
                    yield sighting.item
                self.checkpoint()
            if label is not None:
                self.read_to_end(label, documents, errors)
            self.progress.finish_inputs()

    # -- archive files finished as a whole ---------------------------------------

    def unfinished(self, inputs: list[str]) -> list[str]:
        """The inputs minus the archive files an earlier run finished (unchanged since);
        their stored documents still count as this run's, for its output file."""
        kept = []
        for given in inputs:
            track = archive_track(given)
            if track is None:
                kept.append(given)
            elif not self.options.reprocess and self.store.is_finished(
                    track.path, track.size, track.mtime_ns, __version__):
                self.summary.inputs_skipped += 1
                self.store.note_run_input(given)
            else:
                self.archives[given] = track
                kept.append(given)
        return kept

    def handed_out(self, item: WorkItem) -> None:
        track = self.archives.get(item.input or "")
        if track is not None:
            track.pending += 1

    def stored(self, outcome: DocumentOutcome) -> None:
        track = self.archives.get(outcome.input or "")
        if track is not None:
            track.pending -= 1
            track.clean = track.clean and outcome.final
            self.finish_if_done(outcome.input)

    def read_to_end(self, given: str, documents: int, errors: list[InputError]) -> None:
        track = self.archives.get(given)
        if track is not None:
            track.documents, track.read_to_end = documents, True
            track.clean = track.clean and not any(e.kind in RETRIED_KINDS for e in errors)
            self.finish_if_done(given)

    def finish_if_done(self, given: str) -> None:
        track = self.archives[given]
        if track.read_to_end and track.pending == 0:
            if track.clean:
                self.store.mark_finished(track.path, track.size, track.mtime_ns, __version__,
                                         track.documents, self.summary.run_id)
            del self.archives[given]

    def needs_work(self, item: WorkItem) -> bool:
        """Count a relevant document; False when the store already has it done."""
        self.summary.relevant += 1
        if not self.options.reprocess and self.store.is_done(
                item.doc.source, item.content_hash, __version__):
            self.store.note_run_source(item.doc.source)
            self.summary.skipped_done += 1
            return False
        return True

    def save_error(self, error: InputError) -> None:
        self.summary.add_error(error)
        self.store.save_error(error, self.summary.run_id)

    def checkpoint(self) -> None:
        if self.store.commit_due():
            self.store.update_run(self.summary.run_id, self.summary.counters())
            self.store.commit()
            self.progress.describe(relevant=self.summary.relevant,
                                   records=self.summary.records,
                                   errors=sum(self.summary.errors.values()))


def split_inputs(inputs: list[str], archives_to_workers: bool
                 ) -> tuple[list[str], list[list[str]]]:
    """(archive files the workers read, groups of inputs the main process reads).

    Groups are single inputs, except that consecutive URLs stay together: the
    acquisition stage fetches those concurrently."""
    partitions: list[str] = []
    groups: list[list[str]] = []
    for given in inputs:
        if archives_to_workers and is_archive_file(given):
            partitions.append(given)
        elif is_url(given) and groups and is_url(groups[-1][-1]):
            groups[-1].append(given)
        else:
            groups.append([given])
    return partitions, groups


def archive_track(given: str) -> ArchiveTrack | None:
    """How an archive file is now (None for other inputs)."""
    if not is_archive_file(given):
        return None
    path = Path(given).resolve()
    stat = path.stat()
    return ArchiveTrack(str(path), stat.st_size, stat.st_mtime_ns)


def is_archive_file(given: str) -> bool:
    path = Path(given)
    return has_suffix(path, WARC_SUFFIXES + JSONL_SUFFIXES) and path.is_file()


def finish_run(store: Store, summary: BatchSummary) -> None:
    """Record how the run ended, committing every whole document written so far (an
    interruption may have come halfway through one: that one is undone)."""
    store.undo_partial_document()
    summary.seconds = time.perf_counter() - summary.started
    store.update_run(summary.run_id, summary.counters(), status=summary.status)
    store.commit()


@contextmanager
def sigterm_as_interrupt():
    """`kill PID` stops a batch as cleanly as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

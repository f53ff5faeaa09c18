"""The work run in worker processes (a local pool or Dask workers): reading an
archive through the prefilter (`scan_input`) and parsing and extracting a chunk of
relevant documents (`process_chunk`).

Everything here must be importable and picklable on a worker: plain functions of
plain data. The extractor is loaded once per worker process and kept in a module
global, since loading the spaCy pipeline costs far more than processing a page.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from extractor.acquire import iter_documents
from extractor.article import Article, InputError, KoperasiError, RawDocument
from extractor.batch.prefilter import content_hash, mentions_koperasi
from extractor.deliver.store import DocumentOutcome
from extractor.parse import parse_document


class WorkItem(NamedTuple):
    """A document that passed the prefilter, on its way to a worker."""

    doc: RawDocument
    content_hash: str
    input: str | None
    """The input argument it came from (a file, folder, archive...)."""


@dataclass
class Sighting:
    """What reading one document told: it was seen, and was either an acquisition
    error, irrelevant, or relevant (then with its content hash)."""

    content_bytes: int = 0
    error: InputError | None = None
    item: WorkItem | None = None


@dataclass
class ScanResult:
    """An input read by a worker: the counts, the errors, and only the relevant
    documents (a few percent of an archive) travel back to the main process."""

    input: str
    documents: int = 0
    content_bytes: int = 0
    errors: list[InputError] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)


def sightings(inputs: Iterable[str], label: str | None) -> Iterator[Sighting]:
    """Read inputs through the acquisition stage and apply the prefilter.

    `label` names the input the documents came from (None: each its own source,
    as for a run of URLs)."""
    for doc in iter_documents(inputs):
        if isinstance(doc, KoperasiError):
            yield Sighting(error=doc.to_entry())
        elif mentions_koperasi(doc.content):
            item = WorkItem(doc, content_hash(doc.content), label or doc.source)
            yield Sighting(content_bytes=len(doc.content), item=item)
        else:
            yield Sighting(content_bytes=len(doc.content))


def scan_input(given: str) -> ScanResult:
    """Read a whole input (an archive) in a worker, keeping only relevant documents."""
    result = ScanResult(input=given)
    for sighting in sightings([given], given):
        result.documents += 1
        result.content_bytes += sighting.content_bytes
        if sighting.error is not None:
            result.errors.append(sighting.error)
        elif sighting.item is not None:
            result.items.append(sighting.item)
    return result


_extractors: dict[bool, object] = {}
_extractors_lock = threading.Lock()


def worker_extractor(use_model: bool):
    """The process's extractor, loaded on first use (Dask workers have no initializer)."""
    extractor = _extractors.get(use_model)
    if extractor is None:
        with _extractors_lock:
            extractor = _extractors.get(use_model)
            if extractor is None:
                from extractor.extract import Extractor

                extractor = _extractors[use_model] = Extractor.load(use_model=use_model)
    return extractor


def init_local_worker(use_model: bool) -> None:
    """Pool initializer: load the pipeline once, before the first document arrives.

    Ctrl-C goes to the whole process group; workers ignore it so that only the main
    process reacts (it stops handing out work and saves what is finished).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    worker_extractor(use_model)


def exit_with_parent() -> None:
    """Leave when the main process dies (`kill -9`), rather than wait forever.

    A pool worker holds both ends of its task queue, so it never sees the queue
    close; multiprocessing's parent sentinel does tell when the parent is gone.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def process_chunk(items: Sequence[WorkItem], use_model: bool) -> list[DocumentOutcome]:
    """Parse and extract a few documents.

    Parsing failures are part of the outcome; articles that parse go through
    `extract_many` together so that spaCy can batch them.
    """
    outcomes: list[DocumentOutcome] = []
    parsed: list[tuple[DocumentOutcome, Article]] = []
    for item in items:
        outcome = DocumentOutcome(source=item.doc.source, content_hash=item.content_hash,
                                  input=item.input)
        outcomes.append(outcome)
        try:
            outcome.article = parse_document(item.doc)
        except KoperasiError as error:
            outcome.error = error.to_entry()
        except Exception as exc:  # a parser bug must not stop the archive
            outcome.error = unexpected_error(item.doc.source, "parse", exc)
            outcome.final = False
        else:
            parsed.append((outcome, outcome.article))
    extract_parsed(parsed, worker_extractor(use_model))
    return outcomes


def extract_parsed(parsed: list[tuple[DocumentOutcome, Article]], extractor) -> None:
    """Fill in the records of parsed documents, isolating any one that fails."""
    if not parsed:
        return
    try:
        by_source = {article.source: records
                     for article, records in extractor.extract_many(a for _, a in parsed)}
        for outcome, article in parsed:
            outcome.records = by_source[article.source]
        return
    except Exception:  # retried one by one below, to find the culprit
        pass
    for outcome, article in parsed:
        try:
            outcome.records = extractor.extract(article)
        except KoperasiError as error:
            outcome.error = error.to_entry()
        except Exception as exc:
            outcome.error = unexpected_error(article.source, "extract", exc)
            outcome.final = False


def unexpected_error(source: str, stage: str, exc: BaseException) -> InputError:
    """An exception that is a bug, not a property of the input: kept but retried next run."""
    return InputError(source=source, stage=stage, kind="internal_error",
                      message=f"{type(exc).__name__}: {exc}")


def failed_chunk(items: Sequence[WorkItem], exc: BaseException) -> list[DocumentOutcome]:
    """Outcomes for a chunk whose worker died (crash, lost Dask worker): retried next run."""
    return [DocumentOutcome(source=item.doc.source, content_hash=item.content_hash,
                            input=item.input,
                            error=InputError(source=item.doc.source, stage="extract",
                                             kind="worker_failed",
                                             message=f"{type(exc).__name__}: {exc}"),
                            final=False)
            for item in items]

"""Expand user inputs into raw documents. Errors are yielded, never raised, so a
batch goes on past a bad input and reports it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from extractor.article import KoperasiError, RawDocument

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}


def iter_documents(inputs: Iterable[str]) -> Iterator[RawDocument | KoperasiError]:
    for given in inputs:
        if given == "-":
            yield RawDocument(source="-", content=sys.stdin.buffer.read(), kind="text")
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
                    yield read_file(child)
        else:
            yield read_file(path, given)


def read_file(path: Path, given: str | None = None) -> RawDocument | KoperasiError:
    source = given or str(path)
    if not path.exists():
        return KoperasiError(source, "not_found", "no such file or folder")
    try:
        content = path.read_bytes()
    except OSError as exc:
        return KoperasiError(source, "unreadable", f"cannot read: {exc.strerror or exc}")
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return RawDocument(source=source, content=content, kind=kind)

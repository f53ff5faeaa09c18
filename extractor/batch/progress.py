"""A progress bar in documents, with an ETA even though archives do not say how many
documents they hold.

The total is estimated from the size of the inputs: the bytes not yet read divided
by the input bytes one document has taken so far. Archives read by workers count
when their scan comes back. Within a compressed input the main process reads, the
position is not known exactly, so the bytes a document took are its content size
divided by the compression ratio seen on finished archives (a prior until one
finishes). Each finished input snaps the count back to its exact size.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
HTML_GZIP_RATIO = 4.0
"""Typical content bytes per compressed byte for news HTML, until measured."""


def input_size(given: str) -> int:
    """Bytes of an input on disk; 0 when unknown (standard input, URLs)."""
    path = Path(given)
    try:
        if path.is_file():
            return path.stat().st_size
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except OSError:
        pass
    return 0


def is_compressed(given: str) -> bool:
    return given.lower().endswith(COMPRESSED_SUFFIXES)


class BatchProgress:
    """Counts documents and estimates the total from input bytes."""

    def __init__(self, inputs: list[str], enabled: bool | None = None):
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.sizes = {given: input_size(given) for given in inputs}
        self.remaining_bytes = sum(self.sizes.values())
        self.done_bytes = 0.0
        self.ratio = HTML_GZIP_RATIO
        self._measured_content = 0
        self._measured_compressed = 0
        self._current_size = 0
        self._current_compressed = False
        self._current_content = 0
        self._current_estimate = 0.0
        self.documents = 0
        self.bar = tqdm(total=None, unit="doc", unit_scale=True, dynamic_ncols=True,
                        disable=not enabled, desc="koperasi batch", smoothing=0.05)

    def start_inputs(self, group: list[str]) -> None:
        """Reading begins on these inputs (one file or folder, or a run of URLs)."""
        self._current_size = sum(self.sizes.get(given, 0) for given in group)
        self._current_compressed = all(is_compressed(given) for given in group)
        self._current_content = 0
        self._current_estimate = 0.0
        self.remaining_bytes -= self._current_size

    def document(self, size: int) -> None:
        """One document of `size` content bytes was read from the current inputs."""
        self.documents += 1
        self._current_content += size
        self._current_estimate += size / self.ratio if self._current_compressed else size
        self._refresh_total()
        self.bar.update(1)

    def finish_inputs(self) -> None:
        size = self._current_size
        if self._current_compressed and size and self._current_content:
            self._measured_content += self._current_content
            self._measured_compressed += size
            self.ratio = self._measured_content / self._measured_compressed
        self.done_bytes += size
        self._current_size = 0
        self._current_estimate = 0.0
        self._refresh_total()

    def scanned(self, given: str, documents: int, content_bytes: int) -> None:
        """A worker read the whole of `given`: `documents` documents."""
        size = self.sizes.get(given, 0)
        self.remaining_bytes -= size
        self.done_bytes += size
        if is_compressed(given) and size and content_bytes:
            self._measured_content += content_bytes
            self._measured_compressed += size
            self.ratio = self._measured_content / self._measured_compressed
        self.documents += documents
        self._refresh_total()
        self.bar.update(documents)

    def _refresh_total(self) -> None:
        if not self.documents:
            return
        current_size = self._current_size
        read_bytes = self.done_bytes + min(self._current_estimate, current_size)
        if read_bytes <= 0:
            return
        left = self.remaining_bytes + max(0.0, current_size - self._current_estimate)
        total = self.documents + round(left * self.documents / read_bytes)
        # No refresh here: tqdm redraws at its own pace on the next update.
        self.bar.total = total

    def describe(self, **counters: int) -> None:
        self.bar.set_postfix(counters, refresh=False)

    def close(self) -> None:
        if self.bar.total is not None:
            # The estimate ends as an exact count.
            self.bar.total = self.documents
        self.bar.close()

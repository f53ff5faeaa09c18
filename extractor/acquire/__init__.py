"""Acquire stage: user inputs (paths, folders, '-', URLs, archives) -> `RawDocument`s."""

from extractor.acquire.inputs import iter_documents

__all__ = ["iter_documents"]

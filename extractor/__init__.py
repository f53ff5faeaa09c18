"""koperasi-extractor: cooperative statistics from Indonesian news.

The pipeline is the package layout: `acquire` -> `parse` -> `extract` -> `deliver`.

    >>> from extractor import extract_text
    >>> records = extract_text("600 dari 780 unit koperasi di Purwakarta aktif dan sehat.")
"""

from __future__ import annotations

__version__ = "0.1.0"

from extractor.api import extract_article, extract_file, extract_text  # noqa: E402
from extractor.article import Article, KoperasiError  # noqa: E402
from extractor.record import Record  # noqa: E402

__all__ = ["Article", "KoperasiError", "Record", "__version__", "extract_article",
           "extract_file", "extract_text"]

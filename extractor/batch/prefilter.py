"""The cheap test that keeps most of an archive away from the parser and the model.

In a general news archive almost no page is about cooperatives, and a page that
never says "koperasi" cannot hold a cooperative statistic. Looking for the word in
the raw bytes costs tens of microseconds a page; parsing the HTML costs milliseconds.
"""

from __future__ import annotations

import hashlib

KEYWORD = b"koperasi"


def mentions_koperasi(content: bytes) -> bool:
    """True if the bytes contain "koperasi" in any letter case.

    `bytes.lower()` folds ASCII only, which is what we want: the word is ASCII in
    every encoding a news page uses (UTF-8, Latin-1, Windows-1252). Lowering a
    copy and searching it is several times faster than a case-insensitive regex.
    """
    return KEYWORD in content.lower()


def content_hash(content: bytes) -> str:
    """A fingerprint of a document's bytes: a changed page is processed again."""
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()

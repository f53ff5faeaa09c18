"""Bytes of a web page -> text, with the charset the page really uses.

Pages lie about their charset often enough that a declaration is a hint, not a
fact: a page served as ISO-8859-1 whose bytes are valid multi-byte UTF-8 is
UTF-8 (the reverse accident is practically impossible), and a page declared
UTF-8 whose bytes are not UTF-8 is usually windows-1252.
"""

from __future__ import annotations

import codecs
import re

from extractor.article import KoperasiError

# The WHATWG encoding standard maps these labels to windows-1252, because
# browsers always decoded them that way and pages rely on it (curly quotes and
# dashes in 0x80-0x9F are common in Indonesian news copy).
WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii",
                        "ascii", "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252",
                        "x-cp1252"}

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.I)
XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.-]+)""", re.I)


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in WINDOWS_1252_ALIASES:
        return "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return match.group(1) if match else None


def declared_in_document(content: bytes) -> str | None:
    """The charset a page declares about itself (<meta charset>, http-equiv, <?xml?>)."""
    head = content[:4096]
    match = META_CHARSET.search(head) or XML_DECLARATION.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(content: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, charset used). Raises `KoperasiError`.

    Order: byte-order mark, then UTF-8 if the bytes are valid UTF-8, then what the
    transport and the page declare, then statistical detection.
    """
    for bom, name in BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(name, errors="replace"), name
    if looks_binary(content):
        raise KoperasiError(source, "bad_encoding", "looks like binary data, not a text page",
                            stage="parse")
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for label in (declared, declared_in_document(content)):
        name = normalise_charset(label)
        if name and name != "utf-8":
            try:
                return content.decode(name), name
            except UnicodeDecodeError:
                continue
    return detect_and_decode(content, source)


def detect_and_decode(content: bytes, source: str) -> tuple[str, str]:
    """Last resort: let charset_normalizer guess; windows-1252 if it cannot."""
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    if best is not None:
        try:
            return content.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return content.decode("windows-1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise KoperasiError(source, "bad_encoding",
                            "bytes fit neither UTF-8, the declared charset nor a detected one",
                            stage="parse") from exc


def looks_binary(content: bytes) -> bool:
    """NUL bytes do not occur in text pages (UTF-16 ones carry a BOM, handled before)."""
    sample = content[:8192]
    return sample.count(b"\x00") > max(4, len(sample) // 100)

"""Sentence boundaries for Indonesian news: every line break, and . ! ? before a
capital, a digit or a quote, except after abbreviations ("Kab.", "Rp.", "H.")."""

from __future__ import annotations

import re

ABBREVIATIONS = {"kab", "kec", "prov", "no", "rp", "dr", "h", "hj", "ir", "drs", "st", "jl",
                 "dkk", "tbk", "pt", "cv", "kel", "ds", "kp", "sdr", "bpk", "ny", "prof",
                 "m", "s", "a", "b", "c", "d", "e", "f", "g", "i", "j", "k", "l", "n", "o",
                 "p", "q", "r", "t", "u", "v", "w", "x", "y", "z", "sh", "se", "mm", "msi",
                 "kom", "ak", "dll", "dsb", "tsb", "yth", "ttd"}
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in BOUNDARY.finditer(line):
            word = re.search(r"(\w+)[.!?][\"”’)]?$", line[:match.start() + 1].rstrip("\"”’)"))
            if word and word.group(1).lower() in ABBREVIATIONS and line[match.start() - 1] == ".":
                continue
            add_span(spans, line, offset, start, match.start())
            start = match.end()
        add_span(spans, line, offset, start, len(line))
        offset += len(line) + 1
    return spans


def add_span(spans: list, line: str, offset: int, start: int, end: int) -> None:
    chunk = line[start:end]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((offset + start + lead, offset + start + len(chunk.rstrip())))

"""Publication dates: machine-readable values (meta tags, JSON-LD) and the
strings Indonesian news pages show ("Kamis, 20 Juli 2023 09:10 WIB",
"Selasa (20/4/2021)", "20/07/2023 - 14:20 WITA", "16 Feb 2016 at 09:10 WIB").

A date without a stated zone is Asia/Jakarta; a stated zone (WIB/WITA/WIT or an
offset) is kept, except UTC, which is shown in Jakarta time so the calendar
date is the one readers in Indonesia saw.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class PublishedDate:
    day: date
    clock: time | None = None
    zone: tzinfo | None = None

    def iso(self) -> str:
        """ISO 8601: a date, or a datetime with its offset when the time is known."""
        if self.clock is None:
            return self.day.isoformat()
        moment = datetime.combine(self.day, self.clock, tzinfo=self.zone or JAKARTA)
        if moment.utcoffset() == timedelta(0):
            moment = moment.astimezone(JAKARTA)
        return moment.isoformat(timespec="seconds")


@cache
def vocabulary() -> dict:
    with open(Path(__file__).with_name("dates.toml"), "rb") as handle:
        return tomllib.load(handle)


def month_number(name: str) -> int | None:
    return vocabulary()["months"].get(name.lower().rstrip("."))


def zone_for(label: str | None) -> tzinfo | None:
    """WIB/WITA/WIT/GMT/UTC or a +07:00 / +0700 / Z offset -> tzinfo."""
    if not label:
        return None
    label = label.strip()
    if label.upper() == "Z":
        return UTC
    offset = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?", label, re.I)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return timezone(sign * timedelta(minutes=minutes))
    hours = vocabulary()["zones"].get(label.lower())
    return None if hours is None else timezone(timedelta(hours=hours))


def build(year: int, month: int, day: int, hour: str | None = None, minute: str | None = None,
          second: str | None = None, meridiem: str | None = None,
          zone: str | None = None) -> PublishedDate | None:
    """A PublishedDate from parts, or None if they are not a plausible date."""
    if year < 100:
        year += 2000
    try:
        day_part = date(year, month, day)
        clock = None
        if hour is not None and minute is not None:
            hours = int(hour)
            if meridiem:
                hours = hours % 12 + (12 if meridiem.lower().startswith("p") else 0)
            clock = time(hours, int(minute), int(second or 0))
    except ValueError:
        return None
    if not EARLIEST_YEAR <= year <= date.today().year + 1:
        return None
    return PublishedDate(day_part, clock, zone_for(zone))


# --- machine-readable values -------------------------------------------------

ISO_LIKE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:\s*T?\s*(\d{1,2})[:.-](\d{2})(?:[:.-](\d{2}))?(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT|GMT|UTC)?", re.I)
EPOCH = re.compile(r"\d{10}(\d{3})?")


def parse_machine_date(value: str | None) -> PublishedDate | None:
    """A meta/JSON-LD/`<time datetime>` value: ISO 8601 and its common corruptions
    ("2015-11-05 T10:08:58Z", "2015-06-16T14-05-11Z", "2022/12/10 13:19:56",
    "2016-02-16T13:01:52+0700", "2015-06-19T03:40:00+07:00Z") or epoch seconds."""
    if not value:
        return None
    value = value.strip()
    if EPOCH.fullmatch(value):
        seconds = int(value[:10])
        moment = datetime.fromtimestamp(seconds, tz=JAKARTA)
        return PublishedDate(moment.date(), moment.time().replace(microsecond=0), JAKARTA)
    match = ISO_LIKE.search(value)
    if not match:
        return parse_text_date(value)
    year, month, day, hour, minute, second, zone = match.groups()
    return build(int(year), int(month), int(day), hour, minute, second, zone=zone)


# --- dates as pages show them ------------------------------------------------

def _month_alternatives() -> str:
    names = sorted(vocabulary()["months"], key=len, reverse=True)
    return "|".join(re.escape(name) for name in names)


TIME = (r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
        r"\s*(?P<meridiem>[ap]\.?m\.?\b)?")
ZONE = r"(?P<zone>WIB|WITA|WIT|GMT\s*[+-]\s*\d{1,2}(?::?\d{2})?|UTC|GMT)\b"
# Between a date and its time pages put commas, dashes, bars, "at", "pukul", "jam".
JOINER = r"[\s,|\-–—/]*(?:(?:at|pukul|jam|pkl\.?)\s*)?"


@cache
def text_patterns() -> list[re.Pattern]:
    months = _month_alternatives()
    tail = rf"(?:{JOINER}{TIME})?(?:\s*{ZONE})?"
    return [
        # 20 Juli 2023 09:10 WIB / 5 Nov 2015 | 21:04 / 04 November, 2015 | 07:28 WIB
        re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{months})\.?,?\s+(?P<year>\d{{4}})\b{tail}",
                   re.I),
        # June 19 2015, 7:36 AM / Jun 19, 2015
        re.compile(rf"\b(?P<month>{months})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b{tail}",
                   re.I),
        # 26/07/2018 - 14:20 WIB / (20/4/2021) / 20-07-2023 / 20.07.2023
        re.compile(rf"\b(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)"
                   rf"(?P<year>\d{{4}}|\d{{2}})\b(?![/.-]\d){tail}", re.I),
        # 2023-07-20 09:10
        re.compile(rf"\b(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})\b{tail}", re.I),
    ]


# 12:23 am Jun 19, 2015: the time comes first.
TIME_FIRST = re.compile(rf"{TIME}\s*(?:{ZONE})?[\s,]*$", re.I)


def parse_text_date(text: str | None) -> PublishedDate | None:
    """The first plausible date in a string as a page shows it, or None."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", text)
    found: list[tuple[int, PublishedDate]] = []
    for pattern in text_patterns():
        for match in pattern.finditer(text):
            parsed = _from_match(match, text)
            if parsed is not None:
                found.append((match.start(), parsed))
                break
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def _from_match(match: re.Match, text: str) -> PublishedDate | None:
    parts = match.groupdict()
    month = parts["month"]
    month_value = int(month) if month.isdigit() else month_number(month)
    if month_value is None:
        return None
    hour, minute, second, meridiem = (parts.get(k) for k in ("hour", "minute", "second",
                                                              "meridiem"))
    if hour is None:
        before = TIME_FIRST.search(text[:match.start()])
        if before:
            hour, minute, second, meridiem = before.group("hour", "minute", "second",
                                                          "meridiem")
    return build(int(parts["year"]), month_value, int(parts["day"]), hour, minute, second,
                 meridiem, parts.get("zone"))


def parse_with_dateparser(text: str) -> PublishedDate | None:
    """Fallback for unusual absolute dates; relative ones ("2 jam lalu") are refused,
    since they say nothing once a page is archived."""
    import dateparser

    parsed = dateparser.parse(
        text, languages=["id", "en"],
        settings={"DATE_ORDER": "DMY", "PARSERS": ["absolute-time"],
                  "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        return None
    clock = parsed.time() if (parsed.hour, parsed.minute) != (0, 0) else None
    return build(parsed.year, parsed.month, parsed.day,
                 str(clock.hour) if clock else None, str(clock.minute) if clock else None)


URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
URL_COMPACT_DATE = re.compile(r"/(20\d{2})(\d{2})(\d{2})\d*(?:/|-|$)")


def date_from_url(url: str | None) -> PublishedDate | None:
    """Many news URLs carry the date: /2024/02/13/slug, /berita/20240213xxxx/slug."""
    if not url:
        return None
    for pattern in (URL_DATE, URL_COMPACT_DATE):
        match = pattern.search(url)
        if match:
            parsed = build(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if parsed:
                return parsed
    return None

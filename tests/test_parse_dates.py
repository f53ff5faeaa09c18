"""Publication dates: machine values, Indonesian strings, zones, URL dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.parse.dates import date_from_url, parse_machine_date, parse_text_date

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@pytest.mark.parametrize("text, expected", [
    ("Kamis, 20 Juli 2023 09:10 WIB", "2023-07-20T09:10:00+07:00"),
    ("Selasa (20/4/2021)", "2021-04-20"),
    ("20/07/2023", "2023-07-20"),
    ("Senin, 10 Juli 2023 - 14:32 WITA | Penulis: Stenly", "2023-07-10T14:32:00+08:00"),
    ("Sabtu, 10 Des 2022 22:10 WIB", "2022-12-10T22:10:00+07:00"),
    ("Jum'at, 17 Februari 2017 - 13:30 wib", "2017-02-17T13:30:00+07:00"),
    ("16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
    ("Rabu, 4 November 2015 | 21:04 WIB", "2015-11-04T21:04:00+07:00"),
    ("Senin, 3 Juli 2023 - 08:00 WIT", "2023-07-03T08:00:00+09:00"),
    ("Kompas.com - 28/05/2025, 13:30 WIB", "2025-05-28T13:30:00+07:00"),
    ("12:23 am Jun 19, 2015", "2015-06-19T00:23:00+07:00"),
    ("Fri, June 19 2015, 7:36 AM", "2015-06-19T07:36:00+07:00"),
    ("Diposting pada 12/06/2024", "2024-06-12"),
    ("Rabu, 26 Agustus 2020 pukul 10.15 WIB", "2020-08-26T10:15:00+07:00"),
])
def test_shown_dates(text, expected):
    assert parse_text_date(text).iso() == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-02-13T10:25:00+08:00", "2024-02-13T10:25:00+08:00"),
    ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),
    ("2022/12/10 13:19:56", "2022-12-10T13:19:56+07:00"),  # no zone: Asia/Jakarta
    ("2016-02-16T02:10:56Z", "2016-02-16T09:10:56+07:00"),  # UTC shown in Jakarta time
    ("2015-06-19T03:40:00+07:00Z", "2015-06-19T03:40:00+07:00"),
    ("2015-11-05 T10:08:58Z", "2015-11-05T17:08:58+07:00"),
    ("2024-02-13", "2024-02-13"),
    ("1700000000", "2023-11-15T05:13:20+07:00"),
])
def test_machine_dates(value, expected):
    assert parse_machine_date(value).iso() == expected


@pytest.mark.parametrize("text", ["", "Dibaca 1.284 kali", "31/02/2023", "Tahun 2023",
                                  "Rp 20/30/40 juta", "99 Juli 1800"])
def test_no_date(text):
    assert parse_text_date(text) is None


@pytest.mark.parametrize("url, expected", [
    ("https://a.id/ekonomi/2024/02/13/judul", "2024-02-13"),
    ("https://a.id/berita/20240213123456/judul", "2024-02-13"),
    ("https://a.id/berita/judul", None),
])
def test_url_dates(url, expected):
    found = date_from_url(url)
    assert (found.iso() if found else None) == expected


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2025, 12, 31)),
       st.sampled_from(["long", "short", "numeric", "dateline"]), st.sampled_from(DAYS))
def test_indonesian_formats_round_trip(day, style, weekday):
    if style == "long":
        text = f"{weekday}, {day.day} {MONTHS[day.month - 1]} {day.year} 10:05 WIB"
    elif style == "short":
        text = f"{day.day:02d} {SHORT[day.month - 1]} {day.year}, 10:05"
    elif style == "numeric":
        text = f"{weekday}, {day.day:02d}/{day.month:02d}/{day.year} - 10:05 WIB"
    else:
        text = f"kata dia, {weekday} ({day.day}/{day.month}/{day.year})."
    assert parse_text_date(text).day == day

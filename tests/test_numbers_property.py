"""Property tests for `find_numbers`: whatever integer is written the Indonesian way
(dot-grouped thousands, or number words), it is read back as the same value; comma
decimals likewise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.extract.numbers import find_numbers

UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def below_hundred(n: int) -> str:
    if n < 10:
        return UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{UNITS[n - 10]} belas"
    tens, units = divmod(n, 10)
    return f"{UNITS[tens]} puluh" + (f" {UNITS[units]}" if units else "")


def below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = "" if not hundreds else "seratus" if hundreds == 1 else f"{UNITS[hundreds]} ratus"
    return " ".join(part for part in (head, below_hundred(rest) if rest else "") if part)


def indonesian_words(n: int) -> str:
    """1..999999 as Indonesian number words: 125 -> 'seratus dua puluh lima'."""
    assert 1 <= n <= 999_999
    thousands, rest = divmod(n, 1000)
    head = "" if not thousands else "seribu" if thousands == 1 else \
        f"{below_thousand(thousands)} ribu"
    return " ".join(part for part in (head, below_thousand(rest) if rest else "") if part)


def dotted(n: int) -> str:
    """1264000 -> '1.264.000'."""
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize(("n", "words"), [
    (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"), (19, "sembilan belas"),
    (20, "dua puluh"), (100, "seratus"), (125, "seratus dua puluh lima"),
    (1000, "seribu"), (1200, "seribu dua ratus"), (3000, "tiga ribu"),
    (11_000, "sebelas ribu"), (100_000, "seratus ribu"),
    (999_999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh "
              "sembilan"),
])
def test_the_test_formatter(n, words):
    assert indonesian_words(n) == words


def the_number(text: str):
    found = find_numbers(text)
    assert len(found) == 1, f"{text!r}: {found}"
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_dotted_thousands_round_trip(n):
    text = f"Tercatat {dotted(n)} koperasi di daerah itu."
    m = the_number(text)
    assert m.value == n
    assert m.text == dotted(n)
    assert m.kind == "number"


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(min_value=1, max_value=999_999))
def test_number_words_round_trip(n):
    words = indonesian_words(n)
    text = f"Tercatat ada {words} koperasi di daerah itu."
    m = the_number(text)
    assert m.value == n
    assert m.text == words


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=99))
def test_comma_decimals_round_trip(whole, fraction):
    written = f"{whole},{fraction}"
    m = the_number(f"Koperasi yang sehat mencapai {written} persen.")
    assert m.value == pytest.approx(float(f"{whole}.{fraction}"))
    assert m.kind == "percent"


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=1000, max_value=10**7), st.integers(min_value=1, max_value=9))
def test_dotted_thousands_with_decimals(whole, tenth):
    written = f"{dotted(whole)},{tenth}"
    m = the_number(f"Produksi mencapai {written} ton.")
    assert m.value == pytest.approx(whole + tenth / 10)


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_decimal_with_ribu(whole, tenth):
    """'1,2 ribu' = 1200."""
    m = the_number(f"Jumlahnya {whole},{tenth} ribu koperasi.")
    assert m.value == pytest.approx((whole + tenth / 10) * 1000)

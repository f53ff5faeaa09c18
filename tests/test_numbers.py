"""`find_numbers`: numerals and number words with their values and qualifiers, and
the numbers that are not counts (years, dates, times, phones, money, percentages,
ordinals, ages) recognised as what they are. Expectations follow ANNOTATION.md."""

from __future__ import annotations

import pytest

from extractor.extract.numbers import NumberMention, find_numbers


def mentions_in(text: str) -> list[NumberMention]:
    found = find_numbers(text)
    for m in found:  # offsets always slice the text to the mention
        assert text[m.start:m.end] == m.text, m
    return found


def only_count(text: str) -> NumberMention:
    counts = [m for m in mentions_in(text) if m.kind == "number"]
    assert len(counts) == 1, f"{text!r}: {counts}"
    return counts[0]


# (text, value, qualifier): the one number in the text that may be a count.
COUNTS = [
    ("Jumlah koperasi mencapai 1.264 unit.", 1264, None),
    ("Tercatat 2.901 unit koperasi aktif.", 2901, None),
    ("Ada 1.264.000 anggota koperasi.", 1264000, None),
    ("Di sana ada 780 unit koperasi.", 780, None),
    # "bahwa" ends in "wa" (WhatsApp) but is no phone cue
    ("Ia menjelaskan bahwa 95 koperasi tidak sehat.", 95, None),
    # number words
    ("Ada seratus dua puluh lima koperasi aktif.", 125, None),
    ("Ada tiga ribu koperasi di provinsi itu.", 3000, None),
    ("Hanya sebelas koperasi yang aktif.", 11, None),
    ("Hanya dua belas koperasi yang aktif.", 12, None),
    ("Tercatat seribu dua ratus koperasi.", 1200, None),
    ("Tercatat sepuluh koperasi.", 10, None),
    ("Tercatat dua puluh koperasi.", 20, None),
    ("Tercatat seratus koperasi.", 100, None),
    ("Tercatat seribu koperasi.", 1000, None),
    ("Tercatat lima ratus empat puluh tujuh koperasi.", 547, None),
    ("Tercatat tiga ratus sebelas koperasi.", 311, None),
    ("Tercatat empat belas ribu tujuh ratus enam koperasi.", 14706, None),
    ("Seratus koperasi dinyatakan sehat.", 100, None),
    # numeral + scale word
    ("Jumlahnya 1,2 ribu koperasi.", 1200, None),
    ("Jumlahnya 3,9 ribu koperasi.", 3900, None),
    # approximate, lower and upper bounds
    ("Ada 50-an koperasi yang aktif.", 50, "approx"),
    ("Ada 700-an koperasi yang aktif.", 700, "approx"),
    ("Yang aktif cuma 740an unit.", 740, "approx"),
    ("Jumlahnya 1.200an unit.", 1200, "approx"),
    ("Ada sekitar 100 koperasi yang aktif.", 100, "approx"),
    ("Ada kurang lebih 250 koperasi yang aktif.", 250, "approx"),
    ("Ada lebih dari 300 koperasi yang aktif.", 300, "at_least"),
    ("Ada tidak lebih dari 40 koperasi yang aktif.", 40, "at_most"),
    ("Sedikitnya 20 koperasi tidak aktif.", 20, "at_least"),
    ("Ada sedikitnya 20 koperasi tidak aktif.", 20, "at_least"),
    ("Ada 300 lebih koperasi yang aktif.", 300, "at_least"),
    ("Ada kurang dari 50 koperasi yang aktif.", 50, "at_most"),
]


@pytest.mark.parametrize(("text", "value", "qualifier"), COUNTS,
                         ids=[c[0] for c in COUNTS])
def test_count_values_and_qualifiers(text, value, qualifier):
    m = only_count(text)
    assert m.value == value
    assert m.qualifier == qualifier
    assert m.is_count


def test_percent():
    (m,) = mentions_in("Koperasi yang sehat mencapai 76,9 persen.")
    assert m.kind == "percent"
    assert m.value == pytest.approx(76.9)
    assert m.text == "76,9"
    assert not m.is_count


@pytest.mark.parametrize("text", ["76,9 persen", "76,9%", "sebesar 12 persen"])
def test_percentages_are_not_counts(text):
    found = mentions_in(text)
    assert found and all(m.kind == "percent" and not m.is_count for m in found)


# (text, kind of the number(s), the numeral the kind is checked on)
NOT_COUNTS = [
    ("Koperasi itu dibubarkan pada 2022 lalu.", "year", "2022"),
    ("Data koperasi tahun 2013 menunjukkan hal itu.", "year", "2013"),
    ('ujar Anne, di lokasi pelatihan, Selasa (20/4/2021).', "date", "20"),
    ("Pekan Koperasi diselenggarakan 19-21 Juli 2023 di Depok.", "date", "19"),
    ("Pekan Koperasi diselenggarakan 19-21 Juli 2023 di Depok.", "date", "21"),
    ("Pekan Koperasi diselenggarakan 19-21 Juli 2023 di Depok.", "year", "2023"),
    ("Kamis, 20 Juli 2023 09.10 WIB", "date", "20"),
    ("Data per 30-06-2022 menunjukkan hal itu.", "date", "30"),
    ("Data per 30-06-2022 menunjukkan hal itu.", "year", "2022"),
    ("Data per 31/12/2023 menunjukkan hal itu.", "year", "2023"),
    ("Data per 31.12.2023 menunjukkan hal itu.", "year", "2023"),
    ("kata Asep, Selasa (20/4/2021).", "date", "2021"),
    ("Pelatihan digelar Selasa-Kamis (14-16/11/2023) di Sabang.", "date", "14"),
    ("Expo digelar Jumat hingga Minggu (22\u201324/9/2023).", "date", "22"),
    ("Acara dimulai pukul 10 WIB.", "time", "10"),
    ("Hubungi kantor dinas di (0343) 747512.", "phone", "747512"),
    ("Informasi lebih lanjut: 0811-4050-321.", "phone", "0811"),
    ("Informasi lebih lanjut: 0811-4050-321.", "phone", "4050"),
    ("Informasi lebih lanjut: 0811-4050-321.", "phone", "321"),
    ("Modal koperasi itu Rp850 juta.", "money", "850"),
    ("Pinjaman sebesar Rp 5 miliar disalurkan.", "money", "5"),
    ("Peringatan Hari Koperasi ke-76 digelar meriah.", "ordinal", "76"),
    ("Ketua koperasi, Budi (63), mengatakan hal itu.", "age", "63"),
    ("Koperasi itu berdiri saat pandemi COVID-19.", "code", "19"),
]


@pytest.mark.parametrize(("text", "kind", "numeral"), NOT_COUNTS,
                         ids=[f"{c[0]}|{c[2]}" for c in NOT_COUNTS])
def test_numbers_that_are_not_counts(text, kind, numeral):
    found = mentions_in(text)
    at = text.index(numeral)
    covering = [m for m in found if m.start <= at < m.end]
    assert covering, f"{numeral!r} not found in {text!r}: {found}"
    assert {m.kind for m in covering} == {kind}
    assert not any(m.is_count for m in covering)


@pytest.mark.parametrize("text", [
    "Acara dimulai pukul 09.10 WIB.",
    "Kamis, 20 Juli 2023 09.10 WIB",
    "pukul 14.30 WITA hingga 16.00 WIT",
    "Kamis, 20 Juli 2023 9:10 WIB",
    "Selasa (20/4/2021)",
    "19-21 Juli 2023",
    "(0343) 747512",
    "0811-4050-321",
    "Rp850 juta",
    "Rp 5 miliar",
    "Hari Koperasi ke-76",
    "Budi (63)",
    "pada 2022 lalu",
])
def test_no_count_at_all(text):
    """Whatever the pieces are taken for, none of them is a count (nor, for times
    such as '09.10', a number like 910 or 9.1)."""
    assert not [m for m in mentions_in(text) if m.is_count or m.kind == "number"]


def test_time_does_not_hide_a_following_count():
    text = "Kamis (20/7/2023) pukul 09.10 WIB, tercatat 300 koperasi aktif."
    m = only_count(text)
    assert m.value == 300


@pytest.mark.parametrize("text", ["Ada ratusan koperasi.", "Puluhan koperasi tidak aktif.",
                                  "Ribuan koperasi tercatat.", "Belasan koperasi dibubarkan."])
def test_vague_amounts_are_not_numbers(text):
    assert not [m for m in mentions_in(text) if m.is_count]


@pytest.mark.parametrize("text", ["Ada ratusan koperasi di Kabupaten Bogor.",
                                  "Puluhan koperasi di Kabupaten Bogor tidak aktif.",
                                  "Ribuan koperasi di Jawa Barat dinyatakan sehat."])
def test_vague_amounts_give_no_record(extract, text):
    assert extract(text) == []


def test_one_is_not_a_count():
    (m,) = mentions_in("Hanya satu koperasi yang aktif.")
    assert m.value == 1
    assert not m.is_count


@pytest.mark.parametrize("text", ["Salah satu koperasi di sana aktif.",
                                  "Ini salah satu koperasi yang aktif."])
def test_salah_satu_is_not_a_count(text):
    assert not [m for m in mentions_in(text) if m.is_count]


# Number words in the years' range are amounts, not years: nobody writes a year
# in words in a news sentence about cooperatives ("dua ribu koperasi").
@pytest.mark.parametrize(("text", "value"), [
    ("Ada dua ribu koperasi di provinsi itu.", 2000),
    ("Tercatat dua ribu dua puluh satu koperasi.", 2021),
])
def test_number_words_in_the_years_range_are_counts(text, value):
    m = only_count(text)
    assert m.value == value

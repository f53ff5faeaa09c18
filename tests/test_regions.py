"""Region resolution through `extract_text`: a sentence that carries a count, and
the region code (Kemendagri, as in extractor/data/regions.csv) its record sits on.
ANNOTATION.md: the most specific region the figure applies to; "Pemkab X" and
"Kabupaten X" are the regency, "Pemkot X" and "Kota X" the city; "di wilayahnya",
"di daerah itu" point back to the region the article is about."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

REGIONS_CSV = Path(__file__).resolve().parents[1] / "extractor" / "data" / "regions.csv"


@cache
def gazetteer_rows() -> dict[str, dict]:
    with REGIONS_CSV.open(encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


# The codes the tests below rely on, as the gazetteer file has them.
GAZETTEER = [
    ("ID", "Indonesia", "nasional"),
    ("14.04", "Kabupaten Indragiri Hilir", "kabupaten"),
    ("16.06", "Kabupaten Musi Banyuasin", "kabupaten"),
    ("32", "Jawa Barat", "provinsi"),
    ("32.01", "Kabupaten Bogor", "kabupaten"),
    ("32.01.01", "Cibinong", "kecamatan"),
    ("32.06", "Kabupaten Tasikmalaya", "kabupaten"),
    ("32.14", "Kabupaten Purwakarta", "kabupaten"),
    ("32.71", "Kota Bogor", "kota"),
    ("32.76", "Kota Depok", "kota"),
    ("32.78", "Kota Tasikmalaya", "kota"),
    ("33", "Jawa Tengah", "provinsi"),
    ("33.74", "Kota Semarang", "kota"),
    ("35.07", "Kabupaten Malang", "kabupaten"),
    ("35.73", "Kota Malang", "kota"),
    ("64", "Kalimantan Timur", "provinsi"),
    ("64.72", "Kota Samarinda", "kota"),
]


@pytest.mark.parametrize(("code", "name", "level"), GAZETTEER, ids=[g[0] for g in GAZETTEER])
def test_expected_codes_are_in_the_gazetteer(code, name, level):
    row = gazetteer_rows()[code]
    assert (row["name"], row["level"]) == (name, level)


def regions_and_values(records) -> dict[str, list[int]]:
    return {r.region.code: sorted(r.counts.values()) for r in records}


# (id, text, {region code: sorted count values of its record})
CASES = [
    ("kabupaten", "Jumlah koperasi di Kabupaten Purwakarta tercatat 780 unit.",
     {"32.14": [780]}),
    ("bare-name", "Di Purwakarta tercatat 780 koperasi.", {"32.14": [780]}),
    ("pemkot", "Pemkot Depok mencatat ada 400 koperasi.", {"32.76": [400]}),
    ("pemerintah-kota", "Pemerintah Kota Depok mencatat 400 koperasi.", {"32.76": [400]}),
    ("province-abbrev", "Jumlah koperasi di Jabar mencapai 25.000 unit.", {"32": [25000]}),
    ("provinsi", "Jumlah koperasi di Provinsi Jawa Barat mencapai 25.000 unit.",
     {"32": [25000]}),
    ("regency-abbrev", "Di Inhil terdapat 312 koperasi aktif.", {"14.04": [312]}),
    ("name-and-abbrev", "Jumlah koperasi di Kabupaten Indragiri Hilir (Inhil) tercatat 600 unit.",
     {"14.04": [600]}),
    ("neighbour-named-to-describe",
     "Kabupaten Malaka, yang merupakan pemekaran dari Kabupaten Belu, memiliki 186 "
     "koperasi.", {"53.21": [186]}),
    ("abbrev-inside-the-name",
     "Kabupaten Ogan Komering Ulu (OKU) Timur memiliki 612 koperasi yang terdaftar.",
     {"16.08": [612]}),
    ("kaltim", "Jumlah koperasi di Kaltim tercatat 5.812 unit.", {"64": [5812]}),
    ("pemkab-bogor", "Pemkab Bogor mencatat 1.200 koperasi aktif.", {"32.01": [1200]}),
    ("pemkot-bogor", "Pemkot Bogor mencatat 540 koperasi aktif.", {"32.71": [540]}),
    ("pemerintah-kabupaten", "Pemerintah Kabupaten Bogor mencatat 1.200 koperasi aktif.",
     {"32.01": [1200]}),
    ("bogor-after-pemkot",
     "Pemkot Bogor menggelar pekan koperasi. Di Bogor tercatat 540 koperasi aktif.",
     {"32.71": [540]}),
    ("bogor-after-pemkab",
     "Pemkab Bogor menggelar pekan koperasi. Di Bogor tercatat 1.540 koperasi aktif.",
     {"32.01": [1540]}),
    ("wali-kota", "Wali Kota Malang menyebut ada 300 koperasi aktif di daerahnya.",
     {"35.73": [300]}),
    ("bupati", "Bupati Malang menyebut ada 900 koperasi aktif di daerahnya.",
     {"35.07": [900]}),
    ("wali-kota-kota-itu",
     "Wali Kota Malang Sutiaji mengatakan, di kota itu ada 300 koperasi aktif.",
     {"35.73": [300]}),
    ("dateline-wilayahnya",
     "Depok (ANTARA) - Kepala dinas mengatakan ada 400 koperasi yang tercatat di wilayahnya.",
     {"32.76": [400]}),
    ("dateline-daerah-itu",
     "Depok (ANTARA) - Dinas koperasi menggelar pekan koperasi.\n"
     "Kepala dinas mengatakan di daerah itu ada 400 koperasi.",
     {"32.76": [400]}),
    ("back-reference-daerah-itu",
     "Pemkot Depok menggelar pekan koperasi. Di daerah itu tercatat 400 koperasi aktif.",
     {"32.76": [400]}),
    ("back-reference-kota-itu",
     "Pemkot Depok menggelar pekan koperasi. Kota itu memiliki 400 koperasi aktif.",
     {"32.76": [400]}),
    ("national", "Jumlah koperasi di Indonesia mencapai 130.354 unit.", {"ID": [130354]}),
    ("national-secara-nasional",
     "Kementerian Koperasi dan UKM mencatat jumlah koperasi secara nasional mencapai "
     "130.354 unit.", {"ID": [130354]}),
    ("province-apposition",
     "Kepala Dinas Koperasi Kota Depok, Jawa Barat, mengatakan ada 400 koperasi yang "
     "tercatat.", {"32.76": [400]}),
    ("province-apposition-wilayahnya",
     "Kepala Dinas Koperasi Kota Depok, Jawa Barat, Dede Hidayat mengatakan dari 400 koperasi "
     "yang tercatat di wilayahnya, ada 176 koperasi yang aktif dan sehat.",
     {"32.76": [176, 400]}),
    ("capital", "Di ibu kota Jateng tercatat 2.100 koperasi aktif.", {"33.74": [2100]}),
    ("kabupaten-dan-kota",
     "Kabupaten dan Kota Tasikmalaya masing-masing memiliki 1.126 dan 514 koperasi.",
     {"32.06": [1126], "32.78": [514]}),
    ("kabupaten-dan-kota-full",
     "Kabupaten Tasikmalaya dan Kota Tasikmalaya masing-masing memiliki 1.126 dan 514 "
     "koperasi.", {"32.06": [1126], "32.78": [514]}),
    ("province-then-city",
     "Jumlah koperasi di Kaltim tercatat 5.812 unit. Dari jumlah itu, Kota Samarinda memiliki "
     "1.198 unit.", {"64": [5812], "64.72": [1198]}),
    ("district", "Di Kecamatan Cibinong, Kabupaten Bogor, terdapat 120 koperasi.",
     {"32.01.01": [120]}),
    ("district-located-in-its-regency",
     "Dinas Koperasi Polewali Mandar mencatat 427 koperasi. Kecamatan Wonomulyo menjadi "
     "sentra koperasi di Polman dengan 61 koperasi.",
     {"76.04": [427], "76.04.03": [61]}),
    ("district-milik-regency",
     "Di wilayah pesisir, Kecamatan Tanjung Balai milik Kabupaten Asahan mencatat 26 koperasi.",
     {"12.09.10": [26]}),
    ("shared-district-name-in-the-narrowest-named-region",
     "Pemerintah Kabupaten Tanah Bumbu, Kalimantan Selatan, mencatat 388 koperasi. Kecamatan "
     "Simpang Empat menjadi wilayah dengan koperasi terbanyak, yaitu 74 koperasi.",
     {"63.10": [388], "63.10.06": [74]}),
    ("district-with-an-apposition-naming-its-regency",
     "Dinas Koperasi Kutai Kartanegara mencatat 1.187 koperasi. Kecamatan Tenggarong, pusat "
     "pemerintahan Kukar, memiliki 118 koperasi.",
     {"64.02": [1187], "64.02.06": [118]}),
    ("capital-after-province-agency",
     "Semarang (ANTARA) - Dinas Koperasi Jawa Tengah mencatat 2.100 koperasi aktif di ibu "
     "kota Jateng.", {"33.74": [2100]}),
]


@pytest.mark.parametrize(("case_id", "text", "expected"),
                         [c if hasattr(c, "marks") else pytest.param(*c, id=c[0])
                          for c in CASES])
def test_region_of_the_record(extract, case_id, text, expected):
    assert regions_and_values(extract(text)) == expected


@pytest.mark.parametrize(("text", "code", "name", "level", "province"), [
    ("Pemkot Depok mencatat ada 400 koperasi.", "32.76", "Kota Depok", "kota", "Jawa Barat"),
    ("Pemkab Bogor mencatat 1.200 koperasi aktif.", "32.01", "Kabupaten Bogor", "kabupaten",
     "Jawa Barat"),
    ("Jumlah koperasi di Jabar mencapai 25.000 unit.", "32", "Jawa Barat", "provinsi",
     "Jawa Barat"),
    ("Di ibu kota Jateng tercatat 2.100 koperasi aktif.", "33.74", "Kota Semarang", "kota",
     "Jawa Tengah"),
    ("Jumlah koperasi di Indonesia mencapai 130.354 unit.", "ID", "Indonesia", "nasional",
     None),
])
def test_region_name_level_and_province(extract, text, code, name, level, province):
    (record,) = extract(text)
    assert (record.region.code, record.region.name, record.region.level,
            record.region.province) == (code, name, level, province)
    assert record.region.mention  # how the article named it


def test_mention_is_how_the_article_named_the_region(extract):
    (record,) = extract("Pemkab Bogor mencatat 1.200 koperasi aktif.")
    assert "Bogor" in record.region.mention
    (record,) = extract("Di Inhil terdapat 312 koperasi aktif.")
    assert record.region.mention == "Inhil"

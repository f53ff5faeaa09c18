"""Tables and lists in the article body (extract/tables.py, extract/layout.py).

Each case: an article with a table -> {(region code, period, field): value} of every
count it states. The shapes are the ones Indonesian news pages use: a header of
fields, a header of years, rows of statuses, a caption or an introducing sentence
that names what the figures count, and tables typed without their borders.
"""

from __future__ import annotations

import pytest
from model_errors import expect_model_error


def counts_by_period(records) -> dict[tuple[str, str | None, str], int]:
    found = {}
    for record in records:
        for field, value in record.counts.items():
            key = (record.region.code, record.period, field)
            assert key not in found, f"{key} stated twice: {records}"
            found[key] = value
    return found


CASES = [
    pytest.param(
        "Dinas Koperasi Kabupaten Sleman merilis data koperasi per kapanewon tahun 2023:\n"
        "| Kapanewon | Jumlah | Aktif | Tidak Aktif |\n"
        "| --- | --- | --- | --- |\n"
        "| Depok | 120 | 95 | 25 |\n",
        {("34.04.07", "2023", "total"): 120, ("34.04.07", "2023", "active"): 95,
         ("34.04.07", "2023", "inactive"): 25},
        id="header-of-fields-year-from-intro"),
    pytest.param(
        "Berikut rekapitulasi status koperasi di Kota Tebing Tinggi tahun 2022:\n\n"
        "Status          | Jumlah\n"
        "Aktif           | 73\n"
        "Tidak aktif     | 58\n"
        "Total           | 131\n",
        {("12.76", "2022", "active"): 73, ("12.76", "2022", "inactive"): 58,
         ("12.76", "2022", "total"): 131},
        id="table-without-borders"),
    pytest.param(
        "Berikut perbandingan data koperasi Kabupaten Pesawaran tahun 2022 dan 2023:\n"
        "| Uraian | 2022 | 2023 |\n"
        "| Aktif | 198 | 211 |\n"
        "| Tidak aktif | 143 | 126 |\n"
        "| Jumlah | 341 | 337 |\n"
        "| Anggota (orang) | 21.460 | 22.905 |\n",
        {("18.09", "2022", "active"): 198, ("18.09", "2023", "active"): 211,
         ("18.09", "2022", "inactive"): 143, ("18.09", "2023", "inactive"): 126,
         ("18.09", "2022", "total"): 341, ("18.09", "2023", "total"): 337},
        id="years-as-columns-statuses-as-rows"),
    pytest.param(
        "Tim data merangkum perkembangan koperasi di beberapa provinsi:\n"
        "| Koperasi aktif menurut provinsi (unit) |  |  |\n"
        "| Provinsi | 2022 | 2023 |\n"
        "| Jambi | 1.984 | 2.037 |\n"
        "| Gorontalo | 497 | 521 |\n",
        {("15", "2022", "active"): 1984, ("15", "2023", "active"): 2037,
         ("75", "2022", "active"): 497, ("75", "2023", "active"): 521},
        id="years-as-columns-caption-names-the-status"),
    pytest.param(
        "Data Dinas Koperasi dan UKM kedua daerah adalah sebagai berikut:\n"
        "| Daerah | 2022 | 2023 |\n"
        "| Kabupaten Pekalongan | 587 | 562 |\n"
        "| Kota Pekalongan | 243 | 238 |\n",
        {("33.26", "2022", "total"): 587, ("33.26", "2023", "total"): 562,
         ("33.75", "2022", "total"): 243, ("33.75", "2023", "total"): 238},
        id="years-as-columns-regions-as-rows"),
    pytest.param(
        "Berikut data anggota koperasi di Kabupaten Pesawaran:\n"
        "| Tahun | 2022 | 2023 |\n"
        "| Kecamatan Gedong Tataan | 2.100 | 2.300 |\n",
        {},
        id="a-table-of-members-is-no-count"),
    pytest.param(
        "Berikut tiga provinsi dengan koperasi terbanyak pada 2023 menurut data kementerian:\n"
        "\n"
        "Provinsi              Jumlah    Aktif    Tidak aktif\n"
        "Jawa Timur            31.120    22.845   8.275\n"
        "Jawa Tengah           27.431    18.902   8.529\n",
        {("35", "2023", "total"): 31120, ("35", "2023", "active"): 22845,
         ("35", "2023", "inactive"): 8275, ("33", "2023", "total"): 27431,
         ("33", "2023", "active"): 18902, ("33", "2023", "inactive"): 8529},
        id="columns-aligned-with-spaces"),
    pytest.param(
        "Berikut data koperasi Kota Makassar:\n\n"
        "2021 - Jumlah: 1.204 | Aktif: 803 | Tidak aktif: 401\n"
        "2022 - Jumlah: 1.187 | Aktif: 761 | Tidak aktif: 426\n",
        {("73.71", "2021", "total"): 1204, ("73.71", "2021", "active"): 803,
         ("73.71", "2021", "inactive"): 401, ("73.71", "2022", "total"): 1187,
         ("73.71", "2022", "active"): 761, ("73.71", "2022", "inactive"): 426},
        id="infographic-lines-led-by-year"),
    pytest.param(
        "INFOGRAFIS: Koperasi Lombok Timur dalam Angka\n\n"
        "Dinas Koperasi Kabupaten Lombok Timur merilis data koperasi.\n"
        "KOPERASI LOMBOK TIMUR 2023\n"
        "Total: 1.204 | Aktif: 803\n"
        "Anggota koperasi aktif: 142.300 orang\n",
        {("52.03", "2023", "total"): 1204, ("52.03", "2023", "active"): 803},
        id="infographic-line-under-a-caption-year"),
    pytest.param(
        "Dinas Koperasi Provinsi Nusa Tenggara Barat merilis data koperasi.\n\n"
        "SEBARAN PER KABUPATEN (jumlah / aktif)\n"
        "- Lombok Barat ........ 402 / 251\n"
        "- Lombok Tengah ....... 388 / 240\n"
        "- Lombok Timur ........ 512 / 301\n"
        "- Sumbawa ............. 290 / 170\n"
        "- Dompu ............... 201 / 98\n"
        "- Bima ................ 310 / 187\n"
        "- Sumbawa Barat ....... 120 / 77\n"
        "- Lombok Utara ........ 105 / 61\n",
        {(code, None, field): value for code, pair in (
            ("52.01", (402, 251)), ("52.02", (388, 240)), ("52.03", (512, 301)),
            ("52.04", (290, 170)), ("52.05", (201, 98)), ("52.06", (310, 187)),
            ("52.07", (120, 77)), ("52.08", (105, 61)))
         for field, value in zip(("total", "active"), pair, strict=True)},
        id="slashed-figures-under-named-columns"),
    pytest.param(
        "Dinas Koperasi Provinsi Nusa Tenggara Barat merilis data koperasi aktif.\n\n"
        "SEBARAN KOPERASI AKTIF (koperasi / anggota)\n"
        "- Lombok Barat ........ 251 / 14.020\n"
        "- Lombok Tengah ....... 240 / 13.118\n",
        {("52.01", None, "active"): 251, ("52.02", None, "active"): 240},
        id="slashed-figures-of-other-things"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table_counts(request, use_model, extract, text, expected):
    expect_model_error(request, use_model, text)
    assert counts_by_period(extract(text, published="2024-03-01")) == expected

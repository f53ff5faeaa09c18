"""The Python API: `extract_text` / `extract_file` give typed `Record`s, with stable
ids and consistency checks for fact-checkers."""

from __future__ import annotations

from pathlib import Path

import pytest

import extractor
from extractor import Article, KoperasiError, Record, extract_article, extract_file
from extractor.record import record_id

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "corpus" / "dev" / "articles"
PURWAKARTA_TXT = ARTICLES / "seed-purwakarta.txt"
DEPOK_TXT = ARTICLES / "seed-depok.txt"
KALTIM_HTML = ARTICLES / "c-02.html"

TWO_REGIONS = ("Kota Bandung memiliki 1.500 koperasi, sementara Kabupaten Bogor memiliki 1.200 "
               "koperasi.")
TWO_PERIODS = ("Pada 2020, koperasi aktif di Muba berjumlah 287 unit. Kemudian pada 2021 "
               "bertambah menjadi 301 unit.")


def test_extract_text_returns_records(extract):
    records = extract("Dari 400 koperasi yang tercatat di Kota Depok, ada 176 yang aktif dan "
                      "sehat.")
    assert isinstance(records, list)
    assert records and all(isinstance(r, Record) for r in records)
    (record,) = records
    assert record.region.code == "32.76"
    assert {k: v for k, v in record.counts.items() if k != "active"} == {
        "total": 400, "healthy": 176}
    assert record.extractor_version == extractor.__version__


def test_extract_text_without_figures(extract):
    assert extract("Koperasi di Depok terus dibina.") == []
    assert extract("") == []


def test_extract_text_metadata_reaches_the_record(extract):
    (record,) = extract("Pemkot Depok mencatat ada 400 koperasi.",
                        url="https://example-news.id/koperasi-depok", title="Koperasi Depok",
                        published="2023-07-20")
    assert record.source == "https://example-news.id/koperasi-depok"
    assert record.article.url == "https://example-news.id/koperasi-depok"
    assert record.article.title == "Koperasi Depok"
    assert record.article.published == "2023-07-20"
    assert record.period is None  # the publication date is not a period


@pytest.mark.parametrize("path", [PURWAKARTA_TXT, DEPOK_TXT, KALTIM_HTML],
                         ids=lambda p: p.name)
def test_extract_file_returns_records(path):
    records = extract_file(path)
    assert records and all(isinstance(r, Record) for r in records)
    assert all(r.source == str(path) for r in records)
    # str paths work as well as Path objects
    assert [r.id for r in extract_file(str(path))] == [r.id for r in records]


def test_extract_file_kaltim():
    by_code = {r.region.code: r for r in extract_file(KALTIM_HTML)}
    assert by_code["64"].counts == {"total": 5812, "active": 3046, "inactive": 2766}
    assert by_code["64"].period == "2023"


def test_extract_article(use_model):
    article = Article(source="mine", text="Pemkab Bogor mencatat 1.200 koperasi aktif.")
    (record,) = extract_article(article, use_model=use_model)
    assert (record.source, record.region.code, record.counts) == (
        "mine", "32.01", {"active": 1200})


def test_extract_file_bad_input_raises_koperasi_error(tmp_path):
    with pytest.raises(KoperasiError) as missing:
        extract_file(tmp_path / "missing.txt")
    assert missing.value.kind == "not_found"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    with pytest.raises(KoperasiError) as bad:
        extract_file(binary)
    assert str(binary) in str(bad.value)


# --- ids ---------------------------------------------------------------------------------------

def test_ids_are_stable_across_runs(extract):
    for text in (TWO_REGIONS, TWO_PERIODS):
        assert [r.id for r in extract(text)] == [r.id for r in extract(text)]
    assert [r.id for r in extract_file(KALTIM_HTML)] == [r.id for r in extract_file(KALTIM_HTML)]


def test_ids_differ_by_region(extract):
    records = extract(TWO_REGIONS)
    assert {r.region.code for r in records} == {"32.73", "32.01"}
    assert len({r.id for r in records}) == 2


def test_ids_differ_by_period(extract):
    records = extract(TWO_PERIODS)
    assert {(r.region.code, r.period) for r in records} == {("16.06", "2020"), ("16.06", "2021")}
    assert len({r.id for r in records}) == 2


def test_ids_depend_on_the_source_not_the_wording(extract):
    a = extract("Pemkot Depok mencatat ada 400 koperasi.", url="https://a.example/1")
    b = extract("Di Kota Depok tercatat 400 koperasi.", url="https://a.example/1")
    c = extract("Pemkot Depok mencatat ada 400 koperasi.", url="https://b.example/2")
    assert a[0].id == b[0].id  # same article, region and period: re-running upserts
    assert a[0].id != c[0].id


def test_ids_are_the_documented_hash(extract):
    (record,) = extract("Pemkot Depok mencatat ada 400 koperasi.", url="https://a.example/1")
    assert record.id == record_id("https://a.example/1", "32.76", None)
    assert len(record.id) == 16


def test_ids_unique_in_an_article():
    records = extract_file(KALTIM_HTML)
    assert len({r.id for r in records}) == len(records)


# --- checks ----------------------------------------------------------------------------------

def test_purwakarta_percentage_check():
    (record,) = extract_file(PURWAKARTA_TXT)
    (pct,) = record.percentages
    assert pct.text == "76,9 persen"
    assert pct.value == pytest.approx(76.9)
    text = PURWAKARTA_TXT.read_text(encoding="utf-8")
    assert text[pct.start:pct.end] == pct.text
    (check,) = [c for c in record.checks if c.rule == "percentage"]
    assert check.status == "ok"
    assert "76,9 persen" in check.detail and "600/780" in check.detail
    assert {c.rule: c.status for c in record.checks}["healthy<=total"] == "ok"


def checks_of(record) -> dict[str, str]:
    return {c.rule: c.status for c in record.checks}


def test_active_plus_inactive_mismatch(extract):
    (record,) = extract("Jumlah koperasi di Kabupaten Garut mencapai 800 unit, terdiri atas 547 "
                        "unit aktif dan 200 unit tidak aktif.")
    assert record.counts == {"total": 800, "active": 547, "inactive": 200}
    assert checks_of(record)["active+inactive=total"] == "mismatch"
    # reported, never silently fixed
    assert record.counts["total"] == 800


def test_active_plus_inactive_ok(extract):
    (record,) = extract("Jumlah koperasi di Kabupaten Garut mencapai 747 unit, terdiri atas 547 "
                        "unit aktif dan 200 unit tidak aktif.")
    assert checks_of(record)["active+inactive=total"] == "ok"
    assert checks_of(record)["active<=total"] == "ok"


def test_part_larger_than_total_is_a_mismatch(extract):
    (record,) = extract("Dari 400 koperasi di Kota Depok, ada 476 koperasi yang dinyatakan sehat.")
    assert record.counts.get("total") == 400 and record.counts.get("healthy") == 476
    assert checks_of(record)["healthy<=total"] == "mismatch"


def test_percentage_matching_no_ratio_is_flagged(extract):
    (record,) = extract("Dari 780 koperasi di Kabupaten Purwakarta, 600 koperasi dinyatakan "
                        "sehat. Koperasi yang sehat mencapai 50 persen.")
    assert record.counts == {"total": 780, "healthy": 600}
    statuses = [c.status for c in record.checks if c.rule == "percentage"]
    assert statuses and "ok" not in statuses


def test_records_serialise_and_round_trip():
    for record in extract_file(KALTIM_HTML):
        assert Record.model_validate_json(record.model_dump_json()) == record

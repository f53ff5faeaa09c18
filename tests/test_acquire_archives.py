"""Archives and local inputs: WARC (round trip with loose files), JSONL, URL
lists, folders. Every kind reaches the same Article through parse_document."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from local_http import FIXTURES

from extractor.acquire import iter_documents
from extractor.acquire.archives import ArchivedPage, iter_warc, read_url_list, write_warc
from extractor.article import KoperasiError, RawDocument
from extractor.parse import parse_document

PAGES = sorted((FIXTURES / "pages").glob("*.html"))


def articles(inputs: list[str]) -> list:
    return [parse_document(doc) if isinstance(doc, RawDocument) else doc
            for doc in iter_documents(inputs)]


def without_source(article) -> dict:
    """What the page itself says: a loose file has no URL (so no site from it)."""
    return article.model_dump(exclude={"source", "url", "site"})


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_round_trips_to_the_same_articles_as_loose_files(tmp_path, name):
    warc = tmp_path / name
    written = write_warc(warc, (ArchivedPage(f"http://arsip.test/{page.name}", page.read_bytes(),
                                             "text/html") for page in PAGES))
    assert written == len(PAGES)
    from_warc = articles([str(warc)])
    from_files = articles([str(page) for page in PAGES])
    assert [without_source(a) for a in from_warc] == [without_source(a) for a in from_files]
    assert [a.url for a in from_warc] == [f"http://arsip.test/{page.name}" for page in PAGES]
    assert all(a.source.startswith(f"{warc}#urn:uuid:") for a in from_warc)


def test_warc_charset_from_the_http_header_is_used(tmp_path):
    body = ("<html><body><h1>Koperasi di Ambon</h1><p>Dinas mencatat 120 koperasi “sehat” "
            "dari 402 koperasi – angka terbaru tahun ini.</p></body></html>").encode("cp1252")
    warc = tmp_path / "cp.warc.gz"
    write_warc(warc, [ArchivedPage("http://a.test/x", body, "text/html; charset=windows-1252")])
    [doc] = list(iter_warc(warc))
    assert doc.charset == "windows-1252"
    assert "“sehat”" in parse_document(doc).text


def test_warc_error_records_and_other_media(tmp_path):
    warc = tmp_path / "mixed.warc.gz"
    write_warc(warc, [
        ArchivedPage("http://a.test/ok", PAGES[0].read_bytes(), "text/html"),
        ArchivedPage("http://a.test/gone", b"not here", "text/html", status=404),
        ArchivedPage("http://a.test/logo.png", b"\x89PNG....", "image/png"),
    ])
    results = list(iter_documents([str(warc)]))
    assert isinstance(results[0], RawDocument)
    assert isinstance(results[1], KoperasiError) and results[1].kind == "http_404"
    assert len(results) == 2  # the image is not an article and is skipped


def test_truncated_warc_keeps_what_it_read_and_names_the_file(tmp_path):
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, (ArchivedPage(f"http://a.test/{p.name}", p.read_bytes(), "text/html")
                      for p in PAGES))
    damaged = tmp_path / "damaged.warc.gz"
    data = warc.read_bytes()
    damaged.write_bytes(data[: int(len(data) * 0.8)])
    results = list(iter_documents([str(damaged)]))
    assert any(isinstance(r, RawDocument) for r in results)
    assert isinstance(results[-1], KoperasiError)
    assert results[-1].source.startswith(str(damaged))


def test_a_damaged_record_is_skipped_and_the_records_after_it_are_read(tmp_path):
    """Common Crawl writes one gzip member per record: reading resumes at the next one."""
    members = []
    for i, page in enumerate(PAGES[:3]):
        part = tmp_path / f"part-{i}.warc.gz"
        write_warc(part, [ArchivedPage(f"http://a.test/{i}", page.read_bytes(), "text/html")])
        members.append(bytearray(part.read_bytes()))
    middle = members[1]
    for i in range(len(middle) // 3, len(middle) // 3 + 64):
        middle[i] ^= 0x5A
    warc = tmp_path / "rusak.warc.gz"
    warc.write_bytes(b"".join(bytes(m) for m in members))
    results = list(iter_warc(warc))
    urls = [r.url for r in results if isinstance(r, RawDocument)]
    errors = [r for r in results if isinstance(r, KoperasiError)]
    assert urls == ["http://a.test/0", "http://a.test/2"]
    assert len(errors) == 1 and errors[0].kind == "bad_warc"
    assert "next record" in errors[0].message


def test_not_a_warc(tmp_path):
    fake = tmp_path / "x.warc"
    fake.write_bytes(b"this is not a warc file at all\n" * 10)
    [error] = list(iter_documents([str(fake)]))
    assert isinstance(error, KoperasiError) and error.kind == "bad_warc"


def test_jsonl_html_and_text_lines(tmp_path):
    archive = tmp_path / "pages.jsonl"
    lines = [
        {"url": "http://a.test/bantul", "html": PAGES[1].read_text(encoding="utf-8")},
        {"url": "http://a.test/teks", "text": "Judul Berita\nIsi berita tentang koperasi.",
         "title": "Judul dari Arsip", "published": "2024-01-02"},
        {"url": "http://a.test/kosong"},
    ]
    archive.write_text("\n".join(json.dumps(line) for line in lines) + "\n{not json\n")
    results = articles([str(archive)])
    page, text, missing, broken = results
    assert page.title == "Bantul Catat 512 Koperasi Aktif" and page.url == "http://a.test/bantul"
    assert page.source == f"{archive}:1"
    assert text.title == "Judul dari Arsip" and text.published == "2024-01-02"
    assert text.text.startswith("Judul Berita\nIsi berita")
    assert isinstance(missing, KoperasiError) and missing.source == f"{archive}:3"
    assert isinstance(broken, KoperasiError) and broken.kind == "bad_jsonl"


def test_jsonl_metadata_wins_over_the_page(tmp_path):
    archive = tmp_path / "pages.jsonl.gz"
    line = {"url": "http://a.test/p", "html": PAGES[1].read_text(encoding="utf-8"),
            "title": "Judul Lain", "published": "2020-01-01"}
    with gzip.open(archive, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps(line) + "\n")
    [article] = articles([str(archive)])
    assert (article.title, article.published) == ("Judul Lain", "2020-01-01")


def test_folders_are_walked_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(PAGES[0], tmp_path / "a" / "satu.html")
    shutil.copy(PAGES[1], tmp_path / "a" / "b" / "dua.htm")
    (tmp_path / "tiga.txt").write_text("Judul\nIsi berita koperasi di desa.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.html").write_text("<p>tersembunyi</p>")
    (tmp_path / "gold.jsonl").write_text('{"id": "x", "records": []}\n')
    (tmp_path / "urls.txt").write_text("http://127.0.0.1:9/never-fetched\n")
    (tmp_path / "notes.md").write_text("# not an input")
    sources = [doc.source for doc in iter_documents([str(tmp_path)])]
    assert sources == [str(tmp_path / "a" / "b" / "dua.htm"), str(tmp_path / "a" / "satu.html"),
                       str(tmp_path / "tiga.txt")]


def test_missing_file_is_an_error_entry():
    [error] = list(iter_documents(["/no/such/page.html"]))
    assert isinstance(error, KoperasiError) and error.kind == "not_found"


def test_url_lists_are_recognised(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# dari RSS\nhttps://a.test/1\n\nhttp://b.test/2\n")
    assert read_url_list(urls) == ["https://a.test/1", "http://b.test/2"]
    article = tmp_path / "berita.txt"
    article.write_text("Judul\nhttps://a.test/1 disebut dalam berita ini.\n")
    assert read_url_list(article) is None


def test_txt_bodies_are_left_intact(tmp_path):
    text = ("Koperasi di Depok\nDEPOK - Ada 176 koperasi aktif.\nBaca juga: Bogor Catat 600 "
            "Koperasi\nBerita Terkait\n- Koperasi Bekasi\nIsi terakhir.")
    path = tmp_path / "depok.txt"
    path.write_text(text, encoding="utf-8")
    [article] = articles([str(path)])
    assert article.text == text


def test_stdin_dash_is_plain_text(monkeypatch):
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(b"Judul\nIsi dari stdin."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [doc] = list(iter_documents(["-"]))
    assert doc.kind == "text" and doc.content.startswith(b"Judul")


def test_every_kind_reaches_the_same_article_type(tmp_path):
    from extractor.article import Article

    warc = tmp_path / "x.warc"
    write_warc(warc, [ArchivedPage("http://a.test/x", PAGES[0].read_bytes())])
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text(json.dumps({"url": "http://a.test/y", "text": "Judul\nIsi."}) + "\n")
    results = articles([str(PAGES[0]), str(warc), str(jsonl)])
    assert all(isinstance(result, Article) for result in results)


def test_fixture_paths_exist():
    assert len(PAGES) == 3 and all(Path(page).exists() for page in PAGES)


def test_errors_survive_pickling_for_worker_processes():
    import pickle

    error = KoperasiError("http://a.test/x", "timeout", "timed out", stage="acquire")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.kind, copy.message, copy.stage) == (
        error.source, error.kind, error.message, error.stage)

"""Web page -> Article: boilerplate removal in several layouts, metadata, charsets."""

from __future__ import annotations

import codecs

import pytest
from local_http import FIXTURES

from extractor.article import KoperasiError, RawDocument
from extractor.parse import parse_document
from extractor.parse.html import parse_html

STORY = [
    "KENDARI – Dinas Koperasi Provinsi Sulawesi Tenggara mencatat 3.905 koperasi hingga akhir "
    "2023, dengan 2.810 unit di antaranya berstatus aktif.",
    "Kepala dinas menyebut koperasi tidak aktif umumnya tidak lagi menggelar rapat anggota "
    "tahunan dan pengurusnya sulit dihubungi oleh petugas.",
    "Tahun ini pemerintah provinsi menyiapkan pendampingan bagi 150 koperasi agar kembali "
    "aktif dan mampu menyusun laporan keuangan sendiri.",
    "Ia berharap kabupaten dan kota ikut memperbarui data koperasi di wilayah masing-masing "
    "secara berkala setiap semester.",
]
OTHER_STORY = "Konawe Bubarkan 77 Koperasi Tak Aktif"


def paragraphs(*extra_between: str) -> str:
    """The story's paragraphs with furniture inserted after the second one."""
    middle = "".join(extra_between)
    return (f"<p>{STORY[0]}</p><p>{STORY[1]}</p>{middle}<p>{STORY[2]}</p><p>{STORY[3]}</p>")


def page(body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
            f"<title>Sultra Catat 3.905 Koperasi | Portal Sultra</title>{head}</head>"
            f"<body>{body}</body></html>").encode()


def article_of(body: str, head: str = "", **options):
    return parse_html(page(body, head), "test.html", **options)


def assert_story_only(text: str, *furniture: str) -> None:
    for paragraph in STORY:
        assert paragraph in text
    for snippet in (OTHER_STORY, *furniture):
        assert snippet not in text, snippet


LAYOUTS = {
    "baca juga strong": paragraphs(f"<p><strong>Baca Juga:</strong> <a href='/x'>{OTHER_STORY}"
                                   "</a></p>"),
    "simak juga span": paragraphs(f"<p><span>Simak juga</span>: <a href='/x'>{OTHER_STORY}"
                                  "</a></p>"),
    "label then list": paragraphs(f"<p><b>BACA JUGA</b></p><ul><li><a href='/x'>{OTHER_STORY}"
                                  "</a></li><li><a href='/y'>Harga Beras Naik</a></li></ul>"),
    "berita terkait div": paragraphs(f"<div class='box'><div class='box-title'>Berita Terkait"
                                     f"</div><a href='/x'>{OTHER_STORY}</a><a href='/y'>"
                                     "Harga Beras Naik</a></div>"),
    "related list by class": paragraphs(f"<div class='inline-related'><a href='/x'>{OTHER_STORY}"
                                        "</a></div>"),
    "headline list": paragraphs(f"<ul><li><a href='/x'>{OTHER_STORY}</a></li>"
                                "<li><a href='/y'>Harga Beras Naik di Kendari</a></li>"
                                "<li><a href='/z'>Jalan Poros Rusak Parah</a></li></ul>"),
    "teaser cards": paragraphs(f"<div class='grid'><div><h3><a href='/x'>{OTHER_STORY}</a></h3>"
                               "<p>Pemkab Konawe membubarkan koperasi yang lama tidak aktif.</p>"
                               "</div><div><h3><a href='/y'>Harga Beras Naik</a></h3><p>Harga "
                               "beras medium naik di pasar tradisional.</p></div></div>"),
    "figure caption": paragraphs("<figure><img src='a.jpg'><figcaption>Kantor Dinas Koperasi "
                                 "Sultra. (Foto: Dok)</figcaption></figure>"),
    "caption by class": paragraphs("<div class='photo'><img src='a.jpg'><div class='img-caption'>"
                                   "Kantor Dinas Koperasi Sultra. (Foto: Dok)</div></div>"),
    "share bar": paragraphs("<div class='social-share'><a href='#'>Facebook</a> "
                            "<a href='#'>Twitter</a> <a href='#'>WhatsApp</a></div>"),
    "ad slot": paragraphs("<div class='ads-inarticle'>ADVERTISEMENT</div>"
                          "<p>Scroll to continue with content</p>"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_inline_furniture_is_removed(layout):
    text = article_of(f"<article><h1>Sultra Catat 3.905 Koperasi</h1>{LAYOUTS[layout]}"
                      "</article>").text
    assert_story_only(text, "Kantor Dinas Koperasi Sultra", "Facebook", "ADVERTISEMENT",
                      "Harga Beras", "Scroll to continue", "Baca Juga", "BACA JUGA")


def test_page_furniture_around_the_story_is_removed():
    body = (
        "<div id='header'><div class='logo'>Portal Sultra</div><ul class='menu'><li><a href='/'>"
        "Beranda</a></li><li><a href='/ekonomi'>Ekonomi</a></li></ul></div>"
        "<div class='breadcrumb'><a href='/'>Home</a> » Ekonomi</div>"
        "<div class='container'><div class='col-main'>"
        "<h1>Sultra Catat 3.905 Koperasi</h1><div class='byline'>Reporter: La Ode | Senin, "
        "8 Januari 2024 10:00 WITA</div>"
        f"<div class='article-body'>{paragraphs()}</div>"
        "<div class='tags'>Tags: <a href='/t/1'>koperasi</a> <a href='/t/2'>sultra</a></div>"
        "<div id='comments'><h3>2 Komentar</h3><p>Semoga koperasi di desa kami dibina juga "
        "oleh pemerintah kabupaten dan provinsi.</p></div></div>"
        "<div class='col-side'><div class='box-populer'><h3>Populer</h3><ol>"
        f"<li><a href='/x'>{OTHER_STORY}</a></li><li><a href='/y'>Banjir Kolaka</a></li></ol>"
        "</div><div class='data-box'><table><caption>Koperasi di Sultra</caption><tr><td>Kendari"
        "</td><td>512</td></tr></table></div></div></div>"
        "<div class='site-footer'>Portal Sultra · Jl. Ahmad Yani No. 1, Kendari · "
        "redaksi@portalsultra.test</div>")
    article = article_of(body)
    assert_story_only(article.text, "Beranda", "Reporter", "Tags", "Semoga koperasi",
                      "Banjir Kolaka", "redaksi@", "Jl. Ahmad Yani")
    assert article.published == "2024-01-08T10:00:00+08:00"


def test_without_any_class_names_the_story_block_is_found():
    body = (
        "<table><tr><td><a href='/'>HOME</a> | <a href='/e'>EKONOMI</a></td></tr><tr><td>"
        f"<h1>Sultra Catat 3.905 Koperasi</h1><div>Senin, 8 Januari 2024</div>"
        f"<div>{paragraphs()}</div></td><td><table><caption>DATA SEKILAS</caption><tr><td>"
        "Kolaka</td><td>388</td></tr></table><ol><li><a href='/x'>Lain</a></li><li>"
        "<a href='/y'>Lagi</a></li></ol></td></tr><tr><td>Redaksi: Jl. Ahmad Yani No. 1, "
        "Kendari. Telp. (0401) 123 456. Copyright 2024.</td></tr></table>")
    assert_story_only(article_of(body).text, "DATA SEKILAS", "Kolaka", "Jl. Ahmad Yani")


def test_a_wrapper_named_like_furniture_keeps_the_story():
    body = (f"<div class='page-with-sidebar'><div class='main'><h1>Sultra Catat 3.905 Koperasi"
            f"</h1>{paragraphs()}</div><div class='sidebar'><a href='/x'>{OTHER_STORY}</a>"
            "<a href='/y'>Lain</a></div></div>")
    assert_story_only(article_of(body).text)


def test_data_lists_and_tables_in_the_story_are_kept():
    table = ("<table><tr><th>Kabupaten</th><th>Koperasi</th></tr><tr><td>Konawe</td>"
             "<td>412</td></tr><tr><td>Kolaka</td><td>388</td></tr></table>")
    items = "<ul><li>Kota Kendari: 512 koperasi</li><li>Kota Baubau: 240 koperasi</li></ul>"
    text = article_of(f"<article><h1>Sultra</h1>{paragraphs(table, items)}</article>").text
    assert "Konawe | 412" in text and "Kota Baubau: 240 koperasi" in text


def test_layout_tables_read_as_paragraphs():
    body = (f"<table><tr><td class='nav'><a href='/'>HOME</a> | <a href='/e'>EKONOMI</a></td>"
            f"</tr><tr><td><h1>Sultra Catat 3.905 Koperasi</h1>{paragraphs()}</td>"
            f"<td class='kanan'><b>TERKINI</b><br><a href='/x'>{OTHER_STORY}</a></td></tr>"
            "</table>")
    text = article_of(body).text
    assert_story_only(text, "HOME", "TERKINI")
    assert text.splitlines()[0] == STORY[0]


def test_headline_and_channel_label_do_not_open_the_text():
    body = (f"<div class='content'><div class='kanal-label'>Ekonomi</div><h1>Sultra Catat 3.905 "
            f"Koperasi</h1>{paragraphs()}</div>")
    text = article_of(body).text
    assert text.startswith(STORY[0])


# --- metadata ----------------------------------------------------------------

def test_metadata_from_json_ld_and_meta_tags():
    head = ("<meta property='og:title' content='Sultra Catat 3.905 Koperasi'>"
            "<meta property='og:site_name' content='Portal Sultra'>"
            "<link rel='canonical' href='/ekonomi/2024/01/08/sultra-catat-koperasi'>"
            "<meta name='author' content='La Ode Muhammad'>"
            "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
            "\"@graph\": [{\"@type\": \"WebPage\", \"datePublished\": \"2020-01-01\"}, "
            "{\"@type\": \"NewsArticle\", \"datePublished\": \"2024-01-08T10:00:00+08:00\"}]}"
            "</script>")
    article = article_of(f"<h1>Sultra Catat 3.905 Koperasi</h1>{paragraphs()}", head,
                         url="https://portalsultra.test/x?utm=1")
    assert article.title == "Sultra Catat 3.905 Koperasi"
    assert article.published == "2024-01-08T10:00:00+08:00"
    assert article.canonical_url == "https://portalsultra.test/ekonomi/2024/01/08/sultra-catat-koperasi"
    assert article.url == "https://portalsultra.test/x?utm=1"
    assert (article.site, article.author, article.language) == ("Portal Sultra",
                                                                "La Ode Muhammad", "id")


def test_title_without_site_name_when_no_heading_confirms_it():
    article = article_of(f"<div>{paragraphs()}</div>")
    assert article.title == "Sultra Catat 3.905 Koperasi"


def test_logo_heading_is_not_the_title():
    head = "<meta property='og:title' content='Sultra Catat 3.905 Koperasi'>"
    body = ("<h1><a href='/'>Portal Sultra - Berita Sulawesi Tenggara Terkini</a></h1>"
            f"<h1>Sultra Catat 3.905 Koperasi</h1>{paragraphs()}")
    assert article_of(body, head).title == "Sultra Catat 3.905 Koperasi"


def test_shown_date_near_headline_beats_sidebar_dates():
    body = ("<ul class='berita-terbaru'><li><a href='/x'>Lain</a> <span class='w-date'>Rabu, "
            "7 Oktober 2015</span></li></ul><h1>Sultra Catat 3.905 Koperasi</h1>"
            f"<div class='grey small'>Senin, 8 Januari 2024 | 10:00 WIB</div>{paragraphs()}"
            f"<div class='sidebar'><span class='date'>Selasa, 2 Januari 2024</span></div>")
    assert article_of(body).published == "2024-01-08T10:00:00+07:00"


def test_body_dateline_is_the_last_resort():
    body = ("<h1>Sultra</h1><p>KENDARI – Dinas mencatat 3.905 koperasi, kata kepala dinas, "
            "Senin (8/1/2024), di kantornya.</p>")
    assert article_of(body).published == "2024-01-08"


def test_archive_metadata_wins():
    article = parse_document(RawDocument(
        "x.jsonl:1", page(f"<h1>Sultra</h1>{paragraphs()}"), "html",
        meta={"title": "Judul Arsip", "published": "2024-02-01"}))
    assert (article.title, article.published) == ("Judul Arsip", "2024-02-01")


def test_language_of_an_english_page():
    english = ("<p>JAKARTA – The cooperatives ministry said on Monday that it has dissolved "
               "more than 40,000 inactive cooperatives, and that the remaining ones will be "
               "audited by the end of the year as part of the reform of the sector.</p>")
    raw = (f"<html lang='id'><head><title>Ministry Dissolves Cooperatives</title></head><body>"
           f"<h1>Ministry Dissolves Cooperatives</h1>{english * 3}</body></html>").encode()
    assert parse_html(raw, "en.html").language == "en"


# --- charsets ----------------------------------------------------------------

AMBON = (FIXTURES / "pages" / "koperasi-ambon-cp1252.html").read_bytes()
EXPECTED = "berstatus “sehat” dari 402 koperasi"


@pytest.mark.parametrize("content, declared", [
    (AMBON, None),  # meta says windows-1252
    (AMBON, "utf-8"),  # transport lies
    (AMBON, "iso-8859-1"),  # latin-1 label: decoded as windows-1252, as browsers do
    (AMBON.replace(b"charset=windows-1252", b"charset=utf-8"), None),  # page lies
    (AMBON.replace(b"; charset=windows-1252", b""), None),  # nothing declared: sniffed
])
def test_windows_1252_pages(content, declared):
    assert EXPECTED in parse_html(content, "ambon.html", charset=declared).text


def test_utf8_with_and_without_bom_and_mislabelled():
    utf8 = AMBON.decode("cp1252").replace("windows-1252", "utf-8").encode("utf-8")
    for content, declared in ((utf8, None), (codecs.BOM_UTF8 + utf8, None),
                              (utf8, "iso-8859-1")):
        article = parse_html(content, "ambon.html", charset=declared)
        assert EXPECTED in article.text
        assert article.title == "Koperasi “Sehat” di Ambon"


def test_binary_data_is_a_bad_encoding():
    with pytest.raises(KoperasiError) as caught:
        parse_html(b"\x00\x01\x02" * 1000, "image.html")
    assert caught.value.kind == "bad_encoding" and caught.value.stage == "parse"


def test_page_without_text_is_named():
    with pytest.raises(KoperasiError) as caught:
        parse_html(b"<html><body><nav><a href='/'>Beranda</a></nav></body></html>", "kosong.html")
    assert caught.value.kind == "no_text"


def test_empty_page_is_named():
    with pytest.raises(KoperasiError) as caught:
        parse_html(b"   ", "kosong.html")
    assert caught.value.kind == "empty"

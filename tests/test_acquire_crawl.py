"""Discovery from sitemaps (news sitemaps, indexes, gzip), RSS, Atom and listing
pages on a local server; matching by URL or title; `koperasi crawl`."""

from __future__ import annotations

import gzip
import json

import pytest
from local_http import LocalServer, Reply, html_page

from extractor.acquire.crawl import Link, discover, looks_like_article
from extractor.acquire.fetch import FetchConfig, Fetcher
from extractor.article import KoperasiError
from extractor.cli import main

XML = "application/xml; charset=utf-8"

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap>
  <sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>{base}/berita/2024/05/01/dinas-catat-300-unit</loc>
    <news:news><news:publication_date>2024-05-01</news:publication_date>
    <news:title>Dinas Catat 300 Koperasi Aktif</news:title></news:news></url>
  <url><loc>{base}/berita/2024/05/01/harga-cabai-turun</loc>
    <news:news><news:title>Harga Cabai Turun</news:title></news:news></url>
  <url><loc>{base}/berita/2024/05/02/kopdes-merah-putih</loc>
    <news:news><news:title>Pembentukan KOPERASI Desa Merah Putih</news:title></news:news></url>
</urlset>"""

PAGES_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/berita/2023/01/01/koperasi-lama-dibubarkan</loc></url>
</urlset>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>
<item><title>Koperasi Nelayan Dapat Bantuan</title><link>{base}/berita/11111/nelayan</link>
<pubDate>Mon, 06 May 2024 10:00:00 +0700</pubDate></item>
<item><title>Banjir di Pesisir</title><link>{base}/berita/11112/banjir</link></item>
<item><title>Koperasi Terlarang</title><link>{base}/private/11113/koperasi</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom</title>
<entry><title>Rapat Anggota Tahunan Koperasi</title>
<link rel="alternate" href="{base}/berita/22221/rat"/>
<updated>2024-05-03T08:00:00Z</updated></entry>
<entry><title>Sepak Bola</title><link href="{base}/berita/22222/bola"/></entry>
</feed>"""

LISTING = """<html><body><nav><a href="/kanal/ekonomi">Ekonomi</a>
<a href="/tag/koperasi">#koperasi</a>
<a href="https://other.test/berita/33/koperasi-lain-situs-yang-jauh">luar</a></nav>
<ul>
<li><a href="/ekonomi/2024/05/04/koperasi-wanita-bagikan-shu">Koperasi Wanita Bagikan SHU</a></li>
<li><a href="/ekonomi/2024/05/04/pasar-murah-digelar">Pasar Murah Digelar</a></li>
<li><a href="/berita/44444/umkm-naik-kelas">Dinas Koperasi Dorong UMKM Naik Kelas</a></li>
<li><a href="/laporan/koperasi.pdf">Laporan koperasi (PDF)</a></li>
</ul></body></html>"""


@pytest.fixture
def site():
    server = LocalServer().start()
    base = server.base
    robots = (f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n"
              ).encode()
    server.route("/robots.txt", Reply(200, robots, content_type="text/plain"))
    server.route("/sitemap_index.xml", Reply(200, SITEMAP_INDEX.format(base=base).encode(),
                                             content_type=XML))
    server.route("/sitemap-news.xml", Reply(200, NEWS_SITEMAP.format(base=base).encode(),
                                            content_type=XML))
    server.route("/sitemap-pages.xml.gz", Reply(
        200, gzip.compress(PAGES_SITEMAP.format(base=base).encode()),
        content_type="application/x-gzip"))
    server.route("/feed.xml", Reply(200, RSS.format(base=base).encode(),
                                    content_type="application/rss+xml"))
    server.route("/atom.xml", Reply(200, ATOM.format(base=base).encode(),
                                    content_type="application/atom+xml"))
    server.route("/indeks", Reply(200, LISTING.encode()))
    for path, title in (("/berita/11111/nelayan", "Koperasi Nelayan Dapat Bantuan"),
                        ("/berita/22221/rat", "Rapat Anggota Tahunan Koperasi")):
        server.route(path, Reply(200, html_page(title, "Dinas mencatat 45 koperasi nelayan "
                                                "yang aktif di kabupaten itu tahun ini.")))
    yield server
    server.stop()


@pytest.fixture
def fetcher(tmp_path):
    with Fetcher(FetchConfig(delay=0.01, retries=0, cache_dir=tmp_path / "cache")) as made:
        yield made


def urls(items) -> list[str]:
    return [item.url for item in items if isinstance(item, Link)]


def test_site_root_reads_robots_sitemaps_news_first(site, fetcher):
    found = urls(discover(site.base + "/", fetcher, match=["koperasi"], limit=10))
    assert found[:2] == [site.url("/berita/2024/05/01/dinas-catat-300-unit"),
                         site.url("/berita/2024/05/02/kopdes-merah-putih")]
    assert site.url("/berita/2023/01/01/koperasi-lama-dibubarkan") in found  # gzipped sitemap
    assert site.url("/berita/2024/05/01/harga-cabai-turun") not in found


def test_limit_stops_discovery(site, fetcher):
    assert len(urls(discover(site.base + "/", fetcher, match=["koperasi"], limit=1))) == 1


def test_news_sitemap_titles_are_kept(site, fetcher):
    links = [item for item in discover(site.url("/sitemap-news.xml"), fetcher) if
             isinstance(item, Link)]
    assert links[0].title == "Dinas Catat 300 Koperasi Aktif"
    assert links[0].published == "2024-05-01"
    assert len(links) == 3  # no --match: everything


def test_rss_feed(site, fetcher):
    found = urls(discover(site.url("/feed.xml"), fetcher, match=["koperasi"]))
    assert found == [site.url("/berita/11111/nelayan"), site.url("/private/11113/koperasi")]


def test_atom_feed(site, fetcher):
    found = urls(discover(site.url("/atom.xml"), fetcher, match=["koperasi"]))
    assert found == [site.url("/berita/22221/rat")]


def test_listing_page_keeps_article_links_of_the_site(site, fetcher):
    found = urls(discover(site.url("/indeks"), fetcher, match=["koperasi"]))
    assert found == [site.url("/ekonomi/2024/05/04/koperasi-wanita-bagikan-shu"),
                     site.url("/berita/44444/umkm-naik-kelas")]


def test_unreachable_start_is_an_error(site, fetcher):
    [error] = list(discover(site.url("/tidak-ada.xml"), fetcher))
    assert isinstance(error, KoperasiError) and error.kind == "http_404"


@pytest.mark.parametrize("url, expected", [
    ("https://a.id/ekonomi/2024/05/04/judul-berita", True),
    ("https://a.id/berita/123456/judul", True),
    ("https://a.id/read/koperasi-desa-merah-putih-dibentuk", True),
    ("https://a.id/tag/koperasi", False),
    ("https://a.id/kanal/ekonomi-bisnis-dan-keuangan-daerah", False),
    ("https://a.id/foto.jpg", False),
    ("https://b.id/berita/123456/judul", False),
])
def test_article_link_shapes(url, expected):
    assert looks_like_article(url, "a.id") is expected


def test_crawl_command_fetches_matches_and_reports_refusals(site, tmp_path, capsys):
    code = main(["crawl", site.url("/feed.xml"), "--match", "koperasi", "--limit", "5",
                 "--cache-dir", str(tmp_path / "cache"), "--delay", "0.01", "--retries", "0"])
    out, err = capsys.readouterr()
    articles = [json.loads(line) for line in out.splitlines()]
    assert [a["title"] for a in articles] == ["Koperasi Nelayan Dapat Bantuan"]
    assert "robots.txt disallows" in err
    assert code == 0  # some articles came through; the refusal is reported


def test_crawl_list_only(site, tmp_path, capsys):
    main(["crawl", site.url("/atom.xml"), "--list", "--cache-dir", str(tmp_path / "c"),
          "--delay", "0.01"])
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{site.url('/berita/22221/rat')}\tRapat Anggota Tahunan Koperasi",
                     f"{site.url('/berita/22222/bola')}\tSepak Bola"]
    assert "/berita/22221/rat" not in site.paths()

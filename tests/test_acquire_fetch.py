"""Fetching against a real HTTP server on 127.0.0.1: robots.txt, redirects,
errors, retries, timeouts, charsets, size and type checks, the cache, and
politeness. Delays are tiny and waits are observed through an injected clock,
so the tests assert behaviour, not machine speed."""

from __future__ import annotations

import threading

import pytest
from local_http import ROBOTS, LocalServer, Reply, html_page, page

from extractor.acquire import iter_documents
from extractor.acquire.fetch import FetchConfig, Fetcher, HostGate, retry_after_seconds
from extractor.article import KoperasiError, RawDocument
from extractor.parse import parse_document


class FakeClock:
    """A clock that only moves when slept on: waits are recorded, not spent."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server():
    local = LocalServer({"/robots.txt": ROBOTS}).start()
    yield local
    local.stop()


@pytest.fixture
def make_fetcher(tmp_path):
    made = []

    def make(clock: FakeClock | None = None, **options) -> Fetcher:
        settings = dict(delay=0.05, timeout=2.0, retries=2, backoff=0.01,
                        cache_dir=tmp_path / "cache", workers=4)
        settings.update(options)
        extra = {"clock": clock, "sleep": clock.sleep} if clock else {}
        fetcher = Fetcher(FetchConfig(**settings), **extra)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def fetch_error(fetcher: Fetcher, url: str) -> KoperasiError:
    with pytest.raises(KoperasiError) as caught:
        fetcher.fetch(url)
    return caught.value


def test_fetches_a_page_with_an_identifying_user_agent(server, make_fetcher):
    server.route("/berita/bantul.html", Reply(200, page("koperasi-bantul.html")))
    doc = make_fetcher().fetch(server.url("/berita/bantul.html"))
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    assert doc.url == server.url("/berita/bantul.html")
    assert "512 koperasi aktif" in parse_document(doc).text
    agents = {hit.user_agent for hit in server.hits}
    assert all(agent.startswith("koperasi-extractor/") for agent in agents)


def test_robots_disallow_is_obeyed_and_named(server, make_fetcher):
    server.route("/private/secret.html", Reply(200, html_page("Rahasia", "tidak boleh")))
    error = fetch_error(make_fetcher(), server.url("/private/secret.html"))
    assert error.kind == "robots"
    assert server.url("/private/secret.html") in error.source
    assert "/private/secret.html" not in server.paths()


def test_robots_rules_for_our_agent_apply(make_fetcher):
    robots = b"User-agent: koperasi-extractor\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    local = LocalServer({"/robots.txt": Reply(200, robots, content_type="text/plain"),
                         "/a.html": Reply(200, html_page("A", "isi"))}).start()
    try:
        assert fetch_error(make_fetcher(), local.url("/a.html")).kind == "robots"
    finally:
        local.stop()


def test_missing_robots_txt_allows_everything(make_fetcher):
    local = LocalServer({"/a.html": Reply(200, html_page("Koperasi", "isi berita"))}).start()
    try:
        assert make_fetcher().fetch(local.url("/a.html")).kind == "html"
    finally:
        local.stop()


def test_unreachable_robots_txt_leaves_the_site_alone(make_fetcher):
    local = LocalServer({"/robots.txt": Reply(500, b"oops", content_type="text/plain"),
                         "/a.html": Reply(200, html_page("A", "isi"))}).start()
    try:
        error = fetch_error(make_fetcher(retries=0), local.url("/a.html"))
        assert error.kind == "robots" and "could not be read" in error.message
        assert "/a.html" not in local.paths()
    finally:
        local.stop()


def test_redirects_are_followed_to_the_final_url(server, make_fetcher):
    server.route("/lama", Reply(301, headers={"Location": "/baru.html"}))
    server.route("/baru.html", Reply(200, html_page("Baru", "halaman baru")))
    doc = make_fetcher().fetch(server.url("/lama"))
    assert doc.source == server.url("/lama")
    assert doc.url == server.url("/baru.html")


def test_redirect_into_a_disallowed_path_is_refused(server, make_fetcher):
    server.route("/pindah", Reply(302, headers={"Location": "/private/x.html"}))
    assert fetch_error(make_fetcher(), server.url("/pindah")).kind == "robots"
    assert "/private/x.html" not in server.paths()


def test_redirect_loop_is_an_error(server, make_fetcher):
    server.route("/a", Reply(302, headers={"Location": "/b"}))
    server.route("/b", Reply(302, headers={"Location": "/a"}))
    error = fetch_error(make_fetcher(), server.url("/a"))
    assert error.kind == "redirect_loop"


def test_not_found_is_named(server, make_fetcher):
    error = fetch_error(make_fetcher(), server.url("/tidak-ada.html"))
    assert error.kind == "http_404"
    assert "404" in error.message


def test_429_with_retry_after_then_200_waits_as_asked(server, make_fetcher):
    server.route("/sibuk.html", [Reply(429, b"slow down", headers={"Retry-After": "3"}),
                                 Reply(200, html_page("Sibuk", "akhirnya"))])
    clock = FakeClock()
    doc = make_fetcher(clock=clock).fetch(server.url("/sibuk.html"))
    assert doc.kind == "html"
    assert server.paths().count("/sibuk.html") == 2
    assert any(abs(wait - 3.0) < 1e-6 for wait in clock.sleeps), clock.sleeps


def test_retry_after_longer_than_allowed_gives_up(server, make_fetcher):
    server.route("/nanti.html", Reply(429, headers={"Retry-After": "86400"}))
    error = fetch_error(make_fetcher(max_retry_after=60), server.url("/nanti.html"))
    assert error.kind == "http_429"
    assert server.paths().count("/nanti.html") == 1


def test_503_then_200_is_retried_with_backoff(server, make_fetcher):
    server.route("/rusak.html", [Reply(503), Reply(200, html_page("Pulih", "sudah pulih"))])
    clock = FakeClock()
    doc = make_fetcher(clock=clock, backoff=0.5).fetch(server.url("/rusak.html"))
    assert doc.kind == "html"
    assert server.paths().count("/rusak.html") == 2
    assert any(abs(wait - 0.5) < 1e-6 for wait in clock.sleeps), clock.sleeps


def test_persistent_503_fails_after_the_retries(server, make_fetcher):
    server.route("/mati.html", Reply(503))
    error = fetch_error(make_fetcher(retries=2), server.url("/mati.html"))
    assert error.kind == "http_503"
    assert server.paths().count("/mati.html") == 3


def test_response_slower_than_the_timeout(server, make_fetcher):
    server.route("/lambat.html", Reply(200, html_page("Lambat", "isi"), delay=1.0))
    error = fetch_error(make_fetcher(timeout=0.2, retries=1), server.url("/lambat.html"))
    assert error.kind == "timeout"
    assert server.paths().count("/lambat.html") == 2


def test_wrong_declared_charset_still_decodes(server, make_fetcher):
    # The header says UTF-8, the bytes are windows-1252 (and the page says so).
    server.route("/ambon.html", Reply(200, page("koperasi-ambon-cp1252.html"),
                                      content_type="text/html; charset=utf-8"))
    # The header says ISO-8859-1, the bytes are UTF-8.
    server.route("/bantul.html", Reply(200, page("koperasi-bantul.html"),
                                       content_type="text/html; charset=iso-8859-1"))
    fetcher = make_fetcher()
    ambon = parse_document(fetcher.fetch(server.url("/ambon.html")))
    assert "berstatus “sehat” dari 402 koperasi" in ambon.text
    assert ambon.title == "Koperasi “Sehat” di Ambon"
    bantul = parse_document(fetcher.fetch(server.url("/bantul.html")))
    assert "BANTUL – Dinas Koperasi" in bantul.text


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_body_is_refused(server, make_fetcher, send_length):
    big = html_page("Besar", "koperasi " * 50_000)
    server.route("/besar.html", Reply(200, big, send_length=send_length))
    error = fetch_error(make_fetcher(max_bytes=100_000), server.url("/besar.html"))
    assert error.kind == "too_large"


def test_pdf_is_not_a_web_page(server, make_fetcher):
    server.route("/laporan.pdf", Reply(200, b"%PDF-1.4 ...", content_type="application/pdf"))
    error = fetch_error(make_fetcher(), server.url("/laporan.pdf"))
    assert error.kind == "not_html"
    assert "application/pdf" in error.message


def test_plain_text_page_is_a_text_document(server, make_fetcher):
    server.route("/berita.txt", Reply(200, b"Judul\nIsi berita koperasi.",
                                      content_type="text/plain; charset=utf-8"))
    assert make_fetcher().fetch(server.url("/berita.txt")).kind == "text"


def test_second_run_is_served_from_the_cache(server, make_fetcher):
    server.route("/bantul.html", Reply(200, page("koperasi-bantul.html")))
    server.route("/lama", Reply(301, headers={"Location": "/bantul.html"}))
    first = make_fetcher().fetch(server.url("/lama"))
    requests_made = len(server.hits)
    again = make_fetcher().fetch(server.url("/lama"))  # a new run: new fetcher, same cache
    assert len(server.hits) == requests_made
    assert again.content == first.content and again.url == first.url


def test_without_a_disk_cache_nothing_is_written_and_runs_do_not_share(server, make_fetcher,
                                                                      tmp_path):
    server.route("/p.html", Reply(200, html_page("P", "isi")))
    fetcher = make_fetcher(cache_dir=None)
    fetcher.fetch(server.url("/p.html"))
    fetcher.fetch(server.url("/p.html"))  # same run: from memory
    assert server.paths().count("/p.html") == 1
    make_fetcher(cache_dir=None).fetch(server.url("/p.html"))  # next run: fetched again
    assert server.paths().count("/p.html") == 2
    assert not (tmp_path / "cache").exists()


def test_cached_pages_skip_the_host_delay(server, make_fetcher):
    for number in range(3):
        server.route(f"/p{number}.html", Reply(200, html_page(f"P{number}", "isi")))
    urls = [server.url(f"/p{number}.html") for number in range(3)]
    first_run = FakeClock()
    assert all(isinstance(doc, RawDocument)
               for doc in make_fetcher(clock=first_run, delay=1.0).fetch_many(urls))
    assert len(first_run.sleeps) == 3  # robots.txt, then each page after the first
    second_run = FakeClock()
    assert all(isinstance(doc, RawDocument)
               for doc in make_fetcher(clock=second_run, delay=1.0).fetch_many(urls))
    assert second_run.sleeps == []


def test_errors_are_not_cached(server, make_fetcher):
    server.route("/kadang.html", [Reply(404), Reply(200, html_page("Ada", "sekarang ada"))])
    assert fetch_error(make_fetcher(), server.url("/kadang.html")).kind == "http_404"
    assert make_fetcher().fetch(server.url("/kadang.html")).kind == "html"


def test_per_host_delay_spaces_requests_and_never_overlaps(server, make_fetcher):
    for number in range(4):
        server.route(f"/p{number}.html", Reply(200, html_page(f"P{number}", "isi")))
    urls = [server.url(f"/p{number}.html") for number in range(4)]
    results = list(make_fetcher(delay=0.05, workers=4).fetch_many(urls))
    assert all(isinstance(result, RawDocument) for result in results)
    assert server.max_in_flight == 1
    hits = sorted(server.hits, key=lambda hit: hit.started)
    for previous, following in zip(hits, hits[1:], strict=False):
        assert following.started - previous.ended >= 0.05


def test_gate_waits_the_delay_per_host_only():
    clock = FakeClock()
    gate = HostGate(2.0, clock, clock.sleep)
    with gate.slot("a.test"):
        pass
    with gate.slot("b.test"):  # another host: no wait
        pass
    assert clock.sleeps == []
    with gate.slot("a.test"):
        pass
    assert clock.sleeps == [2.0]
    with gate.slot("a.test", delay=5.0):  # robots Crawl-delay raises it
        pass
    with gate.slot("a.test"):
        pass
    assert clock.sleeps == [2.0, 2.0, 5.0]


def test_hosts_are_fetched_concurrently(make_fetcher):
    second_host_asked = threading.Event()
    first = LocalServer({"/a.html": Reply(200, html_page("A", "isi"),
                                          before=lambda: second_host_asked.wait(5))}).start()
    second = LocalServer({"/b.html": Reply(200, html_page("B", "isi"),
                                           before=second_host_asked.set)}).start()
    try:
        results = list(make_fetcher().fetch_many([first.url("/a.html"), second.url("/b.html")]))
        assert [type(result) for result in results] == [RawDocument, RawDocument]
        a_hit = next(hit for hit in first.hits if hit.path == "/a.html")
        b_hit = next(hit for hit in second.hits if hit.path == "/b.html")
        assert b_hit.started < a_hit.ended  # B was asked while A was still answering
    finally:
        first.stop()
        second.stop()


def test_failures_do_not_stop_the_run_and_keep_input_order(server, make_fetcher):
    server.route("/ok1.html", Reply(200, html_page("Satu", "isi")))
    server.route("/ok2.html", Reply(200, html_page("Dua", "isi")))
    urls = [server.url(path) for path in ("/ok1.html", "/hilang.html", "/private/x.html",
                                          "/ok2.html")]
    results = list(make_fetcher().fetch_many(urls + ["http://127.0.0.1:9/tutup.html"]))
    kinds = [result.kind if isinstance(result, KoperasiError) else "ok" for result in results]
    assert kinds == ["ok", "http_404", "robots", "ok", "robots"]
    assert [result.source for result in results] == urls + ["http://127.0.0.1:9/tutup.html"]


def test_connection_refused_is_named(make_fetcher):
    fetcher = make_fetcher(retries=0)
    error = fetch_error(fetcher, "http://127.0.0.1:9/tutup.html")
    assert error.kind == "robots"  # robots.txt cannot be read: nothing is fetched
    assert "could not be read" in error.message


def test_iter_documents_fetches_urls_and_url_lists(server, make_fetcher, tmp_path):
    server.route("/bantul.html", Reply(200, page("koperasi-bantul.html")))
    server.route("/padang.html", Reply(200, page("koperasi-tabel.html")))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# daftar\n{server.url('/padang.html')}\n\n{server.url('/x.html')}\n")
    docs = list(iter_documents([server.url("/bantul.html"), str(listing)],
                               fetcher=make_fetcher()))
    assert isinstance(docs[0], RawDocument) and isinstance(docs[1], RawDocument)
    assert isinstance(docs[2], KoperasiError) and docs[2].kind == "http_404"
    assert parse_document(docs[1]).title == "Koperasi di Kota Padang Tinggal 310 yang Aktif"


def test_bad_url_is_an_error_not_a_crash(make_fetcher):
    assert fetch_error(make_fetcher(), "ftp://example.test/x").kind == "bad_url"


@pytest.mark.parametrize("header, seconds", [("120", 120.0), ("0", 0.0), ("soon", None)])
def test_retry_after_values(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_retry_after_http_date_is_in_the_future():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0

"""`koperasi parse` and `koperasi fetch` end to end, against a local server."""

from __future__ import annotations

import json

import pytest
from local_http import ROBOTS, LocalServer, Reply, page

from extractor.acquire import iter_documents
from extractor.cli import main
from extractor.parse import parse_document


@pytest.fixture
def server():
    local = LocalServer({"/robots.txt": ROBOTS,
                         "/bantul.html": Reply(200, page("koperasi-bantul.html")),
                         "/padang.html": Reply(200, page("koperasi-tabel.html")),
                         "/laporan.pdf": Reply(200, b"%PDF-1.4", content_type="application/pdf"),
                         }).start()
    yield local
    local.stop()


def net_options(tmp_path) -> list[str]:
    return ["--cache-dir", str(tmp_path / "cache"), "--delay", "0.01", "--retries", "0"]


def test_parse_prints_articles_as_json(server, tmp_path, capsys):
    code = main(["parse", server.url("/bantul.html"), *net_options(tmp_path)])
    out, _ = capsys.readouterr()
    article = json.loads(out)
    assert list(article) == ["url", "canonical_url", "site", "title", "published", "author",
                             "language", "text", "source"]
    assert article["title"] == "Bantul Catat 512 Koperasi Aktif"
    assert article["published"] == "2023-05-02T09:15:00+07:00"
    assert article["url"] == server.url("/bantul.html")
    assert article["canonical_url"].startswith("http://kabarselatan.test/")
    assert "Baca juga" not in article["text"] and "Sleman Bubarkan" not in article["text"]
    assert code == 0


def test_parse_reports_failures_and_goes_on(server, tmp_path, capsys):
    code = main(["parse", server.url("/laporan.pdf"), server.url("/private/x.html"),
                 server.url("/padang.html"), str(tmp_path / "hilang.html"),
                 *net_options(tmp_path)])
    out, err = capsys.readouterr()
    assert [json.loads(line)["title"] for line in out.splitlines()] == [
        "Koperasi di Kota Padang Tinggal 310 yang Aktif"]
    assert "not a web page [not_html]" in err
    assert "[robots]" in err and "[not_found]" in err
    assert code == 1


def test_fetch_saves_pages_that_read_back_the_same(server, tmp_path, capsys):
    out_dir = tmp_path / "halaman"
    warc = tmp_path / "halaman.warc.gz"
    code = main(["fetch", server.url("/bantul.html"), server.url("/padang.html"),
                 server.url("/hilang.html"), "--out", str(out_dir), "--warc", str(warc),
                 *net_options(tmp_path)])
    assert code == 1  # one URL failed; the others were saved
    saved = sorted(out_dir.rglob("*.html"))
    assert len(saved) == 2 and all(path.parent.name == "127.0.0.1" for path in saved)
    index = (out_dir / "index.tsv").read_text().splitlines()
    assert len(index) == 2 and index[0].startswith(server.url("/bantul.html"))
    from_folder = sorted(parse_document(doc).title for doc in iter_documents([str(out_dir)]))
    from_warc = sorted(parse_document(doc).title for doc in iter_documents([str(warc)]))
    assert from_folder == from_warc == ["Bantul Catat 512 Koperasi Aktif",
                                        "Koperasi di Kota Padang Tinggal 310 yang Aktif"]
    assert "[http_404]" in capsys.readouterr().err


def test_fetch_needs_a_destination(capsys):
    assert main(["fetch", "http://127.0.0.1:9/x"]) == 2


def test_parse_of_local_files_creates_no_cache(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    page_file = tmp_path / "p.html"
    page_file.write_bytes(page("koperasi-bantul.html"))
    assert main(["parse", str(page_file)]) == 0
    assert not (tmp_path / "xdg").exists()

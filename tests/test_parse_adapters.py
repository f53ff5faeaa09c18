"""Site adapters: data-driven corrections, matched by host suffix."""

from __future__ import annotations

from extractor.parse.adapters import GENERIC, adapter_for, adapters
from extractor.parse.html import parse_html

PHOTO_STORY = b"""<html><head><title>KPK Periksa Pejabat MA | Republika Online</title>
<meta property="og:title" content="KPK Periksa Pejabat MA | Republika Online"></head>
<body><h1><a href="/kanal/inpicture">Inpicture</a></h1>
<div class="jdl-pic">In Picture: KPK Periksa Pejabat MA</div>
<div class="date-pic">Selasa, 23 Februari 2016, 17:15 WIB</div>
<div class="isi"><p>REPUBLIKA.CO.ID, JAKARTA -- Pejabat Mahkamah Agung menjalani pemeriksaan
perdana di Gedung KPK, Jakarta, Selasa, setelah operasi tangkap tangan pekan lalu.</p></div>
</body></html>"""


def test_adapters_load_and_match_by_host_suffix():
    assert adapters()
    assert adapter_for("https://www.republika.co.id/berita/x") is not GENERIC
    assert adapter_for("https://notrepublika.co.id/x") is GENERIC
    assert adapter_for(None) is GENERIC


def test_adapter_corrects_the_title_on_its_site_only():
    on_site = parse_html(PHOTO_STORY, "p.html", url="https://www.republika.co.id/berita/x")
    elsewhere = parse_html(PHOTO_STORY, "p.html", url="https://example.test/x")
    assert on_site.title == "In Picture: KPK Periksa Pejabat MA"
    assert elsewhere.title == "KPK Periksa Pejabat MA"
    assert on_site.published == "2016-02-23T17:15:00+07:00"

"""Batch benchmark: `koperasi batch` against parse-everything on a mixed news archive.

Builds (once, then reuses) a WARC.gz archive of Indonesian news pages written from
this script's own templates: pages about other topics (sport, politics, weather,
crime...), a few of which mention cooperatives in passing, and about 2% pages that
report cooperative statistics for a region. Then, for each worker count, runs in a
subprocess and measures pages/s end to end and the peak resident memory of the
whole process tree (psutil polling):

- `koperasi batch` (prefilter, pipeline loaded once per worker, SQLite store);
- the baseline: every page through trafilatura, then the extractor on its text,
  on a pool of the same number of worker processes.

    .venv/bin/python benchmarks/bench_batch.py                 # 20,000 pages
    .venv/bin/python benchmarks/bench_batch.py --pages 2000    # quick

Targets: batch >= 10x the baseline's pages/s on the same cores, peak memory < 1 GB,
near-linear gain from 1 to 2 workers.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
SEED = 20240601

# ---------------------------------------------------------------------------------
# Page templates
# ---------------------------------------------------------------------------------

REGIONS = [
    ("Kabupaten Purwakarta", "Purwakarta", "Jawa Barat"), ("Kota Depok", "Depok", "Jawa Barat"),
    ("Kabupaten Bandung", "Bandung", "Jawa Barat"), ("Kota Bekasi", "Bekasi", "Jawa Barat"),
    ("Kabupaten Bogor", "Bogor", "Jawa Barat"), ("Kabupaten Garut", "Garut", "Jawa Barat"),
    ("Kota Surabaya", "Surabaya", "Jawa Timur"), ("Kabupaten Malang", "Malang", "Jawa Timur"),
    ("Kabupaten Jember", "Jember", "Jawa Timur"), ("Kota Kediri", "Kediri", "Jawa Timur"),
    ("Kabupaten Banyumas", "Banyumas", "Jawa Tengah"), ("Kota Semarang", "Semarang",
                                                         "Jawa Tengah"),
    ("Kabupaten Klaten", "Klaten", "Jawa Tengah"), ("Kabupaten Sleman", "Sleman",
                                                     "Daerah Istimewa Yogyakarta"),
    ("Kabupaten Bantul", "Bantul", "Daerah Istimewa Yogyakarta"),
    ("Kota Medan", "Medan", "Sumatera Utara"), ("Kabupaten Deli Serdang", "Deli Serdang",
                                                 "Sumatera Utara"),
    ("Kota Padang", "Padang", "Sumatera Barat"), ("Kabupaten Agam", "Agam", "Sumatera Barat"),
    ("Kota Pekanbaru", "Pekanbaru", "Riau"), ("Kabupaten Kampar", "Kampar", "Riau"),
    ("Kota Palembang", "Palembang", "Sumatera Selatan"), ("Kota Makassar", "Makassar",
                                                         "Sulawesi Selatan"),
    ("Kabupaten Gowa", "Gowa", "Sulawesi Selatan"), ("Kota Manado", "Manado", "Sulawesi Utara"),
    ("Kota Balikpapan", "Balikpapan", "Kalimantan Timur"),
    ("Kota Pontianak", "Pontianak", "Kalimantan Barat"), ("Kota Mataram", "Mataram",
                                                          "Nusa Tenggara Barat"),
    ("Kabupaten Badung", "Badung", "Bali"), ("Kota Denpasar", "Denpasar", "Bali"),
    ("Kota Jayapura", "Jayapura", "Papua"), ("Kota Ambon", "Ambon", "Maluku"),
]
PROVINCES = sorted({p for _, _, p in REGIONS})

SITES = [
    ("KabarNusantara", "kabarnusantara.id"), ("WartaDaerah", "wartadaerah.com"),
    ("SuaraWarga", "suarawarga.co.id"), ("BeritaKita", "beritakita.net"),
    ("PortalSatu", "portalsatu.id"), ("InfoPublik Daerah", "infopublikdaerah.id"),
]
SECTIONS = ["nasional", "daerah", "ekonomi", "olahraga", "hiburan", "teknologi", "kesehatan",
            "pendidikan", "hukum", "politik", "otomotif", "gaya-hidup", "internasional",
            "cuaca", "wisata", "kuliner", "properti", "karier", "opini", "video"]
FIRST = ["Agus", "Budi", "Siti", "Dewi", "Rudi", "Ahmad", "Rina", "Hendra", "Yuni", "Andi",
         "Wahyu", "Fitri", "Dedi", "Lestari", "Iwan", "Nur", "Bambang", "Sri", "Eko", "Made"]
LAST = ["Santoso", "Wijaya", "Hidayat", "Saputra", "Lubis", "Nasution", "Siregar", "Pratama",
        "Kurniawan", "Setiawan", "Rahman", "Putri", "Gunawan", "Susanto", "Harahap"]
TEAMS = ["Persib", "Persija", "Arema", "Persebaya", "PSM", "Bali United", "PSIS", "Borneo FC"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]

# Other topics: (section, headline templates, sentence templates).
TOPICS = [
    ("olahraga",
     ["{team} Tekuk {team2} {a}-{b} di Kandang", "Pelatih {team} Puas dengan Hasil Imbang",
      "{team} Incar Tiga Poin Saat Menjamu {team2}"],
     ["{team} berhasil mengalahkan {team2} dengan skor {a}-{b} dalam laga lanjutan liga di "
      "{city}, {day} malam.", "Gol pembuka dicetak pada menit ke-{n2} melalui sundulan kepala.",
      "Pelatih {person} mengatakan timnya bermain disiplin sejak awal pertandingan.",
      "Sebanyak {n4} penonton memadati stadion meski hujan turun sejak sore.",
      "Kemenangan ini membuat {team} naik ke peringkat {n1} klasemen sementara.",
      "\"Kami bermain sesuai rencana dan para pemain menunjukkan semangat juang tinggi,\" "
      "ujar {person} seusai laga."]),
    ("politik",
     ["DPRD {city} Sahkan {n1} Peraturan Daerah Baru", "Bupati {city} Lantik {n2} Pejabat",
      "KPU {city} Tetapkan Jadwal Pemilihan Kepala Daerah"],
     ["Rapat paripurna DPRD {city} yang digelar {day} dihadiri {n2} anggota dewan.",
      "Ketua DPRD {person} menyampaikan bahwa pembahasan berlangsung selama {n1} bulan.",
      "Peraturan daerah tersebut mengatur tata ruang, retribusi dan pelayanan publik.",
      "Fraksi-fraksi menyampaikan pandangan akhir sebelum palu pengesahan diketuk.",
      "Sekretaris daerah {person} berharap aturan baru segera disosialisasikan.",
      "KPU mencatat {n5} pemilih tetap yang tersebar di {n3} tempat pemungutan suara."]),
    ("cuaca",
     ["BMKG: Hujan Lebat Berpotensi Guyur {province}", "Suhu {city} Capai {n2} Derajat",
      "Waspada Angin Kencang di Pesisir {province}"],
     ["Badan Meteorologi, Klimatologi, dan Geofisika memprakirakan hujan lebat pada {day}.",
      "Prakirawan {person} meminta warga mewaspadai banjir dan tanah longsor.",
      "Kecepatan angin diperkirakan mencapai {n2} kilometer per jam di wilayah pesisir.",
      "Gelombang laut setinggi {n1} meter berpotensi terjadi di perairan selatan.",
      "Masyarakat diimbau tidak berteduh di bawah pohon saat hujan disertai petir."]),
    ("hukum",
     ["Polres {city} Tangkap {n1} Pelaku Pencurian Motor", "Pengadilan Vonis Terdakwa "
      "Korupsi {n1} Tahun Penjara", "Polisi Ungkap Peredaran Narkoba di {city}"],
     ["Kapolres {city} AKBP {person} mengatakan para pelaku ditangkap di lokasi berbeda.",
      "Dari tangan tersangka, petugas menyita barang bukti senilai Rp{n3} juta.",
      "Para tersangka dijerat pasal berlapis dengan ancaman hukuman {n1} tahun penjara.",
      "Penyidik masih mengembangkan kasus tersebut untuk mengungkap jaringan lain.",
      "Majelis hakim menyatakan terdakwa terbukti bersalah secara sah dan meyakinkan."]),
    ("kesehatan",
     ["Dinkes {city} Gelar Imunisasi untuk {n4} Balita", "Kasus Demam Berdarah di {city} "
      "Meningkat", "RSUD {city} Tambah {n2} Tempat Tidur"],
     ["Kepala Dinas Kesehatan {person} mengatakan kegiatan digelar di {n2} puskesmas.",
      "Orang tua diminta membawa anaknya ke posyandu terdekat sesuai jadwal.",
      "Sepanjang tahun ini tercatat {n3} kasus, naik dibanding tahun sebelumnya.",
      "Warga diimbau menerapkan 3M plus untuk mencegah perkembangbiakan nyamuk.",
      "Tenaga kesehatan disiagakan selama {n1} hari untuk melayani masyarakat."]),
    ("pendidikan",
     ["{n3} Siswa {city} Ikuti Asesmen Nasional", "Pemkab {city} Bangun {n1} Sekolah Baru",
      "Beasiswa untuk {n3} Mahasiswa Berprestasi"],
     ["Kepala Dinas Pendidikan {person} memastikan seluruh sekolah siap melaksanakan ujian.",
      "Pembangunan gedung menggunakan anggaran daerah sebesar Rp{n2} miliar.",
      "Para guru telah mengikuti pelatihan kurikulum selama {n1} pekan.",
      "Penerima beasiswa dipilih berdasarkan prestasi akademik dan kondisi ekonomi.",
      "Sekolah diminta memperkuat literasi dan numerasi peserta didik."]),
    ("ekonomi",
     ["Harga Cabai di Pasar {city} Naik", "Inflasi {province} {n1},{n2} Persen",
      "Ekspor {province} Tumbuh Positif"],
     ["Harga cabai rawit di pasar tradisional {city} mencapai Rp{n2} ribu per kilogram.",
      "Badan Pusat Statistik mencatat inflasi tahunan sebesar {n1},{n2} persen.",
      "Pedagang {person} mengatakan pasokan dari petani berkurang akibat cuaca.",
      "Pemerintah daerah menggelar operasi pasar untuk menstabilkan harga.",
      "Nilai ekspor didominasi produk perkebunan dan industri pengolahan."]),
    ("teknologi",
     ["Pemkot {city} Luncurkan Aplikasi Layanan Publik", "Jaringan 5G Mulai Hadir di {city}",
      "{n3} Pelajar Ikuti Pelatihan Coding"],
     ["Aplikasi tersebut memudahkan warga mengurus dokumen kependudukan secara daring.",
      "Wali Kota {person} berharap layanan digital mempercepat birokrasi.",
      "Operator seluler menargetkan {n3} titik jaringan baru hingga akhir tahun.",
      "Peserta pelatihan belajar dasar pemrograman selama {n1} hari.",
      "Keamanan data pribadi menjadi perhatian utama dalam pengembangan sistem."]),
]
PASSING_MENTIONS = [
    "Pemerintah desa juga mendorong warga bergabung dengan koperasi simpan pinjam setempat.",
    "Bantuan bibit disalurkan melalui kelompok tani dan koperasi desa.",
    "Pedagang berharap koperasi pasar dapat membantu permodalan usaha kecil.",
]

STATS_HEADLINES = [
    "{active} dari {total} Koperasi di {short} Aktif", "{short} Punya {total} Koperasi, "
    "{inactive} Tidak Aktif", "Diskop UKM {short} Catat {total} Koperasi hingga {year}",
]
STATS_PARAGRAPHS = [
    "Dinas Koperasi dan UKM {region} mencatat sebanyak {total} koperasi hingga akhir {year}. "
    "Dari jumlah tersebut, {active} koperasi dinyatakan aktif, sedangkan {inactive} lainnya "
    "tidak aktif.",
    "Kepala Dinas Koperasi {region} {person} mengatakan dari {total} unit koperasi yang "
    "terdaftar pada {year}, sebanyak {active} koperasi masih aktif menjalankan usaha.",
    "Jumlah koperasi di {region} pada {year} tercatat {total} unit. Sebanyak {active} unit "
    "aktif dan {inactive} unit tidak aktif, sementara {healthy} koperasi berpredikat sehat.",
]
STATS_FILLER = [
    "Pihaknya terus melakukan pembinaan kepada pengurus koperasi agar rutin menggelar "
    "rapat anggota tahunan.",
    "\"Koperasi yang tidak aktif akan kami dampingi, dan yang tidak bisa diselamatkan akan "
    "diusulkan untuk dibubarkan,\" ujar {person}.",
    "Menurut dia, sebagian besar koperasi tidak aktif terkendala administrasi dan minimnya "
    "partisipasi anggota.",
    "Pemerintah daerah juga menggelar pelatihan manajemen bagi {n2} pengelola koperasi.",
    "Koperasi dinilai sebagai soko guru perekonomian yang mampu menopang usaha mikro.",
]


@dataclass
class Page:
    url: str
    html: str
    about_cooperatives: bool


def fill(template: str, rng: random.Random, **fixed) -> str:
    region, short, province = rng.choice(REGIONS)
    values = {
        "city": short, "province": province, "region": region, "short": short,
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "day": rng.choice(DAYS),
        "team": rng.choice(TEAMS), "team2": rng.choice(TEAMS), "a": rng.randint(0, 4),
        "b": rng.randint(0, 3), "n1": rng.randint(2, 9), "n2": rng.randint(10, 90),
        "n3": rng.randint(100, 900), "n4": f"{rng.randint(1, 40)}.{rng.randint(100, 999)}",
        "n5": f"{rng.randint(100, 900)}.{rng.randint(100, 999)}",
    }
    values.update(fixed)
    return template.format(**values)


def topic_article(rng: random.Random, passing_mention: bool) -> tuple[str, str, list[str]]:
    section, headlines, sentences = rng.choice(TOPICS)
    title = fill(rng.choice(headlines), rng)
    paragraphs = [" ".join(fill(rng.choice(sentences), rng) for _ in range(rng.randint(2, 4)))
                  for _ in range(rng.randint(6, 14))]
    if passing_mention:
        paragraphs.insert(rng.randrange(1, len(paragraphs)), rng.choice(PASSING_MENTIONS))
    return section, title, paragraphs


def statistics_article(rng: random.Random) -> tuple[str, str, list[str]]:
    region, short, _ = rng.choice(REGIONS)
    total = rng.randint(120, 2500)
    active = rng.randint(total // 3, total - 10)
    fixed = {"region": region, "short": short, "total": f"{total:,}".replace(",", "."),
             "active": f"{active:,}".replace(",", "."),
             "inactive": f"{total - active:,}".replace(",", "."),
             "healthy": rng.randint(10, active), "year": rng.randint(2019, 2024)}
    title = fill(rng.choice(STATS_HEADLINES), rng, **fixed)
    lead = fill(rng.choice(STATS_PARAGRAPHS), rng, **fixed)
    filler = [fill(t, rng, **fixed) for t in rng.sample(STATS_FILLER, k=4)]
    body = [f"{short.upper()} - {lead}", *filler[:2], *[
        " ".join(fill(rng.choice(TOPICS[6][2]), rng) for _ in range(2))], *filler[2:]]
    return "ekonomi", title, body


def headline_list(rng: random.Random, count: int) -> list[str]:
    """Trending and related headlines: other topics only, as a sidebar would show."""
    return [fill(rng.choice(rng.choice(TOPICS)[1]), rng) for _ in range(count)]


def render_page(rng: random.Random, site: tuple[str, str], section: str, title: str,
                paragraphs: list[str], number: int) -> tuple[str, str]:
    """A full news page: head metadata, JSON-LD, navigation, body, sidebars, scripts."""
    name, domain = site
    year, month, day = rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)
    slug = "-".join(title.lower().replace(",", "").split())[:80]
    url = f"https://www.{domain}/{section}/{year}/{month:02d}/{day:02d}/{slug}-{number}"
    published = f"{year}-{month:02d}-{day:02d}T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}" \
                ":00+07:00"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    esc = html.escape
    nav = "".join(f'<li class="nav-item"><a href="https://www.{domain}/{s}">'
                  f"{s.replace('-', ' ').title()}</a></li>" for s in SECTIONS)
    trending = "".join(f'<li><a href="https://www.{domain}/berita/{rng.randint(10**6, 10**7)}">'
                       f"{esc(h)}</a></li>" for h in headline_list(rng, 10))
    related = "".join(f'<li><a href="https://www.{domain}/baca/{rng.randint(10**6, 10**7)}">'
                      f"{esc(h)}</a></li>" for h in headline_list(rng, 5))
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                          "headline": title, "datePublished": published,
                          "author": {"@type": "Person", "name": author},
                          "publisher": {"@type": "Organization", "name": name}},
                         ensure_ascii=False)
    # Minified-looking scripts and styles, as real pages carry, for a realistic size.
    script = "var _cfg={" + ",".join(f'"k{i}":"{rng.getrandbits(64):x}"' for i in range(150)) \
        + "};function t(e){return e&&e.split('').reverse().join('')}"
    style = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 2731 % 0xffffff:06x}}}"
                    for i in range(250))
    footer = "".join(f'<a href="https://www.{domain}/{p}">{p.title()}</a> '
                     for p in ("redaksi", "pedoman-media-siber", "kontak", "karier",
                               "kebijakan-privasi", "disclaimer", "tentang-kami", "iklan"))
    page = f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{esc(title)} - {esc(name)}</title>
<meta name="description" content="{esc(paragraphs[0][:150])}">
<link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{esc(name)}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{esc(author)}">
<script type="application/ld+json">{json_ld}</script>
<style>{style}</style>
<script>{script}</script>
</head>
<body>
<header class="site-header"><div class="logo"><a href="https://www.{domain}/">{esc(name)}</a>
</div><nav><ul class="nav">{nav}</ul></nav></header>
<div class="breadcrumb"><a href="https://www.{domain}/">Beranda</a> &rsaquo;
<a href="https://www.{domain}/{section}">{section.title()}</a></div>
<main><article class="post">
<h1 class="post-title">{esc(title)}</h1>
<div class="post-meta">Oleh <span class="author">{esc(author)}</span> &middot;
<time datetime="{published}">{day} {MONTHS[month - 1]} {year}</time></div>
<div class="post-content">
{body}
</div>
<div class="related"><h3>Baca Juga</h3><ul>{related}</ul></div>
<div class="tags"><a href="https://www.{domain}/tag/{section}">{section}</a></div>
</article></main>
<aside class="sidebar"><h3>Terpopuler</h3><ol>{trending}</ol></aside>
<footer class="site-footer">{footer}<p>&copy; {year} {esc(name)}. Hak cipta dilindungi.</p>
</footer>
<script>(function(){{var s=document.createElement('script');s.async=1;
s.src='https://ads.{domain}/tag.js?v={rng.getrandbits(32):x}';document.body.appendChild(s)}})();
</script>
</body>
</html>
"""
    return url, page


def generate_pages(count: int, relevant_share: float, seed: int = SEED):
    """Pages in a fixed pseudo-random order; ~1% of the others mention koperasi in passing."""
    rng = random.Random(seed)
    for number in range(count):
        about = rng.random() < relevant_share
        if about:
            section, title, paragraphs = statistics_article(rng)
        else:
            section, title, paragraphs = topic_article(rng, passing_mention=rng.random() < 0.01)
        url, page = render_page(rng, rng.choice(SITES), section, title, paragraphs, number)
        yield Page(url=url, html=page, about_cooperatives=about)


def write_archive(directory: Path, pages: int, files: int, relevant_share: float) -> list[Path]:
    """The archive as `files` WARC.gz files (request + response records, like a crawl)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"news-{i:03d}.warc.gz" for i in range(files)]
    streams = [p.open("wb") for p in paths]
    writers = [WARCWriter(s, gzip=True) for s in streams]
    relevant = 0
    try:
        for number, page in enumerate(generate_pages(pages, relevant_share)):
            relevant += page.about_cooperatives
            writer = writers[number * files // pages]
            request = writer.create_warc_record(
                page.url, "request", payload=BytesIO(
                    f"GET {page.url} HTTP/1.1\r\nUser-Agent: bench\r\n\r\n".encode()))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")],
                                       protocol="HTTP/1.1")
            response = writer.create_warc_record(page.url, "response",
                                                 payload=BytesIO(page.html.encode("utf-8")),
                                                 http_headers=headers)
            writer.write_record(request)
            writer.write_record(response)
    finally:
        for stream in streams:
            stream.close()
    (directory / "archive.json").write_text(json.dumps(
        {"pages": pages, "files": files, "relevant": relevant,
         "relevant_share": relevant_share}))
    return paths


def archive(pages: int, files: int, relevant_share: float) -> tuple[list[Path], dict]:
    directory = WORK / f"archive-{pages}-{files}-{relevant_share}"
    info_path = directory / "archive.json"
    if not info_path.exists():
        shutil.rmtree(directory, ignore_errors=True)
        started = time.perf_counter()
        print(f"building {pages:,} pages in {files} WARC.gz files under {directory} ...",
              flush=True)
        write_archive(directory, pages, files, relevant_share)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    paths = sorted(directory.glob("*.warc.gz"))
    return paths, json.loads(info_path.read_text())


# ---------------------------------------------------------------------------------
# The baseline: parse every page, then extract
# ---------------------------------------------------------------------------------

_baseline_extractor = None


def baseline_init(use_model: bool) -> None:
    global _baseline_extractor
    from extractor.extract import Extractor

    _baseline_extractor = Extractor.load(use_model=use_model)


def baseline_page(item: tuple[str, bytes]) -> int:
    import trafilatura

    from extractor.article import Article

    source, content = item
    text = trafilatura.extract(content.decode("utf-8", errors="replace"))
    if not text:
        return 0
    return len(_baseline_extractor.extract(Article(source=source, text=text, language="id")))


def run_baseline(inputs: list[str], workers: int, use_model: bool) -> None:
    """Every page through trafilatura and the extractor, on `workers` processes."""
    import multiprocessing

    from extractor.acquire import iter_documents
    from extractor.article import KoperasiError

    pages = ((doc.source, doc.content) for doc in iter_documents(inputs)
             if not isinstance(doc, KoperasiError))
    records = seen = 0
    with multiprocessing.get_context("forkserver").Pool(
            workers, initializer=baseline_init, initargs=(use_model,)) as pool:
        for count in pool.imap_unordered(baseline_page, pages, chunksize=16):
            seen += 1
            records += count
    print(json.dumps({"pages": seen, "records": records}))


# ---------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------

@dataclass
class Measure:
    label: str
    workers: int
    seconds: float
    peak_mb: float
    pages: int
    records: int | None
    cpu: float | None = None
    """CPU seconds of all the run's processes (batch runs only)."""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def measure(command: list[str], interval: float = 0.2) -> tuple[float, float, str]:
    """Run `command`; return (seconds, peak MB of the process tree's summed RSS, stdout)."""
    seconds, peak, _, stdout = measure_tree(command, interval)
    return seconds, peak, stdout


def measure_tree(command: list[str], interval: float = 0.2
                 ) -> tuple[float, float, float, str]:
    """Run `command`; return (seconds, peak MB of the process tree's summed RSS, CPU
    seconds of the whole tree, stdout). CPU is the last reading of each process, so
    up to `interval` of a process's final work may be missed.

    The RSS of the tree is polled, so a spike shorter than `interval` could be
    missed; summing RSS counts shared pages once per process, which overstates.
    Polling costs CPU the measured processes would have had (on 2 cores it shows),
    hence an interval that is not too short.
    """
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, cwd=ROOT, text=True)
    root = psutil.Process(process.pid)
    gone = (psutil.NoSuchProcess, psutil.AccessDenied)
    peak = 0
    cpu: dict[int, float] = {}
    while process.poll() is None:
        total = 0
        with contextlib.suppress(*gone):
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(*gone):  # a worker may exit while we look
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    cpu[proc.pid] = times.user + times.system
        peak = max(peak, total)
        time.sleep(interval)
    seconds = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return seconds, peak / 2**20, sum(cpu.values()), stdout


def measure_batch(paths: list[Path], workers: int, use_model: bool, engine: str,
                  pages: int) -> Measure:
    run_dir = WORK / f"run-{engine}-{workers}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    out = run_dir / "records.jsonl"
    command = [sys.executable, "-m", "extractor", "batch", *map(str, paths),
               "--db", str(run_dir / "koperasi.db"), "--out", str(out),
               "--workers", str(workers), "--engine", engine, "--no-progress"]
    if not use_model:
        command.append("--no-model")
    seconds, peak, cpu, _ = measure_tree(command)
    records = sum(1 for _ in out.open(encoding="utf-8"))
    label = "koperasi batch" + (" (dask)" if engine == "dask" else "")
    return Measure(label, workers, seconds, peak, pages, records, cpu)


def measure_baseline(paths: list[Path], workers: int, use_model: bool) -> Measure:
    command = [sys.executable, str(Path(__file__).resolve()), "--baseline-run",
               "--workers", str(workers), *(["--no-model"] if not use_model else []),
               *map(str, paths)]
    seconds, peak, stdout = measure(command)
    result = json.loads(stdout.strip().splitlines()[-1])
    return Measure("baseline: trafilatura + extract every page", workers, seconds, peak,
                   result["pages"], result["records"])


def best_of(times: int, run) -> Measure:
    """The fastest of `times` runs, with the highest peak memory seen in any of them."""
    runs = [run() for _ in range(max(1, times))]
    best = min(runs, key=lambda r: r.seconds)
    best.peak_mb = max(r.peak_mb for r in runs)
    return best


def print_table(results: list[Measure], info: dict) -> None:
    print()
    print(f"archive: {info['pages']:,} pages in {info['files']} WARC.gz files, "
          f"{info['relevant']:,} about cooperatives ({info['relevant'] / info['pages']:.1%})")
    header = f"{'pipeline':<44} {'workers':>7} {'seconds':>8} {'pages/s':>9} " \
             f"{'peak MB':>8} {'records':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        records = "-" if r.records is None else f"{r.records:,}"
        print(f"{r.label:<44} {r.workers:>7} {r.seconds:>8.1f} {r.pages_per_second:>9,.0f} "
              f"{r.peak_mb:>8,.0f} {records:>8}")
    batch = {r.workers: r for r in results if r.label == "koperasi batch"}
    baseline = [r for r in results if r.label.startswith("baseline")]
    print()
    if 1 in batch and 2 in batch:
        gain = batch[2].pages_per_second / batch[1].pages_per_second
        print(f"gain from 1 to 2 workers: {gain:.2f}x")
    for base in baseline:
        if base.workers in batch:
            ratio = batch[base.workers].pages_per_second / base.pages_per_second
            print(f"batch vs baseline on {base.workers} worker(s): {ratio:.1f}x pages/s")
    print(f"peak memory of batch: {max(r.peak_mb for r in batch.values()):,.0f} MB"
          if batch else "")


def measure_startup(workers: int, use_model: bool) -> float:
    """Seconds a batch takes for one relevant article: process start, imports, the
    pool and one pipeline load per worker. Paid once per run, whatever its size."""
    tiny = WORK / "startup"
    shutil.rmtree(tiny, ignore_errors=True)
    tiny.mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "dev" / "articles" / "seed-depok.txt", tiny)
    command = [sys.executable, "-m", "extractor", "batch", str(tiny), "--db",
               str(tiny / "koperasi.db"), "--workers", str(workers), "--no-progress",
               *([] if use_model else ["--no-model"])]
    return min(measure(command)[0] for _ in range(2))


def print_steady_gain(results: list[Measure], startup: dict[int, float]) -> None:
    """The 1 -> 2 worker gain once the fixed start-up is taken out of both runs."""
    batch = {r.workers: r for r in results if r.label == "koperasi batch"}
    if not (1 in batch and 2 in batch and 1 in startup and 2 in startup):
        return
    one, two = batch[1].seconds - startup[1], batch[2].seconds - startup[2]
    print(f"start-up (process, imports, pool, a pipeline per worker): {startup[1]:.1f} s with "
          f"1 worker, {startup[2]:.1f} s with 2")
    print(f"gain from 1 to 2 workers after start-up: {one / two:.2f}x "
          f"({one:.1f} s -> {two:.1f} s of work)")


def spin(loops: int) -> None:
    total = 0
    for i in range(loops):
        total += i


def machine_gain(loops: int = 30_000_000) -> float:
    """What this machine gives two CPU-bound processes over one: the same pure-Python
    loop, once alone, then twice side by side. On a shared or throttled host this is
    often well under 2, and it moves from minute to minute."""
    import multiprocessing

    def run(count: int) -> float:
        started = time.perf_counter()
        processes = [multiprocessing.Process(target=spin, args=(loops,)) for _ in range(count)]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        return time.perf_counter() - started

    one = run(1)
    return 2 * one / run(2)


def measure_scaling(paths: list[Path], pages: int, use_model: bool, pairs: int) -> None:
    """The 1 -> 2 worker gain next to the machine's own, measured in alternation so
    that both see the same moment of a noisy machine; medians over `pairs` rounds."""
    from statistics import median

    rows = []
    for round_ in range(pairs):
        one_run, two_run = (measure_batch(paths, w, use_model, "local", pages) for w in (1, 2))
        one, cpu_one, two, cpu_two = one_run.seconds, one_run.cpu, two_run.seconds, two_run.cpu
        rows.append((one / two, machine_gain(), cpu_two / cpu_one))
        print(f"round {round_ + 1}: batch 1 -> 2 workers {one:.1f} s -> {two:.1f} s "
              f"({rows[-1][0]:.2f}x), CPU of all processes {cpu_one:.1f} s -> {cpu_two:.1f} s; "
              f"machine, two CPU-bound processes: {rows[-1][1]:.2f}x", flush=True)
    batch_gain, machine, cpu_ratio = (median(r[i] for r in rows) for i in range(3))
    print(f"median gain from 1 to 2 workers: {batch_gain:.2f}x; the machine's own: "
          f"{machine:.2f}x; batch efficiency {batch_gain / machine:.0%} of what the "
          f"machine gives; CPU time with 2 workers / with 1: {cpu_ratio:.2f} (1.00: the "
          "second worker adds no work of its own)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=20_000, help="pages in the archive")
    p.add_argument("--files", type=int, default=4, help="WARC.gz files the archive is split in")
    p.add_argument("--relevant-share", type=float, default=0.02,
                   help="share of pages about cooperative statistics")
    p.add_argument("--workers", default="1,2",
                   help="worker counts to measure koperasi batch with (comma-separated)")
    p.add_argument("--baseline-workers", type=int, default=None,
                   help="workers for the baseline (default: the largest of --workers)")
    p.add_argument("--no-baseline", action="store_true", help="skip the slow baseline")
    p.add_argument("--dask", action="store_true",
                   help="also measure --engine dask (LocalCluster) at the largest worker count")
    p.add_argument("--no-model", dest="use_model", action="store_false",
                   help="rules only, for batch and baseline alike")
    p.add_argument("--repeat", type=int, default=1,
                   help="measure batch runs this many times and keep the fastest (the "
                   "machine may be busy with other work)")
    p.add_argument("--scaling", type=int, metavar="ROUNDS", default=0,
                   help="only measure the 1 -> 2 worker gain: ROUNDS alternating runs, "
                   "each next to the machine's own gain for two CPU-bound processes")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.add_argument("--baseline-run", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.baseline_run:
        run_baseline(args.inputs, int(args.workers), args.use_model)
        return 0
    paths, info = archive(args.pages, args.files, args.relevant_share)
    if args.scaling:
        measure_scaling(paths, info["pages"], args.use_model, args.scaling)
        return 0
    worker_counts = [int(w) for w in args.workers.split(",")]
    results = []
    for workers in worker_counts:
        print(f"koperasi batch, {workers} worker(s) ...", flush=True)
        results.append(best_of(args.repeat, lambda w=workers: measure_batch(
            paths, w, args.use_model, "local", info["pages"])))
    if args.dask:
        workers = max(worker_counts)
        print(f"koperasi batch --engine dask, {workers} worker(s) ...", flush=True)
        results.append(best_of(args.repeat, lambda w=workers: measure_batch(
            paths, w, args.use_model, "dask", info["pages"])))
    startup = {w: measure_startup(w, args.use_model) for w in worker_counts if w in (1, 2)}
    if not args.no_baseline:
        workers = args.baseline_workers or max(worker_counts)
        print(f"baseline, {workers} worker(s) ...", flush=True)
        results.append(measure_baseline(paths, workers, args.use_model))
    print_table(results, info)
    print_steady_gain(results, startup)
    if args.json:
        args.json.write_text(json.dumps(
            {"archive": info, "results": [{**r.__dict__, "pages_per_second":
                                           r.pages_per_second} for r in results]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

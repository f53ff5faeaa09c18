"""Which field a number fills, from how Indonesian phrases it (ANNOTATION.md).

Each case: sentence(s) -> every count the article states, as {(region code, field):
value}. The expectations are the meaning of the Indonesian text under the record
contract, not what the code happens to return; a case the extractor gets wrong is
kept and marked xfail (strict), so that fixing it is noticed.

A count is a stock figure for the region. Not counts: subsets something happens to
(trained, given awards, holding their RAT, proposed for dissolution, targets),
members, money, UMKM, districts, vague amounts, implied remainders ("sisanya").
"""

from __future__ import annotations

import pytest
from model_errors import expect_model_error


def found_counts(records, optional=()) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for record in records:
        for field, value in record.counts.items():
            key = (record.region.code, field)
            assert key not in found, f"two records state {key}: {records}"
            if key not in optional:
                found[key] = value
    return found


def case(case_id, text, expected, *, optional=(), xfail=None):
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(text, expected, frozenset(optional), id=case_id, marks=marks)


ROLES = [
    # --- X dari Y, totals, status after the number -------------------------------------
    case("x-dari-y-purwakarta",
         "SIBERONE.COM - 600 dari 780 unit koperasi di Purwakarta dinyatakan aktif dan sehat.",
         {("32.14", "total"): 780, ("32.14", "healthy"): 600},
         optional=[("32.14", "active")]),
    case("dari-y-ada-x-depok",
         "Depok (ANTARA) - Kepala Dinas Koperasi dan Usaha Mikro (DKUM) Kota Depok, Jawa Barat "
         "Dede Hidayat mengatakan dari 400 koperasi yang tercatat di wilayahnya, ada 176 "
         "koperasi yang aktif dan sehat.",
         {("32.76", "total"): 400, ("32.76", "healthy"): 176},
         optional=[("32.76", "active")]),
    case("dari-y-hanya-x-yang-aktif",
         "Dari 1.500 koperasi di Kota Bandung, hanya 800 yang aktif.",
         {("32.73", "total"): 1500, ("32.73", "active"): 800}),
    case("aktif-sedangkan-lainnya-tidak-aktif",
         "Dinas Koperasi Kabupaten Bogor mencatat 1.021 koperasi masih aktif, sedangkan 872 "
         "lainnya tidak aktif.",
         {("32.01", "active"): 1021, ("32.01", "inactive"): 872}),
    case("terdiri-atas",
         "Jumlah koperasi di Kabupaten Garut mencapai 747 unit, terdiri atas 547 unit aktif "
         "dan 200 unit tidak aktif.",
         {("32.05", "total"): 747, ("32.05", "active"): 547, ("32.05", "inactive"): 200}),
    case("terdiri-dari",
         "Kabupaten Bogor memiliki 1.500 koperasi yang terdiri dari 1.021 koperasi aktif dan "
         "479 koperasi tidak aktif.",
         {("32.01", "total"): 1500, ("32.01", "active"): 1021, ("32.01", "inactive"): 479}),
    case("dengan-rincian",
         "Pemkab Bogor mencatat 1.500 koperasi, dengan rincian 1.021 aktif dan 479 tidak aktif.",
         {("32.01", "total"): 1500, ("32.01", "active"): 1021, ("32.01", "inactive"): 479}),
    case("mati-suri",
         "Sebanyak 200 koperasi di Kabupaten Bogor mati suri.",
         {("32.01", "inactive"): 200}),
    case("tidak-aktif-atau-mati-suri",
         "Sebanyak 1.200 koperasi di Kabupaten Bogor tidak aktif atau mati suri.",
         {("32.01", "inactive"): 1200}),
    case("pasif-before-number",
         "Jumlah koperasi pasif di Kota Bandung mencapai 400 unit.",
         {("32.73", "inactive"): 400}),
    case("berstatus-sehat-berjumlah",
         "Koperasi yang berstatus sehat di Kabupaten Bogor berjumlah 150 unit.",
         {("32.01", "healthy"): 150}),
    case("tidak-sehat-after-total",
         "Jumlah koperasi di Kabupaten Bogor mencapai 1.500 unit. Dari jumlah tersebut, 300 "
         "koperasi dinyatakan tidak sehat.",
         {("32.01", "total"): 1500, ("32.01", "unhealthy"): 300}),
    case("tidak-sehat-before-number",
         "Koperasi tidak sehat di Kabupaten Bogor berjumlah 75 unit.",
         {("32.01", "unhealthy"): 75}),
    case("yang-tidak-aktif-after-region",
         "Jumlah koperasi di Kabupaten Bogor yang tidak aktif mencapai 475 unit.",
         {("32.01", "inactive"): 475}),
    case("yang-tidak-sehat-after-region",
         "Jumlah koperasi di Kabupaten Bogor yang tidak sehat mencapai 75 unit.",
         {("32.01", "unhealthy"): 75}),
    case("koperasi-aktif-naik-menjadi",
         "Di Kota Madiun, jumlah koperasi aktif naik menjadi 312 unit pada 2021.",
         {("35.77", "active"): 312}),
    case("totals-of-two-regions",
         "Kota Bandung memiliki 1.500 koperasi, sementara Kabupaten Bogor memiliki 1.200 "
         "koperasi.",
         {("32.73", "total"): 1500, ("32.01", "total"): 1200}),
    # --- remainders ------------------------------------------------------------------
    case("sisanya-stated",
         "Dinas Koperasi Kota Bandung mencatat 1.500 koperasi. Sebanyak 1.193 unit di "
         "antaranya aktif. Sisanya, 307 unit, tidak aktif.",
         {("32.73", "total"): 1500, ("32.73", "active"): 1193, ("32.73", "inactive"): 307}),
    case("sisanya-stated-annotation-example",
         "Jumlah koperasi di Kabupaten Sragen mencapai 3.151 unit. Sisanya 2.844 unit tidak "
         "aktif.",
         {("33.14", "total"): 3151, ("33.14", "inactive"): 2844}),
    case("sisanya-implied",
         "Dinas Koperasi Kota Bandung mencatat 1.500 koperasi. Sebanyak 1.193 unit di "
         "antaranya aktif. Sisanya belum aktif.",
         {("32.73", "total"): 1500, ("32.73", "active"): 1193}),
    case("sisanya-implied-tidak-aktif",
         "Jumlah koperasi di Kabupaten Sragen mencapai 1.000 unit, 700 di antaranya aktif. "
         "Sisanya tidak aktif.",
         {("33.14", "total"): 1000, ("33.14", "active"): 700}),
    # --- dissolved: the event itself, not proposals or plans ----------------------------
    case("membubarkan",
         "Pemkab Sleman membubarkan 97 koperasi sepanjang 2022.",
         {("34.04", "dissolved"): 97}),
    case("telah-dibubarkan",
         "Sebanyak 1.200 koperasi di Kabupaten Bogor telah dibubarkan oleh Kementerian "
         "Koperasi.",
         {("32.01", "dissolved"): 1200}),
    case("mengusulkan-untuk-dibubarkan",
         "Pemkab Sleman mengusulkan 64 koperasi untuk dibubarkan.", {}),
    case("diusulkan-dibubarkan",
         "Di Kabupaten Sleman, 64 koperasi diusulkan dibubarkan.", {}),
    case("akan-dibubarkan",
         "Di Jawa Tengah, sebanyak 500 koperasi akan dibubarkan tahun depan.", {}),
    case("status-then-a-plan-for-those-cooperatives",
         "Di Kabupaten Belu, sebanyak 108 koperasi tidak aktif dan akan didata ulang.",
         {("53.04", "inactive"): 108}),
    case("ditargetkan-aktif",
         "Di Kabupaten Belu, 50 koperasi ditargetkan aktif kembali tahun depan.", {}),
    case("berencana-membubarkan",
         "Kementerian Koperasi berencana membubarkan 500 koperasi di Jawa Tengah.", {}),
    case("dissolved-and-proposed",
         "Pemkab Bogor telah membubarkan 97 koperasi, dan mengusulkan 64 koperasi lainnya "
         "untuk dibubarkan.",
         {("32.01", "dissolved"): 97}),
    # --- healthy, and grades that are no field -----------------------------------------
    case("menjalankan-kegiatan-usaha",
         "Kabupaten Tana Tidung memiliki 47 koperasi. Sebanyak 29 di antaranya masih "
         "menjalankan kegiatan usaha, sedangkan 18 koperasi sudah tidak aktif.",
         {("65.04", "total"): 47, ("65.04", "active"): 29, ("65.04", "inactive"): 18}),
    case("tidak-lagi-menjalankan-usaha",
         "Di Kabupaten Tana Tidung, 18 koperasi tidak lagi menjalankan usaha.",
         {("65.04", "inactive"): 18}),
    case("jumlah-koperasi-menjadi-after-a-dissolution",
         "Pada 2022, sebanyak 21 koperasi di Kabupaten Wajo dibubarkan sehingga jumlah koperasi "
         "pada akhir tahun itu menjadi 498 unit.",
         {("73.13", "dissolved"): 21, ("73.13", "total"): 498}),
    case("remaining-after-a-dissolution-in-the-same-sentence",
         "Setelah pembubaran itu, sekarang koperasi di Kabupaten Tapin tersisa 176 unit.",
         {("63.05", "total"): 176}),
    case("origin-of-a-group-is-no-total",
         "Pemerintah Kabupaten Simalungun mencatat 743 koperasi. Forum itu diikuti koperasi "
         "kedua daerah: 15 koperasi dari Simalungun dan sembilan koperasi dari "
         "Pematangsiantar.",
         {("12.08", "total"): 743}),
    case("total-savings-is-no-total-of-cooperatives",
         "Dinas Koperasi Deli Serdang mencatat 1.348 koperasi. Total simpanan anggota di 14 "
         "KSP itu sekitar Rp52 miliar.",
         {("12.07", "total"): 1348}),
    case("dinilai-sehat-and-tidak-sehat",
         "Di Kota Pekanbaru, 240 koperasi dinilai sehat. Sementara itu, 43 koperasi dinilai "
         "tidak sehat dan 30 koperasi dinilai cukup sehat.",
         {("14.71", "healthy"): 240, ("14.71", "unhealthy"): 43}),
    case("dinilai-is-still-an-assessed-subset",
         "Di Kota Pekanbaru, 120 koperasi dinilai kesehatannya tahun ini.", {}),
    case("sehat-cukup-sehat",
         "Di Kabupaten Klaten, 41 koperasi dinyatakan sehat, 33 koperasi cukup sehat.",
         {("33.10", "healthy"): 41}),
    case("sehat-cukup-sehat-tidak-sehat",
         "Di Kabupaten Klaten terdapat 41 koperasi sehat, 33 koperasi cukup sehat dan 10 "
         "koperasi tidak sehat.",
         {("33.10", "healthy"): 41, ("33.10", "unhealthy"): 10}),
    # --- subsets something happens to: no count -----------------------------------------
    case("training",
         "Bupati Purwakarta mengatakan hari ini ada pelatihan bagi pengelola koperasi. Yang "
         "mengikuti pelatihan ini, perwakilan dari 80 koperasi.", {}),
    case("training-bagi-perwakilan",
         "Dinas Koperasi Kabupaten Karawang menggelar pelatihan bagi perwakilan dari 80 "
         "koperasi.", {}),
    case("target-rat",
         "Dinas Koperasi Kabupaten Karawang menargetkan 150 koperasi tidak aktif kembali "
         "menggelar RAT.", {}),
    case("target-aktif",
         "Dinas Koperasi Kabupaten Karawang menargetkan 150 koperasi aktif pada 2025.", {}),
    case("rat",
         "Di Kabupaten Karawang, tercatat 203 koperasi yang menyelenggarakan RAT.", {}),
    case("rat-after-total",
         "Di Kabupaten Karawang ada 900 koperasi. Dari jumlah itu, 203 koperasi yang "
         "menyelenggarakan RAT.",
         {("32.15", "total"): 900}),
    case("award",
         "Di Kabupaten Kudus, 12 koperasi berprestasi menerima penghargaan.", {}),
    case("aid", "Sebanyak 300 koperasi di Kabupaten Bogor menerima bantuan modal.", {}),
    case("visit", "Dinas Koperasi mengunjungi 25 koperasi di Kabupaten Bogor.", {}),
    case("contest",
         "Sebanyak 50 koperasi mengikuti lomba koperasi berprestasi di Kabupaten Bogor.", {}),
    # --- not cooperatives ---------------------------------------------------------------
    case("members-and-money",
         "Koperasi di Kabupaten Kudus memiliki 25.000 anggota dengan aset Rp 120 miliar.", {}),
    case("money", "Koperasi di Kabupaten Bogor mencatat aset Rp 300 miliar dan omzet Rp 1,2 "
                  "triliun.", {}),
    case("umkm-and-kecamatan",
         "Di Kabupaten Kudus terdapat 4.500 UMKM yang tersebar di 9 kecamatan.", {}),
    case("umkm-beside-koperasi",
         "Di Kabupaten Bogor ada 4.500 UMKM dan 1.200 koperasi.",
         {("32.01", "total"): 1200}),
    case("kecamatan",
         "Koperasi tersebar di 40 kecamatan di Kabupaten Bogor.", {}),
    case("koperasi-and-kecamatan-and-members",
         "Di Kabupaten Kudus terdapat 450 koperasi yang tersebar di 9 kecamatan dengan 30.000 "
         "anggota.",
         {("33.19", "total"): 450}),
    case("type-breakdown",
         "Jumlah koperasi di Kabupaten Bogor mencapai 1.500 unit, termasuk 120 KUD.",
         {("32.01", "total"): 1500}),
    case("percentage-is-not-a-count",
         "Dari total 1.500 koperasi di Kabupaten Bogor, 30 persen di antaranya tidak aktif.",
         {("32.01", "total"): 1500}),
    # --- more ways to say a status; flows that are no stock ----------------------------
    case("mencabut-status-badan-hukum",
         "Kementerian mencabut status badan hukum 54 koperasi di Kabupaten Lahat, sehingga kini "
         "tersisa 310 koperasi.",
         {("16.04", "dissolved"): 54, ("16.04", "total"): 310}),
    case("tidak-ada-kegiatan-and-tak-lagi-bergerak",
         "Dari 143 koperasi di Kabupaten Sambas, yang aktif 87 unit, sedangkan 56 unit tidak "
         "ada kegiatan.",
         {("61.01", "total"): 143, ("61.01", "active"): 87, ("61.01", "inactive"): 56}),
    case("tak-lagi-bergerak",
         "Di Kabupaten Kapuas, sedikitnya 120 koperasi tak lagi bergerak.",
         {("62.03", "inactive"): 120}, optional=[]),
    case("new-formations-are-a-flow",
         "Kabupaten Agam memiliki 402 koperasi. Tahun ini lahir 35 koperasi baru di sana, "
         "dan targetnya 50 koperasi baru lagi tahun depan.",
         {("13.06", "total"): 402}),
    case("decade-is-no-count",
         "Pada era 1990-an, koperasi di Kabupaten Agam tumbuh pesat; kini tercatat 402 koperasi.",
         {("13.06", "total"): 402}),
    # --- status as the sentence's topic (spoken style) ----------------------------------------
    case("fronted-status-topic",
         "Kabupaten Alor punya 260 koperasi. \"Tapi yang aktif, yang masih buka kantor dan "
         "ada usahanya, itu cuma 95,\" kata Kepala Dinas.",
         {("53.05", "total"): 260, ("53.05", "active"): 95}),
    case("fronted-status-with-filler",
         "Di Kabupaten Alor terdaftar 260 koperasi. Yang betul-betul jalan, menurut dia, "
         "paling 95-an.",
         {("53.05", "total"): 260, ("53.05", "active"): 95}),
    case("fronted-status-defined-by-an-event",
         "Kabupaten Alor punya 260 koperasi. Yang hidup, yang masih rutin menggelar RAT, "
         "tinggal 95.",
         {("53.05", "total"): 260, ("53.05", "active"): 95}),
    case("copula-and-epithet-are-no-action",
         "Dinas Koperasi Provinsi Papua Barat Daya mencatat 1.126 koperasi di provinsi termuda "
         "itu. Kabupaten Sorong memiliki 118 koperasi yang sebagian besar merupakan warisan "
         "program transmigrasi.",
         {("96", "total"): 1126, ("96.01", "total"): 118}),
    case("status-of-a-number-is-no-topic",
         "Kabupaten Alor memiliki 260 koperasi dan 95 yang aktif, sedangkan Kabupaten Lembata "
         "mencatat 180 koperasi.",
         {("53.05", "total"): 260, ("53.05", "active"): 95, ("53.13", "total"): 180}),
    case("status-after-adverbs",
         "Kabupaten Alor punya 260 koperasi. Sisanya, 165 koperasi, sudah lama tidak bergerak.",
         {("53.05", "total"): 260, ("53.05", "inactive"): 165}),
    # --- informal spelling ---------------------------------------------------------------------
    case("informal-spelling",
         "Jumlah koperasi di Kabupaten Mesuji ada 300an unit, tapi yg masih aktif cuma 118 "
         "unit aja.",
         {("18.11", "total"): 300, ("18.11", "active"): 118}),
    case("noun-that-looks-like-a-verb",
         "Kabupaten Bantul memiliki sekitar 380 koperasi berdasarkan data dinas koperasi.",
         {("34.02", "total"): 380}),
    case("colloquial-active-verb",
         "\"Pada 2023 kami bubarkan 40 koperasi di Kabupaten Bantul,\" kata kepala dinas.",
         {("34.02", "dissolved"): 40}),
    case("share-of-a-whole",
         "Sebanyak 58% dari 412 koperasi di Kabupaten Bantul masih aktif menjalankan usaha.",
         {("34.02", "total"): 412}),
    case("share-of-a-whole-under-supervision",
         "Jumlah itu sekitar 30 persen dari total 1.240 koperasi yang berada dalam pembinaan "
         "Dinas Koperasi Kabupaten Bantul.",
         {("34.02", "total"): 1240}),
    case("part-of-districts-is-no-count",
         "Kabupaten Pangandaran memiliki 512 koperasi. Kabupaten itu memiliki 10 kecamatan, "
         "enam di antaranya berbatasan dengan laut.",
         {("32.18", "total"): 512}),
    case("part-of-cooperatives-across-districts",
         "Sebanyak 2.402 koperasi tersebar di 11 kabupaten/kota di Maluku, dengan 1.911 di "
         "antaranya aktif.",
         {("81", "total"): 2402, ("81", "active"): 1911}),
    case("plans-rankings-and-owners-are-no-stock",
         "Kabupaten Kampar memiliki 780 koperasi. Tahun depan koperasi sehat minimal 150. "
         "Provinsi harus membentuk 648 koperasi desa. KSP Maju Bersama masuk daftar 100 "
         "koperasi besar Indonesia. Pemkab meremajakan 2.300 hektare kebun plasma milik 14 "
         "koperasi. Sudah ada 12 koperasi yang kontrak dengan pabrik sawit.",
         {("14.01", "total"): 780}),
    case("possession-far-from-the-number-is-no-event",
         "Kecamatan Tanjung Balai milik Kabupaten Asahan mencatat 26 koperasi.",
         {("12.09.10", "total"): 26}),
    case("back-reference-to-a-dismissed-group",
         "Kabupaten Karo memiliki 310 koperasi. Dinas mengusulkan pembubaran 42 koperasi. "
         "\"Yang 42 itu sudah lama tidak aktif,\" katanya.",
         {("12.06", "total"): 310}),
    case("ratio-is-no-pair-of-figures",
         "Kabupaten Karo memiliki 310 koperasi. Tujuh dari sepuluh koperasi di sana aktif.",
         {("12.06", "total"): 310}),
    case("x-dari-ten-written-in-digits-is-a-pair",
         "Di Kecamatan Kabanjahe, Kabupaten Karo, 6 dari 10 koperasi aktif.",
         {("12.06.01", "total"): 10, ("12.06.01", "active"): 6}),
    # --- corrections ------------------------------------------------------------------------------
    case("correction-withdraws-the-old-figure",
         "Redaksi meralat berita sebelumnya. Di situ tertulis jumlah koperasi aktif di Kabupaten "
         "Pidie 312 unit, yang benar 321 unit. Mohon maaf atas kesalahan tersebut.",
         {("11.07", "active"): 321}),
    case("disebutkan-without-a-correction-is-a-report",
         "Dalam laporan dinas disebutkan jumlah koperasi di Kabupaten Pidie sebanyak 412 unit.",
         {("11.07", "total"): 412}),
    # --- another region's figure in a comparison -----------------------------------------------
    case("region-compared-above",
         "Kota Padang tercatat memiliki 540 koperasi, jauh di atas Kota Pariaman yang hanya "
         "memiliki 96 koperasi.",
         {("13.71", "total"): 540, ("13.77", "total"): 96}),
    case("threshold-still-governs",
         "Kota Padang tercatat memiliki 540 koperasi; jumlah koperasi aktifnya masih di bawah "
         "300 unit.",
         {("13.71", "total"): 540}),
    case("range-shares-its-unit",
         "Kota Padang memiliki 540 koperasi. Sawah di sana menghasilkan 5 hingga 7 ton per "
         "hektare, jauh di bawah sawah irigasi yang bisa menghasilkan 20 hingga 25 ton.",
         {("13.71", "total"): 540}),
    # --- figures in brackets after region names ---------------------------------------------
    case("bracketed-region-figures",
         "Menurut data dinas, Kabupaten Sleman (412 koperasi) masih menjadi daerah dengan "
         "koperasi terbanyak, disusul Kabupaten Bantul (380) dan Kota Yogyakarta (301).",
         {("34.04", "total"): 412, ("34.02", "total"): 380, ("34.71", "total"): 301}),
    case("bracketed-age-of-a-person",
         "Ketua koperasi, Sutarno (63), mengatakan 412 koperasi di Kabupaten Sleman masih aktif.",
         {("34.04", "active"): 412}),
    # --- parallel enumerations ------------------------------------------------------------
    case("parallel-one-sentence",
         "Jawa Timur menjadi provinsi dengan koperasi aktif terbanyak, yakni 22.464 koperasi "
         "aktif, disusul Jawa Barat dengan 14.706 unit dan Jawa Tengah dengan 12.190 unit.",
         {("35", "active"): 22464, ("32", "active"): 14706, ("33", "active"): 12190}),
    case("parallel-next-sentence",
         "Jawa Timur tercatat memiliki 22.464 koperasi aktif. Posisi berikutnya ditempati Jawa "
         "Barat dengan 14.706 unit dan Jawa Tengah dengan 12.190 unit.",
         {("35", "active"): 22464, ("32", "active"): 14706, ("33", "active"): 12190}),
    case("parallel-next-paragraph",
         "Kementerian Koperasi mencatat provinsi dengan koperasi aktif terbanyak adalah Jawa "
         "Timur, yakni 22.464 koperasi aktif.\n"
         "Selanjutnya Jawa Barat dengan 14.706 unit dan Jawa Tengah dengan 12.190 unit.",
         {("35", "active"): 22464, ("32", "active"): 14706, ("33", "active"): 12190}),
    # --- vague and approximate ----------------------------------------------------------------
    case("ratusan", "Ada ratusan koperasi di Kabupaten Bogor.", {}),
    case("puluhan", "Puluhan koperasi di Kabupaten Bogor tidak aktif.", {}),
    case("number-words",
         "Di Kabupaten Lebak terdapat seratus dua puluh lima koperasi aktif.",
         {("36.02", "active"): 125}),
    case("ribu-multiplier",
         "Jumlah koperasi di Kabupaten Lebak mencapai 1,2 ribu unit.",
         {("36.02", "total"): 1200}),
]


@pytest.mark.parametrize(("text", "expected", "optional"), ROLES)
def test_counts_and_fields(request, use_model, extract, text, expected, optional):
    expect_model_error(request, use_model, text)
    assert found_counts(extract(text), optional) == expected


# (text, {(region code, field): qualifier})
QUALIFIERS = [
    ("Jumlah koperasi di Kabupaten Lebak tercatat sekitar 500 unit, dan lebih dari 300 di "
     "antaranya aktif.", {("36.02", "total"): ("approx", 500),
                          ("36.02", "active"): ("at_least", 300)}),
    ("Jumlah koperasi di Kabupaten Lebak tercatat 700-an unit.",
     {("36.02", "total"): ("approx", 700)}),
    ("Ada 50-an koperasi tidak aktif di Kabupaten Lebak.",
     {("36.02", "inactive"): ("approx", 50)}),
    ("Ada sedikitnya 20 koperasi tidak aktif di Kabupaten Lebak.",
     {("36.02", "inactive"): ("at_least", 20)}),
    ("Jumlah koperasi di Kabupaten Lebak tidak lebih dari 40 unit.",
     {("36.02", "total"): ("at_most", 40)}),
    ("Ada 300 lebih koperasi di Kabupaten Lebak.", {("36.02", "total"): ("at_least", 300)}),
    ("Jumlah koperasi di Kabupaten Lebak mencapai 512 unit.",
     {("36.02", "total"): (None, 512)}),
]


@pytest.mark.parametrize(("text", "expected"), QUALIFIERS, ids=[q[0][:60] for q in QUALIFIERS])
def test_qualifiers(request, use_model, extract, text, expected):
    expect_model_error(request, use_model, text)
    found = {}
    for record in extract(text):
        for field, value in record.counts.items():
            found[(record.region.code, field)] = (record.qualifiers.get(field), value)
    assert found == expected


# (text, {(region code, field, value): period}); the publication date never makes a period.
PERIODS = [
    ("Pada 2020, koperasi aktif di Muba berjumlah 287 unit.",
     {("16.06", "active", 287): "2020"}),
    ("Pada 2020, koperasi aktif di Muba berjumlah 287 unit. Kemudian pada 2021 bertambah "
     "menjadi 301 unit.",
     {("16.06", "active", 287): "2020", ("16.06", "active", 301): "2021"}),
    ("Di Kota Madiun, jumlah koperasi aktif naik menjadi 312 unit pada 2021.",
     {("35.77", "active", 312): "2021"}),
    ("Jumlah koperasi aktif di Kota Madiun naik dari 280 unit pada 2020 menjadi 312 unit pada "
     "2021.",
     {("35.77", "active", 280): "2020", ("35.77", "active", 312): "2021"}),
    ("Hingga akhir 2021, jumlah koperasi di Kabupaten Lebak tercatat 512 unit.",
     {("36.02", "total", 512): "2021"}),
    # a date in figures dates the data as a written one does; the reporting date in
    # parentheses does not
    ("Data per 31/12/2023, jumlah koperasi di Kabupaten Lebak tercatat 512 unit.",
     {("36.02", "total", 512): "2023"}),
    ("Hingga 30-06-2022, jumlah koperasi di Kabupaten Lebak tercatat 512 unit.",
     {("36.02", "total", 512): "2022"}),
    ("Jumlah koperasi di Kabupaten Lebak tercatat 512 unit, kata Asep, Selasa (20/4/2021).",
     {("36.02", "total", 512): None}),
    ("Jumlah koperasi di Kabupaten Lebak tahun 2013 sebanyak 512 unit.",
     {("36.02", "total", 512): "2013"}),
    ("Pada 2022 lalu, Pemkab Sleman membubarkan 97 koperasi.",
     {("34.04", "dissolved", 97): "2022"}),
    ("Pemkab Sleman membubarkan 97 koperasi sepanjang 2022.",
     {("34.04", "dissolved", 97): "2022"}),
    ("Jumlah koperasi di Kabupaten Lebak mencapai 512 unit.",
     {("36.02", "total", 512): None}),
    # A sentence about the data dates the figures after it, across paragraphs.
    ("Dinas Koperasi Jawa Barat merilis rekapitulasi data koperasi per Desember 2022.\n\n"
     "Kabupaten Bogor: 1.204 koperasi, 803 aktif\n"
     "Kota Depok: 512 koperasi, 301 aktif",
     {("32.01", "total", 1204): "2022", ("32.01", "active", 803): "2022",
      ("32.76", "total", 512): "2022", ("32.76", "active", 301): "2022"}),
    # ... but not the year of a founding, an event or a decade.
    ("Menurut catatan dinas, koperasi pertama di Kabupaten Lebak berdiri sejak 1998.\n\n"
     "Jumlah koperasi di Kabupaten Lebak mencapai 512 unit.",
     {("36.02", "total", 512): None}),
    ("Banjir besar melanda Kabupaten Lebak pada 2019.\n\n"
     "Jumlah koperasi di Kabupaten Lebak mencapai 512 unit.",
     {("36.02", "total", 512): None}),
    ("Banyak koperasi di Kabupaten Lebak lahir pada era 2000-an, menurut data dinas.\n\n"
     "Jumlah koperasi di Kabupaten Lebak mencapai 512 unit.",
     {("36.02", "total", 512): None}),
    # Pointing back: to the year named last, or to the figure repeated.
    ("Pada 2021, Kabupaten Lebak mencatat 512 koperasi.\n\n"
     "Pada tahun yang sama, Kabupaten Pandeglang memiliki 430 koperasi.",
     {("36.02", "total", 512): "2021", ("36.01", "total", 430): "2021"}),
    ("Pada 2019 jumlah koperasi di Kabupaten Lebak masih 600 unit. Per akhir 2023 "
     "tercatat 512 unit.\n\nDari 512 koperasi itu, yang aktif 301 unit.",
     {("36.02", "total", 600): "2019", ("36.02", "total", 512): "2023",
      ("36.02", "active", 301): "2023"}),
    ("Kabupaten Lebak kini memiliki 512 koperasi, turun dari 600 unit pada 2019.\n\n"
     "Dari jumlah itu, yang aktif 301 unit.",
     {("36.02", "total", 512): None, ("36.02", "total", 600): "2019",
      ("36.02", "active", 301): None}),
    # Two coordinated clauses, each with its year.
    ("Pada 2022 Pemkab Sleman membubarkan 17 koperasi dan pada 2023 membubarkan 12 koperasi.",
     {("34.04", "dissolved", 17): "2022", ("34.04", "dissolved", 12): "2023"}),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS, ids=[p[0][:60] for p in PERIODS])
def test_periods(extract, text, expected):
    records = extract(text, published="2023-07-20")
    found = {(r.region.code, field, value): r.period
             for r in records for field, value in r.counts.items()}
    assert found == expected


# --- what is not the article's own reporting --------------------------------------------

def test_baca_juga_lines_give_no_records(extract):
    text = ("Dinas Koperasi Kota Depok menggelar pekan koperasi pada Kamis.\n"
            "Baca juga: 500 koperasi di Kabupaten Bogor dibubarkan\n"
            "Baca Juga: Jabar punya 14.706 koperasi aktif\n"
            "Acara itu berlangsung meriah.")
    assert extract(text) == []


def test_baca_juga_lines_between_the_article_figures(extract):
    text = ("Dinas Koperasi Kota Depok mencatat 400 koperasi.\n"
            "Baca juga: 500 koperasi di Kabupaten Bogor dibubarkan\n"
            "Baca juga: Jabar punya 14.706 koperasi aktif\n"
            "Dari jumlah itu, 176 koperasi aktif dan sehat.")
    assert found_counts(extract(text), {("32.76", "active")}) == {
        ("32.76", "total"): 400, ("32.76", "healthy"): 176}


@pytest.mark.parametrize("heading", ["Berita Terkait", "Berita Lainnya", ""])
def test_related_headline_list_gives_no_records(extract, heading):
    text = ("Dinas Koperasi Kota Depok menggelar pekan koperasi pada Kamis.\n"
            f"{heading}\n"
            "Kaltim Punya 5.812 Koperasi, Baru 3.046 yang Aktif\n"
            "97 Koperasi di Sleman Dibubarkan\n"
            "Jabar Catat 14.706 Koperasi Aktif\n"
            "Harga Cabai Naik Jelang Lebaran\n")
    assert extract(text) == []


def test_capitalised_first_item_of_a_data_list_is_data(extract):
    text = ("Dinas Koperasi Sulawesi Tenggara mencatat daerah dengan koperasi terbanyak:\n\n"
            "1. Kabupaten Konawe Selatan (Konsel), 412 koperasi\n"
            "2. Kabupaten Kolaka, 305 koperasi\n"
            "3. Kota Baubau, 176 koperasi\n")
    assert found_counts(extract(text), set()) == {
        ("74.05", "total"): 412, ("74.01", "total"): 305, ("74.72", "total"): 176}


def test_bulleted_related_stories_after_a_marker_stay_out(extract):
    text = ("Dinas Koperasi Kota Depok menggelar pekan koperasi pada Kamis.\n"
            "Berita Terkait\n"
            "- Kaltim Punya 5.812 Koperasi Aktif\n"
            "- 97 koperasi dibubarkan\n"
            "- 120 koperasi sehat\n")
    assert extract(text) == []


BODY = ("Depok (ANTARA) - Kepala Dinas Koperasi Kota Depok mengatakan dari 400 koperasi yang "
        "tercatat di wilayahnya, ada 176 koperasi yang aktif dan sehat.")
HEADLINE = "Pemkot Depok catat ada 176 koperasi di wilayahnya yang aktif dan sehat"


@pytest.mark.parametrize("text, title", [
    (f"{HEADLINE}\n{BODY}", None),      # the headline as first line of the text
    (BODY, HEADLINE),                   # the headline given apart
    (f"{BODY}\n{HEADLINE}\nKamis, 20 Juli 2023 9:10 WIB", None),  # wire copy: after the body
], ids=["headline-first-line", "headline-apart", "headline-after-body"])
def test_headline_figure_repeated_in_body_gives_one_record(extract, text, title):
    records = extract(text, title=title)
    assert len(records) == 1
    assert found_counts(records, {("32.76", "active")}) == {
        ("32.76", "total"): 400, ("32.76", "healthy"): 176}

"""The `koperasi` command: extract (files, pages, stdin; every output format),
schema, evaluate, and bad input that is named on stderr and never ends in a
traceback. Most runs call `extractor.cli.main(argv)` in-process (the pipeline is
loaded once); a few run the installed `.venv/bin/koperasi` to see the real process."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import extractor
from extractor.acquire.inputs import read_file
from extractor.cli import main
from extractor.parse import parse_document
from extractor.record import FIELDS

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "corpus" / "dev"
ARTICLES = DEV / "articles"
KOPERASI = REPO / ".venv" / "bin" / "koperasi"

PURWAKARTA_TXT = ARTICLES / "seed-purwakarta.txt"
KALTIM_HTML = ARTICLES / "c-02.html"

STDIN_TEXT = ("Koperasi di Depok\n"
              "Dinas Koperasi Kota Depok mencatat 400 koperasi. Dari jumlah itu, 176 koperasi "
              "dinyatakan aktif dan sehat.\n")


def run(argv: list[str], capsys, monkeypatch=None, stdin: bytes | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def article_text(path: Path) -> str:
    """The article text the extractor saw, which evidence offsets refer to."""
    return parse_document(read_file(path)).text


@pytest.fixture(scope="module")
def schema() -> dict:
    from extractor.deliver.schema import record_json_schema

    return record_json_schema()


def check_record(rec: dict, text: str) -> None:
    """The shape of one JSONL record, and evidence that points into the article text."""
    assert set(rec) >= {"id", "source", "article", "region", "period", "counts", "qualifiers",
                        "evidence", "percentages", "checks", "extractor_version"}
    assert set(rec["article"]) == {"url", "title", "published"}
    assert set(rec["region"]) == {"code", "name", "level", "province", "mention"}
    assert rec["period"] is None or re.fullmatch(r"\d{4}", rec["period"])
    assert rec["counts"] and set(rec["counts"]) <= set(FIELDS)
    assert all(isinstance(v, int) for v in rec["counts"].values())
    assert set(rec["qualifiers"]) <= set(rec["counts"])
    assert set(rec["evidence"]) == set(rec["counts"])
    for field, ev in rec["evidence"].items():
        assert set(ev) == {"text", "start", "end"}, field
        assert text[ev["start"]:ev["end"]] == ev["text"], field
    for pct in rec["percentages"]:
        assert text[pct["start"]:pct["end"]] == pct["text"]
    for check in rec["checks"]:
        assert set(check) == {"rule", "status", "detail"}
        assert check["status"] in {"ok", "mismatch", "warning"}
    assert rec["extractor_version"] == extractor.__version__


# --- extract: inputs ----------------------------------------------------------------------

def test_extract_txt(capsys):
    rc, out, err = run(["extract", PURWAKARTA_TXT], capsys)
    assert rc == 0
    (rec,) = jsonl(out)
    check_record(rec, article_text(PURWAKARTA_TXT))
    assert rec["source"] == str(PURWAKARTA_TXT)
    assert rec["region"]["code"] == "32.14"
    assert rec["region"]["province"] == "Jawa Barat"
    assert {k: v for k, v in rec["counts"].items() if k != "active"} == {
        "total": 780, "healthy": 600}


def test_extract_html(capsys):
    rc, out, err = run(["extract", KALTIM_HTML], capsys)
    assert rc == 0
    records = jsonl(out)
    text = article_text(KALTIM_HTML)
    for rec in records:
        check_record(rec, text)
    by_code = {r["region"]["code"]: r for r in records}
    kaltim = by_code["64"]
    assert kaltim["counts"] == {"total": 5812, "active": 3046, "inactive": 2766}
    assert kaltim["period"] == "2023"
    assert kaltim["article"]["url"].startswith("https://")
    assert kaltim["article"]["title"] == "Kaltim Punya 5.812 Koperasi, Baru 3.046 yang Aktif"
    assert kaltim["article"]["published"].startswith("2024-02-13")
    assert by_code["64.72"]["counts"] == {"total": 1198, "active": 301, "inactive": 897}


def test_extract_stdin(capsys, monkeypatch):
    rc, out, err = run(["extract", "-"], capsys, monkeypatch, stdin=STDIN_TEXT.encode())
    assert rc == 0
    (rec,) = jsonl(out)
    check_record(rec, STDIN_TEXT)
    assert rec["source"] == "-"
    assert rec["article"]["title"] == "Koperasi di Depok"
    assert rec["region"]["code"] == "32.76"
    assert {k: v for k, v in rec["counts"].items() if k != "active"} == {
        "total": 400, "healthy": 176}


def test_extract_several_inputs_in_order(capsys, monkeypatch):
    rc, out, err = run(["extract", PURWAKARTA_TXT, "-", KALTIM_HTML], capsys, monkeypatch,
                       stdin=STDIN_TEXT.encode())
    assert rc == 0
    sources = [r["source"] for r in jsonl(out)]
    assert sources[0] == str(PURWAKARTA_TXT)
    assert sources[1] == "-"
    assert set(sources[2:]) == {str(KALTIM_HTML)}


def test_jsonl_matches_the_python_api(capsys):
    rc, out, _ = run(["extract", PURWAKARTA_TXT], capsys)
    api = [r.model_dump(mode="json") for r in extractor.extract_file(PURWAKARTA_TXT)]
    assert jsonl(out) == api


# --- extract: output formats ----------------------------------------------------------------

def test_format_json(capsys):
    rc, out, _ = run(["extract", KALTIM_HTML, "--format", "json"], capsys)
    assert rc == 0
    records = json.loads(out)
    assert isinstance(records, list) and len(records) >= 2
    text = article_text(KALTIM_HTML)
    for rec in records:
        check_record(rec, text)


def test_format_csv(capsys):
    from extractor.deliver.writers import FLAT_COLUMNS

    rc, out, _ = run(["extract", PURWAKARTA_TXT, KALTIM_HTML, "--format", "csv"], capsys)
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    purwakarta = next(r for r in rows if r["region_code"] == "32.14")
    assert (purwakarta["total"], purwakarta["healthy"]) == ("780", "600")
    assert "76,9 persen" in purwakarta["percentages"]
    kaltim = next(r for r in rows if r["region_code"] == "64")
    assert (kaltim["total"], kaltim["active"], kaltim["inactive"]) == ("5812", "3046", "2766")
    assert kaltim["period"] == "2023"


def test_format_table(capsys):
    rc, out, _ = run(["extract", PURWAKARTA_TXT, "--format", "table"], capsys)
    assert rc == 0
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["source", "region", "code", "period"]
    assert all(f in header for f in FIELDS)
    assert len(rows) == 1
    assert "32.14" in rows[0] and "780" in rows[0] and "600" in rows[0]


def test_format_parquet(capsys, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = tmp_path / "out.parquet"
    rc, out, _ = run(["extract", PURWAKARTA_TXT, KALTIM_HTML, "--format", "parquet",
                      "--out", target], capsys)
    assert rc == 0
    table = pq.read_table(target)
    for field in FIELDS:
        assert pa.types.is_integer(table.schema.field(field).type)
    rows = table.to_pylist()
    assert {r["region_code"] for r in rows} >= {"32.14", "64", "64.72"}
    purwakarta = next(r for r in rows if r["region_code"] == "32.14")
    assert (purwakarta["total"], purwakarta["healthy"]) == (780, 600)


def test_parquet_needs_out(capsys):
    rc, out, err = run(["extract", PURWAKARTA_TXT, "--format", "parquet"], capsys)
    assert rc != 0
    assert "--out" in err


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_out_file_holds_what_stdout_would(capsys, tmp_path, fmt):
    _, expected, _ = run(["extract", PURWAKARTA_TXT, "--format", fmt], capsys)
    target = tmp_path / f"out.{fmt}"
    rc, out, _ = run(["extract", PURWAKARTA_TXT, "--format", fmt, "--out", target], capsys)
    assert rc == 0
    assert out == ""
    assert target.read_bytes().decode("utf-8") == expected


# --- schema ------------------------------------------------------------------------------------

def test_schema_validates_extracted_records(capsys, monkeypatch):
    rc, out, _ = run(["schema"], capsys)
    assert rc == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    _, out, _ = run(["extract", PURWAKARTA_TXT, KALTIM_HTML, "-"], capsys, monkeypatch,
                    stdin=STDIN_TEXT.encode())
    records = jsonl(out)
    assert len(records) >= 3
    for rec in records:
        validator.validate(rec)


@pytest.mark.parametrize("break_it", [
    lambda r: r["counts"].update(total="780"),          # a count is an integer
    lambda r: r["region"].update(level="desa"),         # levels are a closed set
    lambda r: r.update(unexpected=1),                   # no extra fields
    lambda r: r.pop("region"),                          # region is required
    lambda r: r["qualifiers"].update(total="kira"),     # qualifiers are a closed set
], ids=["count-str", "level", "extra-field", "no-region", "qualifier"])
def test_schema_rejects_broken_records(schema, break_it):
    record = extractor.extract_file(PURWAKARTA_TXT)[0].model_dump(mode="json")
    jsonschema.Draft202012Validator(schema).validate(record)
    break_it(record)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(record)


# --- bad input -------------------------------------------------------------------------------

LATIN1_TEXT = ("Koperasi di Depok\n"
               "Dinas Koperasi Kota Depok mencatat 400 koperasi, termasuk Koperasi Karyawan "
               "Café Sejahtera. Dari jumlah itu, 176 koperasi dinyatakan aktif dan sehat.\n")


def make_bad_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "binary-html": folder / "binary.html",
        "huge": folder / "huge.txt",
        "latin1": folder / "latin1.txt",
        "no-figures": folder / "no-figures.txt",
        "missing": folder / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    blob = bytes(range(256)) * 16 + b"\x00\x01\x02" + os.urandom(2048)
    files["binary"].write_bytes(blob)
    files["binary-html"].write_bytes(blob)
    files["huge"].write_text("Koperasi\n" + "Dinas Koperasi Kota Depok menggelar pekan "
                             "koperasi. " * 110_000, encoding="utf-8")
    assert files["huge"].stat().st_size > 5_000_000
    files["latin1"].write_bytes(LATIN1_TEXT.encode("latin-1"))
    files["no-figures"].write_text("Koperasi di Depok\nKoperasi di Depok terus dibina oleh "
                                   "pemerintah kota.\n", encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    return make_bad_inputs(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("kind", ["binary", "binary-html", "huge", "missing"])
def test_bad_input_is_named_on_stderr(capsys, bad_inputs, kind):
    path = bad_inputs[kind]
    rc, out, err = run(["extract", path], capsys)
    assert rc != 0
    assert str(path) in err
    assert jsonl(out) == []


@pytest.mark.parametrize("kind", ["empty", "no-figures"])
def test_input_without_figures_gives_no_records(capsys, bad_inputs, kind):
    path = bad_inputs[kind]
    rc, out, err = run(["extract", path], capsys)
    assert jsonl(out) == []
    if rc != 0:  # refusing it is fine too, if it says so
        assert str(path) in err


def test_latin1_text_is_decoded(capsys, bad_inputs):
    path = bad_inputs["latin1"]
    rc, out, err = run(["extract", path], capsys)
    assert rc == 0
    (rec,) = jsonl(out)
    assert rec["region"]["code"] == "32.76"
    assert {k: v for k, v in rec["counts"].items() if k != "active"} == {
        "total": 400, "healthy": 176}
    assert "Café" in rec["evidence"]["total"]["text"]


def test_run_goes_on_past_bad_inputs(capsys, bad_inputs):
    rc, out, err = run(["extract", bad_inputs["binary"], PURWAKARTA_TXT, bad_inputs["missing"],
                        bad_inputs["huge"]], capsys)
    assert rc != 0
    for kind in ("binary", "missing", "huge"):
        assert str(bad_inputs[kind]) in err
    (rec,) = jsonl(out)
    assert rec["source"] == str(PURWAKARTA_TXT)


@pytest.mark.skipif(not KOPERASI.exists(), reason="no installed koperasi command")
def test_real_process_never_shows_a_traceback(bad_inputs):
    """The installed command over every kind of bad input, a good file and stdin."""
    args = [bad_inputs[k] for k in ("empty", "binary", "binary-html", "huge", "missing",
                                    "no-figures")]
    proc = subprocess.run([KOPERASI, "extract", *args, PURWAKARTA_TXT, "-", bad_inputs["latin1"]],
                          input=STDIN_TEXT.encode(), capture_output=True, timeout=120)
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert proc.returncode not in (0, None)
    for kind in ("binary", "binary-html", "huge", "missing"):
        assert str(bad_inputs[kind]) in err
    sources = [r["source"] for r in jsonl(proc.stdout.decode())]
    assert sources == [str(PURWAKARTA_TXT), "-", str(bad_inputs["latin1"])]


@pytest.mark.skipif(not KOPERASI.exists(), reason="no installed koperasi command")
def test_record_ids_are_the_same_in_another_process():
    proc = subprocess.run([KOPERASI, "extract", PURWAKARTA_TXT, KALTIM_HTML],
                          capture_output=True, timeout=120, check=True)
    ids = [r["id"] for r in jsonl(proc.stdout.decode())]
    in_process = [r.id for path in (PURWAKARTA_TXT, KALTIM_HTML)
                  for r in extractor.extract_file(path)]
    assert ids == in_process


def test_no_arguments_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract"])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --- evaluate ---------------------------------------------------------------------------------

SCORE_LINE = r"\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}\s+\d+\s+\d+\s+\d+\s*$"


def test_evaluate_prints_per_field_scores(capsys):
    rc, out, err = run(["evaluate", DEV], capsys)
    assert rc == 0
    for field in FIELDS:
        assert re.search(rf"^{field}{SCORE_LINE}", out, re.MULTILINE), field
    overall = re.search(rf"^overall{SCORE_LINE}", out, re.MULTILINE)
    assert overall
    f1 = float(overall.group(0).split()[3])
    assert f1 >= 0.95


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """One article whose gold has a figure the text does not state (a certain miss)
    and lacks one it does (a certain false figure)."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "t-01.txt").write_text(
        "Koperasi di Depok\nDinas Koperasi Kota Depok mencatat 400 koperasi.\n",
        encoding="utf-8")
    gold = {"id": "t-01", "file": "articles/t-01.txt", "url": None, "title": "Koperasi di Depok",
            "published": "2023-07-20",
            "records": [{"region": {"code": "32.76", "name": "Kota Depok", "level": "kota"},
                         "period": None, "counts": {"active": 123}, "qualifiers": {},
                         "optional": []}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return tmp_path


def test_evaluate_errors_lists_misses_and_false_figures(capsys, small_corpus):
    rc, out, err = run(["evaluate", small_corpus, "--errors"], capsys)
    assert rc == 0
    assert re.search(r"^t-01$", out, re.MULTILINE)
    assert re.search(r"MISS\s+32\.76\s+active\s+123", out)
    assert re.search(r"FALSE\s+32\.76\s+total\s+400", out)
    assert re.search(rf"^overall{SCORE_LINE}", out, re.MULTILINE)


def test_evaluate_without_errors_flag_lists_none(capsys, small_corpus):
    rc, out, err = run(["evaluate", small_corpus], capsys)
    assert "MISS" not in out


def test_evaluate_scores_several_folders_together(capsys, small_corpus, tmp_path):
    right = tmp_path / "right"
    (right / "articles").mkdir(parents=True)
    shutil.copy(small_corpus / "articles" / "t-01.txt", right / "articles" / "t-02.txt")
    gold = json.loads((small_corpus / "gold.jsonl").read_text(encoding="utf-8"))
    gold.update(id="t-02", file="articles/t-02.txt")
    gold["records"][0]["counts"] = {"total": 400}
    (right / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    rc, out, err = run(["evaluate", small_corpus / "gold.jsonl", right], capsys)
    assert rc != 0 and "gold.jsonl" in err  # a file is not a corpus folder
    rc, out, err = run(["evaluate", small_corpus, right], capsys)
    assert rc == 0
    tp, fp, fn = re.search(rf"^overall{SCORE_LINE}", out, re.MULTILINE).group(0).split()[4:7]
    assert (tp, fp, fn) == ("1", "1", "1")
    assert ": 2 articles scored in" in out


def test_evaluate_dev_errors(capsys):
    rc, out, err = run(["evaluate", DEV, "--errors", "--no-model"], capsys)
    assert rc == 0
    assert re.search(rf"^overall{SCORE_LINE}", out, re.MULTILINE)


def test_evaluate_missing_corpus(capsys, tmp_path):
    rc, out, err = run(["evaluate", tmp_path / "nowhere"], capsys)
    assert rc != 0
    assert "nowhere" in err


def test_evaluate_folder_without_gold(capsys, tmp_path):
    shutil.copy(PURWAKARTA_TXT, tmp_path / "a.txt")
    rc, out, err = run(["evaluate", tmp_path], capsys)
    assert rc != 0
    assert "gold.jsonl" in err

"""The packaged pipeline in models/ (issue 4): it is really the trained one that
loads, it extracts the two starting articles right, and training is deterministic."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from extractor.evaluation.corpus import load_corpus
from extractor.extract import Extractor
from extractor.extract.pipeline import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {"seed-purwakarta": ("32.14", {"total": 780, "healthy": 600}),
         "seed-depok": ("32.76", {"total": 400, "healthy": 176})}


@pytest.fixture(scope="module")
def packaged() -> Extractor:
    assert (DEFAULT_MODEL / "config.cfg").exists(), "models/koperasi-id is missing"
    return Extractor.load(use_model=True)


def test_the_packaged_model_is_what_loads(packaged):
    assert "koperasi_role_model" in packaged.nlp.pipe_names
    assert packaged.nlp.get_pipe("koperasi_role_model").classifier is not None
    meta = packaged.nlp.meta
    assert meta["trained_with_spacy"] and meta["training_data"]["corpus_sha256_16"]
    assert set(meta["performance"]["cats_f_per_type"]) >= {"total", "active", "none"}


def test_the_rules_alone_have_no_model():
    assert "koperasi_role_model" not in Extractor.load(use_model=False).nlp.pipe_names


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_the_packaged_model_extracts_the_starting_articles(packaged, article_id):
    gold = {g.id: g for g in load_corpus(ROOT / "corpus" / "dev")}[article_id]
    records = packaged.extract(gold.load_article())
    code, counts = SEEDS[article_id]
    assert [(r.region.code, r.counts) for r in records] == [(code, counts)]


def small_corpus(tmp_path: Path) -> Path:
    """Twenty training articles (and their files) as a corpus of their own."""
    source = ROOT / "corpus" / "train" / "jawa"
    target = tmp_path / "corpus"
    (target / "articles").mkdir(parents=True)
    lines = (source / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:20]
    (target / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for gold in load_corpus(target):
        shutil.copy(source / "articles" / gold.path.name, target / "articles")
    return target


def file_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_training_is_deterministic_and_packages_a_loadable_pipeline(tmp_path):
    from extractor.extract.pipeline import load_pipeline
    from extractor.extract.training import train

    corpus = small_corpus(tmp_path)
    outputs = [tmp_path / "one", tmp_path / "two"]
    for output in outputs:
        train(corpus, output, log=lambda _: None)
    assert file_hashes(outputs[0]) == file_hashes(outputs[1])
    nlp = load_pipeline(use_model=True, model_dir=outputs[0])
    assert "koperasi_role_model" in nlp.pipe_names

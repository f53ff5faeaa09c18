"""The page-to-text targets on the dev corpus's HTML pages (the same scoring
`koperasi evaluate` prints): title and date right >= 95%, body snippets found
>= 98%, boilerplate snippets leaked <= 2%."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.evaluation.corpus import load_corpus
from extractor.evaluation.pages import PageScores, score_page

DEV = Path(__file__).resolve().parents[1] / "corpus" / "dev"


@pytest.fixture(scope="module")
def scores() -> PageScores:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip("no dev corpus")
    scores = PageScores()
    for gold in load_corpus(DEV):
        if gold.is_html:
            score_page(scores, gold, gold.load_article())
    return scores


def test_dev_pages_are_all_parsed(scores):
    assert scores.pages >= 30


def test_titles_and_dates(scores):
    assert scores.title_right >= 0.95 * scores.pages, scores.errors
    assert scores.date_right >= 0.95 * scores.pages, scores.errors


def test_body_found_and_boilerplate_left_out(scores):
    assert scores.snippets_found >= 0.98 * scores.snippets, scores.errors
    assert scores.boilerplate_leaked <= 0.02 * scores.boilerplate, scores.errors

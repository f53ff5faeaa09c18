"""The spaCy pipeline: a blank Indonesian `Language` plus this package's
components, registered with `@Language.factory` as spaCy's own are.

Each component reads and writes `Doc` extensions, so any stage can be inspected:

    doc = nlp(text); doc._.count_mentions; doc._.records
"""

from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.article import Article
from extractor.extract.attach import attach_periods, attach_regions, region_for
from extractor.extract.counts import (
    about_cooperatives,
    classify_mentions,
    find_count_mentions,
    reread_bracketed_figures,
)
from extractor.extract.doctext import text_of
from extractor.extract.gazetteer import gazetteer
from extractor.extract.layout import classify_lines, paragraph_spans
from extractor.extract.lexicon import load
from extractor.extract.numbers import NumberMention, find_numbers
from extractor.extract.records import build_records
from extractor.extract.regions import RegionMatcher, RegionResolver, find_dateline
from extractor.extract.respectively import apply_respectively
from extractor.extract.sentences import sentence_spans
from extractor.extract.tables import table_counts
from extractor.extract.tokenizer import create_tokenizer  # noqa: F401  registers it

RULE_COMPONENTS = ("koperasi_sentences", "koperasi_layout", "koperasi_numbers",
                   "koperasi_regions", "koperasi_counts", "koperasi_records")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
DEFAULT_MODEL = MODELS_DIR / "koperasi-id"

for name, default in (("article", None), ("sentence_spans", None), ("lines", None),
                      ("numbers", None), ("region_mentions", None), ("dateline", None),
                      ("main_region", None), ("count_mentions", None), ("records", None)):
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


def article_of(doc: Doc) -> Article:
    return doc._.article or Article(source="<text>", text=text_of(doc))


@Language.component("koperasi_sentences")
def koperasi_sentences(doc: Doc) -> Doc:
    spans = sentence_spans(text_of(doc))
    starts = {start for start, _ in spans}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    doc._.sentence_spans = spans
    return doc


@Language.component("koperasi_layout")
def koperasi_layout(doc: Doc) -> Doc:
    doc._.lines = classify_lines(text_of(doc), article_of(doc).title)
    return doc


@Language.component("koperasi_numbers")
def koperasi_numbers(doc: Doc) -> Doc:
    doc._.numbers = find_numbers(text_of(doc))
    return doc


@Language.factory("koperasi_regions")
class RegionsComponent:
    """Region mentions in the article's own lines and title, resolved to codes."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.matcher = RegionMatcher(nlp, gazetteer())
        self.resolver = RegionResolver(gazetteer(), load("regions"))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        fact_lines = [(line.start, line.end) for line in doc._.lines if line.is_fact]
        mentions = [m for m in self.matcher(doc)
                    if any(s <= m.start < e for s, e in fact_lines)]
        title = article_of(doc).title or ""
        title_mentions = [m for m in self.matcher(self.nlp.make_doc(title)) if m.kind == "name"]
        for m in title_mentions:
            m.start = m.end = -1  # not in the text: context only
        dateline = find_dateline(text, self.matcher)
        if dateline:  # the filing place is not a region the text talks about
            mentions = [m for m in mentions
                        if not (dateline.start <= m.start < dateline.end + 1)]
        self.resolver.resolve(text, mentions, title_mentions, dateline)
        doc._.region_mentions = mentions
        doc._.dateline = dateline
        doc._.main_region = next((m for m in title_mentions if m.code), None) or (
            dateline if dateline and dateline.code else None) or next(
            (m for m in mentions if m.code and m.kind == "name"), None)
        return doc


@Language.component("koperasi_counts")
def koperasi_counts(doc: Doc) -> Doc:
    text, lines = text_of(doc), doc._.lines
    reread_bracketed_figures(text, doc._.numbers, doc._.region_mentions)
    counts = find_count_mentions(text, lines, doc._.numbers, doc._.sentence_spans)
    attach_regions(text, counts, doc._.region_mentions, doc._.main_region)
    classify_mentions(text, counts, lines)
    apply_respectively(text, counts, doc._.region_mentions)
    if about_cooperatives(text):
        counts += table_counts(lines, doc._.region_mentions,
                               last_region_before_tables(doc))
    counts.sort(key=lambda c: c.number.start)
    years = [n for n in doc._.numbers if n.kind == "year"]
    attach_periods(text, counts, years, paragraph_spans(lines), doc._.sentence_spans)
    doc._.count_mentions = counts
    return doc


def last_region_before_tables(doc: Doc):
    first_table = next((line.start for line in doc._.lines if line.kind == "table"), None)
    if first_table is None:
        return None
    before = [m for m in doc._.region_mentions if m.code and m.end <= first_table
              and not m.apposition]
    return before[-1] if before else doc._.main_region


@Language.component("koperasi_records")
def koperasi_records(doc: Doc) -> Doc:
    doc._.records = build_records(text_of(doc), article_of(doc), doc._.count_mentions,
                                  stated_percentages(doc))
    return doc


def stated_percentages(doc: Doc) -> list[tuple[NumberMention, str | None]]:
    """Percentages in the article's own lines, each with the region it is about."""
    text = text_of(doc)
    fact_lines = [(line.start, line.end) for line in doc._.lines if line.is_fact]
    found = []
    for n in doc._.numbers:
        if n.kind != "percent" or not any(s <= n.start < e for s, e in fact_lines):
            continue
        sign = re.match(r"\s*(?:persen|%)", text[n.end:])
        end = n.end + (sign.end() if sign else 0)
        stated = NumberMention(n.start, end, n.value, text[n.start:end], kind="percent")
        region = region_for(text, stated, doc._.region_mentions, doc._.sentence_spans,
                            doc._.main_region)
        found.append((stated, region.code if region else None))
    return found


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "koperasi.tokenizer.v1"}}}


def build_rules_pipeline() -> Language:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def load_pipeline(use_model: bool = True, model_dir: Path | None = None) -> Language:
    """The rules pipeline, with the trained role model when one is packaged."""
    model_dir = model_dir or DEFAULT_MODEL
    if use_model and (model_dir / "config.cfg").exists():
        from extractor.extract import role_model  # noqa: F401  registers the factory

        return spacy.load(model_dir)
    return build_rules_pipeline()

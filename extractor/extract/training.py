"""Training the count-role classifier from gold articles (`koperasi train`).

1. Every gold article runs through the rules pipeline; each count mention it finds
   becomes an example: its marked-up context (role_model.mention_context) and the
   gold field of that figure, or "none" when the gold has no such figure.
2. Gold figures that no count mention matches are reported as not aligned.
3. A deterministic split by article id keeps one article in five out of training.
4. spaCy trains the textcat from `role_model.cfg` with a fixed seed on CPU, and the
   packaged pipeline (rules + model) is written to `models/koperasi-id` with meta.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from extractor.evaluation.corpus import GoldArticle, load_corpus
from extractor.extract.doctext import text_of
from extractor.extract.role_model import (
    LABELS,
    mention_context,
    previous_before,
    previous_in_paragraph,
    uncounted_candidates,
)

CONFIG = Path(__file__).with_name("role_model.cfg")
HELDOUT_SHARE = 5  # one article in five


def split_of(article_id: str) -> str:
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return "heldout" if digest[0] % HELDOUT_SHARE == 0 else "train"


@dataclass
class AlignmentReport:
    articles: int = 0
    examples: Counter = field(default_factory=Counter)
    gold_figures: int = 0
    not_aligned: list[str] = field(default_factory=list)
    ambiguous: int = 0
    uncounted: Counter = field(default_factory=Counter)
    """Examples from numbers the rules did not count, by label."""

    def summary(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.examples.items()))
        rescued = sum(v for k, v in self.uncounted.items() if k != "none")
        return (f"{self.articles} articles, {sum(self.examples.values())} examples ({labels}; "
                f"{sum(self.uncounted.values())} from numbers the rules did not count, "
                f"{rescued} of them stock figures); "
                f"{len(self.not_aligned)} of {self.gold_figures} gold figures not aligned to a "
                f"count mention; {self.ambiguous} mentions skipped as ambiguous")


def gold_fields(gold: GoldArticle) -> tuple[dict[int, set[tuple[str, str]]], set[tuple[str, str]]]:
    by_value: dict[int, set[tuple[str, str]]] = {}
    optional = set()
    for rec in gold.records:
        code = rec["region"]["code"]
        optional |= {(code, f) for f in rec.get("optional", [])}
        for name, value in rec["counts"].items():
            by_value.setdefault(int(value), set()).add((code, name))
    return by_value, optional


def label_for(mention, by_value, optional) -> str | None:
    """The gold field of a mention's figure; None when it cannot be told."""
    fields = by_value.get(mention.value)
    code = mention.region.code if mention.region else None
    if mention.role.field and (code, mention.role.field) in optional:
        return None
    if not fields:
        return "none"
    names = {name for _, name in fields}
    if len(names) == 1:
        return names.pop()
    here = {name for c, name in fields if c == code}
    return here.pop() if len(here) == 1 else None


def build_examples(articles: list[GoldArticle], nlp, *, uncounted: bool = True
                   ) -> tuple[list[tuple[str, str]], AlignmentReport]:
    from extractor.extract import Extractor

    extractor = Extractor(nlp)
    report, examples = AlignmentReport(), []
    for gold in articles:
        report.articles += 1
        doc = nlp(extractor.make_doc(gold.load_article()))
        by_value, optional = gold_fields(gold)
        mentions = [m for m in doc._.count_mentions if m.source == "text"]
        text = text_of(doc)
        others = uncounted_candidates(doc, text) if uncounted else []
        found = {m.value for m in doc._.count_mentions + others}
        for value, fields in by_value.items():
            report.gold_figures += len(fields)
            if value not in found:
                report.not_aligned += [f"{gold.id}: {name} {value}" for _, name in fields]
        contexts = [(m, previous_in_paragraph(mentions, i)) for i, m in enumerate(mentions)]
        contexts += [(m, previous_before(mentions, m.number.start)) for m in others]
        for mention, previous in contexts:
            label = label_for(mention, by_value, optional)
            if label is None:
                report.ambiguous += 1
                continue
            examples.append((mention_context(text, mention, previous), label))
            report.examples[label] += 1
            report.uncounted[label] += mention in others
    return examples, report


def to_docbin(nlp, examples: list[tuple[str, str]]) -> DocBin:
    docbin = DocBin()
    for text, label in examples:
        doc = nlp.make_doc(text)
        doc.cats = {name: float(name == label) for name in LABELS}
        docbin.add(doc)
    return docbin


def corpus_hash(articles: list[GoldArticle]) -> str:
    digest = hashlib.sha256()
    for gold in sorted(articles, key=lambda g: g.id):
        digest.update(gold.id.encode())
        digest.update(gold.path.read_bytes())
        digest.update(json.dumps(gold.records, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def train(corpus_dir: Path, output: Path, *, log=print) -> dict:
    """Train on the 'train' split, score on 'heldout', package rules + model."""
    from extractor.extract.pipeline import build_rules_pipeline

    rules = build_rules_pipeline()
    articles = load_corpus(corpus_dir)
    parts = {name: [a for a in articles if split_of(a.id) == name] for name in ("train", "heldout")}
    data = {}
    for name, subset in parts.items():
        data[name], report = build_examples(subset, rules)
        log(f"{name}: {report.summary()}")
    classifier = fit_classifier(rules, data["train"], data["heldout"])
    scores = heldout_scores(classifier, data["heldout"])
    package(rules, classifier, output, articles, parts, scores)
    return scores


def fit_classifier(nlp, train_examples: list[tuple[str, str]],
                   dev_examples: list[tuple[str, str]]):
    """spaCy's own training loop on `role_model.cfg`; the last model is kept (the dev
    examples are only logged, never used to pick a model)."""
    from spacy.cli.train import train as spacy_train

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        to_docbin(nlp, train_examples).to_disk(tmp / "train.spacy")
        to_docbin(nlp, dev_examples).to_disk(tmp / "dev.spacy")
        spacy_train(CONFIG, tmp / "out", overrides={"paths.train": str(tmp / "train.spacy"),
                                                   "paths.dev": str(tmp / "dev.spacy")})
        classifier = spacy.load(tmp / "out" / "model-last")
    # The temporary data paths would make two identical trainings differ on disk.
    classifier.config["paths"].update({"train": None, "dev": None})
    return classifier


def heldout_scores(classifier, examples: list[tuple[str, str]]) -> dict:
    """spaCy's own textcat scores on the held-out examples."""
    from spacy.training import Example

    gold = []
    for text, label in examples:
        reference = classifier.make_doc(text)
        reference.cats = {name: float(name == label) for name in LABELS}
        gold.append(Example(classifier.make_doc(text), reference))
    scores = classifier.evaluate(gold)
    return {"cats_macro_f": scores["cats_macro_f"], "cats_f_per_type": scores["cats_f_per_type"],
            "examples": len(examples)}


def package(rules, classifier, output: Path, articles, parts, scores) -> None:
    nlp = rules
    component = nlp.add_pipe("koperasi_role_model", before="koperasi_records")
    component.classifier = classifier
    nlp.meta.update({
        "name": "koperasi_id", "version": "0.1.0",
        "description": "Rules + trained count-role classifier for Indonesian cooperative news",
        "spacy_version": f">={spacy.__version__},<3.9.0",
        "trained_with_spacy": spacy.__version__,
        "training_data": {"corpus_sha256_16": corpus_hash(articles),
                          "articles_train": len(parts["train"]),
                          "articles_heldout": len(parts["heldout"])},
        "performance": scores,
    })
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)

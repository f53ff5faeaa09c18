"""A trained classifier for the field of a count mention, as a pipeline component.

The rules find the count mentions and decide their field where a cue word says it.
`koperasi_role_model` asks a spaCy `TextCategorizer` trained on `corpus/train/`
(see `training.py`) about the rest. It reads the mention's sentence with the number
marked, led by the field of the figure before it and by the rules' own decision
("rule_total weak_parallel"), so that it learns where the rules go wrong.

What it may change is a policy of settings, chosen by five-fold cross-validation on
the training split (scripts/policy_cv.py), never on held-out or dev data. Shipped
(session 6, 917 training articles):
- `rescue_threshold`: give a field to a count the rules left without one for want
  of a cue (on: 0.9);
- `threshold`: reject a weak guess of the rules (a reporting verb such as
  "tercatat", no cue at all) when this sure the number is no count (on: 0.9);
- `uncounted_threshold`: count a number the rules did not take as a count at all
  (on: 0.99; 0.9 scored the same in cross-validation, and ties go to the stricter);
- `resolve_conflicts`: when two values compete for one field of one region and
  period, keep the one it is surer has that field (on: the rules keep the first
  strong statement, which says nothing of which figure is right);
- `assign_fields`, `decide_discourse`, `override_strong`: put its own field over a
  weak one, decide what the rules took from the discourse (parallel figures,
  comparisons, list introductions), change strong decisions (all off: on dev the
  model, which sees one sentence, turned "Angka itu naik menjadi 312 unit", an
  active count by the figure before, into a total).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.extract.attach import attach_periods, attach_regions
from extractor.extract.counts import (
    CountMention,
    names_other_things,
    noun_after,
    uncounted_numbers,
)
from extractor.extract.doctext import text_of
from extractor.extract.layout import paragraph_spans
from extractor.extract.roles import Role

LABELS = ("total", "active", "inactive", "healthy", "unhealthy", "dissolved", "none")
TARGET, OTHER = "NUMX", "NUMY"


def mention_context(text: str, mention: CountMention, previous: CountMention | None) -> str:
    """The sentence with the mention's number as NUMX and other numbers as NUMY, led by
    the field of the figure before it in the paragraph ("prev_active"), which the rules
    use for parallel figures and the model may use too, and by the rules' own decision
    on this number ("rule_total weak_parallel"), so that the model learns where the
    rules go wrong rather than relearning what they get right."""
    start, end = mention.sentence
    sentence = (text[start:mention.number.start] + f" {TARGET} "
                + text[mention.number.end:end])
    sentence = re.sub(r"(?<![\w.])\d[\d.,]*(?![\w])", OTHER, sentence)
    lead = f"prev_{previous.role.field or 'none'}" if previous else "prev_start"
    return f"{lead} {rule_decision(mention)} {sentence.strip()}"


def rule_decision(mention: CountMention) -> str:
    """The rules' field and how they reached it, as two tokens: 'rule_total
    weak_parallel', 'rule_none strong_cue'. Only weak cues are named: they are few
    and each is one way of guessing; strong cues are the words of the sentence."""
    role = mention.role
    how = re.sub(r"\W+", "_", role.cue.lower()).strip("_") if role.strength == "weak" else "cue"
    return f"rule_{role.field or 'none'} {role.strength}_{how or 'none'}"


# Rule decisions that read the discourse (the figure before, a list's introduction)
# rather than the words around the number: measured better than the model, which
# sees one sentence. The model decides the other weak ones.
DISCOURSE_CUES = ("parallel", "comparison", "list intro", "X dari Y", "sentence", "repeated")


@Language.factory("koperasi_role_model",
                  default_config={"threshold": 0.9, "override_strong": False,
                                  "rescue_threshold": 0.9, "assign_fields": False,
                                  "decide_discourse": False, "uncounted_threshold": 0.99,
                                  "resolve_conflicts": True})
class RoleModel:
    """Wraps a trained textcat pipeline saved in this component's folder."""

    def __init__(self, nlp: Language, name: str, threshold: float | None,
                 override_strong: bool, rescue_threshold: float | None, assign_fields: bool,
                 decide_discourse: bool, uncounted_threshold: float | None,
                 resolve_conflicts: bool):
        self.name = name
        self.threshold = threshold
        """Reject a weak field of the rules the model is this sure is no count (None: never)."""
        self.assign_fields = assign_fields
        """Also put the model's own field over a weak one of the rules (at `threshold`)."""
        self.override_strong = override_strong
        """Let the model change strong decisions of the rules too."""
        self.rescue_threshold = rescue_threshold
        """Give a field to a count mention the rules left without one (None: never)."""
        self.decide_discourse = decide_discourse
        """Let the model change weak decisions the rules took from the discourse."""
        self.uncounted_threshold = uncounted_threshold
        """Count a number the rules did not take as a count, when the model is this sure
        it is one (None: never)."""
        self.resolve_conflicts = resolve_conflicts
        """Weigh values that compete for one field of one record (see `weigh_conflicts`)."""
        self.classifier: Language | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None or not (doc._.count_mentions
                                           or self.uncounted_threshold is not None):
            return doc
        text = text_of(doc)
        mentions = [m for m in doc._.count_mentions if m.source == "text"]
        asked = [(m, mention_context(text, m, previous_in_paragraph(mentions, i)))
                 for i, m in enumerate(mentions) if self.may_change(m)]
        others = (countable(text, uncounted_candidates(doc, text))
                  if self.uncounted_threshold is not None else [])
        asked += [(m, mention_context(text, m, previous_before(mentions, m.number.start)))
                  for m in others]
        scored = self.classifier.pipe([context for _, context in asked])
        for (mention, _), result in zip(asked, scored, strict=True):
            self.decide(mention, result.cats)
        counted = [m for m in others if m.role.field]
        if counted:
            self.add_counts(doc, text, counted)
        if self.resolve_conflicts:
            self.weigh_conflicts(doc, text, counted)
        return doc

    def weigh_conflicts(self, doc: Doc, text: str, counted: list[CountMention]) -> None:
        """Give each value competing for a (region, period, field) slot the model's
        probability of that field, the best over the value's mentions (a figure
        repeated in a plainer sentence counts as its best statement). Slots with a
        table figure are left to the rules: the model never learned from tables. The
        numbers the model itself counted are not weighed: they give way to any figure
        the rules found (records.prefer), as they do with this setting off."""
        mentions = [m for m in doc._.count_mentions if m.source == "text"]
        own = {id(m) for m in counted}
        rules_found = [m for m in doc._.count_mentions if id(m) not in own]
        groups = [group for group in competing_values(rules_found)
                  if all(m.source == "text" for m in group)]
        weighed = [m for group in groups for m in group]
        contexts = [mention_context(text, m, previous_before(mentions, m.number.start))
                    for m in weighed]
        best: dict[tuple, float] = {}
        for mention, result in zip(weighed, self.classifier.pipe(contexts), strict=True):
            key = slot_value(mention)
            best[key] = max(result.cats[mention.role.field], best.get(key, 0.0))
        for mention in weighed:
            mention.slot_score = best[slot_value(mention)]

    @staticmethod
    def add_counts(doc: Doc, text: str, counted: list[CountMention]) -> None:
        years = [n for n in doc._.numbers if n.kind == "year"]
        doc._.count_mentions = sorted(doc._.count_mentions + counted,
                                      key=lambda m: m.number.start)
        attach_periods(text, doc._.count_mentions, years, paragraph_spans(doc._.lines),
                       doc._.sentence_spans)

    def may_change(self, mention: CountMention) -> bool:
        """Only the decisions the policy lets the model take are worth classifying."""
        if mention.role.cue in DISCOURSE_CUES and not self.decide_discourse:
            return False
        if mention.role.strength == "strong" and not self.override_strong:
            return False
        if mention.role.field is None:
            return self.rescue_threshold is not None
        return self.threshold is not None

    def decide(self, mention: CountMention, cats: dict[str, float]) -> None:
        label, score = max(cats.items(), key=lambda kv: kv[1])
        mention.model_label, mention.model_score = label, score
        if mention.role.cue == "uncounted":
            if label != "none" and score >= self.uncounted_threshold:
                mention.role = Role(label, "model", f"model {score:.2f} over a number "
                                    "the rules did not count")
            return
        if mention.role.field is None:
            if label != "none" and score >= self.rescue_threshold:
                # Left without a field for want of a cue, not rejected for a reason
                # (strong: an event, a type, a target), and the model is sure.
                mention.role = Role(label, "model",
                                    f"model {score:.2f} over {mention.role.cue!r}")
            return
        if score < self.threshold or label == mention.role.field:
            return
        if label == "none":
            mention.role = Role(None, "model", f"model {score:.2f}")
        elif self.assign_fields:
            mention.role = Role(label, "model", f"model {score:.2f}")

    def to_disk(self, path: str | Path, exclude=()) -> None:
        if self.classifier is not None:
            self.classifier.to_disk(Path(path))

    def from_disk(self, path: str | Path, exclude=()) -> RoleModel:
        path = Path(path)
        if (path / "config.cfg").exists():
            self.classifier = spacy.load(path)
        return self


def uncounted_candidates(doc: Doc, text: str) -> list[CountMention]:
    """The numbers the rules did not count, placed in a region as a count would be:
    training examples (training.py) and, under `uncounted_threshold`, counts."""
    found = uncounted_numbers(text, doc._.lines, doc._.numbers, doc._.sentence_spans,
                              doc._.count_mentions)
    attach_regions(text, found, doc._.region_mentions, doc._.main_region)
    return found


def countable(text: str, candidates: list[CountMention]) -> list[CountMention]:
    """The uncounted numbers the model may count: not those whose noun names something
    else ("tiga provinsi", "500 anggota"), which no confidence makes a count of
    cooperatives. (Training keeps them, as examples of 'none'.)"""
    return [m for m in candidates if not names_other_things(noun_after(text, m.number))]


def slot_value(mention: CountMention) -> tuple:
    return (mention.region.code, mention.period, mention.role.field, mention.value)


def competing_values(mentions: list[CountMention]) -> list[list[CountMention]]:
    """The mentions of each (region, period, field) that has more than one value."""
    slots: dict[tuple, list[CountMention]] = defaultdict(list)
    for mention in mentions:
        if mention.role.field and mention.region and mention.region.code:
            slots[(mention.region.code, mention.period, mention.role.field)].append(mention)
    return [group for group in slots.values() if len({m.value for m in group}) > 1]


def previous_before(mentions: list[CountMention], pos: int) -> CountMention | None:
    before = [m for m in mentions if m.number.start < pos]
    return before[-1] if before else None


def previous_in_paragraph(mentions: list[CountMention], index: int) -> CountMention | None:
    if index == 0:
        return None
    return mentions[index - 1]

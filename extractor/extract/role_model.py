"""A trained classifier for the field of a count mention, as a pipeline component.

The rules find the count mentions and decide their field where a cue word says it.
Where they only guess from the words around the number (a reporting verb such as
"tercatat", no cue at all), `koperasi_role_model` asks a spaCy `TextCategorizer`
trained on `corpus/train/` (see `training.py`) that reads the mention's sentence
with the number marked. The rules keep their strong cues and their discourse
decisions (parallel figures, comparisons, list introductions, a total the article
goes on to split). The model gives a field to a count mention the rules left
without one for want of a cue (score >= `rescue_threshold`): figures the rules
miss. It rejects a weak guess of the rules when it is very sure the number is no
count (`threshold`); replacing a weak field by its own (`assign_fields`) is off.
The policy was chosen by five-fold cross-validation on the training split
(scripts/policy_cv.py): the best F1 among the policies that raise recall; never on
held-out or dev data.
"""

from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.extract.counts import CountMention
from extractor.extract.doctext import text_of
from extractor.extract.roles import Role

LABELS = ("total", "active", "inactive", "healthy", "unhealthy", "dissolved", "none")
TARGET, OTHER = "NUMX", "NUMY"


def mention_context(text: str, mention: CountMention, previous: CountMention | None) -> str:
    """The sentence with the mention's number as NUMX and other numbers as NUMY, led by
    the field of the figure before it in the paragraph ("prev_active"), which the rules
    use for parallel figures and the model may use too."""
    start, end = mention.sentence
    sentence = (text[start:mention.number.start] + f" {TARGET} "
                + text[mention.number.end:end])
    sentence = re.sub(r"(?<![\w.])\d[\d.,]*(?![\w])", OTHER, sentence)
    lead = f"prev_{previous.role.field or 'none'}" if previous else "prev_start"
    return f"{lead} {sentence.strip()}"


# Rule decisions that read the discourse (the figure before, a list's introduction)
# rather than the words around the number: measured better than the model, which
# sees one sentence. The model decides the other weak ones.
DISCOURSE_CUES = ("parallel", "comparison", "list intro", "X dari Y", "sentence", "repeated")


@Language.factory("koperasi_role_model",
                  default_config={"threshold": 0.97, "override_strong": False,
                                  "rescue_threshold": 0.9, "assign_fields": False})
class RoleModel:
    """Wraps a trained textcat pipeline saved in this component's folder."""

    def __init__(self, nlp: Language, name: str, threshold: float | None,
                 override_strong: bool, rescue_threshold: float | None, assign_fields: bool):
        self.name = name
        self.threshold = threshold
        """Reject a weak field of the rules the model is this sure is no count (None: never)."""
        self.assign_fields = assign_fields
        """Also put the model's own field over a weak one of the rules (at `threshold`)."""
        self.override_strong = override_strong
        """Let the model change strong decisions of the rules too."""
        self.rescue_threshold = rescue_threshold
        """Give a field to a count mention the rules left without one (None: never)."""
        self.classifier: Language | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.classifier is None or not doc._.count_mentions:
            return doc
        text = text_of(doc)
        mentions = [m for m in doc._.count_mentions if m.source == "text"]
        asked = [(m, mention_context(text, m, previous_in_paragraph(mentions, i)))
                 for i, m in enumerate(mentions) if self.may_change(m)]
        scored = self.classifier.pipe([context for _, context in asked])
        for (mention, _), result in zip(asked, scored, strict=True):
            self.decide(mention, result.cats)
        return doc

    def may_change(self, mention: CountMention) -> bool:
        """Only the decisions the policy lets the model take are worth classifying."""
        if mention.role.cue in DISCOURSE_CUES:
            return False
        if mention.role.strength == "strong" and not self.override_strong:
            return False
        if mention.role.field is None:
            return self.rescue_threshold is not None
        return self.threshold is not None

    def decide(self, mention: CountMention, cats: dict[str, float]) -> None:
        label, score = max(cats.items(), key=lambda kv: kv[1])
        mention.model_label, mention.model_score = label, score
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


def previous_before(mentions: list[CountMention], pos: int) -> CountMention | None:
    before = [m for m in mentions if m.number.start < pos]
    return before[-1] if before else None


def previous_in_paragraph(mentions: list[CountMention], index: int) -> CountMention | None:
    if index == 0:
        return None
    return mentions[index - 1]

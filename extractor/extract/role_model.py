"""A trained classifier for the field of a count mention, as a pipeline component.

The rules find the count mentions and decide their field where a cue word says it.
Where they only guess from the words around the number (a reporting verb such as
"tercatat", no cue at all), `koperasi_role_model` asks a spaCy `TextCategorizer`
trained on `corpus/train/` (see `training.py`) that reads the mention's sentence
with the number marked. The rules keep their strong cues and their discourse
decisions (parallel figures, comparisons, list introductions); the model takes the
other weak ones when it is confident.
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
                  default_config={"threshold": 0.9, "override_strong": False,
                                  "rescue_threshold": None, "assign_fields": False})
class RoleModel:
    """Wraps a trained textcat pipeline saved in this component's folder."""

    def __init__(self, nlp: Language, name: str, threshold: float, override_strong: bool,
                 rescue_threshold: float | None, assign_fields: bool):
        self.name = name
        self.assign_fields = assign_fields
        """False: the model may only reject a weak guess of the rules ('none'), not put
        a field of its own; measured not to lower F1 where assigning fields did."""
        self.threshold = threshold
        self.override_strong = override_strong
        self.rescue_threshold = rescue_threshold
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
        if mention.role.field is None and not self.assign_fields and not self.rescue_threshold:
            return False  # nothing to veto
        if mention.role.strength == "weak" or self.override_strong:
            return True
        return self.rescue_threshold is not None and mention.role.field is None

    def decide(self, mention: CountMention, cats: dict[str, float]) -> None:
        label, score = max(cats.items(), key=lambda kv: kv[1])
        mention.model_label, mention.model_score = label, score
        if self.rescues(mention, label, score):
            mention.role = Role(label, "model", f"model {score:.2f} over {mention.role.cue!r}")
            return
        if mention.role.strength == "strong" and not self.override_strong:
            return
        if mention.role.cue in DISCOURSE_CUES:
            return
        if score < self.threshold:
            return
        field = None if label == "none" else label
        if field is not None and not self.assign_fields:
            return
        if field != mention.role.field:
            mention.role = Role(field, "model", f"model {score:.2f}")

    def rescues(self, mention: CountMention, label: str, score: float) -> bool:
        """A figure the rules rejected that the model is sure is a stock count."""
        return (self.rescue_threshold is not None
                and mention.role.field is None and label != "none"
                and score >= self.rescue_threshold and mention.role.cue not in DISCOURSE_CUES)

    def to_disk(self, path: str | Path, exclude=()) -> None:
        if self.classifier is not None:
            self.classifier.to_disk(Path(path))

    def from_disk(self, path: str | Path, exclude=()) -> RoleModel:
        path = Path(path)
        if (path / "config.cfg").exists():
            self.classifier = spacy.load(path)
        return self


def previous_in_paragraph(mentions: list[CountMention], index: int) -> CountMention | None:
    if index == 0:
        return None
    return mentions[index - 1]

"""What the trained role model may change in the rules' decisions (role_model.py),
tested on the policy alone with the classifier's scores given: the measured policy
must hold whatever a future model predicts."""

from __future__ import annotations

import pytest

from extractor.article import Article
from extractor.extract.counts import CountMention
from extractor.extract.numbers import NumberMention
from extractor.extract.records import build_records
from extractor.extract.regions import Mention
from extractor.extract.role_model import RoleModel
from extractor.extract.roles import Role

TEXT = "Kota Depok mencatat 400 koperasi, dan 176 koperasi di antaranya sehat."
DEPOK = Mention(0, 10, "Kota Depok", "name", code="32.76")


def mention(value: int, role: Role) -> CountMention:
    start = TEXT.index(str(value))
    number = NumberMention(start, start + len(str(value)), float(value), str(value))
    return CountMention(number, (0, len(TEXT)), role, region=DEPOK)


def policy(**settings) -> RoleModel:
    config = {"threshold": 0.9, "override_strong": False, "rescue_threshold": 0.97,
              "assign_fields": False, **settings}
    return RoleModel(None, "koperasi_role_model", **config)


def test_the_packaged_policy_only_rescues():
    """Chosen by cross-validation on the training split (scripts/policy_cv.py)."""
    from extractor.extract.pipeline import load_pipeline

    component = load_pipeline(use_model=True).get_pipe("koperasi_role_model")
    assert component.threshold is None and component.rescue_threshold == 0.9
    count = mention(400, Role("total", "weak", "tercatat"))
    assert not component.may_change(count)


def cats(label: str, score: float) -> dict[str, float]:
    rest = (1 - score) / 6
    return {name: (score if name == label else rest)
            for name in ("total", "active", "inactive", "healthy", "unhealthy", "dissolved",
                         "none")}


@pytest.mark.parametrize(("role", "scores", "expected"), [
    # a weak guess the model is sure is no stock count: vetoed
    (Role("total", "weak", "tercatat"), cats("none", 0.95), None),
    (Role("total", "weak", "tercatat"), cats("none", 0.85), "total"),
    # strong cues and discourse decisions stay the rules'
    (Role("total", "strong", "yang terdaftar"), cats("none", 0.99), "total"),
    (Role("active", "weak", "parallel"), cats("none", 0.99), "active"),
    # a figure left without a field for want of a cue: given one when the model is sure
    (Role(None, "weak", "small number"), cats("active", 0.98), "active"),
    (Role(None, "weak", "small number"), cats("active", 0.95), None),
    # a figure rejected for a reason (an event, a target) stays rejected
    (Role(None, "strong", "pelatihan"), cats("total", 0.99), None),
    # no field of its own over the rules' weak one
    (Role("total", "weak", "tercatat"), cats("active", 0.99), "total"),
], ids=["veto", "veto-unsure", "strong-kept", "discourse-kept", "rescue", "rescue-unsure",
        "reasoned-rejection-kept", "no-reassignment"])
def test_policy(role, scores, expected):
    count = mention(400, role)
    model = policy()
    if model.may_change(count):
        model.decide(count, scores)
    assert count.role.field == expected


def test_a_figure_only_the_model_found_gives_way_to_the_rules():
    found_by_model = mention(176, Role("total", "model", "model 0.98"))
    found_by_rules = mention(400, Role("total", "weak", "tercatat"))
    (record,) = build_records(TEXT, Article(source="t", text=TEXT),
                              [found_by_model, found_by_rules], [])
    assert record.counts == {"total": 400}

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
              "assign_fields": False, "decide_discourse": False,
              "uncounted_threshold": None, "resolve_conflicts": False, **settings}
    return RoleModel(None, "koperasi_role_model", **config)


def test_the_packaged_policy_is_the_cross_validated_one():
    """Chosen by cross-validation on the training split (scripts/policy_cv.py)."""
    from extractor.extract.pipeline import load_pipeline

    component = load_pipeline(use_model=True).get_pipe("koperasi_role_model")
    assert (component.threshold, component.rescue_threshold) == (0.9, 0.9)
    assert component.uncounted_threshold == 0.99
    assert component.resolve_conflicts
    assert not (component.assign_fields or component.override_strong
                or component.decide_discourse)
    weak = mention(400, Role("total", "weak", "tercatat"))
    component.decide(weak, cats("none", 0.89))
    assert weak.role.field == "total"
    component.decide(weak, cats("none", 0.91))
    assert weak.role.field is None
    uncued = mention(400, Role(None, "weak", "no cue"))
    assert component.may_change(uncued)
    component.decide(uncued, cats("active", 0.89))
    assert uncued.role.field is None
    component.decide(uncued, cats("active", 0.91))
    assert uncued.role.field == "active"


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


def rules_count_mentions(text: str) -> list[CountMention]:
    from extractor.api import default_extractor

    extractor = default_extractor(use_model=False)
    return extractor.nlp(extractor.make_doc(Article(source="t", text=text)))._.count_mentions


@pytest.mark.parametrize("text", [
    "Dinas Koperasi Kota Depok mencatat 400 koperasi pada 2022, dengan 176 di antaranya aktif.",
    "Data dinas menyebut ada 400 koperasi di Kota Depok, yang aktif 176 unit.",
    "Di Kota Depok terdapat 400 koperasi. Sebanyak 176 di antaranya tercatat aktif.",
    "Kota Depok memiliki 400 koperasi. Dari jumlah tersebut, 176 unit masih aktif.",
], ids=["dengan-di-antaranya", "yang-status", "next-sentence", "dari-jumlah-tersebut"])
def test_a_total_split_into_parts_is_the_rules_for_sure(text):
    """The model may veto a total guessed from a reporting verb, but not one the
    article goes on to split: that is no guess (counts.confirm_partitioned_wholes)."""
    whole, part = rules_count_mentions(text)
    assert (whole.role.field, whole.role.strength) == ("total", "strong")
    assert not policy().may_change(whole)
    assert part.role.field == "active"


def test_a_total_followed_by_another_regions_figure_stays_a_guess():
    text = "Kota Depok memiliki 400 koperasi. Sementara di Kota Bogor, yang aktif 176 unit."
    whole = rules_count_mentions(text)[0]
    assert (whole.role.field, whole.role.strength) == ("total", "weak")


def test_discourse_decisions_are_the_models_only_when_the_policy_says_so():
    parallel = Role("total", "weak", "parallel")
    assert not policy(assign_fields=True).may_change(mention(176, parallel))
    count = mention(176, parallel)
    model = policy(assign_fields=True, decide_discourse=True)
    assert model.may_change(count)
    model.decide(count, cats("active", 0.99))
    assert count.role.field == "active"


def test_the_model_reads_the_rules_decision_with_the_sentence():
    from extractor.extract.role_model import mention_context

    context = mention_context(TEXT, mention(176, Role("total", "weak", "parallel")), None)
    assert context.startswith("prev_start rule_total weak_parallel ")
    assert "NUMX" in context and "NUMY" in context
    strong = mention_context(TEXT, mention(176, Role("active", "strong", "aktif")), None)
    assert strong.startswith("prev_start rule_active strong_cue ")


class FixedClassifier:
    """Stands in for the trained textcat: sure of `label` for the numbers the rules did
    not count, sure of 'none' for the others."""

    def __init__(self, label: str):
        self.label = label

    def pipe(self, contexts):
        for context in contexts:
            label = self.label if "weak_uncounted" in context else "none"
            yield type("Scored", (), {"cats": cats(label, 0.99)})()


@pytest.mark.parametrize(("threshold", "expected"), [(None, {}), (0.9, {"active": 120})])
def test_a_number_the_rules_did_not_count_is_counted_only_under_the_policy(threshold, expected):
    from extractor.extract import Extractor
    from extractor.extract.pipeline import build_rules_pipeline

    nlp = build_rules_pipeline()
    component = nlp.add_pipe("koperasi_role_model", before="koperasi_records",
                             config={"threshold": None, "rescue_threshold": None,
                                     "uncounted_threshold": threshold})
    component.classifier = FixedClassifier("active")
    text = "Koperasi di Kota Depok terus berbenah. Kini ada 120 entitas yang aktif."
    records = Extractor(nlp).extract(Article(source="t", text=text))
    assert {f: v for r in records for f, v in r.counts.items()} == expected


def test_a_number_that_names_what_it_counts_is_never_counted_by_the_model():
    """"tiga provinsi", "500 anggota": however sure the model is, no count of cooperatives."""
    from extractor.extract import Extractor
    from extractor.extract.pipeline import build_rules_pipeline

    nlp = build_rules_pipeline()
    component = nlp.add_pipe("koperasi_role_model", before="koperasi_records",
                             config={"uncounted_threshold": 0.9})
    component.classifier = FixedClassifier("total")
    text = ("Koperasi di Kota Depok terus berbenah. Di luar tiga provinsi itu, pelatihan "
            "diikuti 500 anggota dan 120 entitas.")
    records = Extractor(nlp).extract(Article(source="t", text=text))
    assert {f: v for r in records for f, v in r.counts.items()} == {"total": 120}



class WordClassifier:
    """Stands in for the trained textcat: sure the mention has the field its rule gave
    it when `word` is in its sentence, sure it is no count otherwise."""

    def __init__(self, word: str):
        self.word = word

    def pipe(self, contexts):
        for context in contexts:
            field = context.split()[1].removeprefix("rule_")
            yield type("Scored", (), {"cats": cats(field if self.word in context else "none",
                                                   0.99)})()


@pytest.mark.parametrize(("resolve", "expected"), [(False, 12), (True, 400)])
def test_competing_values_go_to_the_one_the_model_holds_under_the_policy(resolve, expected):
    """The rules keep the strong "12 koperasi di antaranya" over the weak "memiliki 400";
    weighing both, the model keeps the one it holds a total."""
    from extractor.extract import Extractor
    from extractor.extract.pipeline import build_rules_pipeline

    nlp = build_rules_pipeline()
    component = nlp.add_pipe("koperasi_role_model", before="koperasi_records",
                             config={"rescue_threshold": None, "resolve_conflicts": resolve})
    component.classifier = WordClassifier("memiliki")
    text = ("Kota Depok memiliki 400 koperasi. Dari jumlah itu, 12 koperasi di antaranya "
            "baru berdiri tahun ini.")
    records = Extractor(nlp).extract(Article(source="t", text=text))
    assert [r.counts for r in records] == [{"total": expected}]


def test_a_value_the_model_did_not_weigh_is_kept_by_the_rules_order():
    first = mention(400, Role("total", "strong", "jumlah"))
    second = mention(176, Role("total", "strong", "jumlah"))
    second.slot_score = 0.99
    records = build_records(TEXT, Article(source="t", text=TEXT), [first, second], [])
    assert records[0].counts == {"total": 400}
    first.slot_score = 0.5
    records = build_records(TEXT, Article(source="t", text=TEXT), [first, second], [])
    assert records[0].counts == {"total": 176}

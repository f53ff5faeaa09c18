"""Records from count mentions: one per (region, period), each field once, with
the sentence that supports it, the percentages stated near it and the checks."""

from __future__ import annotations

from collections import OrderedDict

from extractor import __version__
from extractor.article import Article
from extractor.extract.checks import ratio_matches, record_checks, whole_vs_parts
from extractor.extract.counts import CountMention
from extractor.extract.gazetteer import gazetteer
from extractor.extract.numbers import NumberMention
from extractor.record import ArticleRef, Evidence, Percentage, Record, Region, record_id


def build_records(text: str, article: Article, counts: list[CountMention],
                  percentages: list[tuple[NumberMention, str | None]]) -> list[Record]:
    groups: OrderedDict[tuple[str, str | None], dict[str, CountMention]] = OrderedDict()
    for count in counts:
        if count.role.field is None or count.region is None or count.region.code is None:
            continue
        period = count.period
        kept = groups.get((count.region.code, period), {}).get(count.role.field)
        if kept and kept.value != count.value and count.period_source == "inherited":
            period = None  # the inherited year was a guess: a second value shows it wrong
        fields = groups.setdefault((count.region.code, period), {})
        kept = fields.get(count.role.field)
        if kept is None or prefer(count, kept):
            fields[count.role.field] = count
    records = [make_record(text, article, code, period, fields)
               for (code, period), fields in groups.items()]
    attach_percentages(records, percentages)
    for record in records:
        record.checks = record_checks(record)
    whole_vs_parts(records)
    return records


def attach_percentages(records: list[Record],
                       percentages: list[tuple[NumberMention, str | None]]) -> None:
    """A stated percentage goes to a record of its region: the one whose counts give
    that ratio if any does, else the first, so the check can say it matches nothing."""
    for number, code in percentages:
        candidates = [r for r in records if r.region.code == code]
        if not candidates:
            continue
        pct = Percentage(value=number.value, text=number.text, start=number.start,
                         end=number.end)
        target = next((r for r in candidates if ratio_matches(r, pct.value)), candidates[0])
        target.percentages.append(pct)


STRENGTH_RANK = {"model": 0, "weak": 1, "strong": 2}


def prefer(new: CountMention, kept: CountMention) -> bool:
    """Two values for one field: the one the trained model is surer has that field, when
    it weighed both (`resolve_conflicts`); otherwise the first strong statement, and a
    figure only the model found gives way to any the rules found."""
    if new.value != kept.value and new.slot_score is not None and kept.slot_score is not None:
        return new.slot_score > kept.slot_score
    return STRENGTH_RANK.get(new.role.strength, 1) > STRENGTH_RANK.get(kept.role.strength, 1)


def make_record(text: str, article: Article, code: str, period: str | None,
                fields: dict[str, CountMention]) -> Record:
    gaz = gazetteer()
    entry = gaz.get(code) if code != "ID" else None
    first = next(iter(fields.values()))
    region = Region(code=code, name=entry.name if entry else "Indonesia",
                    level=entry.level if entry else "nasional",
                    province=gaz.province_name(code) if entry else None,
                    mention=first.region.text if first.region else None)
    return Record(
        id=record_id(article.url or article.source, code, period),
        source=article.source,
        article=ArticleRef(url=article.url, title=article.title, published=article.published),
        region=region, period=period,
        counts={f: c.value for f, c in fields.items()},
        qualifiers={f: c.number.qualifier for f, c in fields.items() if c.number.qualifier},
        evidence={f: Evidence(text=text[c.sentence[0]:c.sentence[1]].strip(),
                              start=c.sentence[0], end=c.sentence[1])
                  for f, c in fields.items()},
        extractor_version=__version__)

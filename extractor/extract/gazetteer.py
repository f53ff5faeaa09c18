"""The gazetteer of Indonesian regions (package data copied from shared/data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RegionEntry:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str
    province_code: str

    @property
    def is_district(self) -> bool:
        return self.level == "kecamatan"


@dataclass(frozen=True)
class Gazetteer:
    regions: dict[str, RegionEntry]
    aliases: tuple[tuple[str, str, str], ...]
    """(alias, code, kind)"""
    capitals: dict[str, str]
    """province code -> capital city code"""
    former: dict[str, str]
    """province code -> the province it was split from (Papua Selatan -> Papua)"""

    def get(self, code: str) -> RegionEntry:
        return self.regions[code]

    def province_name(self, code: str) -> str | None:
        entry = self.regions[code]
        return self.regions[entry.province_code].name if entry.province_code else None

    def contains(self, outer: str, inner: str) -> bool:
        """Is region `inner` inside (or equal to) region `outer`?"""
        return outer == "ID" or inner == outer or inner.startswith(outer + ".")

    def once_contained(self, outer: str, inner: str) -> bool:
        """Inside now, or inside before a province split ('Merauke, Papua' in 2021)."""
        province = inner.split(".")[0]
        return self.contains(outer, inner) or self.former.get(province) == outer


def read_csv(name: str) -> list[dict]:
    path = resources.files("extractor").joinpath("data", name)
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@cache
def gazetteer() -> Gazetteer:
    regions = {row["code"]: RegionEntry(row["code"], row["name"], row["short_name"],
                                        row["level"], row["parent_code"], row["province_code"])
               for row in read_csv("regions.csv")}
    aliases = tuple((row["alias"], row["code"], row["kind"]) for row in read_csv("aliases.csv"))
    capitals = {row["province_code"]: row["capital_code"] for row in read_csv("capitals.csv")}
    former = {row["province_code"]: row["former_province_code"]
              for row in read_csv("former_provinces.csv")}
    return Gazetteer(regions, aliases, capitals, former)

"""The record: the extractor's output and the project's stable contract.

Field meanings follow ANNOTATION.md. The JSON Schema (`koperasi schema`) is
generated from these models, so the schema and the code cannot drift apart.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FIELDS: tuple[str, ...] = ("total", "active", "inactive", "healthy", "unhealthy", "dissolved")
Qualifier = Literal["approx", "at_least", "at_most"]
Level = Literal["nasional", "provinsi", "kabupaten", "kota", "kecamatan"]
SCHEMA_VERSION = "1.0"


class ArticleRef(BaseModel):
    url: str | None = None
    title: str | None = None
    published: str | None = None


class Region(BaseModel):
    code: str = Field(description="Kemendagri code: 'ID', '32', '32.76', '32.76.01'")
    name: str = Field(description="Official gazetteer name, e.g. 'Kota Depok'")
    level: Level
    province: str | None = Field(None, description="Province name (null for Indonesia)")
    mention: str | None = Field(None, description="How the article named the region")


class Evidence(BaseModel):
    text: str = Field(description="The sentence that supports the figure")
    start: int = Field(description="Character offset of the sentence in the article text")
    end: int


class Percentage(BaseModel):
    value: float
    text: str = Field(description="The percentage as written, e.g. '76,9 persen'")
    start: int
    end: int


class Check(BaseModel):
    rule: str
    status: Literal["ok", "mismatch", "warning"]
    detail: str


class Record(BaseModel):
    """Counts of cooperatives in one region and period, as one article reports them."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable hash of (source URL or path, region code, period)")
    source: str
    article: ArticleRef
    region: Region
    period: str | None = Field(None, description="'YYYY' the figures describe, or null")
    counts: dict[str, int] = Field(description=f"Field -> count; fields: {', '.join(FIELDS)}")
    qualifiers: dict[str, Qualifier] = Field(default_factory=dict)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    percentages: list[Percentage] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    extractor_version: str
    schema_version: str = SCHEMA_VERSION


def record_id(source: str, region_code: str, period: str | None) -> str:
    """A stable id so that re-running over the same input upserts instead of duplicating."""
    key = "\x1f".join((source, region_code, period or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

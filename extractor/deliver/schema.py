"""The record's JSON Schema, generated from the pydantic models."""

from __future__ import annotations

from extractor.record import SCHEMA_VERSION, Record


def record_json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://koperasi-extractor/schema/record-{SCHEMA_VERSION}.json"
    return schema

"""Deliver stage: records -> JSON Lines, JSON, CSV, Parquet, a terminal table, SQLite."""

from extractor.deliver.writers import FORMATS, flatten_record, write_records

__all__ = ["FORMATS", "flatten_record", "write_records"]

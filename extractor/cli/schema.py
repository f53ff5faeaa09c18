"""`koperasi schema`: the record's JSON Schema."""

from __future__ import annotations

import json

from extractor.deliver.schema import record_json_schema


def register(subparsers) -> None:
    p = subparsers.add_parser("schema", help="print the JSON Schema of a record")
    p.set_defaults(handler=run)


def run(args) -> int:
    print(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
    return 0

"""Reading gold corpora: a folder with `gold.jsonl` (or sub-folders that have one)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.acquire.inputs import read_file
from extractor.article import Article, KoperasiError
from extractor.parse import parse_document


@dataclass
class GoldArticle:
    id: str
    path: Path
    url: str | None
    title: str | None
    published: str | None
    records: list[dict]
    body_contains: list[str] = field(default_factory=list)
    body_excludes: list[str] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        return self.path.suffix.lower() in {".html", ".htm"}

    def load_article(self) -> Article:
        """The article as the pipeline would see it. Plain-text files carry no
        metadata of their own, so the gold url and date stand in for what a feed or
        JSONL archive would supply; web pages are parsed from the page alone."""
        doc = read_file(self.path)
        if isinstance(doc, KoperasiError):
            raise doc
        if doc.kind == "text":
            doc.url = self.url
            doc.meta = {"published": self.published}
        return parse_document(doc)


def gold_files(corpus_dir: Path) -> list[Path]:
    direct = corpus_dir / "gold.jsonl"
    if direct.exists():
        return [direct]
    found = sorted(corpus_dir.rglob("gold.jsonl"))
    if not found:
        raise KoperasiError(str(corpus_dir), "not_a_corpus",
                            "has no gold.jsonl (nor any sub-folder with one)", stage="evaluate")
    return found


def load_corpus(corpus_dir: str | Path) -> list[GoldArticle]:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise KoperasiError(str(corpus_dir), "not_found", "no such corpus folder",
                            stage="evaluate")
    return [article for gold in gold_files(corpus_dir) for article in read_gold(gold)]


def read_gold(gold_path: Path) -> Iterator[GoldArticle]:
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KoperasiError(f"{gold_path}:{number}", "bad_gold", f"not JSON: {exc}",
                                stage="evaluate") from exc
        yield GoldArticle(
            id=entry["id"], path=gold_path.parent / entry["file"], url=entry.get("url"),
            title=entry.get("title"), published=entry.get("published"),
            records=entry.get("records", []), body_contains=entry.get("body_contains", []),
            body_excludes=entry.get("body_excludes", []))

"""Saving fetched pages for later: loose files in a folder, with an index.

    DIR/<host>/<slug>-<hash>.html    the bytes as served
    DIR/index.tsv                    url, final url, file, content type (appended)

`koperasi extract DIR` reads the pages back (index.tsv is not an input kind);
pages whose charset only the HTTP header declared are re-detected then. For an
exact record of URLs and headers, write a WARC instead (archives.write_warc).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from extractor.article import RawDocument

INDEX_NAME = "index.tsv"


def file_name_for(url: str, kind: str) -> Path:
    """host/slug-hash.ext: readable, and unique per URL."""
    parts = urlsplit(url)
    host = re.sub(r"[^A-Za-z0-9.-]+", "_", parts.hostname or "unknown-host")
    segments = [segment for segment in parts.path.split("/") if segment]
    slug = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1] if segments else "index", flags=re.I)
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", slug).strip("-")[:80] or "page"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return Path(host) / f"{slug}-{digest}.{'txt' if kind == 'text' else 'html'}"


def save_document(doc: RawDocument, out_dir: Path) -> Path:
    """Write one fetched page under `out_dir` and note it in the index; returns the path."""
    url = doc.url or doc.source
    relative = file_name_for(doc.source if doc.source.startswith("http") else url, doc.kind)
    target = out_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(doc.content)
    with open(out_dir / INDEX_NAME, "a", encoding="utf-8") as index:
        fields = (doc.source, url, str(relative), doc.content_type or "")
        index.write("\t".join(field.replace("\t", " ") for field in fields) + "\n")
    return target

"""Site adapters: per-site corrections where the generic path is wrong.

An adapter (one `[[site]]` table in adapters.toml) may name, as XPath:
`body`, the block holding the story (first match wins); `drop`, furniture the
generic rules miss; `title` and `date`, elements that hold the headline and the
shown date. Sites are matched by host suffix ("detik.com" covers
news.detik.com). Without a match the generic adapter changes nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from extractor.parse.dates import parse_text_date
from extractor.parse.metadata import PageMetadata


@dataclass(frozen=True)
class SiteAdapter:
    hosts: tuple[str, ...] = ()
    body_xpath: str | None = None
    drop_xpaths: tuple[str, ...] = field(default_factory=tuple)
    title_xpath: str | None = None
    date_xpath: str | None = None

    def prune(self, page) -> None:
        """Remove this site's known furniture (in place)."""
        for xpath in self.drop_xpaths:
            for element in page.xpath(xpath):
                if element.getparent() is not None:
                    element.drop_tree()

    def body(self, page):
        """The block holding the story, or the whole page."""
        if self.body_xpath:
            found = page.xpath(self.body_xpath)
            if found:
                return found[0]
        return page

    def fix_metadata(self, root, info: PageMetadata) -> None:
        """Replace generic guesses with what this site's own elements say."""
        if self.title_xpath:
            text = first_text(root, self.title_xpath)
            if text:
                info.title = text
        if self.date_xpath:
            shown = parse_text_date(first_text(root, self.date_xpath))
            if shown is not None:
                info.published = shown.iso()


GENERIC = SiteAdapter()


def first_text(root, xpath: str) -> str | None:
    for element in root.xpath(xpath):
        text = re.sub(r"\s+", " ", element.text_content() if hasattr(element, "text_content")
                      else str(element)).strip()
        if text:
            return text
    return None


@cache
def adapters() -> tuple[SiteAdapter, ...]:
    with open(Path(__file__).with_name("adapters.toml"), "rb") as handle:
        entries = tomllib.load(handle).get("site", [])
    loaded = []
    for entry in entries:
        adapter = SiteAdapter(hosts=tuple(entry["hosts"]), body_xpath=entry.get("body"),
                              drop_xpaths=tuple(entry.get("drop", ())),
                              title_xpath=entry.get("title"), date_xpath=entry.get("date"))
        for xpath in filter(None, (adapter.body_xpath, adapter.title_xpath, adapter.date_xpath,
                                   *adapter.drop_xpaths)):
            etree.XPath(xpath)  # a typo in the data file fails at load, not on some page
        loaded.append(adapter)
    return tuple(loaded)


def adapter_for(url: str | None) -> SiteAdapter:
    host = (urlsplit(url).hostname or "") if url else ""
    for adapter in adapters():
        if any(host == suffix or host.endswith("." + suffix) for suffix in adapter.hosts):
            return adapter
    return GENERIC

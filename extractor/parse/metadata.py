"""Page metadata: title, publication date, author, canonical URL, site, language.

Sources in order of trust: JSON-LD and meta tags (written for machines), then
what the page shows (the headline element, a date line near it), then the URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from extractor.parse.dates import (
    PublishedDate,
    date_from_url,
    parse_machine_date,
    parse_text_date,
    parse_with_dateparser,
)

# "KapanLagi.com: Headline": a domain-like site name as a prefix.
SITE_PREFIX = re.compile(r"^[\w-]+\.(?:com|co\.id|id|net|org|co)\s*[:|-]\s*", re.I)
DOMAIN = re.compile(r"[a-z][\w-]*\.(?:com|co\.id|id|net|org|co|tv|news|info)\b", re.I)
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|:|»|·|•)\s+")
DATE_META_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "publishdate", "publish_date", "publish-date", "pubdate", "publication_date",
    "article.published", "dtk:publishdate", "content_publisheddate", "sailthru.date",
    "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "originalpublicationdate", "date", "article_date_original", "cxenseparse:recs:publishtime",
    "og:updated_time", "article:modified_time",
)
AUTHOR_META_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "byl",
                    "content_author", "dtk:author")
DATE_CLASS_WORDS = {"date", "tgl", "tanggal", "time", "waktu", "publish", "published", "posted",
                    "pubdate", "meta", "info", "byline", "dateline", "timestamp", "datetime",
                    "jam"}
BYLINE = re.compile(r"\b(?:Penulis|Reporter|Pewarta|Oleh|By|Author)\s*:?\s+"
                    r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "report",
                 "analysisnewsarticle", "opinionnewsarticle", "webpage", "liveblogposting"}


@dataclass
class PageMetadata:
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    language: str | None = None


def extract_metadata(root, url: str | None = None) -> PageMetadata:
    """Metadata of a parsed page (an lxml tree, not yet cleaned)."""
    meta = meta_tags(root)
    linked = json_ld_articles(root)
    canonical = canonical_url(root, meta, url)
    site = (meta.get("og:site_name") or publisher_name(linked)
            or host_of(canonical or url))
    title = find_title(root, meta, linked, site)
    return PageMetadata(
        title=title,
        published=find_published(root, meta, linked, canonical or url, title),
        author=find_author(root, meta, linked),
        url=url or canonical,
        canonical_url=canonical,
        site=site,
        language=declared_language(root, meta))


# --- sources -----------------------------------------------------------------

def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def meta_tags(root) -> dict[str, str]:
    """<meta name|property|itemprop|http-equiv=... content=...>, first value per key."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        value = squash(element.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def json_ld_articles(root) -> list[dict]:
    """Article-like objects of the page's JSON-LD blocks (graphs flattened)."""
    articles = []
    for script in root.xpath("//script[contains(@type, 'ld+json')]"):
        try:
            data = json.loads(script.text_content().strip() or "null", strict=False)
        except ValueError:
            continue
        for item in flatten_json_ld(data):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).lower() in ARTICLE_TYPES for kind in kinds):
                articles.append(item)
    # News articles first: a WebPage object is the weaker witness.
    return sorted(articles, key=lambda item: "webpage" in str(item.get("@type", "")).lower())


def flatten_json_ld(data) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from flatten_json_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from flatten_json_ld(data["@graph"])


def first_string(value) -> str | None:
    if isinstance(value, str):
        return squash(value) or None
    if isinstance(value, list):
        for item in value:
            found = first_string(item)
            if found:
                return found
    if isinstance(value, dict):
        return first_string(value.get("name"))
    return None


def publisher_name(linked: list[dict]) -> str | None:
    for item in linked:
        name = first_string(item.get("publisher"))
        if name:
            return name
    return None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def canonical_url(root, meta: dict[str, str], url: str | None) -> str | None:
    """<link rel=canonical>, else og:url; made absolute; empty values ignored."""
    candidates = [link.get("href") for link in root.xpath("//link[@href]")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates.append(meta.get("og:url"))
    for candidate in candidates:
        candidate = squash(candidate)
        if not candidate or candidate in ("#", "/"):
            continue
        absolute = urljoin(url, candidate) if url else candidate
        if absolute.startswith(("http://", "https://")):
            return absolute
    return None


# --- title -------------------------------------------------------------------

def find_title(root, meta: dict[str, str], linked: list[dict], site: str | None) -> str | None:
    """The headline: a heading the <title> or og:title confirms, else the
    machine-readable headline, else <title> without the site name."""
    page_title = squash(root.findtext(".//title"))
    declared = [meta.get("og:title"), meta.get("twitter:title"),
                *(first_string(item.get("headline")) for item in linked)]
    declared = [strip_site_name(squash(value), site) for value in declared if value]
    witnesses = [normal(value) for value in [*declared, strip_site_name(page_title, site)]
                 if value and len(normal(value)) >= 10]
    found = headings(root)
    for heading in found:
        if normal(heading) in witnesses:
            return heading
    for heading in found:
        if any(normal(heading) in witness or witness in normal(heading)
               for witness in witnesses):
            return longer_of(heading, declared)
    if declared:
        return declared[0]
    if page_title:
        return strip_site_name(page_title, site)
    return found[0] if found else None


def longer_of(heading: str, declared: list[str]) -> str:
    """A heading confirmed by a declared title; the declared one wins when it is
    the same headline with more words (e.g. a prefix the template drops)."""
    for value in declared:
        if normal(heading) in normal(value) and len(value) > len(heading):
            return value
    return heading


def headings(root) -> list[str]:
    """Texts of h1 then h2 elements, skipping very short ones (channel names);
    headings that are nothing but a link (logos, section links) come last."""
    plain, linked = [], []
    for level in ("h1", "h2"):
        for element in root.iter(level):
            text = squash(element.text_content())
            if len(text) < 12:
                continue
            links = "".join(squash(a.text_content()) for a in element.iter("a"))
            (linked if len(links) >= len(text) * 0.9 else plain).append(text)
    return plain + linked


def headline_element(root, title: str | None):
    """The element showing the headline (for finding the date line next to it)."""
    wanted = normal(title or "")
    fallback = None
    for element in root.iter("h1", "h2", "h3", "div", "span", "p"):
        text = normal(element.text_content())
        if wanted and text == wanted:
            return element
        if fallback is None and element.tag == "h1":
            fallback = element
    return fallback


def normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def strip_site_name(title: str, site: str | None) -> str:
    """"Headline | Site.com" -> "Headline": drop segments that name the site."""
    prefix = SITE_PREFIX.match(title)
    if prefix and len(title) - prefix.end() >= 10:
        title = title[prefix.end():]
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    site_words = set(normal(site or "").split()) | {"com", "co", "id", "net", "news"}

    def names_site(part: str) -> bool:
        words = set(normal(part).split())
        return bool(words) and (words <= site_words or bool(DOMAIN.search(part))
                                and len(part) < 40)

    kept = [part for part in parts if not names_site(part)]
    if not kept:
        return title
    if len(kept) < len(parts):
        return " - ".join(kept) if len(kept) > 1 else kept[0]
    return max(parts, key=len)


# --- publication date --------------------------------------------------------

def find_published(root, meta: dict[str, str], linked: list[dict], url: str | None,
                   title: str | None = None) -> str | None:
    for candidate in date_candidates(root, meta, linked, url, title):
        if candidate is not None:
            return candidate.iso()
    return None


def date_candidates(root, meta, linked, url, title) -> Iterator[PublishedDate | None]:
    """Dates in order of trust, lazily (later sources cost more)."""
    for item in linked:
        yield parse_machine_date(first_string(item.get("datePublished")))
    for key in DATE_META_KEYS:
        if key.endswith(("updated_time", "modified_time")):
            continue
        yield parse_machine_date(meta.get(key))
    for element in root.xpath("//*[@itemprop='datePublished'] | //time"):
        yield parse_machine_date(element.get("datetime") or element.get("content"))
    yield from shown_dates(root, title)
    for item in linked:
        yield parse_machine_date(first_string(item.get("dateModified")))
    yield parse_machine_date(meta.get("article:modified_time") or meta.get("og:updated_time"))
    yield date_from_url(url)


NEAR_HEADLINE = 40  # elements, in document order
SHOWN_DATE_MAX = 200  # characters of a date line


def shown_dates(root, title: str | None = None) -> Iterator[PublishedDate | None]:
    """Dates as the page shows them, nearest the headline first: lines labelled
    as dates, then any short line near the headline, then labelled lines
    elsewhere (not in sidebars or comments), then the first dateline of the
    body ("Selasa (20/4/2021)")."""
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    position = {element: index for index, element in enumerate(elements)}
    anchor = headline_element(root, title)
    here = position.get(anchor, 0)

    def distance(element) -> int:
        return abs(position.get(element, 0) - here)

    labelled = sorted((element for element in elements
                       if is_date_line(element) and not in_furniture(element)), key=distance)
    if anchor is not None:
        for element in labelled:
            if distance(element) <= NEAR_HEADLINE:
                yield date_in(element, fallback=True)
        near = elements[max(0, here - NEAR_HEADLINE):here + NEAR_HEADLINE]
        for element in sorted(near, key=distance):
            if element.tag not in ("script", "style") and not in_furniture(element):
                yield date_in(element)
    for element in labelled:
        yield date_in(element, fallback=True)
    for paragraph in root.iter("p"):
        text = squash(paragraph.text_content())
        if len(text) > 40:
            yield parse_text_date(text)
            break


def date_in(element, fallback: bool = False) -> PublishedDate | None:
    text = squash(element.text_content())
    if not 6 <= len(text) <= SHOWN_DATE_MAX:
        return None
    found = parse_text_date(text)
    if found is None and fallback:
        found = parse_with_dateparser(text)
    return found


def class_words(element) -> set[str]:
    return {word.lower() for word in
            re.split(r"[^A-Za-z0-9]+", f"{element.get('class', '')} {element.get('id', '')}")
            if word}


def is_date_line(element) -> bool:
    """An element whose class/id names a date or byline line."""
    if element.tag in ("script", "style", "a"):
        return False
    words = class_words(element)
    return bool(words & DATE_CLASS_WORDS) and not words & FURNITURE_WORDS


FURNITURE_WORDS = {"comment", "comments", "komentar", "sidebar", "widget", "related", "terkait",
                   "populer", "popular", "terpopuler", "footer", "kanan", "samping", "terkini",
                   "terbaru", "latest", "recent", "tab", "topstories", "list"}


def in_furniture(element) -> bool:
    """Inside a sidebar, related list, comment box or the site footer/navigation?"""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "footer", "nav") or class_words(ancestor) & FURNITURE_WORDS:
            return True
    return False


# --- author and language -----------------------------------------------------

def find_author(root, meta: dict[str, str], linked: list[dict]) -> str | None:
    for item in linked:
        name = first_string(item.get("author"))
        if name and not name.startswith("http"):
            return name
    for key in AUTHOR_META_KEYS:
        value = meta.get(key)
        if value and not value.startswith("http"):
            return value
    for element in root.xpath("//*[@rel='author' or @itemprop='author']"):
        name = squash(element.text_content())
        if 2 < len(name) < 60:
            return name
    lines = [element for element in root.iter() if isinstance(element.tag, str)
             and is_date_line(element) and len(element.text_content()) < SHOWN_DATE_MAX]
    for element in lines[:8]:
        match = BYLINE.search(squash(element.text_content()))
        if match:
            return match.group(1)
    return None


def declared_language(root, meta: dict[str, str]) -> str | None:
    """Primary language subtag from <html lang>, content-language or og:locale."""
    for value in (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  meta.get("content-language"), meta.get("og:locale"), meta.get("language")):
        if value:
            tag = re.split(r"[-_,\s]", value.strip().lower())[0]
            if tag == "in":  # the withdrawn ISO code for Indonesian, still seen on pages
                tag = "id"
            if re.fullmatch(r"[a-z]{2,3}", tag):
                return tag
    return None

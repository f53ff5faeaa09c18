"""Discovery: article links from a sitemap (news sitemaps and sitemap indexes
included), an RSS or Atom feed, or a listing page, kept when their URL or
title matches. Everything is fetched through the same polite `Fetcher`.

Given a bare site (https://example.id/), the sitemaps its robots.txt names
are read first, then the home page as a listing.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from extractor.acquire.fetch import Fetched, Fetcher
from extractor.article import KoperasiError

MAX_SITEMAPS = 50
# Path words of listing, archive and service pages rather than articles.
NOT_ARTICLE_WORDS = {"tag", "tags", "topik", "topic", "category", "kategori", "kanal", "rubrik",
                     "section", "author", "penulis", "search", "cari", "page", "halaman", "indeks",
                     "index", "login", "register", "daftar", "masuk", "about", "tentang",
                     "kontak", "contact", "redaksi", "privacy", "kebijakan", "pedoman", "karir",
                     "feed", "rss", "sitemap", "video", "foto", "galeri", "gallery", "live"}
NOT_ARTICLE_FILES = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml)$", re.I)


@dataclass(frozen=True)
class Link:
    """A discovered article link with what the source said about it."""

    url: str
    title: str | None = None
    published: str | None = None


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def matches(link: Link, patterns: list[re.Pattern]) -> bool:
    """No patterns keep everything; else any pattern in the URL or the title."""
    if not patterns:
        return True
    haystack = f"{link.url} {link.title or ''}"
    return any(pattern.search(haystack) for pattern in patterns)


def compile_patterns(words: list[str] | None) -> list[re.Pattern]:
    return [re.compile(word, re.I) for word in words or []]


def discover(start: str, fetcher: Fetcher, *, match: list[str] | None = None,
             limit: int | None = None) -> Iterator[Link | KoperasiError]:
    """Matching article links from `start` (site, sitemap, feed or listing page),
    each URL once, at most `limit`; failures as `KoperasiError`."""
    patterns = compile_patterns(match)
    seen: set[str] = set()
    found = 0
    for item in links_from(start, fetcher):
        if isinstance(item, KoperasiError):
            yield item
            continue
        url = urldefrag(item.url)[0]
        if url in seen or not matches(item, patterns):
            continue
        seen.add(url)
        yield Link(url, item.title, item.published)
        found += 1
        if limit is not None and found >= limit:
            return


def links_from(start: str, fetcher: Fetcher) -> Iterator[Link | KoperasiError]:
    parts = urlsplit(start)
    if parts.path in ("", "/") and not parts.query:
        for sitemap in ordered_sitemaps(fetcher.robots.sitemaps(start)):
            yield from links_from_resource(sitemap, fetcher, depth=0)
    yield from links_from_resource(start, fetcher, depth=0)


def links_from_resource(url: str, fetcher: Fetcher, depth: int
                        ) -> Iterator[Link | KoperasiError]:
    try:
        fetched = fetcher.fetch_resource(url)
    except KoperasiError as error:
        yield error
        return
    content = gunzip_if_needed(fetched.content)
    root = parse_xml(content)
    if root is None:
        yield from listing_links(fetched, content)
        return
    kind = local_name(root.tag)
    if kind == "sitemapindex":
        if depth >= 2:
            return
        children = [loc for loc, _ in sitemap_entries(root)]
        for child in ordered_sitemaps(children)[:MAX_SITEMAPS]:
            yield from links_from_resource(child, fetcher, depth + 1)
    elif kind == "urlset":
        yield from sitemap_links(root)
    elif kind in ("rss", "rdf"):
        yield from rss_links(root, fetched.url)
    elif kind == "feed":
        yield from atom_links(root, fetched.url)
    elif kind == "html":
        yield from listing_links(fetched, content)
    else:
        yield KoperasiError(url, "not_a_feed", f"is XML <{kind}>, not a sitemap or feed")


def gunzip_if_needed(content: bytes) -> bytes:
    if content[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(content)
        except (OSError, EOFError):
            return content
    return content


def parse_xml(content: bytes):
    """The root of an XML document (sitemap, feed), or None for HTML/other."""
    head = content[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return None
    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                 huge_tree=False)
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return None
    return root


def local_name(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def children_named(element, name: str) -> list:
    return [child for child in element if local_name(child.tag) == name]


def child_text(element, name: str) -> str | None:
    for child in element.iter():
        if local_name(child.tag) == name and child.text and child.text.strip():
            return squash(child.text)
    return None


def sitemap_entries(root) -> list[tuple[str, str | None]]:
    entries = []
    for entry in children_named(root, "sitemap"):
        loc = child_text(entry, "loc")
        if loc:
            entries.append((loc, child_text(entry, "lastmod")))
    return entries


def ordered_sitemaps(urls: list[str]) -> list[str]:
    """News sitemaps first (they list recent articles with titles), then the rest."""
    return sorted(dict.fromkeys(urls), key=lambda url: "news" not in url.lower())


def sitemap_links(root) -> Iterator[Link]:
    """<url><loc> entries; Google News sitemaps add <news:title> and a date."""
    for entry in children_named(root, "url"):
        loc = child_text(entry, "loc")
        if loc:
            yield Link(loc, child_text(entry, "title"),
                       child_text(entry, "publication_date") or child_text(entry, "lastmod"))


def rss_links(root, base: str) -> Iterator[Link]:
    for item in root.iter():
        if local_name(item.tag) != "item":
            continue
        link = child_text(item, "link") or child_text(item, "guid")
        if link:
            yield Link(urljoin(base, link), child_text(item, "title"),
                       child_text(item, "pubdate") or child_text(item, "date"))


def atom_links(root, base: str) -> Iterator[Link]:
    for entry in children_named(root, "entry"):
        href = None
        for link in children_named(entry, "link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        if href:
            yield Link(urljoin(base, href), child_text(entry, "title"),
                       child_text(entry, "published") or child_text(entry, "updated"))


def listing_links(fetched: Fetched, content: bytes) -> Iterator[Link]:
    """Article-looking links of a listing page (same site), with their anchor text."""
    from extractor.parse.encoding import decode_html

    try:
        text, _ = decode_html(content, fetched.url, fetched.charset)
        root = lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except (KoperasiError, etree.ParserError, ValueError):
        return
    site = base_domain(fetched.url)
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        url = urldefrag(urljoin(fetched.url, href.strip()))[0]
        if looks_like_article(url, site) and url != fetched.url:
            yield Link(url, squash(anchor.text_content()) or anchor.get("title"))


def base_domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(host: str, site: str) -> bool:
    """news.example.id and example.id are one site; other hosts are not."""
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def looks_like_article(url: str, site: str) -> bool:
    """Same site, and a path shaped like a story: a long slug or an id or a date."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not same_site(base_domain(url), site):
        return False
    if NOT_ARTICLE_FILES.search(parts.path):
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments or NOT_ARTICLE_WORDS & {segment.lower() for segment in segments[:1]}:
        return False
    last = segments[-1]
    slug_words = len(re.findall(r"[a-z0-9]+", last.lower()))
    has_id = any(re.fullmatch(r"\d{4,}", segment) for segment in segments)
    has_date = bool(re.search(r"/20\d{2}/\d{1,2}/\d{1,2}/", parts.path))
    return slug_words >= 4 or (has_id and len(segments) >= 2) or has_date

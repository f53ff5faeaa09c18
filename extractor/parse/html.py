"""Web page -> Article: decode, read metadata, strip furniture, extract main text.

On a copy of the page: site adapter corrections (adapters.toml), layout
tables turned into plain blocks, furniture removed (boilerplate.py: inline
"Baca juga" links, related lists inside the article element, captions, share
bars, sidebar boxes), then the story block kept (the smallest element holding
nearly all paragraph text, which leaves out columns and footers even on pages
without telling class names). trafilatura extracts the main text from that
block, and a last pass drops furniture lines that survived.
"""

from __future__ import annotations

import copy
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from extractor.article import Article, KoperasiError
from extractor.parse.adapters import adapter_for
from extractor.parse.boilerplate import clean_lines, own_text_length, strip_boilerplate
from extractor.parse.encoding import decode_html
from extractor.parse.metadata import PageMetadata, extract_metadata

MAX_HTML_BYTES = 20_000_000
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
TABLE_RULE = re.compile(r"^[|\s:-]+$")
# Below this many characters trafilatura's answer is checked against the
# plainest reading of the cleaned page (the paragraphs of its densest block).
SHORT_BODY = 400


def parse_html(content: bytes, source: str, *, url: str | None = None,
               charset: str | None = None, meta: dict | None = None) -> Article:
    """One web page -> Article. Raises `KoperasiError` (stage parse) naming the reason.

    `charset` is what the transport declared; `meta` may carry title/published
    from an archive line, which win over what the page says.
    """
    if len(content) > MAX_HTML_BYTES:
        raise KoperasiError(source, "too_large", f"{len(content):,} bytes is more than the "
                            f"{MAX_HTML_BYTES:,} a page may have", stage="parse")
    text, _ = decode_html(content, source, declared=charset)
    root = parse_tree(text, source)
    info = extract_metadata(root, url)
    adapter = adapter_for(url or info.canonical_url)
    adapter.fix_metadata(root, info)
    body = main_text(root, info, adapter)
    if not body:
        raise KoperasiError(source, "no_text", "no article text found in the page",
                            stage="parse")
    meta = meta or {}
    return Article(source=source, text=body, url=info.url or meta.get("url"),
                   canonical_url=info.canonical_url, site=info.site,
                   title=meta.get("title") or info.title,
                   published=meta.get("published") or info.published,
                   author=info.author, language=choose_language(info.language, body))


def parse_tree(text: str, source: str):
    """An lxml HTML tree; lxml refuses str input that keeps an XML declaration."""
    text = XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise KoperasiError(source, "empty", "the page is empty", stage="parse")
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise KoperasiError(source, "bad_html", f"cannot parse as HTML: {exc}",
                            stage="parse") from exc


def main_text(root, info: PageMetadata, adapter) -> str:
    """The article body as plain text, paragraphs on their own lines."""
    page = copy.deepcopy(root)
    adapter.prune(page)
    unwrap_layout_tables(page)
    body_root = adapter.body(page)
    strip_boilerplate(body_root)
    if body_root is page:
        body_root = story_block(page)
    extracted = trafilatura.extract(
        wrap_for_extraction(body_root), url=info.url, include_comments=False,
        include_tables=True, deduplicate=False, favor_recall=True) or ""
    if len(extracted) < SHORT_BODY:
        plain = densest_block_text(body_root)
        if len(plain) > len(extracted):
            extracted = plain
    lines = [line for line in extracted.splitlines() if not TABLE_RULE.match(line)]
    return clean_lines("\n".join(lines), info.title)


LAYOUT_CELL_CONTENT = ".//td//*[self::p or self::div or self::h1 or self::h2 or self::table or " \
    "self::ul or self::ol] | .//th//*[self::p or self::div or self::h1 or self::table]"
TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup")


def unwrap_layout_tables(root) -> None:
    """Old templates lay pages out with tables; a table whose cells hold
    paragraphs or blocks is layout, not data, and becomes plain divs so the
    extractor reads its paragraphs as paragraphs. Data tables inside stay."""
    for table in list(root.iter("table")):
        if table.getparent() is None or not table.xpath(LAYOUT_CELL_CONTENT):
            continue
        for part in own_table_parts(table):
            if part.tag == "colgroup":
                part.drop_tree()
            else:
                part.tag = "div"
                for attribute in ("colspan", "rowspan", "cellpadding", "cellspacing", "border"):
                    part.attrib.pop(attribute, None)


def own_table_parts(table) -> list:
    """The table's rows and cells, without those of tables nested in it."""
    parts, stack = [table], [table]
    while stack:
        for child in stack.pop():
            if isinstance(child.tag, str) and child.tag in TABLE_PARTS and child.tag != "table":
                parts.append(child)
                stack.append(child)
            elif isinstance(child.tag, str) and child.tag != "table":
                stack.append(child)
    return parts


STORY_BLOCK_SHARE = 0.85


def story_block(root):
    """The smallest element holding nearly all the page's paragraph text: the
    story, without the columns, footers and boxes around it. The page itself
    when paragraphs are few (text in <br>-separated blocks, photo stories)."""
    totals: dict = {}
    for paragraph in root.iter("p"):
        length = own_text_length(paragraph)
        if length < 80:
            continue
        for holder in paragraph.iterancestors():
            totals[holder] = totals.get(holder, 0) + length
    whole = totals.get(root, 0)
    if whole < 400:
        return root
    best = root
    for element, length in totals.items():
        if length >= STORY_BLOCK_SHARE * whole and depth(element) > depth(best):
            best = element
    return best


def depth(element) -> int:
    return sum(1 for _ in element.iterancestors())


def wrap_for_extraction(element):
    """trafilatura wants a whole document; an adapter's body block gets one."""
    if element.tag == "html":
        return element
    document = lxml_html.document_fromstring("<html><body></body></html>")
    document.find("body").append(copy.deepcopy(element))
    return document


def densest_block_text(root) -> str:
    """Fallback reading: the element with the most paragraph text, its blocks one
    per line (photo stories and pages whose text is not in <p>)."""
    best, best_length = root, 0
    for element in root.iter("div", "td", "article", "section", "main"):
        length = sum(own_text_length(p) for p in element.findall("p"))
        length = length or (own_text_length(element) if len(element) < 5 else 0)
        if length > best_length:
            best, best_length = element, length
    parts = []
    for block in best.iter("p", "li", "h2", "h3", "h4", "td"):
        text = re.sub(r"\s+", " ", block.text_content()).strip()
        if text:
            parts.append(text)
    if not parts:
        parts = [re.sub(r"[ \t]+", " ", best.text_content()).strip()]
    return "\n".join(parts)


# Indonesian and English function words: enough to tell the two apart when a
# page does not declare its language.
INDONESIAN = {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan",
              "pada", "juga", "ke", "karena", "ada", "dalam", "kata", "sudah", "bahwa"}
ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with",
           "as", "by", "at", "from", "has", "said", "be"}


def guess_language(text: str) -> tuple[str | None, bool]:
    """("id" or "en" or None, whether the text is unambiguous about it)."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    indonesian = sum(word in INDONESIAN for word in words)
    english = sum(word in ENGLISH for word in words)
    if max(indonesian, english) < 3:
        return None, False
    guess = "id" if indonesian >= english else "en"
    sure = max(indonesian, english) >= 15 and max(indonesian, english) >= 3 * min(indonesian,
                                                                                   english)
    return guess, sure


def choose_language(declared: str | None, body: str) -> str | None:
    """Templates declare lang="en" on Indonesian pages often enough that a body
    plainly in one of the two languages wins over the declaration."""
    guess, sure = guess_language(body)
    if sure or not declared:
        return guess or declared
    return declared

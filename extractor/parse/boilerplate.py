"""Remove page furniture from a parsed page before main-text extraction, and
from the extracted text after it.

Extraction libraries keep what sits inside the article element, and Indonesian
news sites put a lot there: "Baca juga" links between paragraphs, related
headline lists, share bars, captions, data boxes of other stories. The rules
here are generic (attribute words, see-also phrases, box headings, link
density); the vocabulary lives in boilerplate.toml.

Every rule spares an element that holds most of the page's own text, so a
wrapper that happens to carry a furniture word ("layout-with-sidebar",
WordPress "tag-koperasi" classes) never takes the story with it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import html as lxml_html

from extractor.parse.dates import parse_text_date, vocabulary

# Never article text, whatever their size.
NEVER_TEXT = {"script", "style", "noscript", "template", "svg", "canvas", "object", "embed",
              "iframe", "button", "input", "select", "textarea", "map"}
BLOCKS = {"p", "div", "li", "td", "th", "tr", "section", "span", "dd", "dt", "blockquote",
          "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "center", "font", "strong", "b"}
LINK_LISTS = {"ul", "ol", "dl", "table", "tbody", "div", "section", "td", "tr", "p", "center"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HEADING_CLASS_WORDS = {"title", "judul", "heading", "head", "label", "header"}

# An element holding this share of the page's own text is the story (or wraps it).
STORY_SHARE = 0.5
SHORT_TEXT = 300
SEE_ALSO_MAX = 300
LINK_DENSE = 0.6
LINK_LIST_OWN_TEXT = 500
TEASER_TEXT = 400


@dataclass(frozen=True)
class Markers:
    drop_tags: frozenset[str]
    strong_tokens: frozenset[str]
    weak_tokens: frozenset[str]
    see_also: tuple[str, ...]
    box_headings: frozenset[str]
    line_patterns: tuple[re.Pattern, ...]


@cache
def markers() -> Markers:
    with open(Path(__file__).with_name("boilerplate.toml"), "rb") as handle:
        data = tomllib.load(handle)
    return Markers(
        drop_tags=frozenset(data["drop_tags"]),
        strong_tokens=frozenset(data["strong_class_tokens"]),
        weak_tokens=frozenset(data["weak_class_tokens"]),
        see_also=tuple(data["see_also_prefixes"]),
        box_headings=frozenset(data["box_headings"]),
        line_patterns=tuple(re.compile(p, re.I) for p in data["line_patterns"]))


# --- measuring elements ------------------------------------------------------

def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def element_text(element) -> str:
    return squash(element.text_content())


def link_text_length(element) -> int:
    anchors = [element] if element.tag == "a" else element.iter("a")
    return sum(len(squash(a.text_content())) for a in anchors)


def own_text_length(element) -> int:
    """Text that is not link text: what a reader reads rather than clicks."""
    return max(0, len(element_text(element)) - link_text_length(element))


def paragraph_text_length(element) -> int:
    """Text in real paragraphs (<p> of some length, not links): story text."""
    total = 0
    for paragraph in element.iter("p"):
        length = own_text_length(paragraph)
        if length >= 80:
            total += length
    return total


def link_density(element) -> float:
    total = len(element_text(element))
    return link_text_length(element) / total if total else 0.0


CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Class names that label what a post is about or its state (WordPress puts
# "tag-koperasi category-ekonomi has-post-thumbnail" on the article itself);
# their words say nothing about the element being furniture.
TAXONOMY_CLASS = re.compile(r"^(?:tag|category|categories|post|format|status|type|author|has|"
                            r"is|postid|page-id|single|kanal|rubrik|section)-", re.I)


def attribute_tokens(element) -> set[str]:
    """Words of the class and id attributes: "wrap-news__caption" -> {wrap, news, caption}."""
    names = [name for name in (element.get("class") or "").split()
             if not TAXONOMY_CLASS.match(name)]
    names.append(element.get("id") or "")
    words = CAMEL.sub(" ", " ".join(names))
    return {token.lower() for token in re.split(r"[^A-Za-z0-9]+", words) if token}


# --- the cleaning passes -----------------------------------------------------

class Cleaner:
    """One page's cleaning: knows how much text the page has, to spare the story."""

    def __init__(self, root):
        self.root = root
        self.marks = markers()
        for element in list(root.iter(*NEVER_TEXT)):
            drop(element)
        for comment in root.xpath("//comment() | //processing-instruction()"):
            drop(comment)
        self.measure()

    def measure(self) -> None:
        """Take the page's text totals (again after a pass has removed furniture)."""
        self.total = own_text_length(self.root) or 1
        self.paragraph_total = paragraph_text_length(self.root) or 1

    def holds_story(self, element) -> bool:
        """Most of the page's text, or most of its paragraph text, is in here."""
        return (own_text_length(element) >= STORY_SHARE * self.total
                or paragraph_text_length(element) >= STORY_SHARE * self.paragraph_total)

    def clean(self) -> None:
        self.walk(self.furniture)
        self.measure()
        self.walk(self.see_also)
        self.drop_headed_boxes()
        self.drop_teasers()
        self.measure()
        self.walk(self.link_list)

    def walk(self, should_drop) -> None:
        """Visit elements top-down, dropping those `should_drop` picks (and not
        descending into them)."""
        stack = [self.root]
        while stack:
            element = stack.pop()
            for child in list(element):
                if not isinstance(child.tag, str):
                    continue
                if should_drop(child) and not self.holds_story(child):
                    drop(child)
                else:
                    stack.append(child)

    def furniture(self, element) -> bool:
        """Tags and class/id words of navigation, sidebars, sharing, comments, ads..."""
        if element.tag in self.marks.drop_tags:
            return True
        tokens = attribute_tokens(element)
        if tokens & self.marks.strong_tokens:
            return True
        if tokens & self.marks.weak_tokens:
            return own_text_length(element) < SHORT_TEXT or link_density(element) >= 0.5
        return False

    def see_also(self, element) -> bool:
        """A short block that starts "Baca juga:" (and the like) links elsewhere."""
        if element.tag not in BLOCKS:
            return False
        text = element_text(element)
        if len(text) > SEE_ALSO_MAX or not starts_with_see_also(text):
            return False
        if is_bare_label(text):
            # "BACA JUGA:" alone; its headline(s) follow in the next element.
            follower = element.getnext()
            if follower is not None and link_density(follower) >= LINK_DENSE:
                drop(follower)
        return True

    def drop_headed_boxes(self) -> None:
        """A heading like "Berita Terkait" or "Terpopuler" titles a box of links."""
        for heading in list(self.root.iter()):
            if not isinstance(heading.tag, str) or not self.is_box_heading(heading):
                continue
            if not is_attached(heading, self.root):
                continue
            box = heading.getparent()
            if (box is not None and first_child(box) is heading and box.tag not in
                    ("body", "html") and not self.holds_story(box)):
                drop(box)
                continue
            follower = heading.getnext()
            if (follower is not None and (follower.tag in ("ul", "ol", "table")
                                          or link_density(follower) >= LINK_DENSE)
                    and not self.holds_story(follower)):
                drop(follower)
            drop(heading)

    def is_box_heading(self, element) -> bool:
        looks_like_heading = (element.tag in HEADINGS
                              or bool(attribute_tokens(element) & HEADING_CLASS_WORDS)
                              or element.tag in ("b", "strong") and element.getparent() is not None
                              and first_child(element.getparent()) is element)
        if not looks_like_heading:
            return False
        text = element_text(element)
        if len(text) > 60:
            return False
        label = re.sub(r"[\s:»>|]+$|\s*\(\d+\)$", "", text.lower()).strip()
        return label in self.marks.box_headings

    def drop_teasers(self) -> None:
        """A heading that is a link is another story's headline; with its blurb
        and "Selanjutnya" link it forms a teaser card, dropped whole."""
        for heading in list(self.root.iter("h2", "h3", "h4", "h5", "h6")):
            if not is_attached(heading, self.root) or not heading.findall(".//a"):
                continue
            if link_density(heading) < 0.9:
                continue
            card = heading
            for ancestor in heading.iterancestors():
                linked_headings = [h for h in ancestor.iter("h2", "h3", "h4", "h5", "h6")
                                   if h.findall(".//a")]
                if len(linked_headings) > 1 or own_text_length(ancestor) >= TEASER_TEXT:
                    break
                card = ancestor
            if not self.holds_story(card):
                drop(card)

    def link_list(self, element) -> bool:
        """Lists, tables and boxes that are mostly links: headlines of other stories."""
        if element.tag not in LINK_LISTS:
            return False
        anchors = element.findall(".//a") if element.tag != "a" else []
        if element.tag == "p":
            return (len(anchors) >= 1 and len(element_text(element)) < 200
                    and link_density(element) >= 0.9)
        # A list of headlines has little text of its own besides the links.
        return (len(anchors) >= 2 and link_density(element) >= LINK_DENSE
                and own_text_length(element) < LINK_LIST_OWN_TEXT)


def first_child(element):
    children = [child for child in element if isinstance(child.tag, str)]
    if not children or squash(element.text):
        return None
    return children[0]


def is_attached(element, root) -> bool:
    while element is not None:
        if element is root:
            return True
        element = element.getparent()
    return False


def drop(element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    if element.getparent() is None:
        return
    if isinstance(element, lxml_html.HtmlElement):
        element.drop_tree()
    else:
        parent = element.getparent()
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


def starts_with_see_also(text: str) -> bool:
    lowered = text.lower().lstrip("»>-–—•*[( ")
    return any(lowered.startswith(prefix) for prefix in markers().see_also)


def is_bare_label(text: str) -> bool:
    return len(re.sub(r"[^a-z]", "", text.lower())) <= 14


def strip_boilerplate(root) -> None:
    """Remove furniture from a parsed page in place (see module docstring)."""
    Cleaner(root).clean()


# --- the extracted text ------------------------------------------------------

# "…kata dia. Baca juga: Headline of another story" at the end of a line.
TRAILING_SEE_ALSO = re.compile(r"\s*\b(?:BACA JUGA|Baca [Jj]uga|Simak [Jj]uga|Lihat [Jj]uga)"
                               r"\s*:.{0,200}$")


def clean_lines(text: str, title: str | None = None) -> str:
    """Drop furniture lines that survived extraction (see-also links, bylines,
    lone box headings, date lines), and the headline where it repeats the title."""
    kept: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if is_furniture_line(line):
            continue
        line = TRAILING_SEE_ALSO.sub("", line)
        if line:
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(drop_leading_headline(kept, title)).strip()


def is_furniture_line(line: str) -> bool:
    marks = markers()
    if starts_with_see_also(line) and len(line) <= SEE_ALSO_MAX:
        return True
    cells = re.sub(r"\s*\|\s*", " | ", line).strip(" |")  # table rows read as lines
    if any(pattern.search(candidate) for candidate in (line, cells)
           for pattern in marks.line_patterns):
        return True
    label = re.sub(r"[\s:»>|]+$|\s*\(\d+\)$", "", cells.lower()).strip()
    return label in marks.box_headings or is_date_only(line)


def is_date_only(line: str) -> bool:
    """"Selasa, 23/02/2016 15:06 WIB" on its own: the page's date line."""
    if len(line) > 60 or parse_text_date(line) is None:
        return False
    rest = re.sub(r"\d+|[\W_]+", " ", line.lower()).split()
    filler = {"wib", "wita", "wit", "at", "pukul", "jam", "pkl", "am", "pm", "update",
              "diperbarui", "dipublikasikan", "published", "posted", "diposting"}
    words = vocabulary()
    return all(word in filler or word in words["days"] or word in words["months"]
               for word in rest)


HEADER_LINES = 3
SHORT_LABEL = 40


def drop_leading_headline(lines: list[str], title: str | None) -> list[str]:
    """The headline (and a channel label before it) often opens the extracted
    text; the title is kept apart, so the body starts after it."""
    if not title:
        return lines
    wanted = squash(title).casefold()
    for index, line in enumerate(lines[:HEADER_LINES]):
        if squash(line).casefold() == wanted:
            before = lines[:index]
            if all(len(item) < SHORT_LABEL for item in before):
                return lines[index + 1:]
            return before + lines[index + 1:]
    return lines

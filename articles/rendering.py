"""Editors write Markdown; readers get sanitized HTML, rendered once on save.

Supported: h2/h3 headings (with anchors and a table of contents), paragraphs, lists,
links, emphasis, block quotes, images with captions (`![alt](url "caption")`),
citation markers (`[^2]` points to reference 2) and callout boxes (see
CalloutBlockProcessor). Whatever an editor types, the nh3 allow-list below is the last
word: no scripts, event handlers, `javascript:` URLs, iframes or styles reach the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from django.conf import settings
from django.utils.translation import override, pgettext_lazy
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from eduportal.text import is_word_char

CITATION_PATTERN = r"\[\^(\d{1,3})\]"

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "blockquote",
    "figure", "figcaption", "img", "sup", "code", "pre", "table", "thead", "tbody", "tr",
    "th", "td", "section", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height", "loading"},
    "sup": {"id"},
    "th": {"scope"},
    "section": {"aria-labelledby"},
    "div": {"role", "aria-labelledby"},
}
ALLOWED_CLASSES = {
    "a": {"citation"},
    "sup": {"citation"},
    "figure": {"body-figure"},
    "section": {"callout", "callout-urgent"},
    "div": {"callout", "callout-important", "callout-information"},
    "h2": {"callout-title"},
    "h3": {"callout-title"},
    "span": {"callout-kind"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# What each callout kind is called, and the heading it gets when the editor gives none.
# Labels in the language the text is written in: render_body and plain_text switch to it
# (a Nepali translation's urgent box says so in Nepali).
CALLOUT_KINDS = {
    "urgent": (
        pgettext_lazy("callout box label", "Urgent advice"),
        pgettext_lazy("callout box heading", "call your care team now"),
    ),
    "important": (pgettext_lazy("callout box label", "Important"), ""),
    "information": (pgettext_lazy("callout box label", "Information"), ""),
}
CALLOUT_ALIASES = {"info": "information", "note": "information", "warning": "important"}
CALLOUT_START = re.compile(
    r"^:::[ \t]*(urgent|important|information|info|note|warning)\b[ \t]*(.*?)[ \t]*$",
    re.IGNORECASE,
)
CALLOUT_END = re.compile(r"^:::[ \t]*$", re.MULTILINE)
CALLOUT_HELP = (
    "A box that cannot be missed: a line “::: urgent”, “::: important” or “::: information”, "
    "optionally followed by its heading, then the text, then a line “:::”. Urgent boxes "
    "start with “Urgent advice:”."
)


def callout_heading(match: re.Match) -> tuple[str, str, str]:
    """(kind, label, title) of a callout's opening line; the title is the editor's, or
    the kind's default. An editor may type the label itself, which is not repeated."""
    kind = CALLOUT_ALIASES.get(match.group(1).lower(), match.group(1).lower())
    label, default_title = (str(text) for text in CALLOUT_KINDS[kind])
    title = match.group(2).strip().strip('"“”').strip()
    if title.lower().startswith(label.lower()):
        title = title[len(label) :].lstrip(" :–-").strip()
    return kind, label, title or default_title


class CalloutBlockProcessor(BlockProcessor):
    """Fenced callout boxes editors can type without indenting:

        ::: urgent Call your care team now
        - a temperature of 38°C or above
        :::

    Urgent advice becomes a labelled region (a landmark screen-reader users can jump to,
    announced with its "Urgent advice:" heading); "Important" and "Information" become
    a labelled note. Not role="alert": the text is there when the page loads, and an
    alert would interrupt the title and repeat on every visit without adding meaning.
    """

    def test(self, parent, block):
        return bool(CALLOUT_START.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        first_line, _, rest = blocks.pop(0).partition("\n")
        kind, label, title = callout_heading(CALLOUT_START.match(first_line))
        inner, chunk = [], rest
        while True:
            end = CALLOUT_END.search(chunk)
            if end:
                inner.append(chunk[: end.start()])
                after = chunk[end.end() :].lstrip("\n")
                if after.strip():
                    blocks.insert(0, after)
                break
            inner.append(chunk)
            if not blocks:
                break  # No closing line: the box runs to the end of the text.
            chunk = blocks.pop(0)
        self.parser.md.callout_count = getattr(self.parser.md, "callout_count", 0) + 1
        heading_id = f"callout-{self.parser.md.callout_count}"
        if kind == "urgent":
            box = etree.SubElement(parent, "section", {"class": "callout callout-urgent"})
        else:
            box = etree.SubElement(parent, "div", {"class": f"callout callout-{kind}"})
            box.set("role", "note")
        box.set("aria-labelledby", heading_id)
        # A paragraph for now: the table of contents must not list callouts. After the
        # contents are collected, CalloutHeadingTreeprocessor makes it a heading.
        heading = etree.SubElement(
            box, "p", {"id": heading_id, "class": "callout-title", "data-callout-title": "1"}
        )
        kind_label = etree.SubElement(heading, "span", {"class": "callout-kind"})
        kind_label.text = f"{label}:" if title else label
        kind_label.tail = f" {title}" if title else None
        self.parser.parseChunk(box, "\n\n".join(p.strip("\n") for p in inner if p.strip()))


class CalloutHeadingTreeprocessor(Treeprocessor):
    """A callout's title becomes a heading one level below the section it sits in (h2
    before the first section heading), so the heading outline never skips a level."""

    def run(self, root):
        level = 1
        for element in root.iter():
            if element.tag in {"h2", "h3", "h4"}:
                level = int(element.tag[1])
            elif element.tag == "p" and element.attrib.pop("data-callout-title", None):
                element.tag = f"h{min(level + 1, 3)}"


class CitationProcessor(InlineProcessor):
    """`[^3]` becomes a superscript link to reference 3 in the list below the body."""

    def handleMatch(self, m, data):
        number = int(m.group(1))
        sup = etree.Element("sup", {"class": "citation"})
        link = etree.SubElement(
            sup,
            "a",
            {"href": f"#ref-{number}", "class": "citation", "title": f"Reference {number}"},
        )
        link.text = f"[{number}]"
        return sup, m.start(0), m.end(0)


class HeadingLevelTreeprocessor(Treeprocessor):
    """The page title is the only h1, so an editor's `# Heading` becomes an h2."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag in {"h5", "h6"}:
                element.tag = "h4"


class FigureTreeprocessor(Treeprocessor):
    """A paragraph holding only an image with a title becomes a figure with a caption."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or (child.text or "").strip():
                    continue
                image = child[0]
                if image.tag != "img" or (image.tail or "").strip():
                    continue
                caption = image.attrib.pop("title", "")
                image.set("loading", "lazy")
                figure = etree.Element("figure", {"class": "body-figure"})
                figure.append(image)
                image.tail = None
                if caption:
                    figcaption = etree.SubElement(figure, "figcaption")
                    figcaption.text = caption
                parent.remove(child)
                parent.insert(index, figure)


class PatientArticleExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(CitationProcessor(CITATION_PATTERN, md), "citation", 175)
        md.treeprocessors.register(HeadingLevelTreeprocessor(md), "heading_levels", 30)
        md.treeprocessors.register(FigureTreeprocessor(md), "figures", 15)
        md.parser.blockprocessors.register(CalloutBlockProcessor(md.parser), "callout", 105)
        # Below the table of contents (priority 5), which must not list callout titles.
        md.treeprocessors.register(CalloutHeadingTreeprocessor(md), "callout_headings", 1)


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Body images must be served by this site: the CSP would block any other host,
    leaving readers a broken picture, and an outside host would learn who reads what.
    The only role a body element may carry is the callouts' "note"."""
    if attribute == "role":
        return value if value == "note" else None
    if tag == "img" and attribute == "src":
        is_local = value.startswith("/") and not value.startswith("//")
        return value if is_local else None
    return value


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        attribute_filter=_own_images_only,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_body(source: str, language: str | None = None) -> tuple[str, list[dict]]:
    """Render an article body written in `language` (default: the site's); return (safe
    HTML, table of contents). The words we add (callout labels) are in that language.

    The table of contents lists h2 and h3 headings as {"id", "title", "level"}.
    """
    with override(language or settings.LANGUAGE_CODE):
        return _render_body(source)


def _render_body(source: str) -> tuple[str, list[dict]]:
    md = markdown.Markdown(
        extensions=[
            "markdown.extensions.sane_lists",
            "markdown.extensions.tables",
            TocExtension(toc_depth="2-3", permalink=False, slugify=_slugify_heading),
            PatientArticleExtension(),
        ],
        output_format="html",
    )
    # Raw HTML in the source is shown as text rather than passed on, then nh3 has the
    # last word over everything Markdown itself produced.
    rendered = md.convert(_escape_raw_html(source or ""))
    toc = [
        {"id": token["id"], "title": html.unescape(token["name"]), "level": token["level"]}
        for token in _flatten_toc(md.toc_tokens)
    ]
    return _sanitize(rendered), toc


def _escape_raw_html(source: str) -> str:
    # Only "<" opens a tag; ">" must stay for Markdown's block quotes.
    return source.replace("<", "&lt;")


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten_toc(token.get("children", [])))
    return flat


def _slugify_heading(value: str, separator: str) -> str:
    # Letters, marks and digits of every script are kept (a Tamil or Nepali heading's
    # vowel signs are combining marks, not "word" characters), so a translated heading's
    # anchor reads as its words, not as "section-_1". English anchors are unchanged.
    kept = "".join(
        character if is_word_char(character) or character in " -_" else ""
        for character in unicodedata.normalize("NFC", value)
    )
    slug = kept.strip().lower()
    return "section-" + re.sub(r"[\s_-]+", separator, slug)[:60].strip(separator)


def _callout_fences_as_text(source: str) -> str:
    """A callout's opening line reads as its heading; its closing line as nothing."""

    def heading(match: re.Match) -> str:
        _kind, label, title = callout_heading(match)
        return f"{label}: {title}\n" if title else f"{label}\n"

    lines = []
    for line in source.split("\n"):
        if CALLOUT_END.fullmatch(line):
            continue
        match = CALLOUT_START.match(line)
        lines.append(heading(match) if match else line)
    return "\n".join(lines)


def plain_text(source: str, language: str | None = None) -> str:
    """The words of a Markdown body written in `language` (default: the site's), for
    word counts, search and readability."""
    with override(language or settings.LANGUAGE_CODE):
        return _plain_text(source)


def _plain_text(source: str) -> str:
    rendered = markdown.markdown(_escape_raw_html(_callout_fences_as_text(source or "")))
    text = html.unescape(nh3.clean(rendered.replace("><", "> <"), tags=set()))
    text = re.sub(r"\[\^\d{1,3}\]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class _ImageCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            self.images.append(
                {"src": values.get("src") or "", "alt": values.get("alt") or "", "caption": ""}
            )
        elif tag == "figcaption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption and self.images:
            self.images[-1]["caption"] += data


def images_in(body_html: str) -> list[dict]:
    """The pictures of a rendered body, in order: {"src", "alt", "caption"}."""
    collector = _ImageCollector()
    collector.feed(body_html or "")
    collector.close()
    return [image for image in collector.images if image["src"]]

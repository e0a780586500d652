"""Editors write Markdown; readers get sanitized HTML, rendered once on save.

Supported: h2/h3 headings (with anchors and a table of contents), paragraphs, lists,
links, emphasis, block quotes, images with captions (`![alt](url "caption")`) and
citation markers (`[^2]` points to reference 2). Whatever an editor types, the nh3
allow-list below is the last word: no scripts, event handlers, `javascript:` URLs,
iframes or styles reach the page.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

CITATION_PATTERN = r"\[\^(\d{1,3})\]"

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "blockquote",
    "figure", "figcaption", "img", "sup", "code", "pre", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height", "loading"},
    "sup": {"id"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {"a": {"citation"}, "sup": {"citation"}, "figure": {"body-figure"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


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


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Body images must be served by this site: the CSP would block any other host,
    leaving readers a broken picture, and an outside host would learn who reads what."""
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


def render_body(source: str) -> tuple[str, list[dict]]:
    """Render an article body; return (safe HTML, table of contents).

    The table of contents lists h2 and h3 headings as {"id", "title", "level"}.
    """
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
    slug = re.sub(r"[^\w\s-]", "", value, flags=re.ASCII).strip().lower()
    return "section-" + re.sub(r"[\s_-]+", separator, slug)[:60].strip(separator)


def plain_text(source: str) -> str:
    """The words of a Markdown body, for word counts, search and readability."""
    rendered = markdown.markdown(_escape_raw_html(source or ""))
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

"""The first use of a glossary term in an article, explained in place.

Presentation only: applied to the approved revision's sanitized HTML when the page is
shown, so the glossary never changes a revision or its content hash. Only approved
text is used (GlossaryTerm.approved_*): a definition a checked clinician signed off.

The term's first use is marked, and right after the paragraph (or list item, or table
cell) that holds it comes a native disclosure: `<details><summary>What does “HER2”
mean?</summary>…`. It needs no script, opens with Enter or Space, is announced as a
collapsed or expanded control by screen readers, and keeps the sentence it follows
intact. Headings, links, callout titles, captions and code are left alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.core.cache import cache
from django.urls import reverse

from .models import GlossaryTerm

VOID_TAGS = {"br", "hr", "img", "source", "wbr"}
# Text inside these is never linked to the glossary.
SKIP_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "figcaption", "dfn"}
# The blocks after which a definition is placed.
CONTAINER_TAGS = {"p", "li", "td", "th"}
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Entry:
    term: str
    slug: str
    definition: str
    forms: tuple[str, ...]


def published_entries() -> list[Entry]:
    """Every published term as a clinician approved it (one query)."""
    return [
        Entry(term.approved_term, term.slug, term.approved_definition, tuple(term.approved_forms()))
        for term in GlossaryTerm.objects.published().only(
            "approved_term", "slug", "approved_definition", "approved_also_matches"
        )
    ]


def _pattern(entries: list[Entry]) -> re.Pattern | None:
    """One pattern for every form of every term, longest first, so "checkpoint
    inhibitor" wins over "checkpoint". Acronyms (two capitals or more) match their
    case exactly, so "HER2" is not found in "her"."""
    alternatives = []
    forms = sorted(
        ((form, index) for index, entry in enumerate(entries) for form in entry.forms),
        key=lambda item: -len(item[0]),
    )
    for form, index in forms:
        words = r"\s+".join(re.escape(word) for word in form.split())
        exact = sum(1 for char in form if char.isupper()) >= 2
        body = words if exact else f"(?i:{words})"
        alternatives.append(rf"(?P<t{index}_{len(alternatives)}>{body}(?:e?s)?)")
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w])")


class _Explainer(HTMLParser):
    def __init__(self, entries: list[Entry], pattern: re.Pattern, glossary_url: str):
        super().__init__(convert_charrefs=True)
        self.entries, self.pattern, self.glossary_url = entries, pattern, glossary_url
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip_depth = 0
        self.explained: set[int] = set()
        # Definitions waiting for the end of the container that holds their term.
        self.pending: list[tuple[int, Entry]] = []

    def handle_starttag(self, tag, attrs):
        rendered = "".join(
            f' {name}="{escape(value, quote=True)}"' if value is not None else f" {name}"
            for name, value in attrs
        )
        classes = dict(attrs).get("class") or ""
        self.out.append(f"<{tag}{rendered}>")
        if tag in VOID_TAGS:
            return
        self.stack.append(tag)
        if tag in SKIP_TAGS or "callout-title" in classes:
            self.skip_depth += 1
            self.stack[-1] = f"skip:{tag}"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self.stack:
            opened = self.stack.pop()
            if opened.startswith("skip:"):
                self.skip_depth -= 1
        depth = len(self.stack)
        if tag in CONTAINER_TAGS:
            due = [entry for level, entry in self.pending if level == depth]
            self.pending = [(level, entry) for level, entry in self.pending if level != depth]
            if tag == "p":
                self.out.append(f"</{tag}>")
                self.out.extend(self._definition(entry) for entry in due)
                return
            self.out.extend(self._definition(entry) for entry in due)
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        container = self._container_depth()
        if self.skip_depth or container is None:
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for match in self.pattern.finditer(data):
            index = int(match.lastgroup[1:].split("_")[0])
            if index in self.explained:
                continue
            self.explained.add(index)
            self.out.append(escape(data[position : match.start()], quote=False))
            self.out.append(
                f'<span class="glossary-term">{escape(match.group(0), quote=False)}</span>'
            )
            position = match.end()
            self.pending.append((container, self.entries[index]))
        self.out.append(escape(data[position:], quote=False))

    def _container_depth(self) -> int | None:
        """The stack depth at which the innermost paragraph, item or cell was opened."""
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth] in CONTAINER_TAGS:
                return depth
        return None

    def _definition(self, entry: Entry) -> str:
        return (
            '<details class="glossary-details">'
            f"<summary>What does “{escape(entry.term)}” mean?</summary>"
            f"<p><dfn>{escape(entry.term)}</dfn>: {escape(entry.definition)} "
            f'<a href="{self.glossary_url}#{escape(entry.slug)}">All terms in the glossary</a>'
            "</p></details>"
        )


def explain_terms(body_html: str, entries: list[Entry]) -> str:
    """The body with the first use of each term explained (cached per text and glossary)."""
    pattern = _pattern(entries)
    if not body_html or pattern is None:
        return body_html
    # The glossary's address depends on the page's language (/ne/glossary/).
    glossary_url = reverse("articles:glossary")
    fingerprint = hashlib.sha256(
        repr(
            (body_html, glossary_url, [(e.term, e.slug, e.definition, e.forms) for e in entries])
        ).encode()
    ).hexdigest()
    key = f"glossary-body:{fingerprint}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    explainer = _Explainer(entries, pattern, glossary_url)
    explainer.feed(body_html)
    explainer.close()
    result = "".join(explainer.out)
    cache.set(key, result, CACHE_SECONDS)
    return result

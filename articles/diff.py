"""Readable differences between two revisions, for editors and reviewers.

`revision_diff` compares every signed-off field as text (the admin's diff page);
`review_changes` is what a reviewer reads: only what changed since the approved
revision, body paragraphs rendered as readers will see them (unchanged ones folded),
the Markdown source with changes marked one click away, and the pictures and
search-engine text side by side.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import ArticleRevision
from .rendering import render_body

TOKEN = re.compile(r"\s+|[^\s]+")
BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass
class FieldDiff:
    label: str
    changed: bool
    html: SafeString


def _references_text(references: list[dict]) -> str:
    lines = []
    for ref in references:
        extras = " ".join(
            f"{key}: {ref[key]}"
            for key in ("url", "doi", "pubmed_id", "accessed_on")
            if ref.get(key)
        )
        lines.append(f"[{ref['position']}] {ref['citation']} {extras}".strip())
    return "\n".join(lines)


def _figures_text(figures: list[dict]) -> str:
    return "\n".join(
        f"{figure['src']} — alt: {figure['alt']}"
        + (f" — caption: {figure['caption']}" if figure.get("caption") else "")
        for figure in figures
    )


def inline_diff(old: str, new: str) -> SafeString:
    """Escaped text of `new` with <del> and <ins> around what changed since `old`."""
    old_tokens = TOKEN.findall(old or "")
    new_tokens = TOKEN.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(new_tokens[b1:b2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


def _text_fields(revision: ArticleRevision | None) -> list[tuple[str, str]]:
    """Every signed-off field of a revision as (label, text), in reading order."""
    revision = revision or ArticleRevision(references=[], figures=[])
    return [
        ("Title", revision.title),
        ("Summary", revision.summary),
        ("Body", revision.body),
        ("References", _references_text(revision.references)),
        ("Hero image", revision.hero_image),
        ("Hero image alt text", revision.hero_alt),
        ("Hero image credit", revision.hero_credit),
        ("Figures in the text", _figures_text(revision.figures)),
        ("SEO title", revision.seo_title),
        ("SEO description", revision.seo_description),
    ]


def revision_diff(old: ArticleRevision | None, new: ArticleRevision) -> list[FieldDiff]:
    """Field by field, every signed-off field as text."""
    return [
        FieldDiff(label=label, changed=before != after, html=inline_diff(before, after))
        for (label, before), (_label, after) in zip(
            _text_fields(old), _text_fields(new), strict=True
        )
    ]


# What a reviewer reads -------------------------------------------------------------


@dataclass
class BodySegment:
    """A run of body paragraphs: unchanged (folded), or changed (old and new rendered,
    with the Markdown source diff)."""

    changed: bool
    paragraphs: int
    old_html: SafeString | str = ""
    new_html: SafeString | str = ""
    source_diff: SafeString | str = ""


@dataclass
class SideBySide:
    label: str
    old: object
    new: object
    changed: bool
    is_picture: bool = False


@dataclass
class ReviewChanges:
    first_review: bool
    text: list[FieldDiff] = field(default_factory=list)  # title, summary, references
    body: list[BodySegment] = field(default_factory=list)
    media: list[SideBySide] = field(default_factory=list)  # hero, alt, credit, SEO
    figures: list[SideBySide] = field(default_factory=list)

    @property
    def changed_text(self) -> list[FieldDiff]:
        return [diff for diff in self.text if diff.changed]

    @property
    def unchanged_labels(self) -> list[str]:
        labels = [diff.label for diff in self.text if not diff.changed]
        if not any(segment.changed for segment in self.body):
            labels.insert(min(2, len(labels)), "Body")
        labels += [item.label for item in self.media if not item.changed]
        if not self.changed_figures:
            labels.append("Figures in the text")
        return labels

    @property
    def changed_media(self) -> list[SideBySide]:
        return [item for item in self.media if item.changed]

    @property
    def changed_figures(self) -> list[SideBySide]:
        return [item for item in self.figures if item.changed]


def _blocks(body: str) -> list[str]:
    return [block.strip("\n") for block in BLOCK_BREAK.split(body or "") if block.strip()]


def _rendered(blocks: list[str]) -> SafeString:
    return mark_safe(render_body("\n\n".join(blocks))[0]) if blocks else mark_safe("")


def body_changes(old: str, new: str) -> list[BodySegment]:
    """The body as runs of unchanged and changed paragraphs."""
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(
                BodySegment(
                    changed=False, paragraphs=b2 - b1, new_html=_rendered(new_blocks[b1:b2])
                )
            )
            continue
        before, after = old_blocks[a1:a2], new_blocks[b1:b2]
        segments.append(
            BodySegment(
                changed=True,
                paragraphs=max(len(before), len(after)),
                old_html=_rendered(before),
                new_html=_rendered(after),
                source_diff=inline_diff("\n\n".join(before), "\n\n".join(after)),
            )
        )
    return segments


def _figure_key(figure: dict) -> str:
    return figure.get("image") or figure["src"]


def figure_changes(old: list[dict], new: list[dict]) -> list[SideBySide]:
    """Each picture in the text, before and after: added, removed, changed or the same."""
    old_by_key = {_figure_key(figure): figure for figure in old}
    new_keys = {_figure_key(figure) for figure in new}
    pairs = []
    for figure in new:
        before = old_by_key.get(_figure_key(figure))
        pairs.append(
            SideBySide(
                label=figure["alt"] or figure["src"],
                old=before,
                new=figure,
                changed=before is None or before != figure,
                is_picture=True,
            )
        )
    for key, figure in old_by_key.items():
        if key not in new_keys:
            pairs.append(
                SideBySide(
                    label=figure["alt"] or figure["src"],
                    old=figure,
                    new=None,
                    changed=True,
                    is_picture=True,
                )
            )
    return pairs


def review_changes(old: ArticleRevision | None, new: ArticleRevision) -> ReviewChanges:
    """What changed from the approved revision `old` (None: never approved) to `new`."""
    empty = ArticleRevision(references=[], figures=[], hero_renditions={})
    before = old or empty
    text = [
        FieldDiff("Title", before.title != new.title, inline_diff(before.title, new.title)),
        FieldDiff(
            "Summary", before.summary != new.summary, inline_diff(before.summary, new.summary)
        ),
        FieldDiff(
            "References",
            before.references != new.references,
            inline_diff(_references_text(before.references), _references_text(new.references)),
        ),
    ]
    media = [
        SideBySide(
            "Hero image",
            before.hero_renditions if before.has_hero else None,
            new.hero_renditions if new.has_hero else None,
            before.hero_image != new.hero_image,
            is_picture=True,
        ),
        SideBySide(
            "Hero image alt text", before.hero_alt, new.hero_alt, before.hero_alt != new.hero_alt
        ),
        SideBySide(
            "Hero image credit",
            before.hero_credit,
            new.hero_credit,
            before.hero_credit != new.hero_credit,
        ),
        SideBySide(
            "SEO title (search engines, browser tab)",
            before.seo_title,
            new.seo_title,
            before.seo_title != new.seo_title,
        ),
        SideBySide(
            "SEO description (search engines, shared links)",
            before.seo_description,
            new.seo_description,
            before.seo_description != new.seo_description,
        ),
    ]
    return ReviewChanges(
        first_review=old is None,
        text=text,
        body=body_changes(before.body, new.body),
        media=media,
        figures=figure_changes(before.figures, new.figures),
    )

"""Readable, word-level differences between two revisions, for editors and reviewers."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import ArticleRevision

TOKEN = re.compile(r"\s+|[^\s]+")


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


def revision_diff(old: ArticleRevision | None, new: ArticleRevision) -> list[FieldDiff]:
    """Field by field: title, summary, body (Markdown) and references."""
    pairs = [
        ("Title", old.title if old else "", new.title),
        ("Summary", old.summary if old else "", new.summary),
        ("Body", old.body if old else "", new.body),
        (
            "References",
            _references_text(old.references) if old else "",
            _references_text(new.references),
        ),
    ]
    return [
        FieldDiff(label=label, changed=before != after, html=inline_diff(before, after))
        for label, before, after in pairs
    ]

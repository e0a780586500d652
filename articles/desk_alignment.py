"""Source and translation, paragraph by paragraph, for the translator's desk.

A translation was made from one English revision (its source revision); the English
may have changed since. So the translation's paragraphs are first paired with the
paragraphs of the English they were made from — section by section when both have the
same headings, otherwise by position — and those English paragraphs are then followed
to the current English with a diff. Each row of the desk is one current English
paragraph beside its translation, marked as unchanged, changed (with the old English and
a marked diff), new (nothing translated yet) or removed from the English (the
translation still has it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import zip_longest

from django.utils.safestring import SafeString, mark_safe

from .diff import inline_diff
from .rendering import CALLOUT_END, CALLOUT_START, render_body

BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
# Each block is rendered on its own, so heading and callout ids would repeat across the
# two columns; the desk needs no anchors.
ID_ATTRIBUTES = re.compile(r' (?:id|aria-labelledby)="[^"]*"')


class Status:
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    EXTRA = "extra"  # in the translation only


def blocks(body: str) -> list[str]:
    """The body's blocks (paragraphs, headings, lists), a callout box kept whole."""
    raw = [block.strip("\n") for block in BLOCK_BREAK.split(body or "") if block.strip()]
    merged: list[str] = []
    open_callout: list[str] | None = None
    for block in raw:
        if open_callout is not None:
            open_callout.append(block)
            if CALLOUT_END.search(block):
                merged.append("\n\n".join(open_callout))
                open_callout = None
            continue
        first_line, _, rest = block.partition("\n")
        if CALLOUT_START.match(first_line) and not CALLOUT_END.search(rest):
            open_callout = [block]
            continue
        merged.append(block)
    if open_callout is not None:
        merged.append("\n\n".join(open_callout))
    return merged


def is_heading(block: str | None) -> bool:
    return bool(block) and block.lstrip().startswith("#")


def _sections(items: list[str]) -> list[list[int]]:
    """Indexes of the blocks, grouped into sections that each start at a heading (the
    first group holds what comes before the first heading, possibly nothing)."""
    sections: list[list[int]] = [[]]
    for index, block in enumerate(items):
        if is_heading(block):
            sections.append([])
        sections[-1].append(index)
    return sections


Pair = tuple[int | None, int | None]


def pair_by_structure(source: list[str], translation: list[str]) -> list[Pair]:
    """Pairs (source index, translation index): section by section when both have the
    same number of headings, so a translation that splits or joins a paragraph only
    shifts the rows of that section; otherwise position by position."""
    source_sections, translation_sections = _sections(source), _sections(translation)
    if len(source_sections) != len(translation_sections):
        source_sections, translation_sections = (
            [list(range(len(source)))],
            [list(range(len(translation)))],
        )
    pairs = []
    for source_part, translation_part in zip(source_sections, translation_sections, strict=True):
        pairs += list(zip_longest(source_part, translation_part))
    return pairs


def _render(block: str | None, language: str | None = None) -> SafeString:
    if not block:
        return mark_safe("")
    return mark_safe(ID_ATTRIBUTES.sub("", render_body(block, language)[0]))


@dataclass
class DeskRow:
    status: str
    heading: bool
    source_html: SafeString  # the current English
    translation_html: SafeString
    old_source_html: SafeString | str = ""  # the English the translation followed
    source_diff: SafeString | str = ""  # Markdown, old → current, marked

    @property
    def source_changed(self) -> bool:
        return self.status in (Status.CHANGED, Status.ADDED, Status.REMOVED)


def desk_rows(
    *, old_source: str, current_source: str, translation: str, language: str | None = None
) -> list[DeskRow]:
    """The rows of the desk (see the module docstring). `old_source` is the body of the
    English revision the translation follows; `current_source` the English approved now;
    `translation` is written in `language` (its callout labels are shown in it, as on the
    public page)."""
    old_blocks, new_blocks, translated = (
        blocks(old_source),
        blocks(current_source),
        blocks(translation),
    )
    translation_for: dict[int, list[int]] = {}
    leading_extra: list[int] = []
    last_old: int | None = None
    for old_index, translation_index in pair_by_structure(old_blocks, translated):
        if old_index is not None:
            last_old = old_index
            translation_for.setdefault(old_index, [])
            if translation_index is not None:
                translation_for[old_index].append(translation_index)
        elif last_old is None:
            leading_extra.append(translation_index)
        else:
            translation_for[last_old].append(translation_index)

    def extra_row(index: int) -> DeskRow:
        block = translated[index]
        return DeskRow(Status.EXTRA, is_heading(block), mark_safe(""), _render(block, language))

    def extra_rows(old_index: int | None) -> list[DeskRow]:
        # Translation blocks beyond the first paired with an English one: shown on their
        # own rows, so nothing the translator wrote is hidden.
        indexes = translation_for.get(old_index, [])[1:] if old_index is not None else []
        return [extra_row(i) for i in indexes]

    def first_translated(old_index: int) -> SafeString:
        indexes = translation_for.get(old_index, [])
        return _render(translated[indexes[0]], language) if indexes else mark_safe("")

    rows = [extra_row(i) for i in leading_extra]
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        for offset in range(max(a2 - a1, b2 - b1)):
            old_index = a1 + offset if a1 + offset < a2 else None
            new_block = new_blocks[b1 + offset] if b1 + offset < b2 else None
            old_block = old_blocks[old_index] if old_index is not None else None
            if op == "equal":
                status = Status.SAME
            elif new_block is None:
                status = Status.REMOVED
            elif old_block is None:
                status = Status.ADDED
            else:
                status = Status.CHANGED
            rows.append(
                DeskRow(
                    status=status,
                    heading=is_heading(new_block or old_block),
                    source_html=_render(new_block),
                    translation_html=first_translated(old_index)
                    if old_index is not None
                    else mark_safe(""),
                    old_source_html=_render(old_block) if status != Status.SAME else mark_safe(""),
                    source_diff=inline_diff(old_block or "", new_block or "")
                    if status != Status.SAME
                    else mark_safe(""),
                )
            )
            if old_index is not None:
                rows += extra_rows(old_index)
    return rows

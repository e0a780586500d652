"""Small bar charts drawn on the server as SVG: no scripts, no third-party code.

A chart is a picture of a table; the page always shows the same figures as a real
table beside it (for screen readers, and for anyone who prefers numbers). Colours come
from CSS classes (the CSP forbids inline styles); each series also has its own label
in the legend and a value printed on the bar, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

ROW_HEIGHT = 28
LABEL_WIDTH = 210
BAR_WIDTH = 380
VALUE_GAP = 6
TOP = 8


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    # "1 story", "2 stories": each series says how to count itself, with ngettext so
    # that every language gets its own plural forms.
    count: Callable[[int], str] | None = None

    def counted(self, value: int) -> str:
        if self.count is not None:
            return self.count(value)
        return f"{value} {self.name.lower()}"


@dataclass
class BarChart:
    """Horizontal bars, one row per label, stacked by series."""

    key: str
    title: str
    description: str
    series: list[Series]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)
    unit: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(sum(values) for _label, values in self.rows)

    @property
    def totals(self) -> list[int]:
        return [sum(values) for _label, values in self.rows]

    def svg(self) -> SafeString:
        height = TOP * 2 + ROW_HEIGHT * max(len(self.rows), 1) + ROW_HEIGHT
        width = LABEL_WIDTH + BAR_WIDTH + 60
        largest = max(self.totals or [0]) or 1
        parts = []
        for index, (label, values) in enumerate(self.rows):
            y = TOP + index * ROW_HEIGHT
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                    LABEL_WIDTH - 8,
                    y + ROW_HEIGHT * 0.62,
                    _shorten(label),
                )
            )
            x = LABEL_WIDTH
            for value, series in zip(values, self.series, strict=True):
                if not value:
                    continue
                length = max(2, round(BAR_WIDTH * value / largest))
                parts.append(
                    format_html(
                        '<rect class="chart-bar {}" x="{}" y="{}" width="{}" height="{}">'
                        "<title>{}: {}</title></rect>",
                        series.css_class,
                        x,
                        y + 4,
                        length,
                        ROW_HEIGHT - 8,
                        label,
                        series.counted(value),
                    )
                )
                x += length
            parts.append(
                format_html(
                    '<text class="chart-value" x="{}" y="{}">{}</text>',
                    x + VALUE_GAP,
                    y + ROW_HEIGHT * 0.62,
                    sum(values),
                )
            )
        legend_y = TOP + len(self.rows) * ROW_HEIGHT + ROW_HEIGHT * 0.7
        legend = []
        x = LABEL_WIDTH
        for series in self.series:
            legend.append(
                format_html(
                    '<rect class="chart-bar {}" x="{}" y="{}" width="12" height="12"></rect>'
                    '<text class="chart-legend" x="{}" y="{}">{}</text>',
                    series.css_class,
                    x,
                    legend_y - 10,
                    x + 16,
                    legend_y,
                    series.name,
                )
            )
            x += 16 + 9 * len(series.name) + 24
        return format_html(
            '<svg class="chart" role="img" aria-labelledby="{key}-title {key}-desc" '
            'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
            'xmlns="http://www.w3.org/2000/svg">'
            '<title id="{key}-title">{title}</title><desc id="{key}-desc">{desc}</desc>'
            "{bars}{legend}</svg>",
            key=self.key,
            w=width,
            h=height,
            title=self.title,
            desc=self.description,
            bars=mark_safe("".join(parts)),
            legend=mark_safe("".join(legend)),
        )

    def table_rows(self) -> SafeString:
        return format_html_join(
            "\n",
            "<tr><th scope='row'>{}</th>{}<td>{}</td></tr>",
            ((label, _cells(values), sum(values)) for label, values in self.rows),
        )


def _cells(values: list[int]) -> SafeString:
    return format_html_join("", "<td>{}</td>", ((value,) for value in values))


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

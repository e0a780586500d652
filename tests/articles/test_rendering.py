from html.parser import HTMLParser

import pytest

from articles.readability import measure
from articles.rendering import plain_text, render_body

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="color:red" onclick="steal()">hi</p>',
    "<a href=\"#\" onmouseover='x()'>x</a>",
    '![x](javascript:alert(1) "caption")',
    "<svg><script>alert(1)</script></svg>",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def real_tags(html: str) -> list[tuple[str, dict]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.mark.parametrize("source", HOSTILE)
def test_nothing_executable_reaches_the_page(source):
    html, _ = render_body(f"Intro\n\n{source}\n\nOutro")
    for tag, attrs in real_tags(html):
        assert tag not in {"script", "iframe", "svg", "style", "object", "embed"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style"
            if name in {"href", "src"} and value:
                assert not value.strip().lower().startswith("javascript:"), value


def test_raw_html_is_shown_as_text_not_markup():
    html, _ = render_body('Before <b onclick="x()">bold</b> after')
    assert "<b" not in html
    assert "&lt;b onclick" in html


def test_headings_get_anchors_and_a_table_of_contents():
    html, toc = render_body(
        "# First\n\ntext\n\n## Second part\n\ntext\n\n### Detail & more\n\ntext"
    )
    assert '<h2 id="section-first">First</h2>' in html
    assert '<h2 id="section-second-part">Second part</h2>' in html
    assert '<h3 id="section-detail-more">Detail &amp; more</h3>' in html
    assert [entry["title"] for entry in toc] == ["First", "Second part", "Detail & more"]
    assert [entry["level"] for entry in toc] == [2, 2, 3]


def test_supported_markdown_features():
    source = (
        "Para with *emphasis* and **strong** and [a link](https://example.org).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> A quote\n\n"
        '![A nurse talking to a patient](/media/a.jpg "Talking helps")\n\n'
        "A claim[^2]."
    )
    html, _ = render_body(source)
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">a link</a>' in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert '<figure class="body-figure">' in html
    assert 'alt="A nurse talking to a patient"' in html
    assert "<figcaption>Talking helps</figcaption>" in html
    assert '<sup class="citation"><a class="citation" href="#ref-2"' in html


def test_plain_text_drops_markup_and_citation_markers():
    assert (
        plain_text("## Head\n\nSome **bold** text[^1].\n\n- a\n- b") == "Head Some bold text . a b"
    )


def test_reading_grade_for_simple_and_hard_text():
    simple = measure("The nurse will call you. You can ask her about the drip. It is safe.")
    hard = measure(
        "Immunotherapeutic interventions necessitate comprehensive multidisciplinary "
        "evaluation, considering immunological characteristics and histopathological "
        "classification."
    )
    assert simple.grade is not None and simple.grade < 6
    assert hard.too_hard and hard.grade > 8
    assert measure("").grade is None
    assert measure(" ".join(["word"] * 450)).minutes == 3


@pytest.mark.parametrize(
    "address",
    ["https://tracker.example/pixel.png", "//cdn.example/a.png", "http://x.example/b.jpg"],
)
def test_body_images_from_other_sites_are_dropped(address):
    html, _ = render_body(f'![A chart]({address} "Caption")')
    assert address not in html
    assert "src=" not in html


def test_body_images_from_this_site_are_kept():
    html, _ = render_body('![A chart](/media/articles/chart.png "Caption")')
    assert 'src="/media/articles/chart.png"' in html

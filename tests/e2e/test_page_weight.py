"""The first view of an article on a phone, as Chromium downloads it: at most 150 KB
with its hero picture, the hero never lazy, one stylesheet and no blocking script."""

import pytest

from articles import services
from eduportal.images import clean_uploaded_image
from tests.factories import ArticleFactory, TopicFactory, approve
from tests.images import photo_like_bytes, upload
from tests.stories.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET_BYTES = 150 * 1024


def realistic_article():
    topic = TopicFactory(name="Breast cancer", slug="breast-cancer")
    article = ArticleFactory(
        title="Immunotherapy for breast cancer: what to expect",
        hero_alt="A nurse talks with a patient before treatment",
        body="\n\n".join(
            f"## Part {n}\n\n" + "Your care team explains each step before it starts. " * 40
            for n in range(1, 9)
        ),
        topics=[topic],
    )
    article.hero_image = clean_uploaded_image(upload(content=photo_like_bytes())).content
    article.save()
    services.record_revision(article=article, by=None)
    article = services.publish_article(article=approve(article), by=None)
    for _ in range(25):
        CommentFactory(article=article)
    return article


def test_article_first_view_on_a_phone_stays_within_150_kb(browser, live_server):
    article = realistic_article()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    page = context.new_page()
    transferred: dict[str, int] = {}

    def finished(request):
        sizes = request.sizes()
        transferred[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.goto(article.get_absolute_url(), wait_until="networkidle")
    total = sum(transferred.values())
    report = "\n".join(f"{size:>8} {url}" for url, size in sorted(transferred.items()))
    print(f"first view of the article at 390 px: {total} bytes\n{report}")
    assert total <= BUDGET_BYTES, f"{total} bytes:\n{report}"

    hero_url = page.evaluate("document.querySelector('.hero-figure img').currentSrc")
    assert hero_url in transferred, "the hero is part of the first view"
    hero = page.locator(".hero-figure img")
    assert hero.get_attribute("loading") == "eager"
    assert hero.get_attribute("fetchpriority") == "high"
    stylesheets = [url for url in transferred if url.endswith(".css")]
    assert len(stylesheets) == 1, stylesheets
    blocking = page.evaluate(
        "[...document.querySelectorAll('script[src]')].filter(s => !s.defer && !s.async).length"
    )
    assert blocking == 0
    # The page is compressed on the way (GZipMiddleware).
    assert transferred[page.url] < len(page.content().encode()) / 2
    context.close()

"""Issue 11, item 10: one site address everywhere, valid machine dates, Open Graph on
every public page, person JSON-LD, breadcrumbs, heading order, feedback where the
reader is."""

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from reviews.models import Position
from tests.eduportal.test_foundation import PRODUCTION_ENV, ROOT, run_manage
from tests.factories import TopicFactory, approved_term, published_article
from tests.reviews.factories import record_check, verified_specialist
from tests.stories.factories import CommentFactory, StoryFactory, cancer_type

pytestmark = pytest.mark.django_db
SITE = "https://eduportal.test"


@pytest.fixture
def pages(db):
    """One page of every public type, with the content it needs."""
    topic = cancer_type()
    article = published_article(
        topics=[topic], tags=["rash"], care_team_questions="Who do I call?",
        body="## Side effects\n\nA mild rash.\n\n::: urgent\n- A fever\n:::",
    )  # fmt: skip
    CommentFactory(article=article)
    story = StoryFactory(cancer_type=topic)
    specialist = verified_specialist(full_name="Ada Okafor", positions=["Oncologist"])
    approved_term(term="Rash", definition="Red or itchy skin.")
    return {
        "home": reverse("articles:home"),
        "article list": reverse("articles:list"),
        "topic": f"{reverse('articles:list')}?topic={topic.slug}",
        "tag": reverse("articles:tag", kwargs={"tag_slug": "rash"}),
        "article": article.get_absolute_url(),
        "questions": reverse("articles:questions", kwargs={"slug": article.slug}),
        "history": reverse("reviews:article-history", kwargs={"slug": article.slug}),
        "search": f"{reverse('articles:search')}?q=rash",
        "glossary": reverse("articles:glossary"),
        "support": reverse("support"),
        "story list": reverse("stories:list"),
        "story": story.get_absolute_url(),
        "share": reverse("stories:share"),
        "specialist list": reverse("reviews:specialist-list"),
        "specialist": specialist.get_absolute_url(),
        "editorial policy": reverse("editorial-policy"),
    }


def meta(html: str, prop: str) -> str | None:
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_every_public_page_has_open_graph_description_image_and_url(client, pages):
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert meta(html, "og:description"), name
        assert (meta(html, "og:image") or "").startswith(f"{SITE}/"), name
        assert (meta(html, "og:url") or "").startswith(f"{SITE}/"), name
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
        assert canonical is None or canonical.group(1).startswith(SITE), name
        assert "testserver" not in html, name


def test_every_time_element_has_a_valid_machine_date(client, pages):
    valid = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?$")
    seen = 0
    for name, url in pages.items():
        for value in re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode()):
            assert valid.match(value), (name, value)
            seen += 1
    assert seen >= 5


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_heading_levels_never_skip_on_any_page(client, pages):
    for name, url in pages.items():
        parser = Headings()
        parser.feed(client.get(url).content.decode())
        assert parser.levels and parser.levels[0] == 1, name
        for before, after in zip(parser.levels, parser.levels[1:], strict=False):
            assert after <= before + 1, (name, parser.levels)


def test_articles_carry_a_breadcrumb_list(client, pages):
    html = client.get(pages["article"]).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    crumbs = data["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names[:3] == ["Home", "Articles", "Breast cancer"]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]
    assert all(item["item"].startswith(SITE) for item in crumbs["itemListElement"])
    assert data["url"].startswith(SITE)


def test_specialist_json_ld_is_a_person_with_each_hospital_once(client):
    specialist = verified_specialist(full_name="Ada Okafor")
    for order, title in enumerate(["Consultant", "Head of Department", "Programme Director"]):
        Position.objects.create(
            specialist=specialist, title=title, institution="St Brigid's", position=order
        )
    record_check(specialist)  # the page shows the posts the check recorded
    html = client.get(specialist.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Person"
    assert data["affiliation"] == [{"@type": "Organization", "name": "St Brigid's"}]
    assert "medicalSpecialty" not in data  # an organisation's property


def test_feeds_sitemap_and_robots_use_the_one_site_address(client, pages):
    for url in (reverse("articles:feed"), reverse("articles:atom-feed"), "/sitemap.xml"):
        body = client.get(url).content.decode()
        links = re.findall(r"https?://[^\s<\"']+", body)
        ours = [link for link in links if "eduportal" in link or "localhost" in link
                or "testserver" in link or "127.0.0.1" in link]  # fmt: skip
        assert ours and all(link.startswith(SITE) for link in ours), (url, ours[:5])
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}{pages['glossary']}</loc>" in sitemap
    assert f"<loc>{SITE}/support/</loc>" in sitemap
    assert f"Sitemap: {SITE}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_share_links_use_the_site_address(client, pages):
    html = client.get(pages["article"]).content.decode()
    assert f'data-copy="{SITE}{pages["article"]}"' in html


def test_demo_logins_line_names_the_configured_address(settings):
    import io

    settings.SITE_URL = "http://127.0.0.1:8861"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo logins for http://127.0.0.1:8861/admin/" in out.getvalue()


def test_site_url_follows_port_and_make_run_passes_it():
    env = {**PRODUCTION_ENV, "DEBUG": "1", "PORT": "8861", "SITE_URL": ""}
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)",
                        env_overrides=env)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8861", result.stderr
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8861"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # migrate, load_demo, and the background worker started beside runserver: every
    # manage.py command gets the same SITE_URL (a worker's emails link to this port).
    commands = [line for line in dry_run.splitlines() if "manage.py" in line]
    assert len(commands) == 4
    assert all("SITE_URL=${SITE_URL:-http://127.0.0.1:8861}" in line for line in commands)
    assert "db_worker" in commands[2] and "runserver 127.0.0.1:8861" in commands[-1]


def test_deploy_check_warns_when_site_url_is_not_a_public_https_address():
    env = {**PRODUCTION_ENV, "SITE_URL": "http://127.0.0.1:8000"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode != 0 and "eduportal.W001" in result.stdout + result.stderr


def test_feedback_thank_you_appears_in_the_feedback_section_and_takes_focus(client):
    article = published_article()
    response = client.post(
        reverse("articles:feedback", kwargs={"slug": article.slug}),
        {"kind": "helpful", "message": ""},
    )
    assert response["Location"] == f"{article.get_absolute_url()}#feedback-thanks"
    html = client.get(response["Location"].split("#")[0]).content.decode()
    section = html.split('id="feedback"')[1].split("</section>")[0]
    assert 'id="feedback-thanks"' in section and "data-focus-on-load" in section
    assert 'tabindex="-1"' in section and "Thank you" in section
    assert 'class="container messages"' not in html  # not at the top of the page
    assert "[data-focus-on-load]" in (ROOT / "static/js/site.js").read_text()


def test_header_navigation_is_one_row_on_narrow_phones():
    css = (Path(ROOT) / "static/css/site.css").read_text()
    narrow = css.split("@media (max-width: 30rem)")[1].split("}\n}")[0]
    assert "flex-wrap: nowrap" in narrow and "min-height: 44px" in css


def test_topic_filter_page_keeps_its_topic(client, pages):
    TopicFactory(slug="unused")
    assert client.get(pages["topic"]).status_code == 200

"""Side door 3: site pages (flat pages) stay in their lane. Service layer and admin."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eduportal import sitepages
from tests.admin_forms import admin_post_data
from tests.factories import UserFactory, editor_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/articles/about/", "/articles/", "/stories/mine/", "/specialists/dr-who/", "/admin/x/",
     "/search/", "/search/anything/", "/feeds/articles/x/", "/tags/x/", "/media/x/",
     "/static/x/", "/sitemap.xml/", "/robots.txt/", "/healthz/", "/", "/ARTICLES/about/"],
)  # fmt: skip
def test_addresses_inside_an_apps_url_space_are_refused(url):
    assert sitepages.address_conflict(url)
    with pytest.raises(ValidationError) as error:
        sitepages.validate_site_page(url=url, content="Plain text.")
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", ["/about/", "/privacy/", "/help/", "/help/caring-for-someone/"])
def test_addresses_outside_the_apps_are_fine(url):
    assert sitepages.address_conflict(url) is None


@pytest.mark.urls("tests.eduportal.urls_with_clinics")
def test_the_url_space_comes_from_the_resolver_not_a_list():
    assert "clinics" in sitepages.app_url_space()
    assert sitepages.address_conflict("/clinics/opening-hours/")


def test_text_is_markdown_never_raw_html():
    with pytest.raises(ValidationError) as error:
        sitepages.validate_site_page(url="/help/", content='<p onclick="x()">Hello</p>')
    assert "Markdown" in error.value.message_dict["content"][0]
    sitepages.validate_site_page(url="/help/", content="Fever of < 38°C or 3 > 2 is fine text.")


def test_save_site_page_enforces_the_rules_and_the_permission():
    page = FlatPage(url="/articles/fake/", title="Fake", content="Looks like an article.")
    with pytest.raises(ValidationError):
        sitepages.save_site_page(page=page, by=None)
    assert not FlatPage.objects.filter(url="/articles/fake/").exists()
    page.url = "/help/"
    with pytest.raises(PermissionDenied):
        sitepages.save_site_page(page=page, by=UserFactory())
    page.template_name = "admin/base.html"
    with pytest.raises(ValidationError) as error:
        sitepages.save_site_page(page=page, by=None)
    assert "template_name" in error.value.message_dict
    page.template_name = ""
    sitepages.save_site_page(page=page, by=None)
    assert list(page.sites.all()) == [Site.objects.get_current()]


def test_a_page_saved_inside_an_apps_space_is_never_served(client):
    """Saved around the rules (an old row, the shell): the fallback still refuses."""
    page = FlatPage.objects.create(url="/articles/sneaky/", title="Sneaky", content="Cure!")
    page.sites.add(Site.objects.get_current())
    response = client.get("/articles/sneaky/")
    assert response.status_code == 404 and "Cure!" not in response.content.decode()
    allowed = FlatPage.objects.create(url="/help/", title="Help", content="## Ask us\n\nAny time.")
    allowed.sites.add(Site.objects.get_current())
    html = client.get("/help/").content.decode()
    assert '<h2 id="section-ask-us">Ask us</h2>' in html


def test_site_pages_render_as_sanitised_markdown(client):
    page = FlatPage.objects.get(url="/about/")
    page.content = "**Bold** and <script>alert(1)</script> [a link](/articles/)"
    page.save()
    html = client.get("/about/").content.decode()
    assert "<strong>Bold</strong>" in html and '<a href="/articles/"' in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_standing_pages_are_markdown_after_the_migration():
    for page in FlatPage.objects.all():
        assert not sitepages.RAW_HTML_TAG.search(page.content), page.url


def test_the_migration_turns_html_pages_into_markdown():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("eduportal.migrations.0006_site_pages_markdown")
    page = FlatPage.objects.get(url="/about/")
    page.content = "<h2>Who we are</h2><ul><li>Nurses</li><li>Doctors</li></ul><p><a href='/help/'>Help</a></p>"
    page.template_name = "flatpages/other.html"
    page.save()
    migration.html_to_markdown(apps, None)
    page.refresh_from_db()
    assert page.content == "## Who we are\n\n- Nurses\n- Doctors\n\n[Help](/help/)"
    assert page.template_name == ""


# The admin ---------------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    client.force_login(editor_user())
    return client


def page_form(client, page, **fields):
    address = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    values = {"url": page.url, "title": page.title, "content": page.content,
              "sites": [s.pk for s in page.sites.all()], **fields}  # fmt: skip
    return address, {**admin_post_data(client, address), **values}


def test_editor_cannot_move_a_page_under_articles(editor_client):
    page = FlatPage.objects.get(url="/about/")
    url, data = page_form(editor_client, page, url="/articles/about/")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert "changed successfully" not in response.content.decode()
    page.refresh_from_db()
    assert page.url == "/about/"


def test_editor_cannot_save_raw_html(editor_client):
    page = FlatPage.objects.get(url="/about/")
    url, data = page_form(editor_client, page, content='<iframe src="https://x"></iframe>')
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Markdown" in response.context["adminform"].form.errors["content"][0]
    page.refresh_from_db()
    assert "iframe" not in page.content


def test_editor_edits_a_page_in_markdown(editor_client, client):
    page = FlatPage.objects.get(url="/about/")
    html = editor_client.get(
        reverse("admin:flatpages_flatpage_change", args=[page.pk])
    ).content.decode()
    assert 'name="template_name"' not in html and 'name="registration_required"' not in html
    url, data = page_form(editor_client, page, content="## Our team\n\nNurses and doctors.")
    assert editor_client.post(url, data).status_code == 302
    assert '<h2 id="section-our-team">Our team</h2>' in client.get("/about/").content.decode()


# The standing pages stay where the site links to them -------------------------------------


def test_the_standing_pages_come_from_the_urlconf():
    assert sitepages.standing_page_urls() == {
        "/editorial-policy/": "editorial-policy",
        "/medical-disclaimer/": "medical-disclaimer",
        "/privacy/": "privacy",
        "/about/": "about",
    }


@pytest.mark.parametrize("standing", ["/editorial-policy/", "/medical-disclaimer/", "/privacy/",
                                      "/about/"])  # fmt: skip
def test_a_standing_page_cannot_move_through_the_service(standing):
    page = FlatPage.objects.get(url=standing)
    page.url = "/our-policy/"
    with pytest.raises(ValidationError) as error:
        sitepages.save_site_page(page=page, by=None)
    assert "cannot move" in error.value.message_dict["url"][0]
    assert FlatPage.objects.filter(pk=page.pk, url=standing).exists()
    page.url, page.title = standing, "A new title"
    sitepages.save_site_page(page=page, by=None)  # its text and title still change
    # Another page may use any free address, and a new page is not a move.
    sitepages.validate_site_page(url="/our-policy/", content="Text.", previous_url="/help/")
    sitepages.validate_site_page(url="/our-policy/", content="Text.", previous_url=None)


def test_editor_cannot_move_the_editorial_policy(editor_client, client):
    page = FlatPage.objects.get(url="/editorial-policy/")
    url, data = page_form(editor_client, page, url="/our-policy/")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "cannot move" in response.context["adminform"].form.errors["url"][0]
    assert "changed successfully" not in response.content.decode()
    page.refresh_from_db()
    assert page.url == "/editorial-policy/"
    assert client.get(reverse("editorial-policy")).status_code == 200

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db.utils import OperationalError
from django.urls import reverse

from eduportal.roles import ROLES, role_permissions

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def run_manage(*args, env_overrides=None, timeout=60):
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env.update({"DJANGO_SETTINGS_MODULE": "eduportal.settings"})
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-with-many-characters-7d1e0c9b8a6f5e4d3c2b1a",
    "ALLOWED_HOSTS": "eduportal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://eduportal.example.org",
    "SITE_URL": "https://eduportal.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def test_healthz_answers_with_json_when_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable"}


def test_security_headers_on_home_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_base_layout_has_landmarks_skip_link_and_navigation(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for label, url in [
        ("Articles", reverse("articles:list")),
        ("Stories", reverse("stories:list")),
        ("Specialists", reverse("reviews:specialist-list")),
        ("Search", reverse("articles:search")),
    ]:
        assert f'<a href="{url}"' in html and f">{label}</a>" in html
    for url in ["/editorial-policy/", "/medical-disclaimer/", "/privacy/", "/about/"]:
        assert f'href="{url}"' in html
    assert "<script>" not in html and 'style="' not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/editorial-policy/", "Editorial policy"),
        ("/medical-disclaimer/", "Medical disclaimer"),
        ("/privacy/", "Privacy"),
        ("/about/", "About us"),
    ],
)
def test_standing_pages_exist_and_are_editable_flatpages(client, url, heading):
    from django.contrib.flatpages.models import FlatPage

    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    page = FlatPage.objects.get(url=url)
    page.content = "<p>Changed by an editor.</p><script>alert(1)</script>"
    page.save()
    html = client.get(url).content.decode()
    assert "Changed by an editor." in html
    assert "<script>alert(1)</script>" not in html


def test_custom_404_page_in_site_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html


def test_custom_500_page_renders_without_request_context():
    from eduportal.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://eduportal.test/sitemap.xml" in response.content.decode()


def test_roles_have_exactly_the_declared_permissions():
    expected = role_permissions()
    for role in ROLES:
        group = Group.objects.get(name=role)
        actual = {
            f"{perm.content_type.app_label}.{perm.codename}"
            for perm in group.permissions.select_related("content_type")
        }
        assert actual == expected[role], role


def test_roles_do_not_grant_deleting_content_or_user_admin():
    for role in ROLES:
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert (
            not {"delete_article", "delete_articlerevision", "add_user", "change_user"} & codenames
        )


def test_request_log_is_one_json_line_per_request():
    from eduportal.settings import LOGGING

    assert LOGGING["handlers"]["stdout"]["formatter"] == "json"
    result = run_manage(
        "shell",
        "-c",
        "from django.test import Client; Client().get('/healthz')",
        env_overrides={
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "sqlite://:memory:",
        },
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    events = [json.loads(line) for line in lines]
    request_events = [event for event in events if event.get("message") == "request"]
    assert request_events and request_events[0]["path"] == "/healthz"
    assert request_events[0]["status"] == 200


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env_overrides={"DEBUG": "0", "SECRET_KEY": ""})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_unreachable_database_stops_with_one_clear_line():
    result = run_manage(
        "migrate",
        env_overrides={
            "DEBUG": "1",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        },
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "cannot reach the database (127.0.0.1:9/none)" in result.stderr


def test_check_deploy_is_silent_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_load_demo_is_idempotent():
    from django.core.management import call_command

    from articles.models import Article, ArticleRevision, Reference, Topic

    def counts():
        return (
            Article.objects.count(),
            ArticleRevision.objects.count(),
            Reference.objects.count(),
            Topic.objects.count(),
            Group.objects.count(),
        )

    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    assert first[0] >= 4
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert counts() == first
    assert "editor" in output.getvalue() and "Demo logins" in output.getvalue()
    assert Article.objects.published().count() >= 4


def test_favicon_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize(
    "url",
    [
        "/articles/?topic=%00",
        "/tags/immunotherapy/?topic=a%00b",
        "/specialists/?specialty=%00",
        "/specialists/?interest=%00",
        "/stories/manage/%00/",
        "/no-such-page-%00/",
    ],
)
def test_nul_characters_in_addresses_give_a_404_not_a_500(client, url):
    # PostgreSQL refuses NUL characters in queries; this fails there without the guards.
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_gunicorn_logs_are_json_lines_too(capsys):
    import logging.config
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["accesslog"] is None  # the request middleware logs each request once
    logging.config.dictConfig(config["logconfig_dict"])
    try:
        logging.getLogger("gunicorn.error").info("Booting worker")
        line = capsys.readouterr().out.strip().splitlines()[-1]
        assert json.loads(line)["message"] == "Booting worker"
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)


def test_run_service_for_each_reports_refusals_per_row_and_counts_the_rest(rf):
    from django.core.exceptions import ValidationError

    from eduportal.admin import run_service_for_each

    class Admin:
        def __init__(self):
            self.messages = []

        def message_user(self, request, message, level):
            self.messages.append((level, message))

    def perform(number):
        if number % 2:
            raise ValidationError(f"{number} is odd.")

    request = rf.post("/")
    model_admin = Admin()
    done = run_service_for_each(model_admin, request, [1, 2, 4], perform,
                                done=("{count} row done.", "{count} rows done."))  # fmt: skip
    assert done == 2
    assert [m for _level, m in model_admin.messages] == ["“1”: 1 is odd.", "2 rows done."]
    model_admin.messages.clear()
    run_service_for_each(model_admin, request, [3], perform, done=("x", "y"))
    assert [m for _level, m in model_admin.messages] == ["“3”: 3 is odd."]  # no success

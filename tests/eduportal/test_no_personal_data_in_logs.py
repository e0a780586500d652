"""No personal data in the log: the story, comment and withdrawal journeys (with a
failing mail server, expired and broken links and a refused form) leave no email
address, private link, token or story text in what the production logging writes.
And production refuses the console email backend unless explicitly allowed."""

import io
import json
import logging
import logging.config
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from eduportal import settings as project_settings
from stories import services
from stories.models import Story
from tests.eduportal.test_foundation import PRODUCTION_ENV, run_manage
from tests.factories import moderator, published_article
from tests.mail import BACKEND as FLAKY_BACKEND

from ..stories.factories import StoryFactory, cancer_type

pytestmark = pytest.mark.django_db

NAME = "Zelda Quixote"
SHARER = "zelda.quixote@example.org"
COMMENTER = "orla.brennagh@unreachable.example"
STORY_PHRASE = "purple lighthouse seventeen"
COMMENT_PHRASE = "amber walrus orchestra"
STORY = (
    f"The {STORY_PHRASE} was the first thing I saw from the ward window. Treatment took "
    "most of a year, and my sister came every Thursday with crosswords and soup. I kept "
    "a notebook of questions for the nurses, who always found time for them. Some weeks "
    "were very hard. Now I walk by the sea most mornings and feel stronger each month."
)


@pytest.fixture
def production_log():
    """The project's own LOGGING (JSON lines, the redaction filter) at INFO, written
    to a buffer instead of stdout."""
    from django.conf import settings

    buffer = io.StringIO()
    config = json.loads(json.dumps(project_settings.LOGGING, default=str))
    config["handlers"]["stdout"]["stream"] = buffer
    config["root"]["level"] = "INFO"
    logging.config.dictConfig(config)
    try:
        yield buffer
    finally:
        logging.config.dictConfig(settings.LOGGING)


def share_form(topic):
    return {
        "display_name": NAME,
        "age": "44",
        "country": "IE",
        "status": "in_treatment",
        "cancer_type": str(topic.pk),
        "short_line": "Finding my feet again.",
        "text": STORY,
        "email": SHARER,
        "consent_publish": "on",
        "consent_privacy": "on",
    }


def test_journeys_leave_no_personal_data_in_the_log(
    production_log, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    mod = moderator(username="mod", email="mod@example.org")
    topic = cancer_type()
    article = published_article(topics=[topic])
    client = Client()

    # Share a story; the sharer's link arrives by email.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/stories/share/", share_form(topic)).status_code == 302
    link = re.search(r"https?://\S+(/stories/manage/(\S+)/)", mail.outbox[0].body)
    manage_path, token = link.group(1), link.group(2)
    story = Story.objects.get()

    # The sharer opens, edits and later withdraws it; a moderator approves in between.
    assert client.get(manage_path).status_code == 200
    edited = {**share_form(topic), "short_line": "Stronger every week."}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{manage_path}edit/", edited).status_code == 302
        services.approve_story(story=story, moderator=mod)
    assert client.get(story.get_absolute_url()).status_code in {200, 404}
    # A form from an old page (no security token) and a broken link.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"{manage_path}edit/", edited).status_code == 403
    assert client.get(manage_path[:-6] + "zzzz/").status_code == 404
    with time_machine.travel(timedelta(days=400)):
        assert client.get(manage_path).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/stories/link/", {"email": SHARER})
        client.post("/stories/link/", {"email": "never.shared@example.org"})
    assert client.post(f"{manage_path}withdraw/", {"confirm": "on"}).status_code == 302

    # A reader comments; a crisis comment emails moderators, whose mail server fails
    # for one address, and a bad comment is refused.
    comment_url = f"/stories/comments/{article.slug}/"
    moderator(username="mod2", email="mod2@unreachable.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url,
            {
                "name": "Orla",
                "email": COMMENTER,
                "body": f"{COMMENT_PHRASE}. I want to end my life.",
                "consent_privacy": "on",
            },
        )
    assert response.status_code == 302
    assert client.post(comment_url, {"name": "Orla", "email": COMMENTER}).status_code == 400
    # A sign-in attempt with an email address typed as the username.
    client.post("/admin/login/", {"username": SHARER, "password": "not-it-at-all"})

    log = production_log.getvalue()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert len(lines) > 15
    events = {line.get("event") or line["message"] for line in lines}
    assert {"request", "login_failed"} <= events
    # The mail failure, logged by the email job that tries again (eduportal.tasks).
    assert any("email failed" in line["message"] for line in lines)
    for secret in [
        SHARER,
        COMMENTER,
        "mod2@unreachable.example",
        token,
        manage_path,
        STORY_PHRASE,
        COMMENT_PHRASE,
        NAME,
        "Stronger every week",
    ]:
        assert secret not in log, [line for line in log.splitlines() if secret in line]
    assert "@" not in re.sub(r"\[email\]", "", log)


def test_the_request_log_leaves_the_private_token_out_of_paths(rf):
    """Even without the filter: the request log writes the path without the token."""
    from django.urls import resolve

    from eduportal.middleware import loggable_path

    token = services.manage_token(StoryFactory())
    request = rf.get(f"/stories/manage/{token}/edit/")
    request.resolver_match = resolve(request.path)
    assert loggable_path(request) == "/stories/manage/…/edit/"


def test_the_filter_masks_addresses_links_and_tokens():
    from eduportal.logfilters import RedactPersonalData

    record = logging.makeLogRecord(
        {
            "msg": "Not Found: %s for %s",
            "args": ("/stories/manage/abc.def:1tX:signature-part-xxxxxxxxxxxx/", "a@b.example"),
            "recipient": "x@y.example",
        }
    )
    RedactPersonalData().filter(record)
    text = record.getMessage() + record.recipient
    assert "a@b.example" not in text and "x@y.example" not in text and "abc.def" not in text


def test_production_refuses_the_console_email_backend():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "EMAIL_HOST"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode == 1
    assert "email would be written to the server log" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    allowed = run_manage(
        "check", "--deploy", env_overrides={**env, "EDUPORTAL_ALLOW_CONSOLE_EMAIL": "1"}
    )
    assert allowed.returncode == 0 and "eduportal.W003" in allowed.stderr + allowed.stdout

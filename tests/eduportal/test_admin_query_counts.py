"""Every admin change list runs a constant number of queries, however many rows it
shows. Each registered ModelAdmin needs a row maker here: a new admin without one
fails this test until someone says how to make its rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from taggit.models import Tag

from articles import services as article_services
from articles.models import GlossaryTerm, SearchSynonym
from eduportal.models import TwoFactorReset
from reviews.models import ClinicalInterest, CredentialReminder, ReminderLog
from stories.models import DataRequest, Helpline, ScreeningKeyword
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TopicFactory,
    UserFactory,
    approved_term,
    editor_user,
    published_article,
)
from tests.reviews.factories import SpecialtyFactory, approve_review, submit, verified_specialist
from tests.stories.factories import CommentFactory, StoryFactory, cancer_type
from tests.translation_factories import public_translation, translate, translator_user

pytestmark = pytest.mark.django_db


def _article(n):
    """An article with everything a row may show: author with a login, topics, tags,
    references, an approval, a publication date and an open re-review."""
    topic = TopicFactory(slug=f"topic-row-{n}", name=f"Row topic {n}")
    article = ArticleFactory(author=AuthorFactory(user=UserFactory()), topics=[topic],
                             tags=[f"tag{n}", "shared"], references=["A source."])  # fmt: skip
    approve_review(submit(article, by=_editor()), _specialist())
    article.refresh_from_db()
    article_services.publish_article(article=article, by=None)
    article.body += f"\n\nEdit {n}."
    article.save()
    submit(article, by=_editor())
    return article


def _editor():
    return editor_user(username="rows-editor")


def _specialist():
    from reviews.models import Specialist

    return Specialist.objects.filter(slug="rows-reviewer").first() or verified_specialist(
        slug="rows-reviewer"
    )


def _specialist_row(n):
    specialist = verified_specialist(slug=f"specialist-row-{n}", positions=["Consultant", "Lead"])
    specialist.specialties.set([SpecialtyFactory(slug=f"sp-{n}")])
    specialist.clinical_interests.set([f"interest {n}"])
    return specialist


def _group(n):
    group = Group.objects.create(name=f"Row group {n}")
    group.permissions.set(Permission.objects.all()[:3])
    return group


def _user(n):
    user = UserFactory(username=f"row-user-{n}", is_staff=True)
    user.groups.set([_group(100 + n)])
    return user


def _page(n):
    page = FlatPage.objects.create(url=f"/help/row-{n}/", title=f"Row {n}", content="Text.")
    page.sites.add(Site.objects.get_current())
    return page


def _attempt(model, n, **extra):
    return model.objects.create(
        user_agent="pytest",
        ip_address=f"192.0.2.{n}",
        username=f"row-user-{n}",
        http_accept="text/html",
        path_info="/admin/login/",
        **extra,
    )


def _job(n):
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"n": n}},
        task_path="eduportal.tasks.send_email",
        queue_name="email",
        backend_name="default",
        run_after=get_date_max(),
    )


ROW_MAKERS = {
    "django_tasks_database.DBTaskResult": _job,
    "axes.AccessAttempt": lambda n: _attempt(
        AccessAttempt, n, get_data="", post_data="", failures_since_start=n
    ),
    "axes.AccessFailureLog": lambda n: _attempt(AccessFailureLog, n, locked_out=n % 2 == 0),
    "axes.AccessLog": lambda n: _attempt(AccessLog, n, session_hash=f"{n:064d}"),
    "eduportal.TwoFactorReset": lambda n: TwoFactorReset.objects.create(
        user=_user(200 + n),
        username=f"row-user-{200 + n}",
        reset_by=_user(300 + n),
        reset_by_username=f"row-user-{300 + n}",
        reason="Lost phone.",
    ),
    "otp_totp.TOTPDevice": lambda n: TOTPDevice.objects.create(user=_user(400 + n), name="Phone"),
    "otp_static.StaticDevice": lambda n: StaticDevice.objects.create(
        user=_user(500 + n), name="Recovery codes"
    ),
    "stories.DataRequest": lambda n: DataRequest.objects.create(
        kind="export",
        email_fingerprint=f"{n:032d}",
        stories=1,
        handled_by=_user(600 + n),
        handled_by_username=f"row-user-{600 + n}",
    ),
    "auth.Group": _group,
    "auth.User": _user,
    # An explicit id: the migration made site 1 with its own, so PostgreSQL's sequence
    # has not moved past it.
    "sites.Site": lambda n: Site.objects.create(
        pk=100 + n, domain=f"row{n}.example.org", name=f"Row {n}"
    ),
    "flatpages.FlatPage": _page,
    "taggit.Tag": lambda n: Tag.objects.create(name=f"row tag {n}", slug=f"row-tag-{n}"),
    "articles.Topic": lambda n: TopicFactory(slug=f"topic-list-{n}"),
    "articles.Author": lambda n: AuthorFactory(user=UserFactory()),
    "articles.Article": _article,
    "articles.ArticleRevision": lambda n: ArticleFactory(author=AuthorFactory(user=UserFactory())),
    "articles.Feedback": lambda n: article_services.record_feedback(
        article=published_article(), kind="error", message=f"Typo {n}"
    ),
    "reviews.Review": lambda n: submit(ArticleFactory(), by=_editor(), reviewer=_specialist()),
    "reviews.ReviewQueueItem": lambda n: submit(ArticleFactory(), by=_editor()),
    "reviews.SignOff": lambda n: approve_review(
        submit(ArticleFactory(), by=_editor()), _specialist()
    ),
    "reviews.ReminderLog": lambda n: ReminderLog.objects.create(
        article=ArticleFactory(), due_date=timezone.localdate() + timedelta(days=n), kind="due_soon"
    ),
    "reviews.Specialty": lambda n: SpecialtyFactory(slug=f"specialty-row-{n}"),
    "reviews.ClinicalInterest": lambda n: ClinicalInterest.objects.create(
        name=f"interest {n}", slug=f"interest-{n}"
    ),
    "reviews.Specialist": _specialist_row,
    # Every specialist row is checked, so the check list grows with the rows too.
    "reviews.CredentialCheck": lambda n: _specialist_row(100 + n).current_check(),
    "reviews.CredentialReminder": lambda n: CredentialReminder.objects.create(
        check_record=_specialist_row(200 + n).current_check(), kind="lapsing"
    ),
    "stories.Story": lambda n: StoryFactory(moderation_status="pending", cancer_type=cancer_type()),
    "stories.Comment": lambda n: CommentFactory(
        article=published_article(),
        status="pending",
        parent=CommentFactory(article=published_article()) if n % 2 else None,
    ),
    # Every other row approved, so the approval column shows both kinds.
    "articles.GlossaryTerm": lambda n: (approved_term if n % 2 else GlossaryTerm.objects.create)(
        term=f"row term {n}", slug=f"row-term-{n}", definition="A plain definition."
    ),
    "articles.SearchSynonym": lambda n: SearchSynonym.objects.create(
        words=f"rowword{n}, otherword{n}"
    ),
    "stories.Helpline": lambda n: Helpline.objects.create(
        kind="cancer", name=f"Row line {n}", description="Help.", phone="0800 000"
    ),
    "stories.ScreeningKeyword": lambda n: ScreeningKeyword.objects.create(
        phrase=f"row phrase {n}", kind="medical_claim"
    ),
    # Every other translation signed off, so the state column shows both kinds.
    "articles.ArticleTranslation": lambda n: (
        public_translation(published_article())
        if n % 2
        else translate(published_article(), by=translator_user()).translation
    ),
    "articles.TranslationRevision": lambda n: translate(published_article(), "ta"),
    "articles.SafetyRelevantChange": lambda n: _safety_change(),
    "reviews.TranslationSignoff": lambda n: public_translation(
        published_article(), "ms"
    ).signoffs.get(),
}


def _safety_change():
    from articles import translations

    article = published_article()
    article.summary += " Now with a warning."
    article.save()
    revision = article_services.record_revision(article=article, by=None)
    return translations.mark_safety_relevant(revision=revision, by=_editor(), reason="Warning.")


REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def test_every_registered_admin_has_a_row_maker():
    assert sorted(ROW_MAKERS) == REGISTERED


def changelist(client, label):
    app_label, model_name = label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, label
    return len(queries), response.context["cl"].result_count


@pytest.mark.parametrize("label", REGISTERED)
def test_change_list_queries_do_not_grow_with_rows(admin_client, label):
    make = ROW_MAKERS[label]
    for n in range(2):
        make(n)
    changelist(admin_client, label)  # warm up sessions, content types and caches
    few_queries, few_rows = changelist(admin_client, label)
    for n in range(2, 9):
        make(n)
    many_queries, many_rows = changelist(admin_client, label)
    assert many_rows > few_rows, f"{label}: the new rows are not listed"
    assert many_queries == few_queries, (
        f"{label}: {few_queries} queries for {few_rows} rows, {many_queries} for {many_rows}"
    )


def test_article_change_form_queries_do_not_grow_with_its_history(admin_client):
    """The change form's inlines (revisions, sign-offs, status history) too."""
    article = _article(0)
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(4):
        article.body += f"\n\nMore {n}."
        article.save()
        approve_review(submit(article, by=_editor()), _specialist())
        article.refresh_from_db()
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few), (len(few), len(many))

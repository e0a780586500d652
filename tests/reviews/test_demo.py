import io

import pytest
from django.core.management import call_command

from articles.models import Article, Feedback
from eduportal.governance import build_dashboard
from eduportal.roles import CREDENTIALS_OFFICERS, MEDICAL_LEADS
from reviews import identity
from reviews.models import CredentialCheck, Review, SignOff, Specialist
from stories.models import Comment, Story

pytestmark = pytest.mark.django_db


def test_demo_has_checked_reviewers_approved_articles_and_one_pending_re_review():
    call_command("load_demo", stdout=io.StringIO())
    okafor = Specialist.objects.get(user__username="dr.okafor")
    lindqvist = Specialist.objects.get(user__username="dr.lindqvist")
    assert okafor.can_sign_off() and lindqvist.can_sign_off()
    check = okafor.current_check()
    assert check.checked_by.username == "credentials"
    assert check.checked_by.groups.filter(name=CREDENTIALS_OFFICERS).exists()
    assert lindqvist.user.groups.filter(name=MEDICAL_LEADS).exists()
    assert "Director, Breast Cancer Program" in [p.title for p in lindqvist.positions.all()]
    assert okafor.photo_renditions and okafor.photo_alt
    for article in Article.objects.published():
        approval = SignOff.objects.approvals().get(revision=article.approved_revision)
        assert approval.content_hash == article.approved_revision.content_hash
        assert approval.credential_check is not None
    pending = Review.objects.open().get()
    assert pending.article.is_published()
    assert pending.revision != pending.article.approved_revision
    assert pending.reviewer == okafor

    counts = (Specialist.objects.count(), Review.objects.count(), SignOff.objects.count(),
              CredentialCheck.objects.count(), Feedback.objects.count(), Comment.objects.count())  # fmt: skip
    call_command("load_demo", stdout=io.StringIO())
    assert (Specialist.objects.count(), Review.objects.count(), SignOff.objects.count(),
            CredentialCheck.objects.count(), Feedback.objects.count(),
            Comment.objects.count()) == counts  # fmt: skip


def test_demo_has_checked_and_lapsed_profiles_and_the_dashboards_data():
    call_command("load_demo", stdout=io.StringIO())
    chen = Specialist.objects.get(slug="mei-chen")
    assert not chen.is_public and not chen.can_sign_off()
    assert "lapsed" in identity.standing_of(chen.user).explanation
    nowak = Specialist.objects.get(slug="tomasz-nowak")
    assert nowak.is_public and nowak.user is None and nowak.author is not None
    assert Article.objects.published().filter(author=nowak.author).exists()

    dashboard = build_dashboard()
    assert any(row.overdue for row in dashboard.due_articles)
    assert any(not row.overdue for row in dashboard.due_articles)
    assert [row.name for row in dashboard.lapsing] == ["Dr Tomasz Nowak, MD"]
    assert [row.name for row in dashboard.lapsed] == ["Dr Mei Chen, MBBS, FRCP"]
    assert dashboard.stories_waiting == Story.objects.pending().count() >= 1
    assert dashboard.comments_waiting >= 1
    assert dashboard.open_reports == 1


def test_demo_glossary_is_approved_by_a_checked_clinician_through_the_service():
    from articles import demo as articles_demo
    from articles.models import GlossaryTerm

    call_command("load_demo", stdout=io.StringIO())
    okafor = Specialist.objects.get(user__username="dr.okafor")
    terms = list(GlossaryTerm.objects.all())
    assert len(terms) == len(articles_demo.GLOSSARY)
    for term in terms:
        assert term.is_published() and not term.is_awaiting_approval(), term
        assert term.approved_by == okafor.user
        assert term.approved_by_name == okafor.current_check().name_with_credentials
    history = {term.pk: term.history.count() for term in terms}
    # A second run approves nothing again; a term someone changed waits for a person.
    changed = terms[0]
    changed.definition = "A wording someone typed while trying the demo."
    changed.save()
    call_command("load_demo", stdout=io.StringIO())
    changed.refresh_from_db()
    assert changed.is_awaiting_approval()
    assert {t.pk: t.history.count() for t in GlossaryTerm.objects.exclude(pk=changed.pk)} == {
        pk: count for pk, count in history.items() if pk != changed.pk
    }

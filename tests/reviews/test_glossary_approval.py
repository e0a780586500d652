"""Glossary definitions are medical meaning: the public sees only the wording a checked
clinician approved (reviews.services.approve_glossary_term), bound to exactly the words
they read, and an editor's later change waits, unseen, until it is approved again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.glossary import explain_terms, published_entries
from articles.models import GlossaryTerm
from articles.rendering import render_body
from articles.search import search_articles
from eduportal import pagecache
from eduportal.roles import EDITORS, MEDICAL_REVIEWERS
from reviews import services
from tests.factories import UserFactory, approved_term, published_article, reviewer
from tests.reviews.factories import SpecialistFactory, mark_verified, verified_specialist

pytestmark = pytest.mark.django_db

HER2 = "A protein on some breast cancer cells that helps them grow."
HER2_NEW = "A protein on the surface of some breast cancer cells that helps them grow."


@pytest.fixture
def term(editor):
    term = GlossaryTerm(term="HER2", also_matches="her2-positive", definition=HER2)
    return article_services.save_glossary_term(term=term, by=editor)


def approve(term, specialist, **kwargs):
    return services.approve_glossary_term(term=term, reviewer=specialist.user, **kwargs)


def public_views(client=None) -> dict[str, str]:
    """What the public sees of the glossary: an article's explanation, the A–Z page and
    grouped search results."""
    client = client or Client()
    html, _ = render_body("Cancers with extra HER2 grow faster.")
    return {
        "article": str(explain_terms(html, published_entries())),
        "a-z": client.get(reverse("articles:glossary")).content.decode(),
        "search": client.get(reverse("articles:search"), {"q": "protein"}).content.decode(),
    }


# The service ----------------------------------------------------------------------------


def test_a_checked_clinician_approves_the_exact_wording_with_their_checked_name(term, specialist):
    assert not term.is_published()
    assert all("helps them grow" not in html for html in public_views().values())
    approved = approve(term, specialist)
    assert approved.is_published() and not approved.is_awaiting_approval()
    assert (
        approved.approved_term,
        approved.approved_also_matches,
        approved.approved_definition,
    ) == (
        "HER2",
        "her2-positive",
        HER2,
    )
    check = specialist.current_check()
    assert approved.approved_by == specialist.user
    assert approved.approved_by_name == check.name_with_credentials
    assert approved.approved_by_name.startswith("Dr Morgan Clinician")
    assert approved.approved_at is not None
    for surface, html in public_views().items():
        assert "helps them grow" in html, surface
    # The approval is part of the term's change history, with the clinician.
    latest = approved.history.first()
    assert latest.history_user == specialist.user and latest.approved_definition == HER2


def _unchecked(**kwargs):
    return SpecialistFactory(user=reviewer(username="unchecked"), **kwargs)


def _lapsed():
    return mark_verified(SpecialistFactory(user=reviewer(username="lapsed")), valid_days=-5)


def _not_in_group():
    return mark_verified(SpecialistFactory(user=UserFactory(username="outsider", is_staff=True)))


def _inactive_profile():
    return verified_specialist(user=reviewer(username="retired"), is_active=False)


@pytest.mark.parametrize(
    "make, reason",
    [
        (_unchecked, "No one has checked your registration"),
        (_lapsed, "lapsed"),
        (_not_in_group, "not in the Medical reviewers group"),
        (_inactive_profile, "no longer reviewing"),
    ],
)
def test_only_a_login_that_may_sign_off_today_may_approve(term, make, reason):
    specialist = make()
    with pytest.raises(PermissionDenied, match=reason):
        approve(term, specialist)
    term.refresh_from_db()
    assert term.approved_at is None and not GlossaryTerm.objects.published().exists()


def test_editors_and_anonymous_callers_are_refused(term, editor):
    with pytest.raises(PermissionDenied, match="not linked to a specialist profile"):
        services.approve_glossary_term(term=term, reviewer=editor)
    with pytest.raises(PermissionDenied, match="Sign in"):
        services.approve_glossary_term(term=term, reviewer=None)


def test_the_approval_binds_the_words_the_clinician_read(term, specialist, editor):
    read = term.text_fingerprint()
    # The editor changes the definition while the clinician is reading.
    term.definition = "A protein that changes everything about treatment."
    article_services.save_glossary_term(term=term, by=editor)
    with pytest.raises(ValidationError, match="changed after you read it"):
        approve(term, specialist, fingerprint=read)
    # Without a fingerprint, the words of the term as passed in: a stale copy is refused.
    stale = GlossaryTerm(pk=term.pk, term="HER2", also_matches="her2-positive", definition=HER2)
    with pytest.raises(ValidationError, match="changed after you read it"):
        approve(stale, specialist)
    term.refresh_from_db()
    assert term.approved_at is None


def test_changed_other_forms_or_term_need_approval_too(term, specialist, editor):
    approve(term, specialist)
    term.refresh_from_db()
    # The other forms decide which words in articles get this definition: medical meaning.
    term.also_matches = "her2-positive, chemotherapy"
    article_services.save_glossary_term(term=term, by=editor)
    term.refresh_from_db()
    assert term.is_awaiting_approval() and term.is_published()
    html, _ = render_body("Chemotherapy is given first.")
    assert "glossary-term" not in str(explain_terms(html, published_entries()))
    approve(term, specialist)
    assert "glossary-term" in str(explain_terms(html, published_entries()))


def test_an_editors_change_waits_unseen_until_approved_again(term, specialist, editor):
    approve(term, specialist)
    term.refresh_from_db()
    term.definition = HER2_NEW
    article_services.save_glossary_term(term=term, by=editor)
    term.refresh_from_db()
    assert term.is_awaiting_approval()
    assert list(GlossaryTerm.objects.awaiting_approval()) == [term]
    for surface, html in public_views().items():
        assert HER2 in html and "on the surface" not in html, surface
    # Search does not find the unapproved words either.
    assert search_articles("surface").glossary == []
    approve(term, specialist)
    for surface, html in public_views().items():
        assert "on the surface" in html, surface
    assert [t.term for t in search_articles("surface").glossary] == ["HER2"]


def test_whoever_last_changed_the_wording_may_not_approve_it(term, specialist):
    # A clinician who is also an editor writes a definition: another clinician approves.
    specialist.user.groups.add(Group.objects.get(name=EDITORS))
    user = type(specialist.user).objects.get(pk=specialist.user.pk)
    term.definition = HER2_NEW
    article_services.save_glossary_term(term=term, by=user)
    with pytest.raises(PermissionDenied, match="another clinician"):
        services.approve_glossary_term(term=term, reviewer=user)
    other = verified_specialist(user=reviewer(username="second-reviewer"))
    approve(term, other)
    term.refresh_from_db()
    assert term.approved_definition == HER2_NEW and term.approved_by == other.user


def test_an_approved_wording_is_not_approved_twice(term, specialist):
    approve(term, specialist)
    term.refresh_from_db()
    with pytest.raises(ValidationError, match="already approved"):
        approve(term, specialist)


def test_two_terms_are_never_shown_under_one_name(term, specialist, editor):
    approve(term, specialist)
    term.refresh_from_db()
    term.term = "HER2 protein"
    article_services.save_glossary_term(term=term, by=editor)
    twin = article_services.save_glossary_term(
        term=GlossaryTerm(term="her2", slug="her2-again", definition="Another wording."),
        by=editor,
    )
    with pytest.raises(ValidationError, match="already shown as “HER2”"):
        approve(twin, specialist)


def test_an_invalid_wording_is_refused_with_the_field(specialist, editor):
    term = GlossaryTerm.objects.create(term="PD-L1", definition="One. Two.")
    with pytest.raises(ValidationError) as refused:
        approve(term, specialist)
    assert "definition" in refused.value.message_dict


def test_without_the_permission_the_articles_write_is_refused(term, editor):
    with pytest.raises(PermissionDenied, match="Only medical reviewers"):
        article_services.approve_glossary_text(
            term=term, fingerprint=term.text_fingerprint(), by=editor, approved_by_name="X"
        )


def test_an_approval_shows_at_once_on_cached_pages(
    term, specialist, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    article = published_article(body="Cancers with extra HER2 grow faster.")
    pages = [article.get_absolute_url(), reverse("articles:glossary")]
    for path in pages:  # cached without the definition
        assert "helps them grow" not in Client().get(path).content.decode(), path
    before = pagecache.current_version().site
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(term, specialist)
    assert pagecache.current_version().site == before  # nothing before the commit
    for callback in callbacks:
        callback()
    for path in pages:
        assert "helps them grow" in Client().get(path).content.decode(), path


def test_hiding_or_showing_an_approved_term_drops_cached_pages(
    term, specialist, editor, django_capture_on_commit_callbacks
):
    approve(term, specialist)
    term.refresh_from_db()
    before = pagecache.current_version().site
    term.published = False
    with django_capture_on_commit_callbacks(execute=True):
        article_services.save_glossary_term(term=term, by=editor)
    assert pagecache.current_version().site != before
    assert not GlossaryTerm.objects.published().exists()


# The queryset and its instance twins -------------------------------------------------


def test_published_and_waiting_agree_for_querysets_and_instances(specialist, editor):
    never = GlossaryTerm.objects.create(term="Never", definition="Never approved.")
    shown = approved_term(term="Shown", definition="Approved as written.")
    hidden = approved_term(term="Hidden", definition="Approved, then hidden.", published=False)
    changed = approved_term(term="Changed", definition="Approved once.")
    changed.definition = "Changed since."
    article_services.save_glossary_term(term=changed, by=editor)
    renamed = approved_term(term="Renamed", definition="Approved once.")
    renamed.term = "Renamed again"
    article_services.save_glossary_term(term=renamed, by=editor)
    terms = [never, shown, hidden, changed, renamed]
    for each in terms:
        each.refresh_from_db()
    published = set(GlossaryTerm.objects.published())
    waiting = set(GlossaryTerm.objects.awaiting_approval())
    assert published == {shown, changed, renamed}
    assert waiting == {never, changed, renamed}
    assert set(GlossaryTerm.objects.approved_as_written()) == {shown, hidden}
    for each in terms:
        assert each.is_published() == (each in published), each
        assert each.is_awaiting_approval() == (each in waiting), each


def test_the_database_refuses_a_half_recorded_approval(term):
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.filter(pk=term.pk).update(approved_definition=HER2)
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.filter(pk=term.pk).update(
            approved_at=timezone.now(), approved_term="HER2", approved_definition=HER2
        )


# Roles ------------------------------------------------------------------------------


def test_medical_reviewers_read_and_approve_terms_and_editors_do_not_approve():
    reviewers = Group.objects.get(name=MEDICAL_REVIEWERS).permissions
    editors = Group.objects.get(name=EDITORS).permissions
    assert set(
        reviewers.filter(codename__endswith="glossaryterm").values_list("codename", flat=True)
    ) == {"view_glossaryterm", "approve_glossaryterm"}
    assert not editors.filter(codename="approve_glossaryterm").exists()
    assert editors.filter(codename="change_glossaryterm").exists()


# The admin --------------------------------------------------------------------------


def changelist(client, **params):
    return client.get(reverse("admin:articles_glossaryterm_changelist"), params)


def test_reviewers_approve_selected_terms_after_reading_them(term, specialist):
    other = GlossaryTerm.objects.create(term="PD-L1", definition="A protein on some cells.")
    client = Client()
    client.force_login(specialist.user)
    url = reverse("admin:articles_glossaryterm_changelist")
    assert 'value="approve_wording"' in client.get(url).content.decode()
    page = client.post(
        url, {"action": "approve_wording", "_selected_action": [term.pk, other.pk]}
    ).content.decode()
    # The words to approve, and the name the approval is recorded with.
    assert HER2 in page and "A protein on some cells." in page
    assert specialist.current_check().name_with_credentials in page
    assert f'name="fingerprint-{term.pk}" value="{term.text_fingerprint()}"' in page
    assert not GlossaryTerm.objects.approved().exists()
    response = client.post(
        url,
        {
            "action": "approve_wording",
            "apply": "1",
            "_selected_action": [term.pk, other.pk],
            f"fingerprint-{term.pk}": term.text_fingerprint(),
            f"fingerprint-{other.pk}": other.text_fingerprint(),
        },
        follow=True,
    )
    assert "2 terms approved." in response.content.decode()
    assert set(GlossaryTerm.objects.published()) == {term, other}


def test_a_wording_changed_while_reading_is_an_error_only(term, specialist, editor):
    client = Client()
    client.force_login(specialist.user)
    read = term.text_fingerprint()
    term.definition = HER2_NEW
    article_services.save_glossary_term(term=term, by=editor)
    response = client.post(
        reverse("admin:articles_glossaryterm_changelist"),
        {
            "action": "approve_wording",
            "apply": "1",
            "_selected_action": [term.pk],
            f"fingerprint-{term.pk}": read,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "“HER2”: The term changed after you read it." in html
    assert "approved." not in html and "messagelist" in html
    term.refresh_from_db()
    assert term.approved_at is None


def test_a_reviewer_who_may_not_sign_off_is_told_why_before_reading(term):
    unchecked = SpecialistFactory(user=reviewer(username="not-yet"))
    client = Client()
    client.force_login(unchecked.user)
    response = client.post(
        reverse("admin:articles_glossaryterm_changelist"),
        {"action": "approve_wording", "_selected_action": [term.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "You cannot approve yet. No one has checked your registration" in html
    assert "Approve these words" not in html
    # Posting the approval directly is refused by the service all the same.
    response = client.post(
        reverse("admin:articles_glossaryterm_changelist"),
        {
            "action": "approve_wording",
            "apply": "1",
            "_selected_action": [term.pk],
            f"fingerprint-{term.pk}": term.text_fingerprint(),
        },
        follow=True,
    )
    assert "You cannot sign off yet." in response.content.decode()
    term.refresh_from_db()
    assert term.approved_at is None


def test_editors_have_no_approve_action_and_see_which_terms_wait(term, specialist, editor):
    approved_term(term="Shown", definition="Approved as written.")
    client = Client()
    client.force_login(editor)
    html = changelist(client).content.decode()
    assert "approve_wording" not in html
    assert "Waiting for a clinician: not shown until approved" in html
    assert "Approved " in html and "by Dr Test Reviewer, MD" in html
    waiting = changelist(client, approval="waiting").content.decode()
    assert "HER2" in waiting and "Shown" not in waiting
    # The action cannot be posted without the permission either.
    client.post(
        reverse("admin:articles_glossaryterm_changelist"),
        {
            "action": "approve_wording",
            "apply": "1",
            "_selected_action": [term.pk],
            f"fingerprint-{term.pk}": term.text_fingerprint(),
        },
    )
    term.refresh_from_db()
    assert term.approved_at is None


def test_an_editors_admin_save_never_writes_the_approved_text(term, specialist, editor):
    approve(term, specialist)
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_glossaryterm_change", args=[term.pk]),
        {
            "term": "HER2",
            "slug": "her2",
            "definition": HER2_NEW,
            "also_matches": "her2-positive",
            "published": "on",
            # Not a field of the form: ignored.
            "approved_definition": "Sneaked in.",
            "approved_by_name": "Dr Nobody",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert (term.definition, term.approved_definition) == (HER2_NEW, HER2)
    assert term.edited_by == editor and term.is_awaiting_approval()
    page = client.get(reverse("admin:articles_glossaryterm_change", args=[term.pk])).content
    assert b"Changed since approved" in page and b"the public sees the approved wording" in page
    # The change is in the term's history, by the editor.
    assert term.history.first().history_user == editor


def test_a_list_edit_that_hides_a_term_keeps_its_approval(term, specialist, editor):
    approve(term, specialist)
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_glossaryterm_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(term.pk),
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert not term.published and term.approved_definition == HER2
    assert not GlossaryTerm.objects.published().exists()


def test_reviewers_see_waiting_terms_in_their_day(term, specialist, editor):
    client = Client()
    client.force_login(specialist.user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "1 glossary term waits for a clinician to approve its wording" in html
    assert "?approval=waiting" in html
    client.force_login(editor)
    assert "glossary term waits" in client.get(reverse("admin:index")).content.decode()


def test_reviewers_read_a_term_but_cannot_edit_it(term, specialist):
    client = Client()
    client.force_login(specialist.user)
    page = client.get(reverse("admin:articles_glossaryterm_change", args=[term.pk]))
    assert page.status_code == 200 and HER2 in page.content.decode()
    client.post(
        reverse("admin:articles_glossaryterm_change", args=[term.pk]),
        {"term": "HER2", "slug": "her2", "definition": "Rewritten.", "published": "on"},
    )
    term.refresh_from_db()
    assert term.definition == HER2

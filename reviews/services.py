"""State changes of the review workflow. Admin actions, views and commands call these.

The promise on the article page — "Medically reviewed by Dr …, on 2 January 2024" —
rests on these rules: only a verified clinician who did not write the article may
decide, a decision binds exactly one revision (by its content hash), and only an
approval makes text public (articles.services.make_revision_live). The article's
status is the lifecycle's (articles.lifecycle.move_article): this module never sets it.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import lifecycle
from articles import services as article_services
from articles.models import Article, GlossaryTerm, TranslationRevision

from . import identity
from .emails import admin_url, send
from .models import Review, SignOff, Specialist, TranslationSignoff


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_author(*, article: Article, user, revision=None) -> bool:
    """Did this user write or edit this article (so may not review it)?"""
    if user is None:
        return False
    if article.created_by_id == user.pk:
        return True
    if revision is not None and revision.created_by_id == user.pk:
        return True
    author = article.author
    if author.user_id == user.pk:
        return True
    profile = Specialist.objects.filter(user=user).only("author_id").first()
    return profile is not None and profile.author_id == author.pk


@transaction.atomic
def submit_for_review(*, article: Article, by, reviewer: Specialist | None = None) -> Review:
    """Send the article's current text to a clinician for review.

    Records the working copy as a revision first. A published article stays published
    with its approved text until the new revision is approved.
    """
    if by is None or not by.has_perm("reviews.add_review"):
        raise PermissionDenied("You may not send articles for medical review.")
    # One submission at a time per article: lock its row.
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("author").get(pk=article.pk)
    )
    # The lifecycle (articles.lifecycle) says whether this article may be sent now.
    lifecycle.check_move(article=article, move=lifecycle.Move.SUBMIT, by=by)
    revision = article_services.record_revision(article=article, by=by)
    if revision.signoffs.filter(decision=SignOff.Decision.REQUEST_CHANGES).exists():
        raise ValidationError(
            "The reviewer asked for changes to this text. Edit the article before sending "
            "it for review again."
        )
    if reviewer is not None:
        if not Specialist.objects.verified().filter(pk=reviewer.pk).exists():
            raise ValidationError(f"{reviewer} is not a verified medical reviewer.")
        if reviewer.user and is_author(article=article, user=reviewer.user, revision=revision):
            raise ValidationError(f"{reviewer} wrote or edited this article and cannot review it.")
    now = timezone.now()
    for open_review in Review.objects.open().filter(article=article).select_for_update():
        if open_review.revision_id == revision.pk:
            raise ValidationError("This version is already waiting for a medical review.")
        # An older version was waiting: the new one replaces it.
        open_review.status = Review.Status.CLOSED
        open_review.closed_at = now
        open_review.save(update_fields=["status", "closed_at"])
    review = Review(
        article=article, revision=revision, requested_by=by, reviewer=reviewer, created_at=now
    )
    review.full_clean()
    review.save()
    lifecycle.move_article(article=article, move=lifecycle.Move.SUBMIT, by=by)
    transaction.on_commit(lambda: _email_review_requested(review), robust=True)
    return review


def _email_review_requested(review: Review) -> None:
    if review.reviewer is not None:
        recipients = [review.reviewer.user.email] if review.reviewer.user else []
    else:
        recipients = [s.user.email for s in Specialist.objects.verified().select_related("user")]
    requester = review.requested_by.get_full_name() if review.requested_by else "An editor"
    send(
        f"Medical review requested: {review.revision.title}",
        f"{requester} asked for a medical review of “{review.revision.title}” "
        f"(revision {review.revision.number}).\n\n"
        f"Open your review queue: {admin_url('admin:reviews_reviewqueueitem_changelist')}\n",
        recipients,
    )


@transaction.atomic
def sign_off(
    *, review: Review, reviewer, decision: str, comment: str, public: bool = False
) -> SignOff:
    """Record a clinician's decision on the review's revision.

    Approval makes exactly that revision the public text and sets the next review date;
    a request for changes sends an unpublished article back to draft.
    """
    # Lock the review: a second decision waits here, then finds the review closed.
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("article__author", "revision", "requested_by")
        .get(pk=review.pk)
    )
    article, revision = review.article, review.revision
    if review.status != Review.Status.OPEN:
        raise ValidationError("This review has already been decided.")
    # Identity: the profile and the credential check this decision stands on.
    specialist, check = identity.signer_for(reviewer)
    if review.reviewer_id is not None and review.reviewer_id != specialist.pk:
        raise PermissionDenied("This review is assigned to another clinician.")
    if is_author(article=article, user=reviewer, revision=revision):
        raise PermissionDenied(
            "You wrote or edited this article, so another clinician must review it."
        )
    if decision not in SignOff.Decision.values:
        raise ValidationError({"decision": "Please choose Approve or Request changes."})
    comment = (comment or "").strip()
    if decision == SignOff.Decision.REQUEST_CHANGES and not comment:
        raise ValidationError({"comment": "Please tell the editor what needs to change."})
    if decision == SignOff.Decision.APPROVE:
        lifecycle.check_move(article=article, move=lifecycle.Move.APPROVE, by=reviewer)
    latest = article_services.latest_revision(article)
    if latest is None or latest.pk != revision.pk:
        raise ValidationError(
            "The article has changed since it was sent for review. The editor needs to "
            "send the new version."
        )
    now = timezone.now()
    signoff = SignOff(
        review=review,
        article=article,
        revision=revision,
        content_hash=revision.content_hash,
        reviewer=reviewer,
        specialist=specialist,
        **check.signer_fields(),
        decision=decision,
        comment=comment,
        public_note=bool(public and comment),
        signed_at=now,
        next_review_due=(
            add_months(timezone.localdate(now), article.review_interval_months)
            if decision == SignOff.Decision.APPROVE
            else None
        ),
    )
    signoff.full_clean()
    try:
        with transaction.atomic():
            signoff.save()
    except IntegrityError:
        raise ValidationError("This review has already been decided.") from None
    review.status = Review.Status.CLOSED
    review.closed_at = now
    review.save(update_fields=["status", "closed_at"])
    # The article's move is the lifecycle's (articles.lifecycle); reviews never sets status.
    if decision == SignOff.Decision.APPROVE:
        article_services.make_revision_live(article=article, revision=revision, by=reviewer)
    else:
        lifecycle.move_article(article=article, move=lifecycle.Move.SEND_BACK, by=reviewer)
    transaction.on_commit(lambda: _email_decision(signoff, review), robust=True)
    return signoff


def _email_decision(signoff: SignOff, review: Review) -> None:
    if review.requested_by is None:
        return
    outcome = (
        "approved it. It is now the approved text"
        if signoff.decision == SignOff.Decision.APPROVE
        else "asked for changes"
    )
    comment = f"\n\nTheir comment:\n{signoff.comment}" if signoff.comment else ""
    send(
        f"{signoff.get_decision_display()}: {signoff.revision.title}",
        f"{signoff.reviewer_name_snapshot} reviewed revision {signoff.revision.number} of "
        f"“{signoff.revision.title}” and {outcome}.{comment}\n\n"
        f"Article: {admin_url('admin:articles_article_change', signoff.article_id)}\n",
        [review.requested_by.email],
    )


@transaction.atomic
def approve_glossary_term(
    *, term: GlossaryTerm, reviewer, fingerprint: str | None = None
) -> GlossaryTerm:
    """A checked clinician approves a glossary term's wording (term, other forms and
    definition): from now on the public sees exactly that text, until a later change
    is approved in turn.

    `fingerprint` names the wording the clinician read (GlossaryTerm.text_fingerprint()
    of what they were shown); without it, the wording of `term` as passed. A change made
    since is refused, so an approval never covers words the clinician did not read.
    """
    # The same standing as a sign-off: checked, active, in Medical reviewers today.
    _specialist, check = identity.signer_for(reviewer)
    if fingerprint is None:
        fingerprint = term.text_fingerprint()
    current = GlossaryTerm.objects.filter(pk=term.pk).only("edited_by").first()
    if current is None:
        raise ValidationError("This term no longer exists.")
    if current.edited_by_id is not None and current.edited_by_id == reviewer.pk:
        raise PermissionDenied(
            "You wrote or last changed this wording, so another clinician must approve it."
        )
    return article_services.approve_glossary_text(
        term=term,
        fingerprint=fingerprint,
        by=reviewer,
        approved_by_name=check.name_with_credentials,
    )


@transaction.atomic
def sign_off_translation(
    *, revision: TranslationRevision, reviewer, decision: str, note: str = ""
) -> TranslationSignoff:
    """Record a clinician's decision on one translation revision.

    Refused unless the reviewer may sign off at all (identity.signer_for's reasons), their
    check vouches for the translation's language, they wrote no revision of it since its
    last approval, the revision is the translation's latest and, for an approval, it
    translates the article's current approved English text. An approval makes exactly
    this revision the public translation (articles.lifecycle.approve_translation).
    """
    from articles.models import ArticleTranslation
    from articles.models.translations import translation_languages

    # Lock the translation: a second decision, or a new revision, waits here.
    translation = (
        ArticleTranslation.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=revision.translation_id)
    )
    revision = TranslationRevision.objects.select_related("source_revision").get(pk=revision.pk)
    specialist, check = identity.signer_for(reviewer)
    language_name = dict(translation_languages()).get(translation.language, translation.language)
    if not check.vouches_for_language(translation.language):
        raise PermissionDenied(
            f"Your checked profile does not list {language_name} among the languages you "
            "review in. Ask an editor to add it to your profile; a credentials officer then "
            "checks your profile again."
        )
    last_approved = translation.approved_revision
    since = translation.revisions.filter(number__gt=last_approved.number if last_approved else 0)
    if revision.created_by_id == reviewer.pk or since.filter(created_by=reviewer).exists():
        raise PermissionDenied(
            "You wrote or edited this translation, so another clinician must review it."
        )
    if decision not in TranslationSignoff.Decision.values:
        raise ValidationError({"decision": "Please choose Approve or Request changes."})
    note = (note or "").strip()
    if decision == TranslationSignoff.Decision.REQUEST_CHANGES and not note:
        raise ValidationError({"note": "Please tell the translator what needs to change."})
    latest = translation.revisions.latest_first().first()
    if latest is None or latest.pk != revision.pk:
        raise ValidationError(
            "The translation has changed since this revision. Review the latest revision."
        )
    if revision.signoffs.exists():
        raise ValidationError("This translation revision has already been decided.")
    if (
        decision == TranslationSignoff.Decision.APPROVE
        and revision.source_revision_id != translation.article.approved_revision_id
    ):
        raise ValidationError(
            "This translation follows an older English text. The translator needs to "
            "update it to the current English version before it can be approved."
        )
    signoff = TranslationSignoff(
        revision=revision,
        translation=translation,
        language=translation.language,
        content_hash=revision.content_hash,
        reviewer=reviewer,
        specialist=specialist,
        **check.signer_fields(),
        decision=decision,
        note=note,
        decided_at=timezone.now(),
    )
    signoff.full_clean()
    try:
        with transaction.atomic():
            signoff.save()
    except IntegrityError:
        raise ValidationError("This translation revision has already been decided.") from None
    if decision == TranslationSignoff.Decision.APPROVE:
        lifecycle.approve_translation(translation=translation, revision=revision, by=reviewer)
    return signoff

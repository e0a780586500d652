"""Read-only questions about reviews, shared by pages, the admin and commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from articles.models import Article, ArticleRevision

from .models import CredentialCheck, SignOff, Specialist

DUE_SOON_DAYS = 30
_CACHE_ATTR = "_reviews_approval"
_CLINICIANS_ATTR = "_reviews_clinicians"


def approval_for(revision: ArticleRevision | None) -> SignOff | None:
    """The latest approval of exactly this revision, with the specialist (one query).

    Cached on the revision object, so the page's review block and its JSON-LD share it.
    """
    if revision is None:
        return None
    if not hasattr(revision, _CACHE_ATTR):
        approval = (
            SignOff.objects.approvals()
            .filter(revision=revision)
            .select_related("specialist", "credential_check")
            .annotate(
                # Whether the signer is a checked clinician *today*: only then do the
                # page's links present them as one.
                signer_is_public=Exists(
                    Specialist.objects.public().filter(pk=OuterRef("specialist_id"))
                )
            )
            .latest_first()
            .first()
        )
        setattr(revision, _CACHE_ATTR, approval)
    return getattr(revision, _CACHE_ATTR)


def with_next_review_due(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate `next_review_due`: the due date set by the article's latest approval."""
    latest = (
        SignOff.objects.approvals()
        .filter(article=OuterRef("pk"))
        .latest_first()
        .values("next_review_due")[:1]
    )
    return queryset.annotate(next_review_due=Subquery(latest))


def articles_due_for_review(today: date | None = None) -> QuerySet[Article]:
    """Live or approved articles whose review is due within 30 days, or overdue."""
    today = today or timezone.localdate()
    return (
        with_next_review_due(
            Article.objects.exclude(status=Article.Status.ARCHIVED).filter(
                approved_revision__isnull=False
            )
        )
        .filter(next_review_due__lte=today + timedelta(days=DUE_SOON_DAYS))
        .order_by("next_review_due", "pk")
    )


@dataclass(frozen=True)
class ClinicianBox:
    """A clinician as an article page presents them, from checked data only.

    Name, credentials and registration come from a credential check: for the
    reviewer, the one they signed on (as they stood then); for a clinician author, the
    one in force today. Positions, programme roles and interests come from the check in
    force (`profile.job_positions()` etc. read its record), so a post typed into the
    profile since is not shown until a new check. The photo comes from the profile,
    which is shown only while it is checked.
    """

    role: str  # a translatable label ("Medically reviewed by")
    name_with_credentials: str
    display_name: str
    post_nominals: str
    registration_council: str
    registration_number: str
    checked_at: datetime | None
    profile: Specialist | None

    @classmethod
    def from_check(cls, *, role: str, check: CredentialCheck, profile: Specialist | None):
        return cls(
            role=role,
            name_with_credentials=check.name_with_credentials,
            display_name=check.display_name,
            post_nominals=check.post_nominals,
            registration_council=check.registration_council,
            registration_number=check.registration_number,
            checked_at=check.checked_at,
            profile=profile,
        )


@dataclass(frozen=True)
class ArticleClinicians:
    approval: SignOff | None
    reviewer: ClinicianBox | None
    author: ClinicianBox | None

    @property
    def boxes(self) -> list[ClinicianBox]:
        return [box for box in (self.reviewer, self.author) if box is not None]


def article_clinicians(article: Article, revision: ArticleRevision | None) -> ArticleClinicians:
    """The reviewing clinician of exactly this revision and a clinician author, for the
    page's byline, specialist box and JSON-LD: the approval, then the checks in force
    with their profiles and what they recorded (one query), then specialties (one),
    however many there are. Cached on the revision."""
    if revision is not None and hasattr(revision, _CLINICIANS_ATTR):
        return getattr(revision, _CLINICIANS_ATTR)
    approval = approval_for(revision)
    wanted = Q(specialist__author_id=article.author_id) if article.author_id else Q(pk__in=[])
    if approval is not None and approval.signer_is_public:
        wanted |= Q(specialist_id=approval.specialist_id)
    # One open check per profile (a database constraint), so one row per clinician.
    checks = list(
        CredentialCheck.objects.in_force()
        .filter(wanted, specialist__is_active=True)
        .select_related("specialist")
    )
    profiles = []
    for check in checks:
        check.specialist._checks_in_force = [check]
        profiles.append(check.specialist)
    prefetch_related_objects(profiles, "specialties")
    reviewer = author = None
    for check in checks:
        profile = check.specialist
        if approval is not None and profile.pk == approval.specialist_id:
            # As they stood when they signed, if the sign-off recorded its check.
            if approval.credential_check is not None:
                reviewer = ClinicianBox.from_check(
                    role=pgettext_lazy("clinician box role", "Medically reviewed by"),
                    check=approval.credential_check,
                    profile=profile,
                )
        elif profile.author_id == article.author_id:
            author = ClinicianBox.from_check(
                role=pgettext_lazy("clinician box role", "Written by"), check=check, profile=profile
            )
    clinicians = ArticleClinicians(approval=approval, reviewer=reviewer, author=author)
    if revision is not None:
        setattr(revision, _CLINICIANS_ATTR, clinicians)
    return clinicians

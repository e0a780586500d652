"""The review workflow: a review request per submitted revision, and append-only
sign-offs that bind a clinician's decision to that exact revision."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone


class ReviewQuerySet(models.QuerySet):
    def open(self) -> ReviewQuerySet:
        return self.filter(status=Review.Status.OPEN)

    def queue_for(self, user) -> ReviewQuerySet:
        """Open reviews this user may pick up: assigned to them, or to nobody."""
        return self.open().filter(Q(reviewer__user=user) | Q(reviewer__isnull=True))

    def with_article_review_due(self) -> ReviewQuerySet:
        """Annotate `article_review_due`: when the article's last approval said it must
        be reviewed again (none for articles never approved)."""
        latest = (
            SignOff.objects.approvals()
            .filter(article=OuterRef("article_id"))
            .latest_first()
            .values("next_review_due")[:1]
        )
        return self.annotate(article_review_due=Subquery(latest))

    @staticmethod
    def overdue_q(today=None) -> Q:
        """Overdue: due_on() has passed, i.e. waiting longer than REVIEW_TURNAROUND_DAYS,
        or past the article's scheduled review date (needs with_article_review_due())."""
        today = today or timezone.localdate()
        waited = Q(created_at__date__lt=today - timedelta(days=settings.REVIEW_TURNAROUND_DAYS))
        return waited | Q(article_review_due__lt=today)


class Review(models.Model):
    """An editor's request that a clinician review one revision of an article."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        CLOSED = "closed", "Closed"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="reviews"
    )
    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        "reviews.Specialist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_reviews",
        help_text="Leave empty to let any verified reviewer pick it up.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "review request"
        verbose_name_plural = "review requests"
        permissions = [
            ("view_governance_dashboard", "Can see the clinical governance dashboard"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="review_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status="open"),
                name="review_one_open_per_article",
                violation_error_message="This article is already waiting for a medical review.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="review_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} — revision {self.revision.number}"

    def due_on(self):
        """The day a decision is due: the turnaround after the request, or the article's
        scheduled review date if that is sooner (needs with_article_review_due())."""
        turnaround = timezone.localdate(self.created_at) + timedelta(
            days=settings.REVIEW_TURNAROUND_DAYS
        )
        scheduled = getattr(self, "article_review_due", None)
        return min(turnaround, scheduled) if scheduled else turnaround


class ReviewQueueItem(Review):
    """The reviewer's own queue in the admin (a proxy, so it gets its own admin page)."""

    class Meta:
        proxy = True
        verbose_name = "review in my queue"
        verbose_name_plural = "my review queue"


class SignOffQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Sign-offs are permanent; they cannot be changed.")

    def delete(self):
        raise ValidationError("Sign-offs are kept for the record and cannot be deleted.")

    def approvals(self) -> SignOffQuerySet:
        return self.filter(decision=SignOff.Decision.APPROVE)

    def latest_first(self) -> SignOffQuerySet:
        return self.order_by("-signed_at", "-pk")


class SignOff(models.Model):
    """A clinician's decision on one revision. Append-only: never changed or deleted."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REQUEST_CHANGES = "request_changes", "Request changes"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="signoffs")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="signoffs"
    )
    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="signoffs"
    )
    content_hash = models.CharField(
        max_length=64, help_text="The fingerprint of the exact text that was decided."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    specialist = models.ForeignKey(
        "reviews.Specialist", on_delete=models.PROTECT, related_name="signoffs"
    )
    credential_check = models.ForeignKey(
        "reviews.CredentialCheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signoffs",
        help_text="The check in force when they signed: whose registration vouched for "
        "this decision. (Empty only for sign-offs made before checks were recorded.)",
    )
    # Copied from the check at the moment of signing, as the public pages show them.
    reviewer_name_snapshot = models.CharField("reviewer name at the time", max_length=150)
    credentials_snapshot = models.CharField("credentials at the time", max_length=120, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    public_note = models.BooleanField(
        default=False, help_text="Show the comment in the article's public change history."
    )
    signed_at = models.DateTimeField(default=timezone.now)
    next_review_due = models.DateField(null=True, blank=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = "sign-off"
        verbose_name_plural = "sign-offs"
        get_latest_by = "signed_at"
        indexes = [
            models.Index(fields=["article", "decision", "-signed_at"], name="signoff_article_idx"),
            models.Index(fields=["specialist", "decision"], name="signoff_specialist_idx"),
        ]
        constraints = [
            # One decision per review request, and a review binds exactly one revision:
            # a second, concurrent decision on the same submitted revision fails here.
            models.UniqueConstraint(fields=["review"], name="signoff_one_decision_per_review"),
            models.CheckConstraint(
                condition=Q(decision__in=["approve", "request_changes"]),
                name="signoff_decision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(decision="request_changes") | ~Q(comment=""),
                name="signoff_changes_need_comment",
            ),
            models.CheckConstraint(
                condition=Q(decision="approve", next_review_due__isnull=False)
                | (~Q(decision="approve") & Q(next_review_due__isnull=True)),
                name="signoff_approval_sets_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.article} revision {self.revision.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Sign-offs are permanent; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Sign-offs are kept for the record and cannot be deleted.")

    @property
    def reviewer_with_credentials(self) -> str:
        return ", ".join(p for p in (self.reviewer_name_snapshot, self.credentials_snapshot) if p)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < today


class ReminderLog(models.Model):
    """That a review-due reminder went out, so the daily command never repeats it."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 30 days"
        OVERDUE = "overdue", "Overdue"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="review_reminders"
    )
    due_date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.TextField(blank=True, help_text="Who was emailed, one per line.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "review reminder"
        verbose_name_plural = "review reminders"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "due_date", "kind"], name="reminder_once_per_due_date"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["due_soon", "overdue"]), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article} (due {self.due_date})"

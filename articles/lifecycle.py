"""The article lifecycle: one table of legal moves and one function that makes them.

Every change of an article's status, and of which revision the public sees, is a
move made by `move_article`: the reviews app calls it when an article is sent for
review and when a clinician decides; the article admin's actions call it to publish,
schedule, unpublish, archive and restore. Nothing else writes `Article.status`.

    draft ──submit──▶ in review ──approve──▶ approved ──publish──▶ published
      ▲                  │ send back            ▲                     │
      └──────────────────┘                      └─────unpublish───────┘
    any state but archived ──archive──▶ archived ──restore──▶ draft

Each move checks the mover's permission (`by=None` is the system: demo data and
commands), refuses an illegal move with a ValidationError that says what to do
instead, stamps who and when in `StatusChange`, and, for moves that change what the
public sees, refreshes search and schedules `public_pages_changed` after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import Article, ArticleRevision, StatusChange

Status = Article.Status


class Move(models.TextChoices):
    SUBMIT = "submit", "Send for medical review"
    APPROVE = "approve", "Approve a revision"
    SEND_BACK = "send_back", "Send back for changes"
    PUBLISH = "publish", "Publish or schedule"
    UNPUBLISH = "unpublish", "Unpublish"
    ARCHIVE = "archive", "Archive"
    RESTORE = "restore", "Restore"


@dataclass(frozen=True)
class Rule:
    permission: str
    forbidden: str  # told to someone without the permission
    moves: dict[str, str]  # status before -> status after
    refusal: str  # told when the article's status does not allow the move


EDITABLE = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)

LIFECYCLE: dict[Move, Rule] = {
    Move.SUBMIT: Rule(
        "articles.change_article",
        "You may not send articles for medical review.",
        {**{s: Status.IN_REVIEW for s in EDITABLE}, Status.PUBLISHED: Status.PUBLISHED},
        "This article is archived. Restore it before sending it for review.",
    ),
    Move.APPROVE: Rule(
        "articles.review_article",
        "Only a medical reviewer can approve an article.",
        {**{s: Status.APPROVED for s in EDITABLE}, Status.PUBLISHED: Status.PUBLISHED},
        "An archived article cannot be approved. Restore it and send it for review first.",
    ),
    # A request for changes leaves published and archived articles where they are.
    Move.SEND_BACK: Rule(
        "articles.review_article",
        "Only a medical reviewer can send an article back.",
        {
            **{s: Status.DRAFT for s in EDITABLE},
            Status.PUBLISHED: Status.PUBLISHED,
            Status.ARCHIVED: Status.ARCHIVED,
        },
        "This article cannot be sent back.",
    ),
    Move.PUBLISH: Rule(
        "articles.publish_article",
        "You may not publish articles.",
        {Status.APPROVED: Status.PUBLISHED},
        "Only an article a clinician has approved can be published.",
    ),
    Move.UNPUBLISH: Rule(
        "articles.publish_article",
        "You may not unpublish articles.",
        {Status.PUBLISHED: Status.APPROVED},
        "Only a published or scheduled article can be unpublished.",
    ),
    Move.ARCHIVE: Rule(
        "articles.publish_article",
        "You may not archive articles.",
        {**{s: Status.ARCHIVED for s in EDITABLE}, Status.PUBLISHED: Status.ARCHIVED},
        "This article is already archived.",
    ),
    Move.RESTORE: Rule(
        "articles.publish_article",
        "You may not restore articles.",
        {Status.ARCHIVED: Status.DRAFT},
        "Only an archived article can be restored.",
    ),
}

# Moves after which a public page may read differently (the page cache hooks here).
CHANGES_PUBLIC_PAGES = {Move.APPROVE, Move.PUBLISH, Move.UNPUBLISH, Move.ARCHIVE, Move.RESTORE}


def allowed_moves(article: Article) -> list[Move]:
    """The moves the article's status allows, in the table's order."""
    return [move for move, rule in LIFECYCLE.items() if article.status in rule.moves]


def check_move(*, article: Article, move: Move | str, by) -> str:
    """Raise PermissionDenied or ValidationError unless `by` may make this move now;
    return the status the article would have after it."""
    rule = LIFECYCLE[Move(move)]
    if by is not None and not by.has_perm(rule.permission):
        raise PermissionDenied(rule.forbidden)
    target = rule.moves.get(article.status)
    if target is None:
        raise ValidationError(rule.refusal)
    if Move(move) == Move.PUBLISH and article.approved_revision_id is None:
        raise ValidationError(rule.refusal)
    return target


@transaction.atomic
def move_article(
    *,
    article: Article,
    move: Move | str,
    by,
    revision: ArticleRevision | None = None,
    when: datetime | None = None,
) -> Article:
    """Make one move of the lifecycle table; the only writer of `Article.status`.

    APPROVE needs the `revision` a clinician approved and makes it the public text;
    PUBLISH takes `when` (a future time schedules it; default: the planned date or now).
    """
    move = Move(move)
    # Read the lifecycle fields under a row lock: two moves at once happen one by one.
    locked = (
        Article.objects.select_for_update()
        .only("status", "approved_revision", "published_at", "first_published_at", "updated_at")
        .get(pk=article.pk)
    )
    article.status = locked.status
    article.approved_revision_id = locked.approved_revision_id
    article.first_published_at = locked.first_published_at
    article.updated_at = locked.updated_at
    if move != Move.PUBLISH:
        article.published_at = locked.published_at
    source = article.status
    target = check_move(article=article, move=move, by=by)
    now = timezone.now()
    fields = ["status", "modified_at"]
    if move == Move.APPROVE:
        if revision is None or revision.article_id != article.pk:
            raise ValidationError("That revision belongs to another article.")
        previous = article.approved_revision_id
        article.approved_revision = revision
        article.reading_minutes = revision.reading_minutes
        if source == Status.PUBLISHED and previous and previous != revision.pk:
            article.updated_at = now
        fields += ["approved_revision", "reading_minutes", "updated_at"]
    elif move == Move.PUBLISH:
        article.published_at = when or article.published_at or now
        if article.first_published_at is None:
            article.first_published_at = article.published_at
        fields += ["published_at", "first_published_at"]
    if move in {Move.PUBLISH, Move.UNPUBLISH, Move.ARCHIVE, Move.RESTORE} and by is not None:
        article.modified_by = by
        fields.append("modified_by")
    article.status = target
    article.save(update_fields=fields)
    StatusChange.objects.create(
        article=article,
        move=move,
        from_status=source,
        to_status=target,
        revision=revision if move == Move.APPROVE else None,
        published_at=article.published_at if move == Move.PUBLISH else None,
        by=by,
        at=now,
    )
    if move == Move.APPROVE:
        # A safety-relevant English change takes older translations off the site.
        withdraw_outdated_translations(article=article)
    if move in CHANGES_PUBLIC_PAGES:
        from .services import refresh_search_index

        refresh_search_index(article=article)
        transaction.on_commit(lambda: public_pages_changed(article=article, move=move))
    return article


def public_pages_changed(*, article: Article, move: Move) -> None:
    """Called after commit whenever a move may change public pages: the article page
    in every language, cards, feeds, sitemaps and search. Every cached page and
    fragment is dropped (translated pages live under other addresses, /ne/articles/…,
    and are dropped with them)."""
    from eduportal import pagecache

    pagecache.invalidate_article(article)


# Translations ------------------------------------------------------------------------
#
# A translation's public text is the lifecycle's too: `approve_translation` is the only
# writer of ArticleTranslation.approved_revision, and `withdraw_outdated_translations`
# the only writer of its withdrawal fields.


@transaction.atomic
def approve_translation(*, translation, revision, by):
    """Make a translation revision a clinician approved the translated text the public
    sees (reviews.services.sign_off_translation calls this after its checks). A
    withdrawn translation comes back with it."""
    from .models import ArticleTranslation

    if by is not None and not by.has_perm("articles.review_article"):
        raise PermissionDenied("Only a medical reviewer can approve a translation.")
    translation = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
    if revision.translation_id != translation.pk:
        raise ValidationError("That revision belongs to another translation.")
    translation.approved_revision = revision
    translation.withdrawn_at = None
    translation.withdrawn_reason = ""
    translation.save(
        update_fields=["approved_revision", "withdrawn_at", "withdrawn_reason", "modified_at"]
    )
    article = translation.article
    transaction.on_commit(lambda: translated_pages_changed(article=article))
    return translation


def withdraw_outdated_translations(*, article: Article) -> list:
    """Take off the site every approved translation of `article` that follows an English
    revision older than a safety-relevant change now approved. Called when a revision
    becomes the approved text and when an editor marks the approved text as
    safety-relevant. Returns the translations withdrawn."""
    from .models import ArticleTranslation

    article = Article.objects.select_related("approved_revision").get(pk=article.pk)
    if article.approved_revision_id is None:
        return []
    now = timezone.now()
    withdrawn = []
    candidates = (
        ArticleTranslation.objects.select_for_update(of=("self",))
        .filter(article=article, approved_revision__isnull=False, withdrawn_at__isnull=True)
        .select_related("approved_revision__source_revision")
    )
    for translation in candidates:
        translation.article = article
        change = translation.safety_change_since_source()
        if change is None:
            continue
        translation.withdrawn_at = now
        translation.withdrawn_reason = (
            f"The English text changed in a way that matters for safety (revision "
            f"{change.revision.number}): {change.reason}"
        )[:300]
        translation.save(update_fields=["withdrawn_at", "withdrawn_reason", "modified_at"])
        withdrawn.append(translation)
    if withdrawn:
        transaction.on_commit(lambda: translated_pages_changed(article=article))
    return withdrawn


def translated_pages_changed(*, article: Article) -> None:
    """Called after commit whenever a translation's public text changes (approved,
    withdrawn): its pages under every language prefix (/ne/articles/<slug>/ …), the
    cards, feeds and sitemaps that show translated titles. Those are all different
    cache keys, so the whole content version moves, as for the English page."""
    from eduportal import pagecache

    pagecache.invalidate_article(article)

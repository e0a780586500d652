"""State changes of articles. Admin actions, reviews and commands call these."""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from eduportal import pagecache

from . import lifecycle
from .models import Article, ArticleRevision, Feedback, GlossaryTerm, SearchTerm
from .models.glossary import GLOSSARY_TEXT_FIELDS

VOCABULARY_WORD = re.compile(r"[a-z][a-z'-]{3,59}")


def _can_edit(user) -> bool:
    return user is None or user.has_perm("articles.change_article")


@transaction.atomic
def record_revision(*, article: Article, by) -> ArticleRevision:
    """Snapshot the working copy as a new immutable revision, if its content changed.

    Returns the latest revision (the new one, or the unchanged one it matches).
    """
    if not _can_edit(by):
        raise PermissionDenied("You may not edit articles.")
    # Lock the article row so two editors saving at once get consecutive numbers.
    Article.objects.select_for_update().filter(pk=article.pk).first()
    content = article.content()
    latest = article.revisions.order_by("-number").first()
    revision = ArticleRevision.build(
        article=article, content=content, number=(latest.number + 1) if latest else 1, by=by
    )
    if latest and latest.content_hash == revision.content_hash:
        return latest
    revision.save()
    return revision


def latest_revision(article: Article) -> ArticleRevision | None:
    return article.revisions.order_by("-number").first()


# The lifecycle moves, by name. Each is one call of lifecycle.move_article, the only
# writer of Article.status; these wrappers exist for readable call sites.


def make_revision_live(*, article: Article, revision: ArticleRevision, by=None) -> Article:
    """Make a revision a clinician approved the text the public sees.

    reviews.services.sign_off calls this after a clinician approved exactly this
    revision; it is the single way signed-off content reaches the public.
    """
    return lifecycle.move_article(article=article, move=lifecycle.Move.APPROVE, by=by,
                                  revision=revision)  # fmt: skip


def publish_article(*, article: Article, by, when: datetime | None = None) -> Article:
    """Publish an approved article now, or schedule it for `when`."""
    return lifecycle.move_article(article=article, move=lifecycle.Move.PUBLISH, by=by, when=when)


def unpublish_article(*, article: Article, by) -> Article:
    """Take a published or scheduled article off the site; it stays approved."""
    return lifecycle.move_article(article=article, move=lifecycle.Move.UNPUBLISH, by=by)


def archive_article(*, article: Article, by) -> Article:
    """Take an article off the site. Its revisions and sign-offs stay for the record."""
    return lifecycle.move_article(article=article, move=lifecycle.Move.ARCHIVE, by=by)


def restore_article(*, article: Article, by) -> Article:
    """Bring an archived article back as a draft, to be reviewed again."""
    return lifecycle.move_article(article=article, move=lifecycle.Move.RESTORE, by=by)


def search_vector_for(revision: ArticleRevision | None):
    """The stored search vector of an approved text (PostgreSQL): title A, summary B,
    body C. None for an article with no approved text."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    if revision is None:
        return None
    return (
        SearchVector(Value(revision.title), weight="A", config="english")
        + SearchVector(Value(revision.summary), weight="B", config="english")
        + SearchVector(Value(revision.plain_body()), weight="C", config="english")
    )


def refresh_search_index(*, article: Article) -> None:
    """Keep the stored search vector and the "did you mean" vocabulary current.

    The vector holds the approved text only, so search never finds words the public
    cannot read.
    """
    if connection.vendor == "postgresql":
        Article.objects.filter(pk=article.pk).update(
            search_vector=search_vector_for(article.approved_revision)
        )
    # The vector changes with the article, in its transaction, so search shows exactly
    # what the pages show; the vocabulary reads every published article: a job.
    from .tasks import rebuild_search_vocabulary

    transaction.on_commit(rebuild_search_vocabulary.enqueue, robust=True)


def rebuild_vocabulary() -> None:
    """Collect the distinct words of all published articles (a small site: a few
    thousand words), replacing the previous list in one transaction."""
    words: set[str] = set()
    for revision in ArticleRevision.objects.filter(
        pk__in=Article.objects.published().values("approved_revision")
    ).only("title", "summary", "body"):
        text = f"{revision.title} {revision.summary} {revision.plain_body()}".lower()
        words.update(VOCABULARY_WORD.findall(text))
    with transaction.atomic():
        SearchTerm.objects.exclude(word__in=words).delete()
        existing = set(SearchTerm.objects.values_list("word", flat=True))
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word) for word in sorted(words - existing)], ignore_conflicts=True
        )


def record_feedback(*, article: Article, kind: str, message: str) -> Feedback:
    """A reader's answer to "Was this page helpful?" or an error report, for editors."""
    if not article.is_published():
        raise ValidationError("Feedback is only taken on published articles.")
    feedback = Feedback(article=article, kind=kind, message=message.strip())
    feedback.full_clean()
    feedback.save()
    return feedback


# The glossary: editors keep the working text; a clinician's approval makes it public.

GLOSSARY_EDITABLE_FIELDS = ("term", "slug", "also_matches", "definition", "published")
APPROVED_GLOSSARY_FIELDS = (
    *(f"approved_{name}" for name in GLOSSARY_TEXT_FIELDS),
    "approved_at",
    "approved_by",
    "approved_by_name",
)


@transaction.atomic
def save_glossary_term(*, term: GlossaryTerm, by) -> GlossaryTerm:
    """Save an editor's new or changed term. A changed wording waits, unseen, until a
    clinician approves it; the approved text the public sees is never written here."""
    adding = term._state.adding
    permission = "articles.add_glossaryterm" if adding else "articles.change_glossaryterm"
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied("You may not edit the glossary.")
    stored = None if adding else GlossaryTerm.objects.select_for_update().get(pk=term.pk)
    # Normalised first, so a re-typed space is not a change of wording.
    term.normalise()
    term.full_clean()
    term._history_user = by
    if adding:
        term.edited_by = by
        term.save()
        return term
    changed = any(getattr(term, name) != getattr(stored, name) for name in GLOSSARY_TEXT_FIELDS)
    fields = list(GLOSSARY_EDITABLE_FIELDS)
    if changed:
        term.edited_by = by
        fields.append("edited_by")
    term.save(update_fields=[*fields, "modified_at"])
    if stored.approved_at is not None and (
        term.published != stored.published or term.slug != stored.slug
    ):
        # Shown, hidden, or its anchor moved: pages showing the approved text change.
        pagecache.invalidate_site()
    return term


@transaction.atomic
def approve_glossary_text(
    *, term: GlossaryTerm, fingerprint: str, by, approved_by_name: str
) -> GlossaryTerm:
    """Make the wording a clinician read (named by its `fingerprint`) the text the
    public sees: term, other forms and definition, with who approved it and when.

    reviews.services.approve_glossary_term calls this after checking the clinician's
    standing; it is the only writer of the approved text.
    """
    if by is not None and not by.has_perm("articles.approve_glossaryterm"):
        raise PermissionDenied("Only medical reviewers may approve glossary definitions.")
    term = GlossaryTerm.objects.select_for_update().get(pk=term.pk)
    if term.text_fingerprint() != fingerprint:
        raise ValidationError(
            "The term changed after you read it. Read the new wording and approve it again."
        )
    if not term.is_awaiting_approval():
        raise ValidationError("This wording is already approved.")
    term.full_clean()
    same_name = (
        GlossaryTerm.objects.approved()
        .exclude(pk=term.pk)
        .filter(approved_term__iexact=term.term)
        .first()
    )
    if same_name is not None:
        raise ValidationError(
            f"Another term is already shown as “{same_name.approved_term}”. Rename or "
            "remove one of them first."
        )
    approved_by_name = " ".join((approved_by_name or "").split())
    if not approved_by_name:
        raise ValidationError("An approval needs the clinician's name.")
    for name in GLOSSARY_TEXT_FIELDS:
        setattr(term, f"approved_{name}", getattr(term, name))
    term.approved_at = timezone.now()
    term.approved_by = by
    term.approved_by_name = approved_by_name
    term._history_user = by
    term.save(update_fields=[*APPROVED_GLOSSARY_FIELDS, "modified_at"])
    # The article pages, the A–Z page and search show it from now on.
    pagecache.invalidate_site()
    return term

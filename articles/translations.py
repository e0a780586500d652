"""State changes of translations. The admin, the demo and tests call these.

A translator's save records a new immutable `TranslationRevision` of the article's
current approved English text; a clinician with the language signs it off
(reviews.services.sign_off_translation), and only then the lifecycle
(articles.lifecycle.approve_translation) makes it the public translated text. An editor
marks an English revision as safety-relevant here; the lifecycle withdraws translations
of older English text when that revision is (or already was) approved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import lifecycle
from .models import (
    Article,
    ArticleRevision,
    ArticleTranslation,
    SafetyRelevantChange,
    TranslationRevision,
    normalise_newlines,
)
from .models.articles import question_lines
from .models.translations import TRANSLATED_FIELDS, translation_language_codes


def normalise_translation_content(content: dict) -> dict:
    """The translated fields as a revision stores them: trimmed text, one form of
    newline, questions as a list without markers or blanks."""
    questions = content.get("questions") or []
    if isinstance(questions, str):
        questions = question_lines(normalise_newlines(questions))
    else:
        questions = [" ".join(str(q).split()) for q in questions if str(q).strip()]
    return {
        "title": " ".join((content.get("title") or "").split()),
        "summary": normalise_newlines(content.get("summary") or "").strip(),
        "body": normalise_newlines(content.get("body") or "").strip() + "\n",
        "seo_title": (content.get("seo_title") or "").strip(),
        "seo_description": (content.get("seo_description") or "").strip(),
        "hero_alt": (content.get("hero_alt") or "").strip(),
        "questions": questions,
    }


def _check_content(content: dict, source: ArticleRevision, revision: TranslationRevision):
    errors: dict[str, str] = {}
    for name, label in (("title", "a title"), ("summary", "a summary"), ("body", "the text")):
        if not content[name].strip():
            errors[name] = f"Please write {label} in this language."
    if source.hero_image and not content["hero_alt"]:
        errors["hero_alt"] = "Please describe the hero picture in this language for screen readers."
    source_pictures = {figure["src"] for figure in source.figures}
    for figure in revision.figures:
        if figure["src"] not in source_pictures:
            errors["body"] = (
                "A translation shows the English text's pictures only. Keep each picture's "
                "address as it is in the English text and translate its alt text and caption."
            )
        elif not (figure.get("alt") or "").strip():
            errors["body"] = "Please describe every picture in this language (its alt text)."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_translation_revision(
    *,
    content: dict,
    by,
    translation: ArticleTranslation | None = None,
    article: Article | None = None,
    language: str | None = None,
) -> TranslationRevision:
    """Record a translator's text as a new revision of the translation (created if the
    article has none in that language yet), translating the article's current approved
    English revision. Pass `translation`, or `article` and `language`.

    Returns the new revision, or the latest one if nothing changed (same text, same
    English revision). A new revision is not public until a clinician signs it off.
    """
    if translation is None:
        if article is None or language is None:
            raise ValueError("Pass a translation, or an article and a language.")
        if language not in translation_language_codes():
            raise ValidationError({"language": "Choose one of the site's other languages."})
        permission = "articles.add_articletranslation"
    else:
        article = translation.article
        permission = "articles.change_articletranslation"
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied("You may not edit translations.")
    # Lock the article row: its approved revision stays put while we bind to it, and two
    # translators saving at once get consecutive numbers.
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("approved_revision")
        .get(pk=article.pk)
    )
    source = article.approved_revision
    if source is None:
        raise ValidationError(
            "This article has no approved English text yet. Translate it once a clinician "
            "has approved the English version."
        )
    if translation is None:
        translation, _created = ArticleTranslation.objects.get_or_create(
            article=article, language=language
        )
    translation = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
    content = normalise_translation_content({name: content.get(name) for name in TRANSLATED_FIELDS})
    latest = translation.revisions.latest_first().first()
    revision = TranslationRevision.build(
        translation=translation,
        source_revision=source,
        content=content,
        number=(latest.number + 1) if latest else 1,
        by=by,
    )
    if latest is not None and latest.content_hash == revision.content_hash:
        return latest
    _check_content(content, source, revision)
    revision.full_clean(exclude=["translation", "source_revision", "created_by"])
    revision.save()
    return revision


def latest_translation_revision(translation: ArticleTranslation) -> TranslationRevision | None:
    return translation.revisions.latest_first().first()


@transaction.atomic
def mark_safety_relevant(*, revision: ArticleRevision, by, reason: str) -> SafetyRelevantChange:
    """An editor records that this English revision changes something that matters for
    safety. When it is (or already is) the approved text, translations of older English
    text leave the site until a translation of the new text is signed off."""
    if by is not None and not by.has_perm("articles.change_article"):
        raise PermissionDenied("You may not mark article changes.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say what changed that matters for safety."})
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    if SafetyRelevantChange.objects.filter(revision=revision).exists():
        raise ValidationError("This revision is already marked as safety-relevant.")
    if revision.number == 1:
        raise ValidationError(
            "The first revision of an article has nothing to compare with; no translation "
            "can be older than it."
        )
    change = SafetyRelevantChange(revision=revision, reason=reason, marked_by=by)
    change.marked_at = timezone.now()
    change.full_clean(exclude=["revision", "marked_by"])
    change.save()
    if article.approved_revision_id is not None:
        approved_number = (
            ArticleRevision.objects.filter(pk=article.approved_revision_id)
            .values_list("number", flat=True)
            .get()
        )
        if revision.number <= approved_number:
            lifecycle.withdraw_outdated_translations(article=article)
    return change

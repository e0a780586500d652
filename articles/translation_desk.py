"""The translator's desk and the translation queue, in the admin.

The desk shows one article in one language: the English text approved now beside the
translation's latest revision, row by row (title, summary, search-engine text, hero
alt text, figures, questions, then the body paragraph by paragraph), with what changed
in the English since the revision the translation follows. The queue lists, per
language, the articles to translate and the translations to review.

Who may open them: staff who may see translations (articles.view_articletranslation:
editors, translators, medical reviewers). A reviewer sees the queue of the languages
their checked profile vouches for, and why they cannot sign off when they cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from eduportal.i18n import html_lang

from .desk_alignment import desk_rows
from .diff import review_changes
from .models import Article, ArticleTranslation, TranslationRevision
from .models.translations import translation_languages
from .translation_work import State, translation_work

VIEW_PERMISSION = "articles.view_articletranslation"
SIGN_OFF_PERMISSION = "reviews.add_translationsignoff"
WRITE_PERMISSIONS = ("articles.add_articletranslation", "articles.change_articletranslation")


# Who may do what --------------------------------------------------------------------


@dataclass
class TranslationStanding:
    """Whether this login may sign off translations, in which languages, and why not."""

    reviews: bool  # holds the sign-off permission at all
    languages: list[str] = field(default_factory=list)  # vouched for by their check
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def may_sign_off(self) -> bool:
        return self.reviews and not self.reasons and bool(self.languages)


def translation_standing(user) -> TranslationStanding:
    """The review queue's standing (reviews.identity.standing_of) and, on top, the
    languages the clinician's check in force vouches for."""
    if not user.has_perm(SIGN_OFF_PERMISSION):
        return TranslationStanding(reviews=False)
    from reviews import identity

    standing = identity.standing_of(user)
    result = TranslationStanding(
        reviews=True, reasons=list(standing.reasons), warnings=list(standing.warnings)
    )
    if standing.check is not None:
        names = dict(translation_languages())
        result.languages = [code for code in standing.check.languages if code in names]
        if not result.languages:
            result.reasons.append(
                "Your checked profile lists no language other than English to review "
                "translations in. Ask an editor to add your languages to your profile; a "
                "credentials officer then checks it again."
            )
    return result


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


def _may_write(user) -> bool:
    return any(user.has_perm(permission) for permission in WRITE_PERMISSIONS)


def _admin_url(name: str, *args) -> str:
    """An admin page another module registers (the translation admin); empty if absent."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""


# The desk ---------------------------------------------------------------------------


@dataclass
class FieldRow:
    label: str
    source: str
    translation: str
    changed: bool = False  # the English changed since the translation's revision
    old_source: str = ""


def _questions_rows(old: list, current: list, translated: list) -> list[FieldRow]:
    rows = []
    for number, (before, now, translation) in enumerate(
        zip_longest(old, current, translated, fillvalue=""), start=1
    ):
        rows.append(
            FieldRow(
                f"Question {number}", now, translation, changed=before != now, old_source=before
            )
        )
    return rows


def _figure_rows(old_source, source, revision) -> list[FieldRow]:
    """Each picture of the English text: its alt text and caption in English and in the
    translation (matched by the picture's address)."""
    translated = {figure["src"]: figure for figure in (revision.figures if revision else [])}
    old = {figure["src"]: figure for figure in old_source.figures}
    rows = []
    for number, figure in enumerate(source.figures, start=1):
        mine = translated.get(figure["src"], {})
        before = old.get(figure["src"], {})
        for key, label in (("alt", "alt text"), ("caption", "caption")):
            rows.append(
                FieldRow(
                    f"Figure {number} {label}",
                    figure.get(key, ""),
                    mine.get(key, ""),
                    changed=before.get(key, "") != figure.get(key, ""),
                    old_source=before.get(key, ""),
                )
            )
    return rows


def desk_context(*, article: Article, language: str, translation, revision) -> dict:
    """Everything the desk shows for one article in one language."""
    source = article.approved_revision
    old_source = revision.source_revision if revision else source
    out_of_date = revision is not None and old_source.pk != source.pk
    fields = [
        ("Title", "title"),
        ("Summary", "summary"),
        ("SEO title", "seo_title"),
        ("SEO description", "seo_description"),
        ("Hero image alt text", "hero_alt"),
    ]
    field_rows = [
        FieldRow(
            label,
            getattr(source, name),
            getattr(revision, name) if revision else "",
            changed=getattr(old_source, name) != getattr(source, name),
            old_source=getattr(old_source, name),
        )
        for label, name in fields
    ]
    field_rows += _figure_rows(old_source, source, revision)
    field_rows += _questions_rows(
        old_source.questions, source.questions, revision.questions if revision else []
    )
    return {
        "article": article,
        "language": language,
        "language_name": dict(translation_languages()).get(language, language),
        "language_tag": html_lang(language),
        "translation": translation,
        "revision": revision,
        "source": source,
        "old_source": old_source,
        "out_of_date": out_of_date,
        "changes": review_changes(old_source, source) if out_of_date else None,
        "field_rows": field_rows,
        "body_rows": desk_rows(
            old_source=old_source.body,
            current_source=source.body,
            translation=revision.body if revision else "",
            language=language,
        ),
    }


def _sign_off_url(user, language: str, revision) -> str:
    """Where this clinician records a decision on the revision, if they may."""
    if revision is None or revision.created_by_id == user.pk:
        return ""
    standing = translation_standing(user)
    if not standing.may_sign_off or language not in standing.languages:
        return ""
    url = _admin_url("reviews_translationsignoff_add")
    return f"{url}?revision={revision.pk}" if url else ""


def _desk(request: HttpRequest, *, article: Article, language: str, translation) -> HttpResponse:
    _require_view(request)
    if article.approved_revision is None:
        raise Http404("This article has no approved English text to translate yet.")
    revision = None
    signoffs = []
    if translation is not None:
        revision = (
            TranslationRevision.objects.filter(translation=translation)
            .select_related("source_revision", "created_by")
            .latest_first()
            .first()
        )
        from reviews.models import TranslationSignoff

        signoffs = list(
            TranslationSignoff.objects.filter(translation=translation)
            .select_related("revision")
            .latest_first()[:10]
        )
    context = {
        **admin.site.each_context(request),
        **desk_context(
            article=article, language=language, translation=translation, revision=revision
        ),
        "title": f"Translator’s desk: “{article.approved_revision.title}”",
        "signoffs": signoffs,
        "revision_decided": any(
            signoff.revision_id == getattr(revision, "pk", None) for signoff in signoffs
        ),
        "may_write": _may_write(request.user),
        "queue_url": f"{reverse('translation-queue')}?language={language}",
        "change_url": _admin_url("articles_articletranslation_change", translation.pk)
        if translation
        else "",
        "add_url": _admin_url("articles_articletranslation_add"),
        "article_url": _admin_url("articles_article_change", article.pk),
        "public_url": translation.get_absolute_url() if translation else "",
        "is_public": bool(translation and translation.is_public()),
        "sign_off_url": _sign_off_url(request.user, language, revision),
    }
    response = TemplateResponse(request, "admin/articles/translation_desk.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def desk_view(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = get_object_or_404(
        ArticleTranslation.objects.select_related(
            "article__approved_revision", "approved_revision"
        ),
        pk=translation_id,
    )
    return _desk(
        request, article=translation.article, language=translation.language, translation=translation
    )


def article_desk_view(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    """The desk for an article and a language, translated yet or not."""
    _require_view(request)
    if language not in dict(translation_languages()):
        raise Http404("The site offers no translations in that language.")
    article = get_object_or_404(Article.objects.select_related("approved_revision"), pk=article_id)
    translation = (
        ArticleTranslation.objects.filter(article=article, language=language)
        .select_related("approved_revision")
        .first()
    )
    if translation is not None:
        return redirect("translation-desk", translation_id=translation.pk)
    return _desk(request, article=article, language=language, translation=None)


# The queue --------------------------------------------------------------------------


def queue_view(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    standing = translation_standing(request.user)
    names = dict(translation_languages())
    # A reviewer who does not translate sees the languages their check vouches for.
    offered = (
        standing.languages
        if standing.reviews and standing.languages and not _may_write(request.user)
        else list(names)
    )
    chosen = request.GET.get("language") or (standing.languages or offered or [""])[0]
    if chosen not in offered:
        chosen = offered[0] if offered else ""
    work = translation_work(offered)
    selected = next((item for item in work if item.code == chosen), None)
    context = {
        **admin.site.each_context(request),
        "title": "Translations to do and to review",
        "work": work,
        "selected": selected,
        "standing": standing,
        "may_write": _may_write(request.user),
        "signs_off_selected": selected is not None and selected.code in standing.languages,
        "user_id": request.user.pk,
        "sign_off_url": _admin_url("reviews_translationsignoff_add"),
        "State": State,
    }
    response = TemplateResponse(request, "admin/articles/translation_queue.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("queue/", admin.site.admin_view(queue_view), name="translation-queue"),
    path("<int:translation_id>/desk/", admin.site.admin_view(desk_view), name="translation-desk"),
    path(
        "article/<int:article_id>/<str:language>/desk/",
        admin.site.admin_view(article_desk_view),
        name="translation-desk-for-article",
    ),
]

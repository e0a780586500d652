"""What readers see of an article in their language: the approved translation where a
public one exists, the approved English text otherwise.

`TranslatedText` gives a translation revision the shape public templates read from an
`ArticleRevision` (title, summary, body_html, toc, questions, SEO, hero alt …). The
parts a translation does not carry stay the English revision's: the hero picture and
its credit, and the references (sources are cited as published).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import translation as django_translation

from eduportal.i18n import LanguageAlternate

from .models import (
    Article,
    ArticleRevision,
    ArticleTranslation,
    StatusChange,
    TranslationRevision,
)

# Set on articles by Article.objects.for_cards() (and with_public_translation()) in a
# language other than English: the article's public translation in it, if any.
PREFETCH_ATTR = "public_translations_here"

TRANSLATION_CARD_DEFERRED = (
    "approved_revision__body",
    "approved_revision__body_html",
    "approved_revision__toc",
    "approved_revision__figures",
)


def active_language() -> str:
    return django_translation.get_language() or settings.LANGUAGE_CODE


def is_source_language(language: str) -> bool:
    return language == settings.LANGUAGE_CODE


class TranslatedText:
    """A public translation revision, read like the English revision it follows."""

    def __init__(self, revision: TranslationRevision, source: ArticleRevision, language: str):
        self.translation_revision = revision
        self.source = source
        self.language = language
        # The translated fields, as the English revision names them.
        self.title = revision.title
        self.summary = revision.summary
        self.seo_title = revision.seo_title
        self.seo_description = revision.seo_description
        self.hero_alt = revision.hero_alt
        self.questions = revision.questions
        self.number = revision.number
        self.content_hash = revision.content_hash
        # A cache key part that never equals an English revision's pk.
        self.pk = f"t{revision.pk}"

    # Long fields are read only where a page shows them (cards defer them).
    @property
    def body_html(self) -> str:
        return self.translation_revision.body_html

    @property
    def toc(self) -> list:
        return self.translation_revision.toc

    @property
    def figures(self) -> list:
        return self.translation_revision.figures

    @property
    def shows_toc(self) -> bool:
        return self.translation_revision.shows_toc

    @property
    def word_count(self) -> int:
        return self.translation_revision.word_count

    @property
    def reading_minutes(self) -> int:
        return self.translation_revision.reading_minutes

    # What a translation does not carry: the English revision's pictures and sources.
    @property
    def references(self) -> list:
        return self.source.references

    @property
    def hero_image(self) -> str:
        return self.source.hero_image

    @property
    def hero_renditions(self) -> dict:
        return self.source.hero_renditions

    @property
    def hero_credit(self) -> str:
        return self.source.hero_credit

    @property
    def has_hero(self) -> bool:
        return self.source.has_hero


def public_translations_prefetch(language: str, *, cards: bool = False) -> Prefetch:
    """One query for the public translations in `language` of a list of articles."""
    queryset = (
        ArticleTranslation.objects.public()
        .in_language(language)
        .select_related("approved_revision")
    )
    if cards:
        queryset = queryset.defer(*TRANSLATION_CARD_DEFERRED)
    return Prefetch("translations", queryset=queryset, to_attr=PREFETCH_ATTR)


def text_for_reader(article: Article, language: str | None = None):
    """The text a card, feed or list shows for `article` in the reader's language: the
    public translation's revision (as TranslatedText) when one was prefetched, the
    approved English revision otherwise."""
    language = language or active_language()
    if not is_source_language(language):
        for found in getattr(article, PREFETCH_ATTR, None) or []:
            if found.language == language:
                return TranslatedText(found.approved_revision, article.approved_revision, language)
    return article.approved_revision


def public_translations_of(article: Article) -> dict[str, ArticleTranslation]:
    """Every public translation of one article, by language, with its approved revision,
    when the English revision it follows was approved (`source_approved_at`), and the
    clinician's approval of it (`approval`, with `signer_is_public`): two queries, kept
    under the content version by the article page."""
    from reviews.models import Specialist, TranslationSignoff

    approved_at = (
        StatusChange.objects.filter(
            revision=OuterRef("approved_revision__source_revision"), move="approve"
        )
        .order_by("-at")
        .values("at")[:1]
    )
    approvals = (
        TranslationSignoff.objects.approvals()
        .select_related("specialist", "credential_check")
        .annotate(
            signer_is_public=Exists(
                Specialist.objects.public().filter(pk=OuterRef("specialist_id"))
            )
        )
    )
    found = (
        ArticleTranslation.objects.public()
        .filter(article=article)
        .select_related("approved_revision")
        .annotate(source_approved_at=Subquery(approved_at))
        .prefetch_related(
            Prefetch("approved_revision__signoffs", queryset=approvals, to_attr="approvals")
        )
    )
    translations = {}
    for translation in found:
        approvals_found = translation.approved_revision.approvals
        translation.approval = approvals_found[0] if approvals_found else None
        translation.article = article
        translations[translation.language] = translation
    return translations


def withdrawn_languages(article: Article) -> set[str]:
    """Languages in which the article had an approved translation that is off the site
    now (withdrawn after a safety-relevant change, or waiting for re-review)."""
    return set(
        ArticleTranslation.objects.filter(article=article, approved_revision__isnull=False)
        .exclude(pk__in=ArticleTranslation.objects.public().values("pk"))
        .values_list("language", flat=True)
    )


def english_url(article: Article) -> str:
    with django_translation.override(settings.LANGUAGE_CODE):
        return article.get_absolute_url()


def untranslated_url(article: Article, language: str) -> str:
    """The English page, with a notice (in `language`'s words) that the article is not
    available in that language. In the address, so the page stays cacheable."""
    return f"{english_url(article)}?{UNTRANSLATED_PARAM}={language}"


UNTRANSLATED_PARAM = "untranslated"


def article_alternates(article: Article, translations: dict) -> list[LanguageAlternate]:
    """The article in every site language, for the chooser and hreflang links: English
    and each language with a public translation are available; for the others the
    chooser leads to the English page with the notice."""
    current = active_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        available = is_source_language(code) or code in translations
        if is_source_language(code):
            url = english_url(article)
        elif available:
            url = translations[code].get_absolute_url()
        else:
            url = untranslated_url(article, code)
        alternates.append(
            LanguageAlternate(
                code=code, name=name, url=url, available=available, current=code == current
            )
        )
    return alternates

"""What translation work waits, per language: the translator's queue, the reviewer's
queue, the governance dashboard's counts and the admin index's summary all read it.

Every published article is, in each translation language, in one state, decided from
its translation's latest revision (what the translator last wrote), its approved
revision (what the public sees) and the article's approved English revision:

- to translate: no translation yet; the translator's latest text follows an older
  English revision (the public translation withdrawn for a safety-relevant change,
  still public but out of date, or a draft of older English); or a clinician asked for
  changes;
- to review: the latest text translates the current English and nobody has decided on
  it yet;
- up to date: a clinician approved the latest text, which translates the current English.

Two queries whatever the numbers of articles and languages (the articles; their
translations with their latest revisions and decisions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from eduportal.i18n import html_lang

from .models import Article, ArticleTranslation, TranslationRevision
from .models.translations import translation_languages


class State:
    WITHDRAWN = "withdrawn"
    OUT_OF_DATE = "out_of_date"
    CHANGES_REQUESTED = "changes_requested"
    DRAFT_OF_OLDER_ENGLISH = "draft_of_older_english"
    NOT_TRANSLATED = "not_translated"
    AWAITING_REVIEW = "awaiting_review"
    UP_TO_DATE = "up_to_date"


# The order of the "to translate" queue: what readers miss most first.
TO_TRANSLATE = (
    State.WITHDRAWN,
    State.OUT_OF_DATE,
    State.CHANGES_REQUESTED,
    State.DRAFT_OF_OLDER_ENGLISH,
    State.NOT_TRANSLATED,
)
STATE_LABELS = {
    State.WITHDRAWN: "Withdrawn from the site: the English changed in a way that matters "
    "for safety",
    State.OUT_OF_DATE: "Out of date: the English page was updated",
    State.CHANGES_REQUESTED: "A clinician asked for changes",
    State.DRAFT_OF_OLDER_ENGLISH: "Draft of an older English text, never approved",
    State.NOT_TRANSLATED: "Not translated yet",
    State.AWAITING_REVIEW: "Waiting for a clinician's review",
    State.UP_TO_DATE: "Up to date",
}


@dataclass
class WorkItem:
    article: Article
    language: str
    state: str
    translation_id: int | None = None
    latest_id: int | None = None
    latest_number: int | None = None
    latest_created_by_id: int | None = None
    latest_source_number: int | None = None
    approved_number: int | None = None
    withdrawn_reason: str = ""
    # A translation waiting for review may also be withdrawn or out of date on the site.
    public_state: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def public_label(self) -> str:
        return STATE_LABELS.get(self.public_state, "")

    @property
    def title(self) -> str:
        return self.article.approved_revision.title

    @property
    def current_english_number(self) -> int:
        return self.article.approved_revision.number


@dataclass
class LanguageWork:
    code: str
    name: str
    to_translate: list[WorkItem] = field(default_factory=list)
    to_review: list[WorkItem] = field(default_factory=list)
    up_to_date: list[WorkItem] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return html_lang(self.code)

    def count(self, state: str) -> int:
        """Articles in `state` now, or on the site in it (a translation waiting for
        review may still be public and out of date, or withdrawn)."""
        items = self.to_translate + self.to_review + self.up_to_date
        return sum(1 for item in items if state in (item.state, item.public_state))

    @property
    def out_of_date(self) -> int:
        return self.count(State.OUT_OF_DATE)

    @property
    def withdrawn(self) -> int:
        return self.count(State.WITHDRAWN)

    @property
    def awaiting_review(self) -> int:
        return len(self.to_review)


def _public_state(translation, current_source_id: int) -> str:
    """How the approved translation stands on the site: withdrawn, out of date, or fine."""
    if translation.approved_revision_id is None:
        return ""
    if translation.withdrawn_at is not None:
        return State.WITHDRAWN
    if translation.approved_source_id != current_source_id:
        return State.OUT_OF_DATE
    return ""


def _state(translation, article: Article) -> tuple[str, str]:
    """(state, public state) of one article in one language (see the module docstring)."""
    if translation is None or translation.latest_id is None:
        return State.NOT_TRANSLATED, ""
    current = article.approved_revision_id
    public = _public_state(translation, current)
    if translation.latest_source_id != current:
        return public or State.DRAFT_OF_OLDER_ENGLISH, public
    if translation.latest_decision is None:
        return State.AWAITING_REVIEW, public
    if translation.latest_id == translation.approved_revision_id:
        return State.UP_TO_DATE, ""
    return State.CHANGES_REQUESTED, public


def _translations(languages: list[str]):
    from reviews.models import TranslationSignoff

    latest = TranslationRevision.objects.filter(translation=OuterRef("pk")).order_by("-number")
    decision = TranslationSignoff.objects.filter(revision=OuterRef("latest_id")).order_by(
        "-decided_at"
    )
    return (
        ArticleTranslation.objects.filter(
            language__in=languages, article__in=Article.objects.published()
        )
        .annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_number=Subquery(latest.values("number")[:1]),
            latest_source_id=Subquery(latest.values("source_revision_id")[:1]),
            latest_source_number=Subquery(latest.values("source_revision__number")[:1]),
            latest_created_by_id=Subquery(latest.values("created_by_id")[:1]),
        )
        .annotate(
            latest_decision=Subquery(decision.values("decision")[:1]),
            approved_source_id=Subquery(
                TranslationRevision.objects.filter(pk=OuterRef("approved_revision_id")).values(
                    "source_revision_id"
                )[:1]
            ),
            approved_number=Subquery(
                TranslationRevision.objects.filter(pk=OuterRef("approved_revision_id")).values(
                    "number"
                )[:1]
            ),
        )
        .order_by()
    )


def translation_work(languages: list[str] | None = None) -> list[LanguageWork]:
    """The work in each of `languages` (default: every translation language)."""
    names = dict(translation_languages())
    codes = [code for code in (languages or names) if code in names]
    if not codes:
        return []
    articles = list(
        Article.objects.published()
        .select_related("approved_revision")
        .order_by("approved_revision__title", "pk")
    )
    by_key = {(t.article_id, t.language): t for t in _translations(codes)}
    work = [LanguageWork(code=code, name=names[code]) for code in codes]
    for language in work:
        for article in articles:
            translation = by_key.get((article.pk, language.code))
            state, public_state = _state(translation, article)
            item = WorkItem(article=article, language=language.code, state=state,
                            public_state=public_state)  # fmt: skip
            if translation is not None:
                item.translation_id = translation.pk
                item.latest_id = translation.latest_id
                item.latest_number = translation.latest_number
                item.latest_created_by_id = translation.latest_created_by_id
                item.latest_source_number = translation.latest_source_number
                item.approved_number = translation.approved_number
                item.withdrawn_reason = translation.withdrawn_reason
            if state == State.AWAITING_REVIEW:
                language.to_review.append(item)
            elif state == State.UP_TO_DATE:
                language.up_to_date.append(item)
            else:
                language.to_translate.append(item)
        language.to_translate.sort(key=lambda item: TO_TRANSLATE.index(item.state))
    return work

"""Site search: articles, stories, specialists and glossary terms, grouped.

Articles use weighted full-text search on PostgreSQL and a plain fallback on SQLite;
the other groups are small and matched by words on both. Every group searches only
what its public queryset allows (Article.objects.published(), Story.objects.approved(),
Specialist.objects.public(), GlossaryTerm.objects.published()).

Patients' words are understood through synonyms editors keep (SearchSynonym): a query
for "feeling sick" also finds "nausea", "diarrhea" finds "diarrhoea". When nothing is
found, "did you mean" offers only a close spelling that does give results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import get_language

from eduportal.i18n import html_lang

from .models import Article, ArticleTranslation, GlossaryTerm, SearchSynonym, SearchTerm
from .models.translations import translation_languages
from .search_text import highlight, is_meaningful, languages_of_script, normalise, words
from .search_translations import search_translations

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_PHRASE_WORDS = 3
GROUP_LIMIT = 5


def normalise_query(raw: str | None) -> str:
    """Trim, collapse whitespace and bound the query; hostile input becomes plain words."""
    text = normalise((raw or "").replace("\x00", " "))
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    return [term for term in words(query) if is_meaningful(term)][:MAX_TERMS]


@dataclass(frozen=True)
class Unit:
    """One thing the reader asked for: a word or phrase and what else means the same."""

    text: str
    alternatives: tuple[str, ...]

    @property
    def expanded(self) -> bool:
        return len(self.alternatives) > 1


def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Every synonym, mapped to its whole group (one query)."""
    groups: dict[str, tuple[str, ...]] = {}
    for synonym in SearchSynonym.objects.filter(active=True).only("words"):
        members = tuple(synonym.members())
        for member in members:
            groups[member] = tuple(dict.fromkeys((*groups.get(member, ()), *members)))
    return groups


def units_for(terms: list[str], groups: dict[str, tuple[str, ...]]) -> list[Unit]:
    """Group the query's words into units, the longest known phrase first: "feeling
    sick" is one unit meaning "nausea" too, not two words."""
    units, index = [], 0
    while index < len(terms):
        for size in range(min(MAX_PHRASE_WORDS, len(terms) - index), 0, -1):
            phrase = " ".join(terms[index : index + size])
            if phrase in groups or size == 1:
                alternatives = groups.get(phrase, (phrase,))
                units.append(Unit(phrase, (phrase, *(a for a in alternatives if a != phrase))))
                index += size
                break
    return units


@dataclass
class SearchResult:
    """An article found: in the reader's language when its public translation matched
    (`translation` set), otherwise in English."""

    article: Article
    snippet: str  # safe HTML: escaped text with <mark> around matches
    translation: ArticleTranslation | None = None

    @property
    def language(self) -> str:
        return self.translation.language if self.translation else settings.LANGUAGE_CODE

    @property
    def lang(self) -> str:
        """BCP 47 tag for the result's `lang` attribute."""
        return html_lang(self.language)

    @property
    def title(self) -> str:
        revision = self.translation.approved_revision if self.translation else None
        return (revision or self.article.approved_revision).title

    @property
    def url(self) -> str:
        if self.translation:
            return self.translation.get_absolute_url()
        # The page in the reader's language: the article view shows a public
        # translation there, or sends the reader to the English page with a notice.
        return self.article.get_absolute_url()

    @property
    def reading_minutes(self) -> int:
        if self.translation:
            return self.translation.approved_revision.reading_minutes
        return self.article.reading_minutes


@dataclass
class SearchOutcome:
    query: str
    language: str = ""  # the page's language; results in it come first
    results: list[SearchResult] = field(default_factory=list)
    stories: list = field(default_factory=list)
    specialists: list = field(default_factory=list)
    glossary: list = field(default_factory=list)
    also_searched: list[str] = field(default_factory=list)
    suggestion: str = ""

    @property
    def found_anything(self) -> bool:
        return bool(self.results or self.stories or self.specialists or self.glossary)

    @property
    def has_english_results(self) -> bool:
        """Whether a non-English page lists English articles (the page says so)."""
        return self.language != settings.LANGUAGE_CODE and any(
            result.translation is None for result in self.results
        )


def translation_languages_for(query: str, language: str) -> list[str]:
    """Which translations to search, in order: the page's language, then the languages
    whose script the query is written in (a Chinese query finds Chinese translations on
    any page)."""
    offered = {code for code, _name in translation_languages()}
    languages = [language] if language in offered else []
    languages += [code for code in languages_of_script(query) if code in offered]
    return list(dict.fromkeys(languages))


def search_articles(
    raw_query: str | None, *, limit: int = 30, language: str | None = None
) -> SearchOutcome:
    """Search every public group. (Named for its first and main group, articles.)
    `language`: the page's (default: the active language)."""
    query = normalise_query(raw_query)
    language = language or get_language() or settings.LANGUAGE_CODE
    terms = query_terms(query)
    outcome = SearchOutcome(query=query, language=language)
    if not terms:
        return outcome
    units = units_for(terms, synonym_groups())
    _fill(outcome, units, limit)
    outcome.also_searched = [alt for unit in units for alt in unit.alternatives[1:]]
    if not outcome.found_anything:
        outcome.suggestion = suggest(units, limit=limit, language=language)
    return outcome


def _fill(outcome: SearchOutcome, units: list[Unit], limit: int) -> None:
    marks = [alt for unit in units for alt in unit.alternatives]
    languages = translation_languages_for(outcome.query, outcome.language)
    translated = search_translations(units, languages, limit=limit)
    outcome.results = [
        SearchResult(
            article=item.article,
            snippet=highlight(_snippet_source(item.approved_revision), marks),
            translation=item,
        )
        for item in translated
    ]
    shown = {item.article_id for item in translated}
    published = Article.objects.published().select_related("approved_revision", "author")
    if connection.vendor == "postgresql":
        articles = _postgres_search(published, units, limit)
    else:
        articles = _fallback_search(published, units, limit)
    outcome.results += [
        SearchResult(
            article=article, snippet=highlight(_snippet_source(article.approved_revision), marks)
        )
        for article in articles
        if article.pk not in shown
    ][: max(0, limit - len(outcome.results))]
    outcome.stories = _search_stories(units)
    outcome.specialists = _search_specialists(units)
    outcome.glossary = _search_glossary(units)


def _matching(units: list[Unit], fields: list[str]) -> Q:
    """Every unit found in one of the fields, in any of its alternative words."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{name}__icontains": alt}) for alt in unit.alternatives
                         for name in fields))
            for unit in units
        ),
    )  # fmt: skip


def _postgres_search(published, units: list[Unit], limit: int) -> list[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    def alternative(text: str) -> SearchQuery:
        kind = "phrase" if " " in text else "plain"
        return SearchQuery(text, search_type=kind, config="english")

    search_query = reduce(
        and_, (reduce(or_, (alternative(alt) for alt in unit.alternatives)) for unit in units)
    )
    return list(
        published.filter(search_vector=search_query)
        # F(), not the bare name: SearchRank would re-parse a string into an
        # unweighted vector and rank title and body alike.
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-published_at")[:limit]
    )


def _fallback_search(published, units: list[Unit], limit: int) -> list[Article]:
    """SQLite: every unit must appear somewhere; title matches rank above summary,
    summary above body."""
    prefix = "approved_revision__"
    matches = _matching(units, [f"{prefix}title", f"{prefix}summary", f"{prefix}body"])
    score = Value(0, output_field=IntegerField())
    for unit in units:
        for name, weight in (("title", 4), ("summary", 2), ("body", 1)):
            found = reduce(or_, (Q(**{f"{prefix}{name}__icontains": a}) for a in unit.alternatives))
            score = score + Case(When(found, then=Value(weight)), default=Value(0))
    return list(
        published.filter(matches).annotate(score=score).order_by("-score", "-published_at")[:limit]
    )


def _search_stories(units: list[Unit]) -> list:
    from stories.models import Story

    fields = ["short_line", "text", "cancer_type__name"]
    return list(
        Story.objects.approved()
        .for_cards()
        .filter(_matching(units, fields))
        .newest_first()[:GROUP_LIMIT]
    )


def _search_specialists(units: list[Unit]) -> list:
    from reviews.models import Specialist

    fields = [
        "full_name",
        "bio",
        "clinical_interests__name",
        "specialties__name",
        "positions__title",
        "positions__institution",
    ]
    matching = Specialist.objects.public().filter(_matching(units, fields)).values("pk")
    return list(
        Specialist.objects.public()
        .filter(pk__in=matching)
        .for_cards()
        .order_by("full_name")[:GROUP_LIMIT]
    )


def _search_glossary(units: list[Unit]) -> list[GlossaryTerm]:
    # The approved text only: an editor's unapproved change is never found or shown.
    fields = ["approved_term", "approved_also_matches", "approved_definition"]
    matching = GlossaryTerm.objects.published().filter(_matching(units, fields))
    return list(matching.order_by("approved_term")[:GROUP_LIMIT])


def _snippet_source(revision) -> str:
    return f"{revision.summary} {revision.plain_body()}"


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of two neighbouring letters ("fatigeu" is one step from "fatigue")."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    """How far a suggestion may be from what was typed: one slip in a short word, two
    in a long one. "nausea" is three steps from "nurse", so it is never offered."""
    return 1 if len(word) <= 5 else 2


def _vocabulary(term: str) -> list[str]:
    """Known words of about the same length: published article words, glossary terms
    and synonyms."""
    low, high = len(term) - allowed_distance(term), len(term) + allowed_distance(term)
    words = set(
        SearchTerm.objects.annotate(size=Length("word"))
        .filter(size__gte=low, size__lte=high)
        .values_list("word", flat=True)
    )
    for glossary_term in GlossaryTerm.objects.published().only(
        "approved_term", "approved_also_matches"
    ):
        words.update(w for form in glossary_term.approved_forms() for w in query_terms(form))
    for synonym in SearchSynonym.objects.filter(active=True).only("words"):
        words.update(w for member in synonym.members() for w in query_terms(member))
    return [word for word in words if low <= len(word) <= high]


def _closest_word(term: str) -> str | None:
    candidates = [(edit_distance(term, word), word) for word in _vocabulary(term) if word != term]
    close = sorted((d, w) for d, w in candidates if d <= allowed_distance(term))
    return close[0][1] if close else None


def suggest(units: list[Unit], *, limit: int = 30, language: str = "") -> str:
    """A corrected query, offered only when it is close to what was typed and finds
    something. Words that have synonyms, or are known already, are kept as typed."""
    corrected, changed = [], False
    for unit in units:
        replacement = None
        known = unit.expanded or " " in unit.text
        if not known and not SearchTerm.objects.filter(word=unit.text).exists():
            replacement = _closest_word(unit.text)
        if replacement:
            corrected.append(replacement)
            changed = True
        else:
            corrected.append(unit.text)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    check = SearchOutcome(query=suggestion, language=language or settings.LANGUAGE_CODE)
    _fill(check, units_for(query_terms(suggestion), synonym_groups()), limit)
    return suggestion if check.found_anything else ""

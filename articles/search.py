"""Article search: weighted full-text search on PostgreSQL, a plain fallback on SQLite.

Both paths search only what ArticleQuerySet.published() allows, rank title over
summary over body, and offer a "did you mean" word when nothing matches.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape

from .models import Article, SearchTerm

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def normalise_query(raw: str | None) -> str:
    """Trim, collapse whitespace and bound the query; hostile input becomes plain words."""
    text = (raw or "").replace("\x00", " ")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    return [term for term in WORD.findall(query.lower()) if len(term) > 1][:MAX_TERMS]


@dataclass
class SearchResult:
    article: Article
    snippet: str  # safe HTML: escaped text with <mark> around matches


@dataclass
class SearchOutcome:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    suggestion: str = ""


def search_articles(raw_query: str | None, *, limit: int = 30) -> SearchOutcome:
    query = normalise_query(raw_query)
    terms = query_terms(query)
    outcome = SearchOutcome(query=query)
    if not terms:
        return outcome
    published = Article.objects.published().select_related("approved_revision", "author")
    if connection.vendor == "postgresql":
        articles = _postgres_search(published, query, limit)
    else:
        articles = _fallback_search(published, terms, limit)
    outcome.results = [
        SearchResult(article=article, snippet=highlight(_snippet_source(article), terms))
        for article in articles
    ]
    if not outcome.results:
        outcome.suggestion = suggest(terms)
    return outcome


def _postgres_search(published, query: str, limit: int) -> list[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config="english")
    return list(
        published.filter(search_vector=search_query)
        # F(), not the bare name: SearchRank would re-parse a string into an
        # unweighted vector and rank title and body alike.
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-published_at")[:limit]
    )


def _fallback_search(published, terms: list[str], limit: int) -> list[Article]:
    """SQLite: every word must appear somewhere; title matches rank above summary,
    summary above body."""
    matches = Q()
    for term in terms:
        matches &= (
            Q(approved_revision__title__icontains=term)
            | Q(approved_revision__summary__icontains=term)
            | Q(approved_revision__body__icontains=term)
        )
    score = Value(0, output_field=IntegerField())
    for term in terms:
        score = (
            score
            + Case(
                When(approved_revision__title__icontains=term, then=Value(4)),
                default=Value(0),
            )
            + Case(
                When(approved_revision__summary__icontains=term, then=Value(2)),
                default=Value(0),
            )
            + Case(When(approved_revision__body__icontains=term, then=Value(1)), default=Value(0))
        )
    return list(
        published.filter(matches).annotate(score=score).order_by("-score", "-published_at")[:limit]
    )


def _snippet_source(article: Article) -> str:
    revision = article.approved_revision
    return f"{revision.summary} {revision.plain_body()}"


def highlight(text: str, terms: list[str], *, width: int = 240) -> str:
    """An escaped excerpt around the first match, with matches wrapped in <mark>."""
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if lowered.find(term) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    excerpt = text[start : start + width]
    if start > 0:
        excerpt = "…" + excerpt.split(" ", 1)[-1]
    if start + width < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + "…"
    pattern = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    if not pattern:
        return escape(excerpt)
    # Split the raw text and escape each piece, so a word such as "amp" or "quot"
    # never matches inside the entities that escaping adds.
    pieces = re.split(f"({pattern})", excerpt, flags=re.IGNORECASE)
    return "".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )


def suggest(terms: list[str]) -> str:
    """Replace each unknown word with the closest word from published articles."""
    corrected = []
    changed = False
    for term in terms:
        replacement = _closest_word(term)
        if replacement and replacement != term:
            changed = True
            corrected.append(replacement)
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""


def _closest_word(term: str) -> str | None:
    if SearchTerm.objects.filter(word=term).exists():
        return term
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        best = (
            SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", term))
            .filter(similarity__gte=0.3)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        return best
    # SQLite: compare with words of a similar length and start, in Python.
    candidates = SearchTerm.objects.filter(word__startswith=term[:1]).values_list("word", flat=True)
    matches = difflib.get_close_matches(term, list(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else None

"""Searching the public translations of articles, in the reader's language first.

Which translations: those public in the page's language, and in any language whose
script the query is written in (a Chinese query on the English page finds Chinese
translations). Two queries for all of them, whatever the number of words: the
public translations' approved revisions, then the matching ones among those.

How words match, on PostgreSQL (every condition backed by a GIN index on the
translation revisions, see migration 0009):
- full-text search with the language's own configuration where PostgreSQL has one:
  Nepali ('nepali'), Tamil ('tamil'), and Malay with 'indonesian' — the two languages
  share their prefixes and suffixes (meN-, ber-, di-, -kan, -an), so "membantu" and
  "bantu" meet, and no Malay configuration exists. Chinese has none (no spaces to find
  words by) and new languages get none until someone adds one here;
- in every language, the words as written inside the text (trigram index): this is how
  Chinese is found at all, and how a Nepali word with a suffix attached is found by its
  stem;
- for Tamil, trigram word similarity too, as PostgreSQL's Tamil stemmer leaves most
  case endings alone (நோயெதிர்ப்பை finds நோயெதிர்ப்பு).
A word of one or two characters (免疫, 癌) has no trigram for an index to look up, and an
index scan would read the whole index while looking indexed. Such a word is matched
with strpos(), which no index answers, on the approved revisions of that language's
public translations only (read by primary key: dozens of rows, not every draft).

On SQLite every word is matched as written (icontains) in every language.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat, Lower, StrIndex, Upper

from .models import ArticleTranslation, TranslationRevision

# PostgreSQL text search configurations for the site's languages (see the docstring).
TEXT_SEARCH_CONFIGS = {"ne": "nepali", "ta": "tamil", "ms": "indonesian"}
# Languages whose words are also matched by trigram similarity.
SIMILARITY_LANGUAGES = {"ta"}
# pg_trgm needs three characters for one trigram.
TRIGRAM_MIN_LENGTH = 3

# The search reads the revisions' own columns (so the planner can use their indexes) and
# keeps only the approved revision of each public translation.
PREFIX = ""


def document(prefix: str = "") -> Upper:
    """The translated text as one upper-cased string: what the trigram index holds
    (migration 0009 builds its index from the same expression)."""
    return Upper(
        Cast(
            Concat(
                F(f"{prefix}title"),
                Value(" "),
                F(f"{prefix}summary"),
                Value(" "),
                F(f"{prefix}body"),
                output_field=TextField(),
            ),
            TextField(),
        )
    )


def vector(config: str, prefix: str = ""):
    """The weighted text search vector of a translation in `config` (title A, summary
    B, body C), the expression of migration 0009's per-language index."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector(F(f"{prefix}title"), weight="A", config=config)
        + SearchVector(F(f"{prefix}summary"), weight="B", config=config)
        + SearchVector(F(f"{prefix}body"), weight="C", config=config)
    )


def _search_query(text: str, config: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="phrase" if " " in text else "plain", config=config)


class _Matcher:
    """Builds, for one query, the conditions and the ranking for each language."""

    def __init__(self, units, postgres: bool):
        self.units = units
        self.postgres = postgres
        self.annotations: dict[str, object] = {}

    def _short(self, alternative: str) -> str:
        """An annotation name for strpos() of a word too short for trigrams."""
        name = f"found_{len(self.annotations)}"
        self.annotations[name] = StrIndex(Lower(document(PREFIX)), Value(alternative.lower()))
        return name

    def written(self, alternative: str) -> Q:
        if not self.postgres:
            fields = ("title", "summary", "body")
            return reduce(or_, (Q(**{f"{PREFIX}{f}__icontains": alternative}) for f in fields))
        if len(alternative) < TRIGRAM_MIN_LENGTH:
            return Q(**{f"{self._short(alternative)}__gt": 0})
        return Q(translated_text__contains=alternative.upper())

    def alternative(self, language: str, alternative: str) -> Q:
        condition = self.written(alternative)
        if not self.postgres or len(alternative) < TRIGRAM_MIN_LENGTH:
            return condition
        config = TEXT_SEARCH_CONFIGS.get(language)
        if config:
            condition |= Q(**{f"vector_{config}": _search_query(alternative, config)})
        if language in SIMILARITY_LANGUAGES and " " not in alternative:
            condition |= Q(translated_text__trigram_word_similar=alternative.upper())
        return condition

    def language(self, language: str) -> Q:
        """Every unit found, in one of its alternatives, in a translation in `language`."""
        return Q(translation__language=language) & reduce(
            and_,
            (
                reduce(or_, (self.alternative(language, alt) for alt in unit.alternatives))
                for unit in self.units
            ),
        )


def _score(units) -> Case | Value:
    """Title matches above summary, summary above body (as the SQLite path for English)."""
    score = Value(0, output_field=IntegerField())
    for unit in units:
        for name, weight in (("title", 4), ("summary", 2), ("body", 1)):
            found = reduce(
                or_, (Q(**{f"{PREFIX}{name}__icontains": alt}) for alt in unit.alternatives)
            )
            score = score + Case(When(found, then=Value(weight)), default=Value(0))
    return score


def _rank(languages: list[str], units):
    """PostgreSQL's text search rank, for the languages that have a configuration."""
    from django.contrib.postgres.search import SearchRank

    whens = []
    for language in languages:
        config = TEXT_SEARCH_CONFIGS.get(language)
        if not config:
            continue
        query = reduce(
            or_, (_search_query(alt, config) for unit in units for alt in unit.alternatives)
        )
        whens.append(
            When(translation__language=language, then=SearchRank(F(f"vector_{config}"), query))
        )
    if not whens:
        return Value(0.0, output_field=FloatField())
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def search_translations(units, languages: list[str], *, limit: int) -> list[ArticleTranslation]:
    """Public translations in `languages` matching every unit: the first language's
    first, best matches first within a language. Each comes with its article (and the
    article's author) and its approved revision, in one query."""
    if not units or not languages:
        return []
    postgres = connection.vendor == "postgresql"
    matcher = _Matcher(units, postgres)
    matches = reduce(or_, (matcher.language(language) for language in languages))
    # First the approved revisions of the public translations in these languages (one
    # short query, through the language index): the search then reads those rows only,
    # by primary key or through a text index, whatever the length of the words.
    approved = list(
        ArticleTranslation.objects.public()
        .filter(language__in=languages)
        .order_by()
        .values_list("approved_revision_id", flat=True)
    )
    if not approved:
        return []
    queryset = TranslationRevision.objects.filter(pk__in=approved)
    if postgres:
        configs = {TEXT_SEARCH_CONFIGS[code] for code in languages if code in TEXT_SEARCH_CONFIGS}
        queryset = queryset.alias(
            translated_text=document(PREFIX),
            **{f"vector_{config}": vector(config, PREFIX) for config in sorted(configs)},
        )
    if matcher.annotations:  # strpos() of short words, added while `matches` was built
        queryset = queryset.alias(**matcher.annotations)
    priority = Case(
        *(When(translation__language=code, then=Value(index))
          for index, code in enumerate(languages)),
        output_field=IntegerField(),
    )  # fmt: skip
    ordering = ["priority", "-score"]
    annotations = {"priority": priority, "score": _score(units)}
    if postgres:
        annotations["rank"] = _rank(languages, units)
        ordering.append("-rank")
    revisions = list(
        queryset.filter(matches)
        .annotate(**annotations)
        .select_related("translation__article__author", "translation__article__approved_revision")
        .order_by(*ordering, "-translation__article__published_at", "pk")[:limit]
    )
    found = []
    for revision in revisions:
        translation = revision.translation
        translation.approved_revision = revision  # the same row: no second query
        found.append(translation)
    return found

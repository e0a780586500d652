"""Articles for patients: topics, authors, articles, their revisions and references.

What the public sees is never the editors' working copy: it is the article's
`approved_revision`, an immutable snapshot a clinician signed off (reviews app).
"""

from .articles import Article, ArticleQuerySet, normalise_newlines
from .content import BodyImage, Reference
from .feedback import Feedback, SearchTerm
from .glossary import GlossaryTerm, SearchSynonym, split_words
from .history import StatusChange
from .revisions import ArticleRevision, ArticleRevisionQuerySet, RevisionFile, content_hash
from .taxonomy import Author, Topic
from .translations import (
    ArticleTranslation,
    ArticleTranslationQuerySet,
    SafetyRelevantChange,
    TranslationRevision,
    translation_languages,
)

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRevision",
    "ArticleRevisionQuerySet",
    "ArticleTranslation",
    "ArticleTranslationQuerySet",
    "Author",
    "BodyImage",
    "Feedback",
    "GlossaryTerm",
    "Reference",
    "RevisionFile",
    "SafetyRelevantChange",
    "SearchSynonym",
    "SearchTerm",
    "StatusChange",
    "Topic",
    "TranslationRevision",
    "content_hash",
    "normalise_newlines",
    "split_words",
    "translation_languages",
]

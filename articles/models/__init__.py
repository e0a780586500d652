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

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRevision",
    "ArticleRevisionQuerySet",
    "Author",
    "BodyImage",
    "Feedback",
    "GlossaryTerm",
    "Reference",
    "RevisionFile",
    "SearchSynonym",
    "SearchTerm",
    "StatusChange",
    "Topic",
    "content_hash",
    "normalise_newlines",
    "split_words",
]

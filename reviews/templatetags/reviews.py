"""Review facts for the article page and specialists for the home page, each in a
constant number of queries."""

from django import template

from reviews.models import Specialist
from reviews.selectors import approval_for
from reviews.selectors import article_clinicians as clinicians_of

register = template.Library()


@register.simple_tag
def review_for(revision):
    """The approval of exactly this revision (shared with the page's JSON-LD)."""
    return approval_for(revision)


@register.simple_tag
def article_clinicians(article, revision):
    """The page's reviewing clinician and clinician author, from checked data only
    (shared by the byline, the specialist box, the fact-check note and the JSON-LD)."""
    return clinicians_of(article, revision)


@register.simple_tag
def featured_specialists(limit: int = 4):
    """A few public specialists for the home page, with the checks in force that their
    positions come from (two queries)."""
    return list(
        Specialist.objects.public().with_current_check().order_by("full_name", "pk")[:limit]
    )

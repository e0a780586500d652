"""Review facts for the article page and specialists for the home page, each in a
constant number of queries."""

from django import template

from reviews.models import Specialist
from reviews.selectors import approval_for

register = template.Library()


@register.simple_tag
def review_for(revision):
    """The approval of exactly this revision (shared with the page's JSON-LD)."""
    return approval_for(revision)


@register.simple_tag
def specialist_for_author(author):
    """The public profile of a writer who is also one of our clinicians (one query)."""
    if author is None:
        return None
    return Specialist.objects.public().filter(author_id=author.pk).first()


@register.simple_tag
def featured_specialists(limit: int = 4):
    """A few public specialists for the home page (two queries)."""
    return list(
        Specialist.objects.public()
        .prefetch_related("positions")
        .order_by("full_name", "pk")[:limit]
    )

"""Review facts for the article page and specialists for the home page, each in a
constant number of queries."""

from django import template

from reviews.models import Specialist
from reviews.selectors import approval_for
from reviews.selectors import article_clinicians as clinicians_of

register = template.Library()


def _english(revision):
    """A translated page shows a translation (articles.translated.TranslatedText); the
    review facts here are those of the English revision it follows. The translation's
    own sign-off is shown by articles/includes/translation_notice.html."""
    return getattr(revision, "source", revision)


@register.simple_tag
def review_for(revision):
    """The approval of exactly this revision (shared with the page's JSON-LD)."""
    return approval_for(_english(revision))


@register.simple_tag
def article_clinicians(article, revision):
    """The page's reviewing clinician and clinician author, from checked data only
    (shared by the byline, the specialist box, the fact-check note and the JSON-LD)."""
    return clinicians_of(article, _english(revision))


@register.simple_tag
def featured_specialists(limit: int = 4):
    """A few public specialists for the home page, with the checks in force that their
    positions come from (two queries)."""
    return list(
        Specialist.objects.public().with_current_check().order_by("full_name", "pk")[:limit]
    )


@register.simple_tag
def reviewer_name(approval):
    """The reviewer's checked name and credentials, linked to their profile when it is
    public: a variable for translated sentences ("Medically reviewed by … on …")."""
    from django.utils.html import format_html

    if approval.signer_is_public:
        return format_html(
            '<a href="{}">{}</a>',
            approval.specialist.get_absolute_url(),
            approval.reviewer_with_credentials,
        )
    return approval.reviewer_with_credentials

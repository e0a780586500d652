"""Template helpers for showing articles in the reader's language."""

from django import template

from ..translated import text_for_reader

register = template.Library()


@register.filter
def reader_text(article):
    """The article's text in the active language: its public translation where one was
    prefetched (Article.objects.for_cards()), the approved English revision otherwise.
    The result's `language` says which, for a `lang` attribute."""
    return text_for_reader(article)

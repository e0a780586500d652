"""Template helpers every app uses: responsive pictures, human dates, JSON-LD."""

import html
import json
import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def picture(renditions, alt, sizes="100vw", css_class="", loading="lazy"):
    """A <picture> with WebP and JPEG srcsets, width and height set (no layout shift).

    loading="eager" is for the largest picture above the fold (an article's hero, a
    story's photo): never lazy, and fetched first (fetchpriority="high")."""
    if not renditions or not renditions.get("jpeg"):
        return ""
    jpeg = renditions["jpeg"]
    webp = renditions.get("webp", [])
    width = renditions["width"]
    height = renditions["height"]
    largest_width = jpeg[-1][0]
    shown_height = round(height * largest_width / width)

    def srcset(items):
        return ", ".join(f"{url} {w}w" for w, url in items)

    sources = ""
    if webp:
        sources = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">', srcset(webp), sizes
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}"{} decoding="async"{}></picture>',
        sources,
        next((url for w, url in jpeg if w >= 800), jpeg[-1][1]),
        srcset(jpeg),
        sizes,
        largest_width,
        shown_height,
        alt,
        loading,
        mark_safe(' fetchpriority="high"') if loading == "eager" else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


_BODY_IMAGE = re.compile(r"<img\b([^>]*)>")
_SRC = re.compile(r'\bsrc="([^"]+)"')
_ALT = re.compile(r'\balt="([^"]*)"')


@register.filter
def responsive_images(body_html, renditions_list):
    """An article body's pictures as <picture> elements with WebP and JPEG srcsets,
    width and height, looked up from the renditions made at upload (BodyImage).

    The body stores the address of one rendition (what the editor pasted); any of its
    renditions finds the whole set. Pictures without known renditions stay as they are.
    """
    by_url = {}
    for renditions in renditions_list or ():
        for kind in ("jpeg", "webp"):
            for _width, url in renditions.get(kind, []):
                by_url[url] = renditions

    def replace(match):
        attributes = match.group(1)
        src = _SRC.search(attributes)
        renditions = by_url.get(html.unescape(src.group(1))) if src else None
        if renditions is None:
            return match.group(0)
        alt = _ALT.search(attributes)
        return picture(
            renditions,
            html.unescape(alt.group(1)) if alt else "",
            sizes="(min-width: 48rem) 44rem, 100vw",
        )

    return mark_safe(_BODY_IMAGE.sub(replace, str(body_html)))


@register.simple_tag
def human_date(value, css_class=""):
    """<time datetime="2024-01-02">2 January 2024</time>; also takes an ISO date string."""
    if not value:
        return ""
    if isinstance(value, str):
        # Dates kept in JSON (a revision's references) are ISO strings.
        from datetime import date

        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    from django.utils import timezone
    from django.utils.dateformat import format as date_format
    from django.utils.translation import pgettext

    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    # A valid HTML date or global date-time: whole seconds, never microseconds.
    machine = value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()
    return format_html(
        '<time datetime="{}"{}>{}</time>',
        machine,
        format_html(' class="{}"', css_class) if css_class else "",
        # Each language writes dates its own way ("2 January 2026", "2026年1月2日"): the
        # format is in the catalogue, in Django's date-format letters; month names come
        # from Django's own translations.
        date_format(value, pgettext("date format: 2 January 2026", "j F Y")),
    )


def _language_or_current(code: str) -> str:
    """`code`, or the language the page is being shown in (the 500 page has no context)."""
    from django.conf import settings
    from django.utils import translation

    return code or translation.get_language() or settings.LANGUAGE_CODE


@register.filter
def html_lang(code=""):
    """A language code as the BCP 47 tag for `lang` and `hreflang` ("zh-hans" → "zh-Hans");
    without one, the language the page is being shown in."""
    from eduportal.i18n import html_lang as bcp47

    return bcp47(_language_or_current(code))


@register.filter
def og_locale(code=""):
    """A language code as an Open Graph locale ("ne" → "ne_NP"); without one, the
    language the page is being shown in."""
    from eduportal.i18n import og_locale as open_graph

    return open_graph(_language_or_current(code))


@register.filter
def starts_with(value, prefix):
    """Whether a path lies under another ("/ne/articles/x/" under "/ne/articles/")."""
    return bool(prefix) and str(value).startswith(str(prefix))


@register.simple_tag
def absolute_url(path=""):
    """The full address of a path on this site, from settings.SITE_URL."""
    from eduportal.site import absolute_url as build

    return build(path or "/")


@register.filter
def json_ld(data):
    """Structured data for search engines; a data block, so the CSP does not apply."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.filter
def site_page_markdown(value):
    """A site page's Markdown, rendered and sanitised exactly like an article body."""
    from eduportal.sitepages import render_site_page

    return render_site_page(value)


@register.filter
def exclude_tag(messages, tag):
    """The messages without the given extra tag (shown elsewhere on the page)."""
    return [message for message in messages if tag not in message.tags.split()]


@register.filter
def with_tag(messages, tag):
    return [message for message in messages if tag in message.tags.split()]


@register.simple_tag(takes_context=True)
def repeat_block(context, name):
    """Render a block a second time (the page description again as og:description),
    so each page writes its description once."""
    from django.template.loader_tags import BLOCK_CONTEXT_KEY

    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    return block.render(context).strip() if block is not None else ""


@register.simple_tag(takes_context=True)
def rendered(context, template_name, **extra):
    """A partial rendered like `{% include %}`, for use as a variable inside a translated
    sentence: `{% rendered "reviews/includes/author_byline.html" as author %}` then
    `{% blocktranslate %}Written by {{ author }}{% endblocktranslate %}`, so each language
    puts the name where its grammar wants it."""
    template = context.template.engine.get_template(template_name)
    with context.push(**extra):
        return mark_safe(template.render(context).strip())


@register.simple_tag
def language_alternates_for(path):
    """The same address in every language, for a page that offers another page's
    languages (the 404 page offers the home page in each)."""
    from eduportal.i18n import interface_alternates

    return interface_alternates(path)

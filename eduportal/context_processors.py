from django.conf import settings
from django.templatetags.static import static


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # The picture link previews show for pages without one of their own.
        "og_default_image": static("img/og-default.png"),
    }


def content_cache(request):
    """What template fragments need to be cached under the content version
    (`{% cache fragment_seconds "name" … content_version %}`); read lazily, so a page
    without fragments never asks the cache."""
    from django.utils.functional import SimpleLazyObject

    from eduportal import pagecache

    return {
        "fragment_seconds": pagecache.fragment_seconds(),
        "content_version": SimpleLazyObject(lambda: pagecache.version_for_request(request).key()),
    }


def languages(request):
    """`language_alternates` for pages whose view does not give its own (see
    eduportal/i18n.py); computed only when a template reads it."""
    from django.utils.functional import SimpleLazyObject

    from eduportal.i18n import interface_alternates

    return {"language_alternates": SimpleLazyObject(lambda: interface_alternates(request.path))}

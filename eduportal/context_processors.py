from django.conf import settings


def site(request):
    return {"site_name": settings.SITE_NAME}


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

from django.conf import settings
from django.templatetags.static import static


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # The picture link previews show for pages without one of their own.
        "og_default_image": static("img/og-default.png"),
    }

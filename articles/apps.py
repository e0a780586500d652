from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from eduportal import images

        from . import media

        # Hero pictures are resized in the background; revisions keep what they show.
        images.STILL_SHOWN.append(media.is_shown_by_a_revision)
        images.RENDITIONS_READY.append(media.attach_renditions)

from django.apps import AppConfig


class EduportalConfig(AppConfig):
    """Site-wide pieces: roles, static pages, health check, demo content loader."""

    name = "eduportal"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks

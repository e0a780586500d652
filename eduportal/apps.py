from django.apps import AppConfig


class EduportalConfig(AppConfig):
    """Site-wide pieces: roles, static pages, health check, demo content loader."""

    name = "eduportal"
    verbose_name = "Site"

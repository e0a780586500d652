"""Admin pieces shared by the apps."""


class ReadOnlyAdminMixin:
    """For records kept for the audit trail (revisions, reviews, sign-offs, reminder
    logs): anyone with view permission sees them; nobody, superusers included, adds,
    changes or deletes them through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PublicContentAdminMixin:
    """For models public pages show (articles, topics, authors, specialists, stories,
    comments, flat pages): any save or delete through the admin drops every cached page
    after it commits (eduportal.pagecache). State changes made by admin actions go
    through services, which invalidate on their own."""

    def save_model(self, request, obj, form, change):
        from eduportal import pagecache

        super().save_model(request, obj, form, change)
        pagecache.invalidate_site()

    def save_related(self, request, form, formsets, change):
        from eduportal import pagecache

        super().save_related(request, form, formsets, change)
        pagecache.invalidate_site()

    def delete_model(self, request, obj):
        from eduportal import pagecache

        super().delete_model(request, obj)
        pagecache.invalidate_site()

    def delete_queryset(self, request, queryset):
        from eduportal import pagecache

        super().delete_queryset(request, queryset)
        pagecache.invalidate_site()


def _register_public_content_admins() -> None:
    """Flat pages (the footer's standing pages) and free tags are edited in admins
    that other apps register; give them the same invalidation."""
    from django.contrib import admin
    from django.contrib.flatpages.admin import FlatPageAdmin
    from django.contrib.flatpages.models import FlatPage
    from taggit.admin import TagAdmin
    from taggit.models import Tag

    for model, base in ((FlatPage, FlatPageAdmin), (Tag, TagAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (PublicContentAdminMixin, base), {}))


_register_public_content_admins()

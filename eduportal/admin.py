"""Admin pieces shared by the apps: read-only audit admins, running a service for each
selected row, and showing a service's refusal of a save as a form error."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

REFUSAL_ATTRIBUTE = "_eduportal_refused_save"


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
    comments, glossary, helplines, site pages, tags): any save or delete through the
    admin drops every cached page after it commits (eduportal.pagecache). State changes
    made by admin actions go through services, which invalidate on their own."""

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


def error_text(error: Exception) -> str:
    """A refusal's messages as one sentence for a person."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


def add_refusal_to_form(form, error: Exception) -> None:
    """A service's ValidationError or PermissionDenied as errors on the form: next to
    the field it names when the form has that field, above the form otherwise."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            known = field in form.fields and field != NON_FIELD_ERRORS
            form.add_error(field if known else None, field_errors)
    else:
        form.add_error(None, error_text(error))


def run_service_for_each(
    modeladmin,
    request,
    objects: Iterable,
    perform: Callable[[object], object],
    *,
    done: tuple[str, str],
) -> int:
    """Run `perform(obj)` for each selected row, each in its own savepoint.

    A refusal (ValidationError, PermissionDenied) undoes that row only and is reported
    as an error naming the row; the rows done are counted in one success message,
    which is left out when nothing was done. `done` is the singular and plural
    message, e.g. ("{count} article published.", "{count} articles published.").
    """
    count = 0
    for obj in objects:
        try:
            with transaction.atomic():
                perform(obj)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"“{obj}”: {error_text(error)}", messages.ERROR)
        else:
            count += 1
    if count:
        singular, plural = done
        message = (singular if count == 1 else plural).format(count=count)
        modeladmin.message_user(request, message, messages.SUCCESS)
    return count


class SaveRefused(Exception):
    """Raised from save_model/save_related when a service refuses the save."""

    def __init__(self, error: Exception):
        super().__init__(error_text(error))
        self.error = error


class RefusedSaveAsFormErrorMixin:
    """A refused save is a form error, never a success message.

    When save_model or save_related raises SaveRefused, the admin's transaction rolls
    back and the change form is shown again with the refusal on the form, as if the
    form itself had failed to validate: no "…was changed successfully", nothing saved,
    nothing the person typed lost.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refused:
            setattr(request, REFUSAL_ATTRIBUTE, refused.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_refusal_to_form(self, refusal)
                return cleaned

        return RefusedForm


# Site pages ----------------------------------------------------------------------------


class SitePageForm(FlatpageForm):
    """A flat page keeps to its lane (eduportal/sitepages.py): an address outside every
    app's URL space and Markdown text, checked as the person types them."""

    class Meta(FlatpageForm.Meta):
        fields = ["url", "title", "content", "sites"]
        help_texts = {
            "content": "Markdown, like articles: ## for a heading, - for a list item, "
            "**bold**, [link text](/address/) for a link. HTML is not used.",
        }

    def clean(self):
        from eduportal.sitepages import validate_site_page

        cleaned = super().clean()
        if "url" in cleaned and "content" in cleaned:
            try:
                validate_site_page(
                    url=cleaned["url"],
                    content=cleaned["content"],
                    previous_url=self.instance.url if self.instance.pk else None,
                )
            except ValidationError as error:
                add_refusal_to_form(self, error)
        return cleaned


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SitePageAdmin(PublicContentAdminMixin, RefusedSaveAsFormErrorMixin, FlatPageAdmin):
    form = SitePageForm
    fieldsets = [(None, {"fields": ["url", "title", "content", "sites"]})]
    list_display = ["url", "title"]
    list_filter = ["sites"]

    def save_model(self, request, obj, form, change):
        from eduportal.sitepages import save_site_page

        try:
            save_site_page(page=obj, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error) from error


# Change history in the admin for the models eduportal does not own (see models.py):
# site pages, and logins with the roles (groups) they hold.
def _with_history(model) -> None:
    """Re-register `model`'s current admin with a "History" page that lists who changed
    what, field by field (whatever admin class another module registered for it)."""
    from simple_history.admin import SimpleHistoryAdmin

    current = type(admin.site.get_model_admin(model))
    if issubclass(current, SimpleHistoryAdmin):
        return
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (SimpleHistoryAdmin, current), {}))


_with_history(FlatPage)
_with_history(get_user_model())
_with_history(Group)


def _tags_drop_cached_pages() -> None:
    """Free tags are edited in taggit's admin; give it the same invalidation."""
    from taggit.models import Tag

    current = type(admin.site.get_model_admin(Tag))
    if not issubclass(current, PublicContentAdminMixin):
        admin.site.unregister(Tag)
        admin.site.register(Tag, type(current.__name__, (PublicContentAdminMixin, current), {}))


_tags_drop_cached_pages()
# Staff sign-in: unlocking locked-out logins, two-factor resets.
from .staff import admin as _staff_admin  # noqa: E402, F401 - importing registers the admins

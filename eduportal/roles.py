"""Staff roles as groups, each with exactly the permissions its work needs.

Each app lists what each role may do with its models in `<app>/roles.py`; the
groups are created and kept in step by data migrations that call `sync_roles`
(one in eduportal/migrations, and one in an app whenever it adds models).
"""

from __future__ import annotations

from importlib import import_module

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
MODERATORS = "Moderators"
# Check clinicians' registrations; deliberately not Editors, who edit the profiles.
CREDENTIALS_OFFICERS = "Credentials officers"
# The clinician who answers for medical governance: sees the governance dashboard.
MEDICAL_LEADS = "Medical leads"
# Write translations of approved articles; a clinician with the language signs them off.
TRANSLATORS = "Translators"
ROLES = (
    EDITORS,
    MEDICAL_REVIEWERS,
    MODERATORS,
    CREDENTIALS_OFFICERS,
    MEDICAL_LEADS,
    TRANSLATORS,
)
ROLE_APPS = ("articles", "reviews", "stories")

# Site-wide pieces every role's work touches.
ROLE_PERMISSIONS = {
    EDITORS: [
        # To link a writer's or clinician's profile to their admin login.
        "auth.view_user",
        "flatpages.view_flatpage",
        "flatpages.change_flatpage",
        "taggit.view_tag",
        "taggit.add_tag",
        "taggit.change_tag",
    ],
    MEDICAL_REVIEWERS: [],
    MODERATORS: [],
    # To see which login a profile is linked to.
    CREDENTIALS_OFFICERS: ["auth.view_user"],
    MEDICAL_LEADS: [],
    TRANSLATORS: [],
}


def role_permissions() -> dict[str, set[str]]:
    """Every role's permissions, gathered from the apps' roles modules."""
    combined = {role: set(ROLE_PERMISSIONS[role]) for role in ROLES}
    for app in ROLE_APPS:
        for role, perms in import_module(f"{app}.roles").ROLE_PERMISSIONS.items():
            combined[role].update(perms)
    return combined


def sync_roles(apps, schema_editor) -> None:
    """Create the groups and set their permissions (for use in data migrations).

    Permissions of models that do not exist yet in this migration state are skipped;
    the migration that adds those models syncs again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips
        # those, so pretend for the duration of the call.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)

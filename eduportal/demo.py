"""Demo staff accounts. They exist only in demo data loaded by `manage.py load_demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from eduportal.roles import (
    CREDENTIALS_OFFICERS,
    EDITORS,
    MEDICAL_LEADS,
    MEDICAL_REVIEWERS,
    MODERATORS,
    TRANSLATORS,
)

DEMO_PASSWORD = "demo-only-password"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str | None
    superuser: bool = False
    extra_roles: tuple[str, ...] = ()

    @property
    def roles_text(self) -> str:
        if self.superuser:
            return "superuser"
        return ", ".join(role for role in (self.role, *self.extra_roles) if role)


DEMO_USERS = (
    DemoUser("admin", "Site", "Administrator", None, superuser=True),
    DemoUser("editor", "Elena", "Marsh", EDITORS),
    DemoUser("dr.okafor", "Adaeze", "Okafor", MEDICAL_REVIEWERS),
    DemoUser(
        "dr.lindqvist", "Henrik", "Lindqvist", MEDICAL_REVIEWERS, extra_roles=(MEDICAL_LEADS,)
    ),
    # Her credential check has lapsed: her review queue says why she cannot sign off.
    DemoUser("dr.chen", "Mei", "Chen", MEDICAL_REVIEWERS),
    # Clinicians who review translations in the languages on their checked profiles.
    DemoUser("dr.tan", "Wei Ling", "Tan", MEDICAL_REVIEWERS),
    DemoUser("dr.krishnan", "Priya", "Krishnan", MEDICAL_REVIEWERS),
    DemoUser("dr.thapa", "Sushila", "Thapa", MEDICAL_REVIEWERS),
    DemoUser("translator", "Farah", "Aziz", TRANSLATORS),
    DemoUser("moderator", "Sam", "Reyes", MODERATORS),
    DemoUser("credentials", "Noor", "Haddad", CREDENTIALS_OFFICERS),
)


def load_users() -> dict[str, object]:
    user_model = get_user_model()
    users = {}
    for demo in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username.replace('.', '-')}@demo.invalid",
                "is_staff": True,
                "is_superuser": demo.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role in (demo.role, *demo.extra_roles):
            if role:
                user.groups.add(Group.objects.get(name=role))
        users[demo.username] = user
    return users

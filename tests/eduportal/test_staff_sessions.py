"""Staff sessions end after 30 minutes idle and 12 hours in all; deactivating an
account or changing its password ends its sessions everywhere (with the database
session backend the settings use, and with the cache-backed one); passwords have at
least 12 characters and pass the common-password and similarity checks."""

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from eduportal.models import StaffSession
from tests.factories import UserFactory, moderator

pytestmark = pytest.mark.django_db

START = "2030-03-01 08:00:00"


@pytest.fixture
def staff(db):
    return moderator(username="sam")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client


def test_thirty_minutes_idle_ends_a_staff_session(staff):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(staff)
        clock.shift(29 * 60)
        assert client.get("/admin/").status_code == 200  # activity keeps it going
        clock.shift(29 * 60)
        assert client.get("/admin/").status_code == 200
        clock.shift(31 * 60)
        response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    page = client.get(response.url).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_twelve_hours_end_a_staff_session_however_active(staff):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(staff)
        for _ in range(28):  # a request every 25 minutes for 11 h 40 min
            clock.shift(25 * 60)
            assert client.get("/admin/").status_code == 200
        clock.shift(25 * 60)
        response = client.get("/admin/")
    assert response.status_code == 302
    assert "signed in for 12 hours" in client.get(response.url).content.decode()


def test_the_session_store_also_expires_staff_sessions_when_idle(staff, settings):
    client = signed_in(staff)
    idle = settings.STAFF_SESSION_IDLE_SECONDS
    assert idle <= client.session.get_expiry_age() <= idle + 5 * 60


SESSION_ENGINES = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.cache",
]


@pytest.mark.parametrize("engine", SESSION_ENGINES)
def test_changing_the_password_ends_the_other_sessions_but_not_this_one(
    staff, settings, engine, django_capture_on_commit_callbacks
):
    settings.SESSION_ENGINE = engine
    laptop, phone = signed_in(staff), signed_in(staff)
    old_key = phone.session.session_key
    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(
            "/admin/password_change/",
            {
                "old_password": "password",
                "new_password1": "a long new passphrase 42",
                "new_password2": "a long new passphrase 42",
            },
        )
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert phone.get("/admin/").status_code == 302
    if engine != "django.contrib.sessions.backends.cache":
        assert not Session.objects.filter(session_key=old_key).exists()
    assert StaffSession.objects.filter(session_key=old_key).count() == 0


@pytest.mark.parametrize("engine", SESSION_ENGINES)
def test_deactivating_an_account_ends_its_sessions_everywhere(
    staff, settings, engine, django_capture_on_commit_callbacks
):
    settings.SESSION_ENGINE = engine
    settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA = False
    sams = [signed_in(staff), signed_in(staff)]
    keys = [c.session.session_key for c in sams]
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.save()
    admin = signed_in(boss)
    form = admin.get(f"/admin/auth/user/{staff.pk}/change/").context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"groups", "user_permissions", "password"}
    }
    data.update(
        is_active="",
        is_staff="on",
        groups=[g.pk for g in staff.groups.all()],
        date_joined_0=staff.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=staff.date_joined.strftime("%H:%M:%S"),
    )
    data.pop("is_active")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/auth/user/{staff.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert not staff.is_active
    for client in sams:
        assert client.get("/admin/").status_code == 302
    assert not StaffSession.objects.filter(session_key__in=keys).exists()
    if engine != "django.contrib.sessions.backends.cache":
        assert not Session.objects.filter(session_key__in=keys).exists()


def test_a_password_changed_outside_the_admin_ends_sessions_too(
    staff, django_capture_on_commit_callbacks
):
    client = signed_in(staff)
    key = client.session.session_key
    with django_capture_on_commit_callbacks(execute=True):
        staff.set_password("another long passphrase 7")
        staff.save()
    assert not StaffSession.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # Saving other fields leaves sessions alone.
    client = signed_in(staff)
    staff.first_name = "Samuel"
    staff.save()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "password,problem",
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("samreyes-admin", "too similar"),
    ],
)
def test_passwords_need_twelve_characters_and_pass_the_common_and_similarity_checks(
    password, problem
):
    user = UserFactory.build(username="samreyes", first_name="Sam", last_name="Reyes")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert problem in " ".join(error.value.messages)
    validate_password("correct horse battery staple", user)


def test_the_admin_refuses_a_short_new_password(staff):
    client = signed_in(staff)
    response = client.post(
        "/admin/password_change/",
        {"old_password": "password", "new_password1": "Short-9x!", "new_password2": "Short-9x!"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()

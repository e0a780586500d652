"""Staff sign-in: lockout by username and by address (django-axes), the second factor
(django-otp: authenticator app, recovery codes, enrolment on first sign-in), unlock
and two-factor reset, and the log events of each."""

import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eduportal.models import StaffSession, TwoFactorReset
from eduportal.staff import twofactor
from tests.factories import ArticleFactory, UserFactory, editor_user, moderator
from tests.staff import enrol_authenticator, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def staff_user(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.save()  # the factory sets the password without saving it
    return user


PASSWORD = "password"


def sign_in_password(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def security_events(caplog) -> list[dict]:
    return [
        {"event": r.event, **{k: v for k, v in vars(r).items() if k in {"username", "stage"}}}
        for r in caplog.records
        if r.name == "eduportal.security"
    ]


@pytest.fixture
def staff(db):
    return moderator(username="sam")


@pytest.fixture
def phone(staff):
    return enrol_authenticator(staff)


# The second factor


def test_a_right_password_alone_does_not_sign_staff_in(client, staff, phone):
    response = sign_in_password(client, "sam")
    assert response.status_code == 302 and response.url == "/admin/two-factor/"
    # Not signed in: the admin, and staff-only pages outside it, still refuse.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    page = client.get("/admin/two-factor/")
    assert "Enter your code" in page.content.decode()


def test_the_code_from_the_app_signs_in(client, staff, phone):
    sign_in_password(client, "sam")
    response = client.post("/admin/two-factor/", {"token": totp_code(phone)})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.session["otp_device_id"] == phone.persistent_id
    assert StaffSession.objects.filter(user=staff).count() == 1


def test_a_wrong_code_is_refused_with_a_message(client, staff, phone):
    sign_in_password(client, "sam")
    response = client.post("/admin/two-factor/", {"token": "000000"})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(staff, phone):
    with time_machine.travel("2030-01-01 09:00:00", tick=False):
        code = totp_code(phone)
        first, second = Client(), Client()
        sign_in_password(first, "sam")
        assert first.post("/admin/two-factor/", {"token": code}).status_code == 302
        sign_in_password(second, "sam")
        assert second.post("/admin/two-factor/", {"token": code}).status_code == 200


def test_the_password_step_expires_after_five_minutes(client, staff, phone):
    with time_machine.travel("2030-01-01 09:00:00", tick=False) as clock:
        sign_in_password(client, "sam")
        clock.shift(6 * 60)
        response = client.post("/admin/two-factor/", {"token": totp_code(phone)})
    assert response.status_code == 302 and response.url == "/admin/login/"
    assert "_auth_user_id" not in client.session


def test_first_sign_in_enrols_an_authenticator_with_an_offline_qr_code(client):
    editor = editor_user(username="elena")
    response = sign_in_password(client, "elena")
    assert response.url == "/admin/two-factor/setup/"
    html = client.get("/admin/two-factor/setup/").content.decode()
    assert "Set up your authenticator app" in html
    # The QR code is drawn here as an SVG data address: no outside service is asked.
    assert 'src="data:image/svg+xml;base64,' in html
    assert "http" not in re.search(r'<img class="otp-qr"[^>]*>', html).group(0).split("src=")[0]
    key = re.search(r'<code id="otp-key">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert key.replace(" ", "") == twofactor.manual_key(device).replace(" ", "")

    response = client.post("/admin/two-factor/setup/", {"token": "123456"})
    assert "That code did not work" in response.content.decode()
    response = client.post("/admin/two-factor/setup/", {"token": totp_code(device)}, follow=True)
    html = response.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", html)
    assert len(codes) == 10 and "shown only now" in html
    assert client.get("/admin/").status_code == 200
    # Shown once: a reload lists none.
    assert not re.findall(
        r"<li><code>", client.get("/admin/two-factor/recovery-codes/").content.decode()
    )
    device.refresh_from_db()
    assert device.confirmed


def test_a_recovery_code_signs_in_once(staff, phone):
    codes = twofactor.issue_recovery_codes(user=staff)
    first = Client()
    sign_in_password(first, "sam")
    assert first.post("/admin/two-factor/", {"token": codes[0]}).status_code == 302
    assert first.get("/admin/").status_code == 200
    again = Client()
    sign_in_password(again, "sam")
    assert again.post("/admin/two-factor/", {"token": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9


def test_every_staff_account_needs_the_second_factor_even_editors(client):
    editor_user(username="elena")
    assert sign_in_password(client, "elena").url == "/admin/two-factor/setup/"
    assert client.get("/admin/").status_code == 302


def test_a_session_without_the_second_factor_is_signed_out_everywhere(staff):
    """A session signed in by any other door (or from before two-factor) is refused,
    by the admin and by staff-only pages outside it (the story preview)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    client = Client()
    session = client.session
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert "_auth_user_id" not in client.session
    # The draft preview outside the admin (staff_member_required) refuses it too.
    article = ArticleFactory()
    editor = editor_user(username="elena")
    session = client.session
    session[SESSION_KEY] = str(editor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = client.get(f"/articles/{article.slug}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    page = client.get("/admin/login/")
    assert "sign in again with your authenticator app" in page.content.decode()


def test_the_demo_setting_relaxes_the_second_factor(client, staff, settings):
    settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA = True
    response = sign_in_password(client, "sam")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_check_deploy_warns_when_the_demo_relaxation_is_on(settings):
    from django.core.checks import run_checks

    settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA = True
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "eduportal.W002" in ids
    settings.EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA = False
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "eduportal.W002" not in ids


def test_production_refuses_to_start_with_the_demo_relaxation_on():
    from tests.eduportal.test_foundation import PRODUCTION_ENV, run_manage

    refused = run_manage(
        "check", env_overrides={**PRODUCTION_ENV, "EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA": "1"}
    )
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "eduportal: configuration error: staff could sign in without a second factor "
        "(EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA is on): that is for the demo only (DEBUG=1); "
        "unset it in production, where every staff account uses an authenticator app."
    ]
    # Production without it starts, and its deploy checks are silent.
    production = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, "EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA": ""},
    )
    assert production.returncode == 0, production.stderr
    assert "eduportal.W002" not in production.stdout + production.stderr
    # The demo (`make run`: DEBUG=1 with the relaxation on) still starts.
    demo = run_manage(
        "check", env_overrides={"DEBUG": "1", "EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA": "1"}
    )
    assert demo.returncode == 0, demo.stderr


# Lockout


def test_wrong_passwords_lock_the_username_out_even_from_another_address(staff, phone, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    codes = [sign_in_password(client, "sam", "wrong").status_code for _ in range(6)]
    # Four ordinary refusals, then the fifth failure locks.
    assert codes[:4] == [200] * 4 and codes[4:] == [429, 429]
    # The right password, from another address, is still refused.
    elsewhere = Client(REMOTE_ADDR="192.0.2.10")
    response = sign_in_password(elsewhere, "sam")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in is paused for a while" in html and "What you can do" in html
    assert '<main id="main"' in html  # the site's own design
    assert "ask a site administrator" in html


def test_wrong_passwords_lock_the_address_out_for_every_username(staff, phone, settings):
    settings.AXES_FAILURE_LIMIT = 5
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(5):
        sign_in_password(attacker, f"guess{n}", "wrong")
    assert sign_in_password(attacker, "sam").status_code == 429
    # Sam, from their own address, is not affected.
    assert sign_in_password(Client(), "sam").status_code == 302


def test_behind_a_trusted_proxy_the_lockout_is_by_the_visitors_address(staff, phone, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    for n in range(3):
        sign_in_password(attacker, f"guess{n}", "wrong")
    assert sign_in_password(attacker, "sam").status_code == 429
    # Another visitor through the same proxy signs in.
    visitor = Client(HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert sign_in_password(visitor, "sam").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_wrong_codes_count_towards_the_lockout(client, staff, phone, settings):
    settings.AXES_FAILURE_LIMIT = 3
    sign_in_password(client, "sam")
    statuses = [
        client.post("/admin/two-factor/", {"token": "000000"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.post("/admin/two-factor/", {"token": totp_code(phone)})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_sign_in_events_are_logged_without_the_password(client, staff, phone, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 2
    caplog.set_level(logging.INFO, logger="eduportal.security")
    sign_in_password(client, "sam", "Secret-Guess-123")
    sign_in_password(client, "maria@example.org", "Secret-Guess-123")
    events = security_events(caplog)
    assert sorted(e["event"] for e in events) == [
        "login_failed",
        "login_failed",
        "login_locked_out",
    ]
    assert events[0] == {"event": "login_failed", "username": "sam", "stage": "password"}
    # A typed email address is logged as a hash only.
    assert all("username" not in e for e in events[1:])
    text = caplog.text + " ".join(str(vars(r)) for r in caplog.records)
    assert "Secret-Guess-123" not in text and "maria@example.org" not in text
    call_command("axes_reset", verbosity=0)
    caplog.clear()
    sign_in_password(client, "sam")
    client.post("/admin/two-factor/", {"token": totp_code(phone)})
    succeeded = [r for r in caplog.records if getattr(r, "event", "") == "login_succeeded"]
    assert len(succeeded) == 1 and succeeded[0].second_factor == "TOTPDevice"
    assert succeeded[0].client_ip == "127.0.0.1"


# Unlock and reset


def locked(username, settings) -> Client:
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        sign_in_password(client, username, "wrong")
    assert sign_in_password(client, username).status_code == 429
    return client


def test_staff_with_the_permission_unlock_a_locked_out_sign_in(staff, phone, settings):
    locked("sam", settings)
    admin_user = staff_user(username="it")
    admin_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt"],
        )
    )
    it = Client()
    it.force_login(admin_user)
    response = it.get("/admin/axes/accessattempt/")
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    changelist = response.content.decode()
    assert "unlock_selected" in changelist
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = it.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock_selected", "_selected_action": ids},
        follow=True,
    )
    assert "Unlocked." in response.content.decode()
    assert AccessAttempt.objects.count() == 0
    assert sign_in_password(Client(), "sam").status_code == 302


def test_staff_without_the_permission_cannot_unlock(staff, phone, settings):
    locked("sam", settings)
    viewer = staff_user(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_accessattempt"))
    client = Client()
    client.force_login(viewer)
    assert "unlock_selected" not in client.get("/admin/axes/accessattempt/").content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    client.post(
        "/admin/axes/accessattempt/", {"action": "unlock_selected", "_selected_action": ids}
    )
    assert AccessAttempt.objects.exists()
    from eduportal.staff import lockout

    with pytest.raises(PermissionDenied):
        lockout.unlock(attempts=AccessAttempt.objects.all(), by=viewer)


def test_a_superuser_resets_a_lost_device_and_it_is_recorded(staff, phone, caplog):
    twofactor.issue_recovery_codes(user=staff)
    signed_in = Client()
    signed_in.force_login(staff)
    assert signed_in.get("/admin/").status_code == 200
    boss = staff_user(username="boss", is_superuser=True)
    boss_client = Client()
    boss_client.force_login(boss)
    assert boss_client.get("/admin/eduportal/twofactorreset/add/").status_code == 200
    caplog.set_level(logging.INFO, logger="eduportal.security")
    response = boss_client.post(
        "/admin/eduportal/twofactorreset/add/",
        {"user": staff.pk, "reason": "Lost phone; checked by video call"},
        follow=True,
    )
    assert response.status_code == 200
    record = TwoFactorReset.objects.get()
    assert (record.username, record.reset_by_username) == ("sam", "boss")
    assert record.devices_removed == 2 and record.sessions_ended == 1
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert [r.event for r in caplog.records if r.name == "eduportal.security"] == [
        "two_factor_reset"
    ]
    # Signed out everywhere, and asked to enrol again at the next sign-in.
    assert signed_in.get("/admin/").status_code == 302
    assert sign_in_password(Client(), "sam").url == "/admin/two-factor/setup/"


def test_only_superusers_may_reset_two_factor(staff, phone):
    other = moderator(username="other")
    with pytest.raises(PermissionDenied):
        twofactor.reset_two_factor(user=staff, by=other, reason="asked nicely")
    boss = staff_user(username="boss", is_superuser=True)
    with pytest.raises(ValidationError):
        twofactor.reset_two_factor(user=staff, by=boss, reason=" ")
    client = Client()
    client.force_login(other)
    assert client.get("/admin/eduportal/twofactorreset/add/").status_code == 403
    with pytest.raises(ValueError):
        twofactor.reset_two_factor(user=staff, by=boss, reason="lost").delete()

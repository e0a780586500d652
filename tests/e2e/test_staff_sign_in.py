"""A new member of staff signs in for the first time: password, then they add the
account to an authenticator app from the QR page and type the code it generates;
they keep their recovery codes and reach the admin. Too many wrong passwords show the
lockout page, which axe checks."""

import re

import pytest
from django_otp.oath import TOTP

from tests.factories import editor_user

pytestmark = pytest.mark.django_db(transaction=True)


def code_for(manual_key: str) -> str:
    """What an authenticator app shows for this key now (RFC 6238, 30 s, 6 digits)."""
    import base64

    secret = manual_key.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_first_sign_in_enrols_an_authenticator_and_signs_in_with_its_code(page, assert_accessible):
    editor_user(username="elena")
    page.goto("/admin/login/")
    page.fill("#id_username", "elena")
    page.fill("#id_password", "password")
    page.click("#login-form input[type=submit]")
    page.wait_for_url("**/admin/two-factor/setup/")
    assert page.get_by_role("heading", name="Set up your authenticator app").is_visible()
    qr = page.locator("img.otp-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, context="two-factor setup")

    page.fill("#id_token", "000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert "That code did not work" in page.locator(".errornote").inner_text()

    page.fill("#id_token", code_for(page.locator("#otp-key").inner_text()))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/admin/two-factor/recovery-codes/")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"\w+", c) for c in codes)
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Content, reviews and stories").is_visible()
    assert page.csp_errors == []


def test_too_many_wrong_passwords_show_the_lockout_page(page, settings, assert_accessible):
    settings.AXES_FAILURE_LIMIT = 3
    editor_user(username="elena")
    for _ in range(3):
        page.goto("/admin/login/")
        page.fill("#id_username", "elena")
        page.fill("#id_password", "not-the-password")
        page.click("#login-form input[type=submit]")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in is paused for a while"
    assert "What you can do" in page.locator("main").inner_text()
    assert_accessible(page, context="lockout page")
    assert page.csp_errors == []

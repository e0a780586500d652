"""The admin's sign-in: password first (with the lockout), then the second factor.

Nobody is signed in after the password alone. A correct password only marks the
browser's session as "waiting for a code" for a few minutes; the session is signed
in (django.contrib.auth.login) when the code from the authenticator app or a
recovery code is accepted, or, on first sign-in, when the new authenticator is set
up. Wrong codes count towards the same lockout as wrong passwords.
"""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import sessions, twofactor

PENDING = "staff_pending_sign_in"
PENDING_SECONDS = 5 * 60
SHOW_CODES = "staff_show_recovery_codes"
SIGNED_OUT_MESSAGES = {
    "idle": "You were signed out after 30 minutes without activity. Please sign in again.",
    "too_long": "You were signed out because you had been signed in for 12 hours. "
    "Please sign in again.",
    "second_factor_missing": "Please sign in again with your authenticator app.",
}


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=64,
        help_text="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Please enter the code."},
    )


class SetupForm(CodeForm):
    token = forms.CharField(
        label="Code from the app",
        max_length=16,
        help_text="After adding the account, your app shows a 6-digit code. Enter it here.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Please enter the code your app shows."},
    )


def _to(name: str, site) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, current_app=site.name))


def _safe_next(request, candidate: str | None, site) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index", current_app=site.name)


def _pending_user(request):
    pending = request.session.get(PENDING) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, pending
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or not user.is_staff:
        return None, pending
    user.backend = pending["backend"]
    return user, pending


def _finish(request, user, device, pending, site) -> HttpResponseRedirect:
    """Sign the browser in: a new session key, the verified device, the time limits."""
    request.session.pop(PENDING, None)
    if device is not None:
        user.otp_device = device  # django-otp marks the session verified on login
    auth_login(request, user, backend=pending["backend"])
    if device is not None:
        otp_login(request, device)
    sessions.start(request)
    return HttpResponseRedirect(_safe_next(request, pending.get("next"), site))


def _context(request, site, **extra) -> dict:
    return {
        **site.each_context(request),
        "subtitle": None,
        "cooloff_minutes": _cooloff_minutes(),
        **extra,
    }


def _cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page in the site's
    design saying what to do, with status 429."""
    from axes.helpers import get_client_username

    return render(
        request,
        "staff/locked_out.html",
        {
            "username": get_client_username(request, credentials) or "",
            "cooloff_minutes": _cooloff_minutes(),
        },
        status=429,
    )


class PasswordStepView(LoginView):
    """Django's LoginView with the admin's form, except that a right password leads to
    the code step instead of signing in."""

    site = None

    def form_valid(self, form):
        user = form.get_user()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_redirect_url() or "",
        }
        if twofactor.has_authenticator(user):
            return _to("admin:two-factor", self.site)
        if twofactor.required_for(user):
            return _to("admin:two-factor-setup", self.site)
        # Demo only (EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA): no second factor yet.
        pending = self.request.session[PENDING]
        return _finish(self.request, user, None, pending, self.site)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(sessions.SIGNED_OUT_REASON, None)
        context["signed_out_message"] = SIGNED_OUT_MESSAGES.get(reason)
        return context


def password_step(request, site, extra_context=None):
    from django.contrib.admin.forms import AdminAuthenticationForm

    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
    context = _context(
        request,
        site,
        title="Sign in",
        app_path=request.get_full_path(),
        username=request.user.get_username(),
    )
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    context.update(extra_context or {})
    request.current_app = site.name
    return PasswordStepView.as_view(
        site=site,
        extra_context=context,
        authentication_form=AdminAuthenticationForm,
        template_name="admin/staff/password_step.html",
    )(request)


def _locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


def _count_failure(request, user) -> None:
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "stage": "code"},
        request=request,
    )


def _second_step(request, site, *, enrolling: bool):
    """The person waiting for this step, or the response that sends them elsewhere
    (back to the password, to the other step, or to the lockout page)."""
    user, pending = _pending_user(request)
    if user is None:
        return None, None, _to("admin:login", site)
    if twofactor.has_authenticator(user) == enrolling:
        other = "admin:two-factor" if enrolling else "admin:two-factor-setup"
        return None, None, _to(other, site)
    if _locked(request, user):
        return None, None, locked_out(request, None, {"username": user.get_username()})
    return user, pending, None


def _failed_code(request, user):
    """Count a wrong code towards the lockout; the lockout page if it now applies."""
    _count_failure(request, user)
    if getattr(request, "axes_locked_out", False):
        return locked_out(request, None, {"username": user.get_username()})
    return None


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def code_step(request, site):
    user, pending, elsewhere = _second_step(request, site, enrolling=False)
    if elsewhere is not None:
        return elsewhere
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            return _finish(request, user, device, pending, site)
        if lockout := _failed_code(request, user):
            return lockout
        form.add_error(
            "token",
            "That code did not work. Enter the code your app shows now (it changes every "
            "30 seconds), or one of your recovery codes.",
        )
    return TemplateResponse(
        request,
        "admin/staff/code_step.html",
        _context(request, site, title="Enter your code", form=form, staff_user=user),
    )


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def setup_step(request, site):
    """First sign-in (or after a reset): add the account to an authenticator app."""
    user, pending, elsewhere = _second_step(request, site, enrolling=True)
    if elsewhere is not None:
        return elsewhere
    device = twofactor.pending_authenticator(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_authenticator(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            if lockout := _failed_code(request, user):
                return lockout
            form.add_error("token", error)
        else:
            device.refresh_from_db()
            response = _finish(request, user, device, pending, site)
            request.session[SHOW_CODES] = {"codes": codes, "next": response.url}
            return _to("admin:two-factor-recovery-codes", site)
    return TemplateResponse(
        request,
        "admin/staff/setup_step.html",
        _context(
            request,
            site,
            title="Set up your authenticator app",
            form=form,
            staff_user=user,
            qr_code=twofactor.qr_data_uri(device),
            manual_key=twofactor.manual_key(device),
            issuer=settings.OTP_TOTP_ISSUER,
        ),
    )


@never_cache
def recovery_codes(request, site):
    """Shown once: right after enrolment, or after asking for a new set."""
    if not site.has_permission(request):
        return _to("admin:login", site)
    if request.method == "POST":
        codes = twofactor.issue_recovery_codes(user=request.user)
        shown = {"codes": codes, "next": reverse("admin:index", current_app=site.name)}
    else:
        shown = request.session.pop(SHOW_CODES, None)
    return TemplateResponse(
        request,
        "admin/staff/recovery_codes.html",
        _context(
            request,
            site,
            title="Your recovery codes",
            codes=(shown or {}).get("codes"),
            next_url=(shown or {}).get("next") or reverse("admin:index", current_app=site.name),
            codes_left=twofactor.recovery_codes_left(request.user),
        ),
    )

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout

from . import sessions, twofactor
from .events import log_event, safe_username


class StaffSessionMiddleware:
    """For signed-in staff: end the session after 30 minutes idle or 12 hours in all,
    and refuse any staff session that has not passed the second factor where it is
    required (so no staff-only page, in the admin or not, is reachable with a
    password alone). Installed after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: don't touch the session, so an
        # anonymous page stays cacheable (no `Vary: Cookie`, eduportal.pagecache).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            reason = sessions.expired_reason(request.session)
            if reason is None and twofactor.required_for(user) and not user.is_verified():
                reason = "second_factor_missing"
            if reason is not None:
                user_id, names = user.pk, safe_username(user.get_username())
                logout(request)
                request.session[sessions.SIGNED_OUT_REASON] = reason
                log_event("session_ended", request=request, user_id=user_id, reason=reason, **names)
            else:
                sessions.touch(request)
                sessions.track(request)
        return self.get_response(request)

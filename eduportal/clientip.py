"""The visitor's address, the one place it is worked out. Used by the login lockout
(django-axes, AXES_CLIENT_IP_CALLABLE) and by the story, comment and link rate limits.

Behind reverse proxies, set TRUSTED_PROXY_COUNT to how many of them stand in front of
the app. Each proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies the client is the N-th entry from the
right; anything further left was written by the client and can be forged. With the
default of 0 forwarded headers are ignored and REMOTE_ADDR is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    address = address.strip()
    # "[2001:db8::1]:443" and "203.0.113.9:5678" as some proxies write them.
    if address.startswith("[") and "]" in address:
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:
        address = address.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when it cannot be known (a request without a
    peer address, e.g. over a Unix socket without trusted proxies)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [
        hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
    ]
    if len(forwarded) < trusted:
        # The request did not come through all our proxies: only the direct peer is
        # known for sure.
        return remote
    return _valid(forwarded[-trusted]) or remote

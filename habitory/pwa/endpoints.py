"""Which push endpoints the server may POST to: a browser hands us the URL, so without a check
a signed-in user could make the server send requests into its own network (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
import urllib.request

from flask import current_app


def may_post_to(hostname: str | None) -> bool:
    """True when every address the name resolves to is on the public internet (push services
    are); loopback, private, link-local and reserved addresses are refused unless the app
    allows local endpoints (PUSH_ALLOW_HTTP, for tests with a push service on loopback)."""
    if not hostname:
        return False
    if current_app.config.get("PUSH_ALLOW_HTTP"):
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(hostname, 443)}
    except (OSError, UnicodeError):
        return False
    try:
        return bool(addresses) and all(
            ipaddress.ip_address(address.split("%", 1)[0]).is_global for address in addresses)
    except ValueError:
        return False


def names_a_local_host(hostname: str | None) -> bool:
    """What the subscribe form can refuse without a DNS lookup (a name that fails to resolve
    now may resolve later; `may_post_to` decides at each send): a non-public IP address
    literal or a name reserved for local networks."""
    if current_app.config.get("PUSH_ALLOW_HTTP") or not hostname:
        return False
    name = hostname.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    try:
        return not ipaddress.ip_address(name.split("%", 1)[0]).is_global
    except ValueError:
        return False  # a name, not an address


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A push service answers, it does not redirect: following one could lead anywhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


opener = urllib.request.build_opener(_NoRedirects)

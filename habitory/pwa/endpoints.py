"""Which push endpoints the server may POST to: a browser hands us the URL, so without a check
a signed-in user could make the server send requests into its own network (SSRF).

Two checks at each send: the name must resolve to public addresses only
(`resolves_to_public`), and the opener's connections check the address they actually
connected to, so a name that resolves to a public address for the first lookup and to a local
one for the second (DNS rebinding) still reaches nothing inside.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.request

from flask import current_app


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; an IPv4 address written as IPv6
    (::ffff:10.0.0.1) is judged as the IPv4 address it is."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global


def resolves_to_public(hostname: str) -> bool:
    """True when the name resolves, and only to public addresses."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(hostname, 443)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(is_public_address(address) for address in addresses)


def local_allowed() -> bool:
    """Whether this app posts to local endpoints (PUSH_ALLOW_HTTP: tests with a push service
    on loopback)."""
    return bool(current_app.config.get("PUSH_ALLOW_HTTP"))


def names_a_local_host(hostname: str | None) -> bool:
    """What the subscribe form can refuse without a DNS lookup (a name that fails to resolve
    now may resolve later; each send checks it again): a non-public IP address
    literal or a name reserved for local networks."""
    if current_app.config.get("PUSH_ALLOW_HTTP") or not hostname:
        return False
    name = hostname.rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False  # a name, not an address
    return not is_public_address(name)


class _PublicPeerHTTP(http.client.HTTPConnection):
    """Refuses, before a byte is sent, a connection that reached a non-public address."""

    def connect(self) -> None:
        super().connect()
        if self._tunnel_host:
            return  # through a proxy the host configured: the proxy resolves the name
        peer = self.sock.getpeername()[0]
        if not is_public_address(peer):
            self.sock.close()
            raise OSError(f"{self.host} connected to {peer}, not a public address")


class _PublicPeerHTTPS(http.client.HTTPSConnection, _PublicPeerHTTP):
    """HTTPSConnection.connect calls _PublicPeerHTTP.connect (its super() in this order), so
    the address is checked before the TLS handshake."""


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicPeerHTTP, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        super().__init__()
        self.tls = ssl.create_default_context()

    def https_open(self, req):
        return self.do_open(_PublicPeerHTTPS, req, context=self.tls)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A push service answers, it does not redirect: following one could lead anywhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


public_opener = urllib.request.build_opener(_NoRedirects, _PublicHTTPHandler,
                                            _PublicHTTPSHandler)
local_opener = urllib.request.build_opener(_NoRedirects)  # only where local is allowed


def opener() -> urllib.request.OpenerDirector:
    """The opener for this app: every connection checked, unless local endpoints are allowed."""
    return local_opener if local_allowed() else public_opener

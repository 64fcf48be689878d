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
import re
import socket
import ssl
import urllib.request

from flask import current_app

# RFC 8215's prefix for NAT64 inside one network: not routed on the internet, and where in it
# the IPv4 address sits is the network's choice, so nothing in it is judged public.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
# Prefixes whose last 32 bits are an IPv4 address a translator or the host stack reaches:
# NAT64's well-known prefix (RFC 6052), IPv4-compatible (::a.b.c.d, RFC 4291) and
# IPv4-translated (::ffff:0:a.b.c.d, RFC 2765). Python judges these by the IPv6 registry
# alone (64:ff9b::a9fe:a9fe, 169.254.169.254 through NAT64, is "global" to it).
_LAST_32_BITS = tuple(ipaddress.ip_network(prefix)
                      for prefix in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:AABB:CCDD::/48, 6to4 (RFC 3056)
        return ip.sixtofour
    if any(ip in network for network in _LAST_32_BITS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


# What a browser sends, serialized as the URL standard does: printable ASCII (percent-encoded,
# no spaces). Anything else is not a browser's, and http.client refuses to send it.
_PLAIN_URL = re.compile(r"[!-~]+")


def is_plain_url(url: str) -> bool:
    """True for a URL of printable ASCII characters only: no space, NUL or other control
    character, no letter outside ASCII."""
    return bool(_PLAIN_URL.fullmatch(url))


def is_public_address(address: str) -> bool:
    """True for an address on the public internet. An IPv6 address that carries an IPv4 one
    (mapped, NAT64, 6to4, IPv4-compatible) is judged as the IPv4 address it reaches."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6:
        if ip in _LOCAL_NAT64:
            return False
        ip = _embedded_ipv4(ip) or ip
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

"""The client's address behind reverse proxies (STEADFAST_TRUSTED_PROXIES).

A request that comes straight from a trusted proxy has its REMOTE_ADDR replaced by the client
address that proxy wrote into X-Forwarded-For, read from the right: the first address that is
not itself a trusted proxy is the client (whatever a client wrote further left is its own claim
and ignored). From anyone else X-Forwarded-For and X-Forwarded-Proto are dropped, so a client
can neither pick the address its consent, lockout and rate limits are recorded under, nor claim
https. Everything downstream reads REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    return address is not None and any(address in net for net in settings.TRUSTED_PROXIES)


def client_address(meta: dict[str, str]) -> str:
    """The client's address for a request with these WSGI variables."""
    peer = meta.get("REMOTE_ADDR", "")
    if not _trusted(_address(peer)):
        return peer
    client = peer
    hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage a client wrote: the last good address stands
        client = str(address)
        if not _trusted(address):
            break
    return client


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if _trusted(_address(meta.get("REMOTE_ADDR", ""))):
            meta["steadfast.proxy_addr"] = meta.get("REMOTE_ADDR", "")
            meta["REMOTE_ADDR"] = client_address(meta)
        else:
            for name in FORWARDED:
                meta.pop(name, None)
        return self.get_response(request)

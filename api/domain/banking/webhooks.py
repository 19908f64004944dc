"""Webhook delivery rules: the event body, the retry schedule, which URLs may be called.

Delivery is at least once: an event is written to the outbox in the transaction that caused
it and retried with exponential backoff until the receiver answers 2xx; receivers
de-duplicate by the event id.

Destinations are public unicast addresses only (no server-side request forgery into the
city's network): a URL naming a non-public IP literal is refused at registration, a host
name is resolved at registration and again before every POST, and every address it resolves
to must be public. Loopback is admitted only under ``allow_loopback_http`` (tests, local
receivers).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Any
from urllib.parse import urlsplit

from api.domain.banking.lending import DeliveryStatus, EventType
from api.domain.banking.ports import HostResolver
from api.domain.errors import InvalidArgumentError

#: First retry after 30 s, doubling per attempt, never more than an hour apart.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
#: Each delay is spread by up to this share either way, so retries do not arrive in step.
JITTER_SHARE = 0.2
MAX_URL_LENGTH = 2000
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

IPAddress = IPv4Address | IPv6Address

#: Ranges refused by name, whatever this Python's ``ipaddress`` tables say (they grew in
#: 3.12/3.13: e.g. 3.11 counts 100.64.0.0/10 neither private nor global).
NAMED_RANGES: tuple[tuple[IPv4Network | IPv6Network, str], ...] = (
    (IPv4Network("0.0.0.0/8"), "unspecified"),  # RFC 1122 "this network"
    (IPv4Network("10.0.0.0/8"), "private"),  # RFC 1918
    (IPv4Network("100.64.0.0/10"), "shared (carrier-grade NAT)"),  # RFC 6598
    (IPv4Network("172.16.0.0/12"), "private"),  # RFC 1918
    (IPv4Network("192.0.0.0/24"), "reserved"),  # RFC 6890 IETF protocol assignments
    (IPv4Network("192.0.2.0/24"), "documentation"),  # RFC 5737 TEST-NET-1
    (IPv4Network("192.88.99.0/24"), "reserved"),  # RFC 7526 6to4 relay anycast
    (IPv4Network("192.168.0.0/16"), "private"),  # RFC 1918
    (IPv4Network("198.18.0.0/15"), "reserved"),  # RFC 2544 benchmarking
    (IPv4Network("198.51.100.0/24"), "documentation"),  # RFC 5737 TEST-NET-2
    (IPv4Network("203.0.113.0/24"), "documentation"),  # RFC 5737 TEST-NET-3
    (IPv6Network("64:ff9b:1::/48"), "reserved"),  # RFC 8215 local-use NAT64
    (IPv6Network("100::/64"), "reserved"),  # RFC 6666 discard-only
    (IPv6Network("2001::/23"), "reserved"),  # RFC 2928 IETF protocol assignments (Teredo...)
    (IPv6Network("2001:db8::/32"), "documentation"),  # RFC 3849
    (IPv6Network("3fff::/20"), "documentation"),  # RFC 9637
    (IPv6Network("fc00::/7"), "unique-local"),  # RFC 4193
    (IPv6Network("fec0::/10"), "site-local"),  # RFC 3879 (deprecated)
)
#: RFC 6052 well-known NAT64 prefix: the last 32 bits are an IPv4 address.
NAT64 = IPv6Network("64:ff9b::/96")


def embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 (64:ff9b::/96) address carries."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_refusal(address: IPAddress) -> str | None:
    """The kind of non-public address this is (seen through IPv4 embeddings); None if public."""
    if isinstance(address, IPv6Address) and (inner := embedded_ipv4(address)) is not None:
        return address_refusal(inner)
    for network, kind in NAMED_RANGES:
        if address.version == network.version and address in network:
            return kind
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, IPv6Address) and address.is_site_local, "site-local"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        (not address.is_global, "non-global"),
    )
    return next((kind for refused, kind in checks if refused), None)


def is_public_address(address: IPAddress) -> bool:
    """Whether a webhook may be POSTed to this address (public unicast only).

    Refused: loopback, private (RFC 1918), link-local, multicast, reserved, unspecified,
    shared 100.64.0.0/10 (CGNAT), documentation, benchmarking, IETF protocol assignments,
    site-local fec0::/10, unique-local fc00::/7 and anything else ``ipaddress`` does not call
    global; an IPv4-mapped, 6to4 or NAT64 address is judged by the IPv4 address it carries.
    """
    return address_refusal(address) is None


def literal_address(host: str) -> IPAddress | None:
    """The address a URL host names literally (``[::1]`` without brackets), or None for a name."""
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


def destination_refusal(host: str, addresses: Sequence[str], *, allow_loopback: bool) -> str | None:
    """Why ``host`` at these addresses may not be POSTed to (the kind, never the address)."""
    if not addresses:
        return f"{host} does not resolve to any address"
    literal = literal_address(host) is not None
    for text in addresses:
        address = literal_address(text.split("%", 1)[0])
        kind = "malformed" if address is None else address_refusal(address)
        if kind is None or (kind == "loopback" and allow_loopback):
            continue
        where = f"is not a public address ({kind})"
        if not literal:
            where = f"resolves to an address that is not public ({kind})"
        return f"{host} {where}; webhooks are POSTed only to public addresses"
    return None


async def checked_destination(
    host: str, resolve: HostResolver, *, allow_loopback: bool
) -> tuple[list[str], str | None]:
    """The addresses a webhook host stands for now, and why they are refused (None: allowed).

    A literal address stands for itself (never resolved); a name is resolved by ``resolve``.
    Registration and every delivery decide by this one rule.
    """
    addresses = [host] if literal_address(host) is not None else list(await resolve(host))
    return addresses, destination_refusal(host, addresses, allow_loopback=allow_loopback)


def retry_delay(attempts: int, jitter: float) -> timedelta:
    """Delay before the next try after ``attempts`` failures; ``jitter`` is uniform in [0, 1)."""
    if attempts < 1:
        raise ValueError("attempts counts failures, from 1")
    base: timedelta = min(BACKOFF_BASE * (2 ** min(attempts - 1, 20)), BACKOFF_CAP)
    spread: timedelta = base * (1 - JITTER_SHARE + 2 * JITTER_SHARE * min(max(jitter, 0.0), 1.0))
    return spread


def check_webhook_url(url: str, *, allow_loopback_http: bool) -> str:
    """An https URL without credentials (http on loopback when allowed); an IP host is public."""
    text = url.strip()
    if not text or len(text) > MAX_URL_LENGTH:
        raise InvalidArgumentError(f"the URL must be 1 to {MAX_URL_LENGTH} characters")
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or parts.fragment:
        raise InvalidArgumentError("the URL needs a host and no credentials or fragment")
    if not (
        parts.scheme == "https"
        or (parts.scheme == "http" and allow_loopback_http and host in LOOPBACK_HOSTS)
    ):
        raise InvalidArgumentError("webhook URLs must use https (http only on 127.0.0.1/localhost)")
    if literal_address(host) is not None:
        refusal = destination_refusal(host, [host], allow_loopback=allow_loopback_http)
        if refusal is not None:
            raise InvalidArgumentError(refusal)
    return text


def webhook_host(url: str) -> str:
    """The host a webhook URL names, lower-cased (an IPv6 literal without brackets)."""
    return (urlsplit(url.strip()).hostname or "").lower()


def delivery_status(*, attempts: int, delivered_at: datetime | None) -> DeliveryStatus:
    """DELIVERED once a receiver answered 2xx; FAILING after a failed try; PENDING before."""
    if delivered_at is not None:
        return DeliveryStatus.DELIVERED
    return DeliveryStatus.FAILING if attempts > 0 else DeliveryStatus.PENDING


def new_event_id() -> str:
    """A fresh event id (receivers de-duplicate on it)."""
    return str(uuid.uuid4())


def event_body(
    event_id: str, event_type: EventType, *, occurred_at: datetime, data: dict[str, Any]
) -> str:
    """The JSON body POSTed for an event (stored as is; the signature covers these bytes)."""
    return json.dumps(
        {
            "id": event_id,
            "type": event_type.value,
            "occurredAt": occurred_at.isoformat(),
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )

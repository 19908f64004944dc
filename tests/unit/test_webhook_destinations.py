"""Webhook destinations (SSRF): only public unicast addresses are POSTed to, checked without DNS."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.banking.lending import DeliveryStatus
from api.domain.banking.webhooks import (
    address_refusal,
    check_webhook_url,
    delivery_status,
    destination_refusal,
    is_public_address,
)
from api.domain.errors import InvalidArgumentError
from api.webhooks.resolve import resolve_host

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),  # noqa: S104 (an address under test, not a bind)
    ("::", "unspecified"),
    ("100.64.0.1", "shared (carrier-grade NAT)"),
    ("100.127.255.254", "shared (carrier-grade NAT)"),
    ("192.0.0.9", "reserved"),
    ("192.0.2.10", "documentation"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.200", "documentation"),
    ("198.18.0.1", "reserved"),
    ("192.88.99.1", "reserved"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("fc00::1", "unique-local"),
    ("fd12:3456::1", "unique-local"),
    ("fec0::1", "site-local"),
    ("2001::1", "reserved"),  # Teredo
    ("100::1", "reserved"),  # discard-only
    ("64:ff9b:1::1", "reserved"),  # local-use NAT64
    ("::127.0.0.1", "reserved"),  # IPv4-compatible (deprecated)
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ("64:ff9b::6440:1", "shared (carrier-grade NAT)"),  # NAT64 of 100.64.0.1
]
ACCEPTED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001::200e",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
    "64:ff9b::808:808",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_non_public_addresses_are_refused_with_their_kind(text: str, kind: str) -> None:
    address = ip_address(text)
    assert address_refusal(address) == kind
    assert not is_public_address(address)


@pytest.mark.parametrize("text", ACCEPTED)
def test_public_unicast_addresses_are_accepted(text: str) -> None:
    assert is_public_address(ip_address(text))


NAT64 = IPv6Network("64:ff9b::/96")
PRIVATE_NETWORKS: list[IPv4Network | IPv6Network] = [
    IPv4Network("10.0.0.0/8"),
    IPv4Network("172.16.0.0/12"),
    IPv4Network("192.168.0.0/16"),
    IPv4Network("127.0.0.0/8"),
    IPv4Network("169.254.0.0/16"),
    IPv4Network("100.64.0.0/10"),
    IPv4Network("0.0.0.0/8"),
    IPv4Network("224.0.0.0/4"),
    IPv4Network("240.0.0.0/4"),
    IPv6Network("fc00::/7"),
    IPv6Network("fe80::/10"),
    IPv6Network("ff00::/8"),
    IPv6Network("::ffff:0:0/96"),
]


@given(st.sampled_from(PRIVATE_NETWORKS).flatmap(lambda net: st.ip_addresses(network=net)))
def test_every_address_of_a_private_network_is_refused(address: IPv4Address | IPv6Address) -> None:
    mapped = address.ipv4_mapped if isinstance(address, IPv6Address) else None
    if mapped is not None and is_public_address(mapped):
        return  # ::ffff:8.8.8.8 is 8.8.8.8: public (the embedded forms are checked below)
    assert not is_public_address(address)


@given(st.ip_addresses())
def test_an_accepted_address_is_global_and_not_special(address: IPv4Address | IPv6Address) -> None:
    if not is_public_address(address):
        return
    embedded = isinstance(address, IPv6Address) and (
        address.ipv4_mapped or address.sixtofour or address in NAT64
    )
    if not embedded:  # whatever this Python's ipaddress calls special is refused
        assert address.is_global
        assert not address.is_private
        assert not address.is_reserved
    seen: IPv4Address | IPv6Address = address
    if isinstance(address, IPv6Address):
        nat64 = IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64 else None
        seen = address.ipv4_mapped or address.sixtofour or nat64 or address
    assert seen.is_global
    for special in ("private", "loopback", "link_local", "multicast", "reserved", "unspecified"):
        assert not getattr(seen, f"is_{special}"), special


@given(st.ip_addresses(v=4))
def test_embedded_ipv4_forms_are_judged_like_the_ipv4_address(address: IPv4Address) -> None:
    v4 = int(address)
    mapped = IPv6Address(0xFFFF_0000_0000 | v4)
    six_to_four = IPv6Address((0x2002 << 112) | (v4 << 80))
    nat64 = IPv6Address((0x64FF9B << 96) | v4)
    verdict = is_public_address(address)
    assert is_public_address(mapped) is verdict
    assert is_public_address(six_to_four) is verdict
    assert is_public_address(nat64) is verdict


def test_loopback_is_admitted_only_when_allowed_and_nothing_else_is() -> None:
    assert destination_refusal("127.0.0.1", ["127.0.0.1"], allow_loopback=True) is None
    assert destination_refusal("localhost", ["127.0.0.1", "::1"], allow_loopback=True) is None
    refusal = destination_refusal("127.0.0.1", ["127.0.0.1"], allow_loopback=False)
    assert refusal == (
        "127.0.0.1 is not a public address (loopback); webhooks are POSTed only to public addresses"
    )
    private = destination_refusal("10.0.0.1", ["10.0.0.1"], allow_loopback=True)
    assert private is not None
    assert private.startswith("10.0.0.1 is not a public address (private);")


def test_a_host_name_is_refused_when_any_address_is_not_public_without_naming_it() -> None:
    assert (
        destination_refusal("hooks.bank.example", ["93.184.215.14"], allow_loopback=False) is None
    )
    refusal = destination_refusal(
        "hooks.bank.example", ["93.184.215.14", "10.20.30.40"], allow_loopback=False
    )
    assert refusal == (
        "hooks.bank.example resolves to an address that is not public (private); webhooks are "
        "POSTed only to public addresses"
    )
    assert "10.20.30.40" not in refusal  # the bank reads it: no internal address leaks
    assert destination_refusal("gone.example", [], allow_loopback=False) == (
        "gone.example does not resolve to any address"
    )
    unreadable = destination_refusal("odd.example", ["not-an-ip"], allow_loopback=False)
    assert "resolves to an address that is not public (malformed)" in str(unreadable)
    scoped = destination_refusal("odd.example", ["fe80::1%eth0"], allow_loopback=False)
    assert "resolves to an address that is not public (link-local)" in str(scoped)


@pytest.mark.parametrize(
    ("url", "loopback", "accepted"),
    [
        ("https://93.184.215.14/hook", False, True),
        ("https://[2606:4700:4700::1111]/hook", False, True),
        ("https://bank.example/hook", False, True),  # a name: resolved by the service
        ("https://10.0.0.5/hook", False, False),
        ("https://169.254.169.254/latest/meta-data", True, False),
        ("https://[::ffff:127.0.0.1]/hook", False, False),
        ("https://[fd00::1]/hook", True, False),
        ("https://127.0.0.1/hook", False, False),
        ("https://127.0.0.1/hook", True, True),
        ("http://[::1]:8080/hook", True, True),
        ("http://[::1]:8080/hook", False, False),
    ],
)
def test_registration_refuses_non_public_ip_literals(
    url: str, loopback: bool, accepted: bool
) -> None:
    if accepted:
        assert check_webhook_url(url, allow_loopback_http=loopback) == url
    else:
        with pytest.raises(InvalidArgumentError):
            check_webhook_url(url, allow_loopback_http=loopback)


def test_the_event_loop_resolver_reads_numeric_hosts_as_the_system_does() -> None:
    """Odd spellings of 127.0.0.1 are not IP literals to ``ipaddress``; resolving finds them."""
    assert asyncio.run(resolve_host("2130706433")) == ["127.0.0.1"]
    assert asyncio.run(resolve_host("127.1")) == ["127.0.0.1"]
    assert asyncio.run(resolve_host("name.invalid")) == []


def test_delivery_status_follows_attempts_and_delivery() -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    assert delivery_status(attempts=0, delivered_at=None) is DeliveryStatus.PENDING
    assert delivery_status(attempts=2, delivered_at=None) is DeliveryStatus.FAILING
    assert delivery_status(attempts=1, delivered_at=now) is DeliveryStatus.DELIVERED

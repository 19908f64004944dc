"""Delivery re-checks the destination before every POST (DNS can change after registration) and
never follows a redirect: real receivers on 127.0.0.1 must receive nothing they should not, and
refused attempts are retried with backoff like any failure. Only DNS resolution is injected."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.key_store import ensure_signing_key
from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.repositories import Repositories
from api.db.tables import table_of
from api.db.tables.banking import WebhookDeliveryRow
from api.domain.banking.lending import BorrowerEvent, EventType
from api.domain.banking.webhooks import retry_delay
from api.webhooks.delivery import deliver_due_webhooks
from api.webhooks.settings import WebhookSettings

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
TABLE = table_of(WebhookDeliveryRow)
STRICT = WebhookSettings(allow_loopback_http=False, timeout_seconds=5)
LOCAL = WebhookSettings(allow_loopback_http=True, timeout_seconds=5)


@dataclass
class Receiver:
    """A webhook endpoint on 127.0.0.1 that records every request; may answer with a redirect."""

    redirect_to: str | None = None
    received: list[str] = field(default_factory=list)
    #: The Host header of every request, in order.
    hosts: list[str] = field(default_factory=list)
    #: Serve TLS with this context (https receivers).
    tls: ssl.SSLContext | None = None
    server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(self.path)
                receiver.hosts.append(self.headers["host"])
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("location", receiver.redirect_to)
                else:
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    """Started receivers, stopped after the test."""
    started: list[Receiver] = []
    yield started
    for receiver in started:
        receiver.stop()


def receiver(
    receivers: list[Receiver], redirect_to: str | None = None, tls: ssl.SSLContext | None = None
) -> Receiver:
    made = Receiver(redirect_to=redirect_to, tls=tls)
    made.start()
    receivers.append(made)
    return made


async def _outbox(session: AsyncSession, keys: Keys, url: str) -> str:
    """A bank whose stored webhook URL is ``url`` (as if DNS changed since), one event due."""
    await ensure_signing_key(session, keys.signing_key_encryption, now=NOW - timedelta(days=1))
    bank = await create_partner(session, partner_type=PartnerType.BANK, name="Delivery bank")
    repos = Repositories(session)
    await repos.webhooks.set_endpoint(bank.partner_id, url, NOW)
    event_id = await repos.webhooks.enqueue(
        bank.partner_id,
        BorrowerEvent(EventType.GRADE_WORSENED, {"grade": "C"}),
        subscription_id=None,
        subject={"uscc": "91330000000000000X"},
        now=NOW,
    )
    await session.commit()
    return event_id


async def _round(
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    now: datetime,
    settings: WebhookSettings,
    dns: dict[str, list[str]],
    asked: list[str] | None = None,
    verify: ssl.SSLContext | bool = True,
) -> tuple[int, int, int]:
    async def resolve(host: str) -> Sequence[str]:
        if asked is not None:
            asked.append(host)
        return dns.get(host, [])

    # follow_redirects=True on purpose: delivery must refuse redirects whatever the client says.
    async with httpx.AsyncClient(follow_redirects=True, trust_env=False, verify=verify) as client:
        report = await deliver_due_webhooks(
            sessions,
            now=now,
            client=client,
            cipher_key=keys.signing_key_encryption,
            settings=settings,
            jitter=lambda: 0.5,
            resolve=resolve,
        )
    return report.claimed, report.delivered, report.failed


async def _row(session: AsyncSession, event_id: str) -> Any:
    session.expire_all()
    found = await session.execute(
        select(
            TABLE.c.attempts, TABLE.c.last_error, TABLE.c.next_attempt_at, TABLE.c.delivered_at
        ).where(TABLE.c.event_id == event_id)
    )
    return found.one()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def test_a_host_resolving_to_a_private_address_is_never_connected_to_and_retried(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    receivers: list[Receiver],
) -> None:
    hook = receiver(receivers)
    # localhost really is the receiver: without the check httpx would connect and deliver.
    event_id = await _outbox(session, keys, f"http://localhost:{hook.port}/credit-hook")
    dns = {"localhost": ["10.20.30.40"]}
    asked: list[str] = []

    assert await _round(sessions, keys, NOW, STRICT, dns, asked) == (1, 0, 1)
    assert hook.received == []
    assert asked == ["localhost"]
    attempts, last_error, next_attempt_at, delivered_at = await _row(session, event_id)
    assert attempts == 1
    assert delivered_at is None
    assert last_error == (
        "not sent: localhost resolves to an address that is not public (private); webhooks are "
        "POSTed only to public addresses"
    )
    assert _aware(next_attempt_at) == NOW + retry_delay(1, 0.5)

    # Not before the backoff; then retried, re-resolved, and refused again.
    assert await _round(sessions, keys, NOW + timedelta(seconds=10), STRICT, dns) == (0, 0, 0)
    later = NOW + retry_delay(1, 0.5) + timedelta(seconds=1)
    assert await _round(sessions, keys, later, STRICT, dns, asked) == (1, 0, 1)
    assert asked == ["localhost", "localhost"]
    assert hook.received == []
    assert (await _row(session, event_id))[0] == 2

    # Loopback itself is refused without the setting, even named by its literal address.
    dns["localhost"] = ["127.0.0.1"]
    even_later = later + retry_delay(2, 0.5) + timedelta(seconds=1)
    assert await _round(sessions, keys, even_later, STRICT, dns) == (1, 0, 1)
    assert hook.received == []
    assert "(loopback)" in (await _row(session, event_id))[1]

    # Where the setting admits loopback (tests, local receivers), the retry is delivered.
    last = even_later + retry_delay(3, 0.5) + timedelta(seconds=1)
    assert await _round(sessions, keys, last, LOCAL, dns) == (1, 1, 0)
    assert hook.received == ["/credit-hook"]
    attempts, last_error, _, delivered_at = await _row(session, event_id)
    assert (attempts, last_error) == (4, None)
    assert delivered_at is not None


async def test_a_loopback_literal_is_refused_without_the_setting_and_not_resolved(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    receivers: list[Receiver],
) -> None:
    hook = receiver(receivers)
    event_id = await _outbox(session, keys, f"http://127.0.0.1:{hook.port}/credit-hook")
    asked: list[str] = []
    assert await _round(sessions, keys, NOW, STRICT, {}, asked) == (1, 0, 1)
    assert asked == []
    assert hook.received == []
    assert (await _row(session, event_id))[1] == (
        "not sent: 127.0.0.1 is not a public address (loopback); webhooks are POSTed only to "
        "public addresses"
    )


async def test_a_redirect_is_never_followed(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    receivers: list[Receiver],
) -> None:
    """A 3xx to an internal address would bypass the destination check: it is a failure."""
    internal = receiver(receivers)
    hook = receiver(receivers, redirect_to=f"http://127.0.0.1:{internal.port}/internal")
    event_id = await _outbox(session, keys, f"http://127.0.0.1:{hook.port}/credit-hook")
    assert await _round(sessions, keys, NOW, LOCAL, {}) == (1, 0, 1)
    assert hook.received == ["/credit-hook"]
    assert internal.received == []
    attempts, last_error, next_attempt_at, _ = await _row(session, event_id)
    assert attempts == 1
    assert last_error == "HTTP 302: redirects are not followed; register the final URL"
    assert _aware(next_attempt_at) == NOW + retry_delay(1, 0.5)


async def test_the_connection_goes_to_the_address_that_was_checked(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    receivers: list[Receiver],
) -> None:
    """No second resolution between the check and the connection (DNS rebinding).

    ``receiver.test`` resolves nowhere on this machine (``.test`` is reserved): the event
    arrives only because the POST goes to the address the check approved, with the URL's own
    Host header.
    """
    hook = receiver(receivers)
    await _outbox(session, keys, f"http://receiver.test:{hook.port}/credit-hook")
    assert await _round(sessions, keys, NOW, LOCAL, {"receiver.test": ["127.0.0.1"]}) == (1, 1, 0)
    assert hook.received == ["/credit-hook"]
    assert hook.hosts == [f"receiver.test:{hook.port}"]


def _certificate(tmp_path: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for ``name``: (the server's TLS context, a client trusting it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file, key_file)
    return server, ssl.create_default_context(cafile=str(cert_file))


async def test_https_to_the_checked_address_verifies_the_certificate_of_the_url_s_name(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    receivers: list[Receiver],
    tmp_path: Path,
) -> None:
    """Pinned https sends the URL's name as TLS server name and verifies the certificate
    against it: a receiver with a certificate for that name is delivered to, one with a
    certificate for another name is not."""
    server, trusting = _certificate(tmp_path, "receiver.test")
    good = receiver(receivers, tls=server)
    event_id = await _outbox(session, keys, f"https://receiver.test:{good.port}/credit-hook")
    dns = {"receiver.test": ["127.0.0.1"]}
    assert await _round(sessions, keys, NOW, LOCAL, dns, verify=trusting) == (1, 1, 0)
    assert good.received == ["/credit-hook"]
    assert good.hosts == [f"receiver.test:{good.port}"]
    assert (await _row(session, event_id))[3] is not None

    other_server, other_trusting = _certificate(tmp_path, "other.test")
    impostor = receiver(receivers, tls=other_server)
    event_id = await _outbox(session, keys, f"https://receiver.test:{impostor.port}/credit-hook")
    assert await _round(sessions, keys, NOW, LOCAL, dns, verify=other_trusting) == (1, 0, 1)
    assert impostor.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in (await _row(session, event_id))[1]

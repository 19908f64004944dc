"""Special credit reports without a database: numbers, rules, the document, signing, verifying."""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from joserfc import jws
from joserfc.jwk import ECKey, KeyParameters

from api.auth.purposes import PURPOSES_BY_TYPE
from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto, Keys
from api.domain.audit.model import AuditRecord
from api.domain.consent.errors import AccessDeniedError
from api.domain.consent.model import (
    Accessor,
    AccessOutcome,
    Consent,
    IntegrityCode,
    Person,
    Purpose,
    SubjectRef,
)
from api.domain.errors import NotFoundError
from api.domain.records.model import (
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)
from api.domain.reports import services
from api.domain.reports.document import (
    canonical_json,
    content_hash,
    report_content,
    signed_payload,
)
from api.domain.reports.errors import ReportProblem, ReportRequestError, SigningUnavailableError
from api.domain.reports.model import (
    CreditReport,
    DomainFinding,
    IssuedReport,
    ReportDomain,
    ReportedStatus,
    ReportItem,
    ReportPeriod,
    ReportSubject,
    StoredReport,
    VerificationStatus,
)
from api.domain.reports.numbers import (
    RANDOM_ALPHABET,
    check_character,
    new_report_number,
    parse_report_number,
)
from api.domain.reports.rules import (
    REPORT_VALIDITY,
    check_domains,
    check_period,
    findings,
    in_domain,
    issuing_purpose,
    period_bounds,
    reported_status,
)
from api.domain.reports.signing import REPORT_TYPE, sign_report, verification_status
from api.domain.subjects.model import District, Enterprise, SizeClass, SubjectKind

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 1)
PERIOD = ReportPeriod(date(2024, 1, 1), date(2026, 10, 31))
ALL_DOMAINS = tuple(ReportDomain)
DEPARTMENT = Department(id=7, code="market", name="Market Supervision", name_zh="市场监管局")


def _key(kid: str | None = None) -> ECKey:
    key = ECKey.generate_key("P-256", private=True)
    parameters: KeyParameters = {"kid": kid or key.thumbprint()}
    return ECKey.import_key(key.as_dict(private=True), parameters)


def _public(key: ECKey) -> ECKey:
    parameters: KeyParameters = {"kid": str(key.kid)}
    return ECKey.import_key(key.as_dict(private=False), parameters)


def _record(
    category: RecordCategory,
    *,
    occurred_at: datetime = datetime(2025, 6, 1, 2, 0, tzinfo=UTC),
    severity: Severity | None = Severity.GENERAL,
    status: RecordStatus = RecordStatus.ACTIVE,
    publicity_until: date | None = None,
    record_id: int = 1,
    subject_id: int = 1,
) -> CreditRecord:
    return CreditRecord(
        id=record_id,
        subject_id=subject_id,
        department_id=DEPARTMENT.id,
        category=category,
        severity=severity,
        occurred_at=occurred_at,
        publicity_until=publicity_until,
        status=status,
        summary=f"{category.value} {record_id}",
        department=DEPARTMENT,
    )


def _report(number: str | None = None, *, issued_at: datetime = NOW) -> CreditReport:
    item = ReportItem(
        occurred_on=date(2025, 6, 1),
        department="Market Supervision",
        severity=Severity.GENERAL,
        status=ReportedStatus.REPAIRED,
        summary="违规经营 罚款500元",
    )
    return CreditReport(
        number=number or new_report_number(TODAY),
        subject=ReportSubject(SubjectRef.person(1), "张三", "330502********1234"),
        period=PERIOD,
        findings=(
            DomainFinding(ReportDomain.ADMINISTRATIVE_PENALTY, (item,)),
            DomainFinding(ReportDomain.CRIMINAL_RECORD, ()),
        ),
        issued_at=issued_at,
        valid_until=issued_at + REPORT_VALIDITY,
    )


def _issue(key: ECKey, report: CreditReport | None = None) -> tuple[StoredReport, str]:
    """Sign a report as the platform does; returns what it stores and the document."""
    report = report or _report()
    payload, digest = signed_payload(report)
    stored = StoredReport(
        number=report.number,
        subject=report.subject.ref,
        period=report.period,
        domains=report.domains,
        issued_at=report.issued_at,
        valid_until=report.valid_until,
        content_hash=digest,
        key_id=str(key.kid),
        purpose=Purpose.SUBJECT_SELF_SERVICE,
        issuer_partner_id=1,
        issuer_client_id="client",
    )
    return stored, sign_report(payload, key)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _with_payload(document: str, payload: dict[str, Any]) -> str:
    """The document with its payload replaced and its original signature kept."""
    header, _, signature = document.split(".")
    return ".".join((header, _b64(canonical_json(payload)), signature))


# --- report numbers -------------------------------------------------------------------------


def test_a_number_names_its_day_and_carries_a_check_character() -> None:
    number = new_report_number(TODAY)
    prefix, day, random_part, check = number.split("-")
    assert (prefix, day) == ("CR", "20261101")
    assert len(random_part) == 16
    assert set(random_part) <= set(RANDOM_ALPHABET)
    assert check == check_character(f"CR{day}{random_part}")
    assert parse_report_number(number) == number


def test_numbers_are_not_repeated() -> None:
    numbers = {new_report_number(TODAY) for _ in range(2000)}
    assert len(numbers) == 2000


def test_a_number_is_read_leniently_into_one_canonical_form() -> None:
    number = new_report_number(TODAY)
    assert parse_report_number(f"  {number.lower()} ") == number
    assert parse_report_number(number.replace("-", "")) == number
    assert parse_report_number(" ".join(number.split("-"))) == number


@pytest.mark.parametrize(
    "text",
    ["", "CR", "CR-20261101", "XX-20261101-0000000000000000-0", "x" * 1000, "CR-2026110A-0000"],
)
def test_what_cannot_be_a_number_is_refused_without_a_lookup(text: str) -> None:
    assert parse_report_number(text) is None


@given(
    random_part=st.text(alphabet=RANDOM_ALPHABET, min_size=16, max_size=16),
    position=st.integers(min_value=2, max_value=26),
    wrong=st.sampled_from(RANDOM_ALPHABET),
)
def test_a_mistyped_character_is_caught(random_part: str, position: int, wrong: str) -> None:
    body = f"CR20261101{random_part}"
    compact = body + check_character(body)
    assert parse_report_number(compact) is not None
    if compact[position] != wrong:
        assert parse_report_number(compact[:position] + wrong + compact[position + 1 :]) is None


# --- rules ----------------------------------------------------------------------------------


def test_the_subject_picks_at_least_one_domain() -> None:
    with pytest.raises(ReportRequestError) as refused:
        check_domains([])
    assert refused.value.problem is ReportProblem.NO_DOMAINS
    assert refused.value.field == "domains"
    picked = check_domains([ReportDomain.CRIMINAL_RECORD, ReportDomain.ADMINISTRATIVE_PENALTY] * 2)
    assert picked == (ReportDomain.ADMINISTRATIVE_PENALTY, ReportDomain.CRIMINAL_RECORD)


def test_the_period_is_in_order_and_not_in_the_future() -> None:
    with pytest.raises(ReportRequestError) as reversed_period:
        check_period(ReportPeriod(date(2026, 2, 1), date(2026, 1, 31)), NOW)
    assert reversed_period.value.problem is ReportProblem.PERIOD_END_BEFORE_START
    with pytest.raises(ReportRequestError) as future:
        check_period(ReportPeriod(date(2026, 1, 1), date(2026, 11, 2)), NOW)
    assert future.value.problem is ReportProblem.PERIOD_IN_FUTURE
    # 2026-11-01 16:00 UTC is already 2026-11-02 in the city.
    city_tomorrow = ReportPeriod(date(2026, 1, 1), date(2026, 11, 2))
    assert check_period(city_tomorrow, NOW.replace(hour=16)) == city_tomorrow
    one_day = ReportPeriod(TODAY, TODAY)
    assert check_period(one_day, NOW) == one_day


def test_the_period_is_made_of_city_days() -> None:
    start, end = period_bounds(ReportPeriod(date(2025, 1, 1), date(2025, 12, 31)))
    assert start == datetime(2024, 12, 31, 16, 0, tzinfo=UTC)
    assert end == datetime(2025, 12, 31, 16, 0, tzinfo=UTC)
    last_moment = _record(RecordCategory.PENALTY, occurred_at=end - timedelta(microseconds=1))
    next_day = _record(RecordCategory.PENALTY, occurred_at=end, record_id=2)
    first_moment = _record(RecordCategory.PENALTY, occurred_at=start, record_id=3)
    stated = findings(
        [last_moment, next_day, first_moment],
        [ReportDomain.ADMINISTRATIVE_PENALTY],
        ReportPeriod(date(2025, 1, 1), date(2025, 12, 31)),
        TODAY,
    )
    assert [item.occurred_on for item in stated[0].items] == [date(2025, 1, 1), date(2025, 12, 31)]


@pytest.mark.parametrize(
    ("domain", "category", "severity", "belongs"),
    [
        (ReportDomain.ADMINISTRATIVE_PENALTY, RecordCategory.PENALTY, Severity.GENERAL, True),
        (ReportDomain.ADMINISTRATIVE_PENALTY, RecordCategory.ENFORCEMENT, Severity.GENERAL, False),
        (ReportDomain.ADMINISTRATIVE_ENFORCEMENT, RecordCategory.ENFORCEMENT, None, True),
        (
            ReportDomain.SERIOUS_DISHONESTY_LIST,
            RecordCategory.DISHONESTY_LIST,
            Severity.SERIOUS,
            True,
        ),
        (
            ReportDomain.SERIOUS_DISHONESTY_LIST,
            RecordCategory.DISHONESTY_LIST,
            Severity.GENERAL,
            False,
        ),
        (ReportDomain.SERIOUS_DISHONESTY_LIST, RecordCategory.DISHONESTY_LIST, None, False),
        (ReportDomain.CRIMINAL_RECORD, RecordCategory.CRIMINAL_RECORD, Severity.SERIOUS, True),
        (ReportDomain.CRIMINAL_RECORD, RecordCategory.COMMITMENT_BROKEN, Severity.SERIOUS, False),
    ],
)
def test_which_records_feed_which_domain(
    domain: ReportDomain, category: RecordCategory, severity: Severity | None, belongs: bool
) -> None:
    assert in_domain(_record(category, severity=severity), domain) is belongs


@pytest.mark.parametrize(
    ("status", "severity", "publicity_until", "stated"),
    [
        (RecordStatus.ACTIVE, Severity.GENERAL, None, ReportedStatus.ACTIVE),
        (RecordStatus.ACTIVE, Severity.SERIOUS, TODAY, ReportedStatus.ACTIVE),
        (RecordStatus.REPAIRED, Severity.GENERAL, None, ReportedStatus.REPAIRED),
        (RecordStatus.EXPIRED, Severity.GENERAL, None, None),
        (RecordStatus.EXEMPTED, Severity.GENERAL, None, None),
        (RecordStatus.ACTIVE, Severity.MINOR, None, None),
        (RecordStatus.ACTIVE, Severity.GENERAL, TODAY - timedelta(days=1), None),
        (RecordStatus.REPAIRED, Severity.GENERAL, TODAY - timedelta(days=1), None),
    ],
)
def test_how_a_record_is_stated(
    status: RecordStatus,
    severity: Severity,
    publicity_until: date | None,
    stated: ReportedStatus | None,
) -> None:
    record = _record(
        RecordCategory.PENALTY, status=status, severity=severity, publicity_until=publicity_until
    )
    assert reported_status(record, TODAY) is stated


def test_findings_state_every_domain_picked_and_mark_repairs() -> None:
    records = [
        _record(RecordCategory.PENALTY, status=RecordStatus.REPAIRED, record_id=1),
        _record(RecordCategory.PENALTY, record_id=2),
        _record(RecordCategory.PENALTY, status=RecordStatus.EXEMPTED, record_id=3),
        _record(RecordCategory.DISHONESTY_LIST, severity=Severity.SERIOUS, record_id=4),
    ]
    stated = {f.domain: f for f in findings(records, ALL_DOMAINS, PERIOD, TODAY)}
    penalty = stated[ReportDomain.ADMINISTRATIVE_PENALTY]
    assert penalty.has_records
    assert (penalty.active_count, penalty.repaired_count) == (1, 1)
    assert [i.status for i in penalty.items] == [ReportedStatus.REPAIRED, ReportedStatus.ACTIVE]
    assert penalty.items[0].department == "Market Supervision"
    assert stated[ReportDomain.SERIOUS_DISHONESTY_LIST].active_count == 1
    assert not stated[ReportDomain.ADMINISTRATIVE_ENFORCEMENT].has_records
    assert not stated[ReportDomain.CRIMINAL_RECORD].has_records


def test_the_subject_issues_as_itself_and_the_credit_office_under_its_duty() -> None:
    citizen = PURPOSES_BY_TYPE[PartnerType.CITIZEN_APP]
    office = PURPOSES_BY_TYPE[PartnerType.CREDIT_OFFICE]
    assert issuing_purpose(citizen) is Purpose.SUBJECT_SELF_SERVICE
    assert issuing_purpose(office) is Purpose.CREDIT_SUPERVISION
    assert issuing_purpose(PURPOSES_BY_TYPE[PartnerType.HOSPITAL]) is None


# --- the document ---------------------------------------------------------------------------


def test_the_content_hash_survives_reading_the_document_back() -> None:
    report = _report()
    content = report_content(report)
    again = json.loads(canonical_json(content))
    assert canonical_json(again) == canonical_json(content)
    assert content_hash(again) == content_hash(content)
    assert "张三" in canonical_json(content).decode("utf-8")
    assert content["findings"][0]["items"][0]["status"] == "repaired"


def test_the_signed_payload_carries_the_content_and_its_hash() -> None:
    report = _report()
    payload, digest = signed_payload(report)
    decoded = json.loads(payload)
    assert set(decoded) == {"report", "contentHash"}
    assert decoded["contentHash"] == "sha256:" + digest.hex()
    assert decoded["report"]["number"] == report.number
    assert content_hash(decoded["report"]) == digest


# --- signing and verifying ------------------------------------------------------------------


def test_a_genuine_report_is_valid_then_expired() -> None:
    key = _key()
    stored, document = _issue(key)
    header = json.loads(_unb64(document.split(".")[0]))
    assert header == {"alg": "ES256", "kid": key.kid, "typ": REPORT_TYPE}
    public = _public(key)
    assert verification_status(stored, document, public, NOW) is VerificationStatus.VALID
    last = stored.valid_until - timedelta(microseconds=1)
    assert verification_status(stored, document, public, last) is VerificationStatus.VALID
    at_end = stored.valid_until
    assert verification_status(stored, document, public, at_end) is VerificationStatus.EXPIRED


def test_an_unknown_number_is_unknown_whatever_the_document() -> None:
    key = _key()
    _, document = _issue(key)
    assert verification_status(None, document, _public(key), NOW) is VerificationStatus.UNKNOWN


def test_a_tampered_report_is_altered() -> None:
    key = _key()
    stored, document = _issue(key)
    payload = json.loads(_unb64(document.split(".")[1]))
    # Hide the repaired penalty: the claimed hash no longer matches, nor does the signature.
    payload["report"]["findings"][0]["items"] = []
    payload["report"]["findings"][0]["hasRecords"] = False
    tampered = _with_payload(document, payload)
    public = _public(key)
    assert verification_status(stored, tampered, public, NOW) is VerificationStatus.ALTERED
    # Recomputing the hash does not help: the signature covers it.
    payload["contentHash"] = "sha256:" + content_hash(payload["report"]).hex()
    rehashed = _with_payload(document, payload)
    assert verification_status(stored, rehashed, public, NOW) is VerificationStatus.ALTERED
    # Nor does extending the validity.
    payload = json.loads(_unb64(document.split(".")[1]))
    payload["report"]["validUntil"] = (NOW + timedelta(days=3650)).isoformat()
    extended = _with_payload(document, payload)
    assert verification_status(stored, extended, public, NOW) is VerificationStatus.ALTERED


def test_a_flipped_signature_bit_is_altered() -> None:
    key = _key()
    stored, document = _issue(key)
    header, payload, signature = document.split(".")
    raw = bytearray(_unb64(signature))
    raw[5] ^= 0x01
    flipped = ".".join((header, payload, _b64(bytes(raw))))
    assert verification_status(stored, flipped, _public(key), NOW) is VerificationStatus.ALTERED


def test_a_report_signed_by_another_key_under_the_same_kid_is_altered() -> None:
    key = _key()
    stored, _ = _issue(key)
    forger = _key(kid=str(key.kid))
    payload, _ = signed_payload(_report(stored.number))
    forged = sign_report(payload, forger)
    assert verification_status(stored, forged, _public(key), NOW) is VerificationStatus.ALTERED


def test_another_genuine_report_under_this_number_is_altered() -> None:
    key = _key()
    stored, _ = _issue(key)
    _, other_document = _issue(key)
    public = _public(key)
    assert verification_status(stored, other_document, public, NOW) is VerificationStatus.ALTERED


def test_a_report_naming_another_kid_is_altered() -> None:
    key, other = _key(), _key()
    stored, _ = _issue(key)
    payload, _ = signed_payload(_report(stored.number))
    by_other = sign_report(payload, other)
    assert verification_status(stored, by_other, _public(key), NOW) is VerificationStatus.ALTERED


@pytest.mark.parametrize(
    "document",
    ["", "garbage", "a.b.c", "a.b", "." * 3, "x" * 300_000],
)
def test_what_is_no_report_is_altered_when_the_number_exists(document: str) -> None:
    key = _key()
    stored, _ = _issue(key)
    assert verification_status(stored, document, _public(key), NOW) is VerificationStatus.ALTERED


def test_an_unsigned_or_retyped_document_is_altered() -> None:
    key = _key()
    stored, document = _issue(key)
    _, payload, signature = document.split(".")
    for header in (
        {"alg": "none", "kid": key.kid, "typ": REPORT_TYPE},
        {"alg": "ES256", "kid": key.kid, "typ": "at+jwt"},
        {"alg": "ES256", "kid": key.kid, "typ": REPORT_TYPE, "jku": "https://evil"},
        {"alg": "HS256", "kid": key.kid, "typ": REPORT_TYPE},
    ):
        forged = ".".join((_b64(canonical_json(header)), payload, signature))
        status = verification_status(stored, forged, _public(key), NOW)
        assert status is VerificationStatus.ALTERED, header
    unsigned = ".".join((_b64(b'{"alg":"none"}'), payload, ""))
    assert verification_status(stored, unsigned, _public(key), NOW) is VerificationStatus.ALTERED


def test_a_report_verifies_with_its_own_key_after_rotation() -> None:
    old, new = _key(), _key()
    stored, document = _issue(old)
    # The new key signs now; the old one is kept only for the reports it signed.
    _, newer_document = _issue(new)
    assert json.loads(_unb64(newer_document.split(".")[0]))["kid"] == new.kid
    later = NOW + timedelta(days=30)
    assert verification_status(stored, document, _public(old), later) is VerificationStatus.VALID
    status = verification_status(stored, document, _public(new), later)
    assert status is VerificationStatus.ALTERED


def test_the_document_is_a_standard_jws() -> None:
    key = _key()
    _, document = _issue(key)
    verified = jws.deserialize_compact(document, _public(key), algorithms=["ES256"])
    assert json.loads(verified.payload)["report"]["subject"]["identifier"].count("*") == 8


# --- the use cases, over in-memory fakes ----------------------------------------------------


@dataclass
class FakePersons:
    people: dict[int, Person] = field(default_factory=dict)

    async def by_resident_id_hash(self, resident_id_hash: bytes) -> Person | None:
        return next(
            (p for p in self.people.values() if p.resident_id_hash == resident_id_hash), None
        )

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Person]:
        return {i: self.people[i] for i in ids if i in self.people}


@dataclass
class FakeEnterprises:
    firms: dict[int, Enterprise] = field(default_factory=dict)

    async def by_uscc(self, uscc: str) -> Enterprise | None:
        return next((e for e in self.firms.values() if e.uscc == uscc), None)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Enterprise]:
        return {i: self.firms[i] for i in ids if i in self.firms}


class FakeCodes:
    async def add(self, code: IntegrityCode) -> None:
        raise AssertionError("not used")

    async def get(self, code_id: str) -> IntegrityCode | None:
        return None

    async def revoke(self, code_id: str, now: datetime) -> bool:
        return False


class FakeConsents:
    async def add(self, consent: Consent) -> None:
        raise AssertionError("not used")

    async def get(self, consent_id: str) -> Consent | None:
        return None

    async def change_status(self, consent_id: str, **_: Any) -> bool:
        return False

    async def page_for_subject(self, subject: SubjectRef, request: Any) -> Any:
        raise AssertionError("not used")


@dataclass
class FakeAudit:
    rows: list[AuditRecord] = field(default_factory=list)

    async def append(self, record: AuditRecord) -> None:
        self.rows.append(record)

    async def page(self, spec: Any, request: Any) -> Any:
        raise AssertionError("not used")


@dataclass
class FakeReports:
    records: list[CreditRecord] = field(default_factory=list)
    stored: dict[str, StoredReport] = field(default_factory=dict)

    async def add(self, report: StoredReport) -> None:
        assert report.number not in self.stored
        self.stored[report.number] = report

    async def get(self, number: str) -> StoredReport | None:
        return self.stored.get(number)

    async def records_between(
        self,
        subject_id: int,
        categories: Collection[RecordCategory],
        start: datetime,
        end: datetime,
    ) -> list[CreditRecord]:
        return [
            r
            for r in self.records
            if r.subject_id == subject_id
            and r.category in categories
            and start <= r.occurred_at < end
        ]


@dataclass
class FakeStore:
    persons: FakePersons = field(default_factory=FakePersons)
    enterprises: FakeEnterprises = field(default_factory=FakeEnterprises)
    integrity_codes: FakeCodes = field(default_factory=FakeCodes)
    consents: FakeConsents = field(default_factory=FakeConsents)
    audit: FakeAudit = field(default_factory=FakeAudit)
    reports: FakeReports = field(default_factory=FakeReports)


@dataclass
class FakeKeys:
    """Keys as the platform holds them: every key stored, the newest one signing."""

    stored: list[ECKey] = field(default_factory=list)

    async def signing_key(self, now: datetime) -> ECKey | None:
        return self.stored[-1] if self.stored else None

    async def public_key(self, kid: str) -> ECKey | None:
        return next((_public(k) for k in self.stored if k.kid == kid), None)


CRYPTO = KeyedAccessCrypto(Keys.from_master(bytes(32)))


def _accessor(partner_type: PartnerType) -> Accessor:
    return Accessor(
        partner_id=9,
        partner_type=partner_type.value,
        client_id="client-9",
        token_id="jti-9",
        allowed_purposes=PURPOSES_BY_TYPE[partner_type],
    )


def _store() -> FakeStore:
    store = FakeStore()
    store.persons.people[1] = Person(1, "张三", District.WUXING, "330502********1234", b"h" * 32)
    store.enterprises.firms[2] = Enterprise(
        id=2,
        uscc="91330502000000010X",
        name="湖州测试企业有限公司",
        industry_code="C2611",
        district=District.WUXING,
        size_class=SizeClass.SMALL,
        registered_on=date(2015, 3, 1),
        registered_capital=Decimal(0),
        tax_grade=None,
        green_class=None,
    )
    store.reports.records = [
        _record(RecordCategory.PENALTY, status=RecordStatus.REPAIRED, record_id=1),
        _record(RecordCategory.CRIMINAL_RECORD, severity=Severity.SERIOUS, record_id=2),
        _record(RecordCategory.PENALTY, record_id=3, subject_id=2),
    ]
    return store


async def _issue_through(
    store: FakeStore,
    keys: FakeKeys,
    partner_type: PartnerType,
    subject: SubjectRef | None = None,
    now: datetime = NOW,
) -> IssuedReport:
    return await services.issue_credit_report(
        store,
        CRYPTO,
        keys,
        accessor=_accessor(partner_type),
        subject=subject or SubjectRef.person(1),
        period=PERIOD,
        domains=ALL_DOMAINS,
        request_id="req-1",
        now=now,
    )


async def test_issuing_audits_the_read_and_stores_what_verifying_needs() -> None:
    store, keys = _store(), FakeKeys([_key()])
    issued = await _issue_through(store, keys, PartnerType.CITIZEN_APP)
    [audit] = store.audit.rows
    assert audit.outcome is AccessOutcome.ALLOWED
    assert audit.purpose is Purpose.SUBJECT_SELF_SERVICE
    assert audit.fields == tuple(sorted(f"creditReport.{d.value}" for d in ALL_DOMAINS))
    stored = store.reports.stored[issued.report.number]
    assert stored.content_hash == issued.content_hash
    assert stored.key_id == issued.key_id == keys.stored[0].kid
    assert stored.valid_until == NOW + REPORT_VALIDITY
    by_domain = {f.domain: f for f in issued.report.findings}
    assert by_domain[ReportDomain.ADMINISTRATIVE_PENALTY].repaired_count == 1
    assert by_domain[ReportDomain.CRIMINAL_RECORD].active_count == 1
    office = await _issue_through(store, keys, PartnerType.CREDIT_OFFICE, SubjectRef.enterprise(2))
    assert store.audit.rows[-1].purpose is Purpose.CREDIT_SUPERVISION
    assert office.report.subject.identifier == "91330502000000010X"


async def test_issuing_refuses_bad_requests_before_reading_anything() -> None:
    store, keys = _store(), FakeKeys([_key()])
    with pytest.raises(ReportRequestError):
        await services.issue_credit_report(
            store,
            CRYPTO,
            keys,
            accessor=_accessor(PartnerType.CITIZEN_APP),
            subject=SubjectRef.person(1),
            period=ReportPeriod(TODAY, TODAY + timedelta(days=1)),
            domains=ALL_DOMAINS,
            request_id="req",
            now=NOW,
        )
    with pytest.raises(SigningUnavailableError):
        await _issue_through(store, FakeKeys([]), PartnerType.CITIZEN_APP)
    assert store.audit.rows == []
    with pytest.raises(AccessDeniedError):
        await _issue_through(store, keys, PartnerType.CITIZEN_APP, SubjectRef.person(404))
    assert store.audit.rows[-1].outcome is AccessOutcome.DENIED
    with pytest.raises(AccessDeniedError):
        await _issue_through(store, keys, PartnerType.HOSPITAL)
    assert store.reports.stored == {}


async def test_verifying_answers_a_status_and_times_only_for_the_genuine_document() -> None:
    store, keys = _store(), FakeKeys([_key()])
    issued = await _issue_through(store, keys, PartnerType.CITIZEN_APP)
    number = issued.report.number

    async def verify(number: str, document: str, now: datetime = NOW) -> Any:
        return await services.verify_credit_report(
            store, keys, number=number, document=document, now=now
        )

    valid = await verify(number.lower().replace("-", " "), issued.document)
    assert (valid.status, valid.issued_at, valid.valid_until) == (
        VerificationStatus.VALID,
        NOW,
        NOW + REPORT_VALIDITY,
    )
    altered = await verify(number, issued.document[:-4] + "AAAA")
    assert (altered.status, altered.issued_at, altered.valid_until) == (
        VerificationStatus.ALTERED,
        None,
        None,
    )
    missing = await verify(number, "")
    assert (missing.status, missing.issued_at) == (VerificationStatus.ALTERED, None)
    expired = await verify(number, issued.document, NOW + REPORT_VALIDITY)
    assert expired.status is VerificationStatus.EXPIRED
    unknown = await verify(new_report_number(TODAY), issued.document)
    assert (unknown.status, unknown.issued_at) == (VerificationStatus.UNKNOWN, None)
    assert (await verify("nonsense", issued.document)).status is VerificationStatus.UNKNOWN


async def test_a_report_still_verifies_once_its_key_has_been_rotated_out() -> None:
    store, keys = _store(), FakeKeys([_key()])
    first = await _issue_through(store, keys, PartnerType.CITIZEN_APP)
    keys.stored.append(_key())
    second = await _issue_through(store, keys, PartnerType.CITIZEN_APP)
    assert first.key_id != second.key_id
    later = NOW + timedelta(days=60)
    for issued in (first, second):
        verified = await services.verify_credit_report(
            store, keys, number=issued.report.number, document=issued.document, now=later
        )
        assert verified.status is VerificationStatus.VALID


async def test_a_report_on_a_subject_that_vanished_is_not_issued() -> None:
    store, keys = _store(), FakeKeys([_key()])
    store.persons.people.clear()
    with pytest.raises(AccessDeniedError):
        await _issue_through(store, keys, PartnerType.CREDIT_OFFICE)
    with pytest.raises(NotFoundError):
        await services._printed_subject(store, SubjectRef(SubjectKind.HOUSEHOLD, 1))

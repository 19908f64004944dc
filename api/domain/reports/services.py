"""The report use cases: issue a signed report for a subject, and verify one by its number.

Issuing reads the subject's records across all departments, so it goes through the consent
gate and leaves an audit row like every other read of a subject's data (domain.md, "Rules that
bind the data"): the subject itself through the citizen app reads under self-service, the
credit office under its statutory duty. Verifying is public and answers a status only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from api.domain.clock import city_today
from api.domain.consent.access import authorise_read, require_allowed
from api.domain.consent.model import Accessor, ConsentPermission, SubjectRef
from api.domain.consent.ports import AccessCrypto
from api.domain.consent.rules import require_aware
from api.domain.errors import NotFoundError
from api.domain.reports.document import signed_payload
from api.domain.reports.errors import SigningUnavailableError
from api.domain.reports.model import (
    CreditReport,
    IssuedReport,
    ReportDomain,
    ReportPeriod,
    ReportSubject,
    StoredReport,
    Verification,
    VerificationStatus,
)
from api.domain.reports.numbers import new_report_number, parse_report_number
from api.domain.reports.ports import ReportingStore, ReportKeys
from api.domain.reports.rules import (
    DOMAIN_CATEGORIES,
    ISSUING_PURPOSES,
    check_domains,
    check_period,
    findings,
    issuing_purpose,
    period_bounds,
    valid_until,
)
from api.domain.reports.signing import sign_report, verification_status
from api.domain.subjects.model import SubjectKind


async def _printed_subject(store: ReportingStore, subject: SubjectRef) -> ReportSubject:
    """The subject as the report prints it: a person's ID masked, an enterprise's USCC."""
    if subject.kind is SubjectKind.PERSON:
        person = (await store.persons.by_ids([subject.id])).get(subject.id)
        if person is not None:
            return ReportSubject(subject, person.name, person.resident_id_masked)
    elif subject.kind is SubjectKind.ENTERPRISE:
        enterprise = (await store.enterprises.by_ids([subject.id])).get(subject.id)
        if enterprise is not None:
            return ReportSubject(subject, enterprise.name, enterprise.uscc)
    raise NotFoundError(f"no such {subject.kind.value}")


async def issue_credit_report(
    store: ReportingStore,
    crypto: AccessCrypto,
    keys: ReportKeys,
    *,
    accessor: Accessor,
    subject: SubjectRef,
    period: ReportPeriod,
    domains: Iterable[ReportDomain],
    request_id: str,
    now: datetime,
) -> IssuedReport:
    """Issue a signed special credit report on a subject's records (national rule of 2025).

    Raises ReportRequestError (no domain, period reversed or in the future) and
    SigningUnavailableError before anything is read; AccessDeniedError when the read is
    refused (audited); AuditWriteError when it cannot be audited (serve nothing, commit nothing).
    """
    require_aware(now)
    picked = check_domains(domains)
    check_period(period, now)
    signing_key = await keys.signing_key(now)
    if signing_key is None:
        raise SigningUnavailableError("no platform key signs at the moment; try again shortly")
    purpose = issuing_purpose(accessor.allowed_purposes) or ISSUING_PURPOSES[-1]
    decision = await authorise_read(
        store,
        crypto,
        accessor=accessor,
        subject=subject,
        purpose=purpose,
        permission=ConsentPermission.READ_CREDIT_RECORDS,
        fields=[f"creditReport.{domain.value}" for domain in picked],
        request_id=request_id,
        now=now,
    )
    allowed = require_allowed(decision)
    printed = await _printed_subject(store, allowed)
    start, end = period_bounds(period)
    categories = {DOMAIN_CATEGORIES[domain] for domain in picked}
    records = await store.reports.records_between(allowed.id, categories, start, end)
    report = CreditReport(
        number=new_report_number(city_today(now)),
        subject=printed,
        period=period,
        findings=findings(records, picked, period, city_today(now)),
        issued_at=now,
        valid_until=valid_until(now),
    )
    payload, digest = signed_payload(report)
    document = sign_report(payload, signing_key)
    key_id = str(signing_key.kid)
    await store.reports.add(
        StoredReport(
            number=report.number,
            subject=allowed,
            period=period,
            domains=picked,
            issued_at=report.issued_at,
            valid_until=report.valid_until,
            content_hash=digest,
            key_id=key_id,
            purpose=purpose,
            issuer_partner_id=accessor.partner_id,
            issuer_client_id=accessor.client_id,
        )
    )
    return IssuedReport(report=report, content_hash=digest, key_id=key_id, document=document)


async def verify_credit_report(
    store: ReportingStore, keys: ReportKeys, *, number: str, document: str, now: datetime
) -> Verification:
    """Anyone checks a report by its number and document; the answer reveals no content.

    The issue and expiry times come back only when the document is the genuine one (VALID or
    EXPIRED): someone holding just a number learns whether it exists, nothing more.
    """
    require_aware(now)
    canonical = parse_report_number(number)
    stored = await store.reports.get(canonical) if canonical is not None else None
    key = await keys.public_key(stored.key_id) if stored is not None else None
    status = verification_status(stored, document, key, now)
    if stored is None or status not in (VerificationStatus.VALID, VerificationStatus.EXPIRED):
        return Verification(status)
    return Verification(status, issued_at=stored.issued_at, valid_until=stored.valid_until)

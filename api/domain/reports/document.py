"""A report as a canonical JSON document, and its content hash (SHA-256).

Canonical JSON here is RFC 8785 (JCS) for the values a report holds: objects with ASCII keys
in sorted order, no insignificant whitespace, UTF-8, and no floating-point numbers (counts are
integers, instants and days ISO 8601 strings). Parsing a document and writing it again gives
the same bytes, so a verifier recomputes the hash from what it was handed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from api.domain.reports.model import CreditReport, DomainFinding, ReportItem

#: The version of the document layout (changes when its members change).
DOCUMENT_VERSION = 1
#: Where the report's content lives in the signed payload, and where its hash does.
CONTENT_MEMBER = "report"
HASH_MEMBER = "contentHash"
HASH_PREFIX = "sha256:"


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (sorted keys, no whitespace, no floats)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _item(item: ReportItem) -> dict[str, Any]:
    return {
        "occurredOn": item.occurred_on.isoformat(),
        "department": item.department,
        "severity": item.severity.value if item.severity else None,
        "status": item.status.value,
        "summary": item.summary,
    }


def _finding(finding: DomainFinding) -> dict[str, Any]:
    return {
        "domain": finding.domain.value,
        "hasRecords": finding.has_records,
        "activeCount": finding.active_count,
        "repairedCount": finding.repaired_count,
        "items": [_item(item) for item in finding.items],
    }


def report_content(report: CreditReport) -> dict[str, Any]:
    """The report's content as a JSON object: what the content hash covers."""
    return {
        "version": DOCUMENT_VERSION,
        "number": report.number,
        "subject": {
            "kind": report.subject.ref.kind.value,
            "name": report.subject.name,
            "identifier": report.subject.identifier,
        },
        "period": {"from": report.period.start.isoformat(), "until": report.period.end.isoformat()},
        "domains": [domain.value for domain in report.domains],
        "findings": [_finding(finding) for finding in report.findings],
        "issuedAt": report.issued_at.isoformat(),
        "validUntil": report.valid_until.isoformat(),
    }


def content_hash(content: Any) -> bytes:
    """The SHA-256 of a content object's canonical JSON."""
    return hashlib.sha256(canonical_json(content)).digest()


def format_hash(digest: bytes) -> str:
    """How a content hash is written in the document: ``sha256:`` and 64 hex digits."""
    return HASH_PREFIX + digest.hex()


def signed_payload(report: CreditReport) -> tuple[bytes, bytes]:
    """The bytes the signature covers (content and its hash), and that hash."""
    content = report_content(report)
    digest = content_hash(content)
    payload = {CONTENT_MEMBER: content, HASH_MEMBER: format_hash(digest)}
    return canonical_json(payload), digest

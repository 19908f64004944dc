"""Pure rules of the platform core: publishability, industry ranges, paging, tax grades, IDs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.crypto import Keys
from api.domain.errors import InvalidArgumentError
from api.domain.paging import MAX_PAGE_SIZE, PageRequest
from api.domain.records.model import (
    CreditRecord,
    RecordCategory,
    RecordStatus,
    Severity,
    is_publishable,
)
from api.domain.subjects.model import TaxGrade, tax_grade_for_score
from api.domain.subjects.queries import EnterpriseFilter, industry_prefix_range
from api.graphql.ids import Cursors, GlobalIds, NodeType, max_id

TODAY = date(2026, 11, 1)


def record(**changes: Any) -> CreditRecord:
    """A publishable record, changed as asked."""
    values: dict[str, Any] = {
        "id": 1,
        "subject_id": 1,
        "department_id": 1,
        "category": RecordCategory.PENALTY,
        "severity": Severity.GENERAL,
        "occurred_at": datetime(2026, 6, 1, tzinfo=UTC),
        "publicity_until": date(2027, 1, 1),
        "status": RecordStatus.ACTIVE,
        "summary": "s",
    }
    values.update(changes)
    return CreditRecord(**values)


def test_active_record_in_publicity_is_publishable() -> None:
    assert is_publishable(record(), TODAY)


@pytest.mark.parametrize(
    "status", [RecordStatus.REPAIRED, RecordStatus.EXPIRED, RecordStatus.EXEMPTED]
)
def test_repaired_expired_and_exempted_records_are_not_shown(status: RecordStatus) -> None:
    assert not is_publishable(record(status=status), TODAY)


def test_record_past_its_publicity_period_is_not_shown() -> None:
    assert not is_publishable(record(publicity_until=date(2026, 10, 31)), TODAY)
    assert is_publishable(record(publicity_until=TODAY), TODAY)


def test_minor_negative_records_are_not_published_but_minor_positive_ones_are() -> None:
    assert not is_publishable(record(severity=Severity.MINOR), TODAY)
    assert is_publishable(
        record(category=RecordCategory.HONOUR, severity=Severity.MINOR, publicity_until=None),
        TODAY,
    )


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("C", ("C", "D")),
        ("C26", ("C26", "C27")),
        ("C29", ("C29", "C3")),
        ("C99", ("C99", "D")),
        ("C2619", ("C2619", "C262")),
        ("T", ("T", "U")),
    ],
)
def test_industry_prefix_range(prefix: str, expected: tuple[str, str | None]) -> None:
    assert industry_prefix_range(prefix) == expected


@given(
    st.from_regex(r"[A-T][0-9]{0,4}", fullmatch=True),
    st.from_regex(r"[A-T][0-9]{4}", fullmatch=True),
)
def test_industry_range_holds_exactly_the_codes_with_the_prefix(prefix: str, code: str) -> None:
    low, high = industry_prefix_range(prefix)
    inside = low <= code and (high is None or code < high)
    assert inside == code.startswith(prefix)


@pytest.mark.parametrize("bad", ["c26", "C26a", "Z1", "C123456", ""])
def test_bad_industry_prefix_is_refused(bad: str) -> None:
    with pytest.raises(InvalidArgumentError):
        EnterpriseFilter(industry_prefix=bad)


@pytest.mark.parametrize("first", [0, -1, MAX_PAGE_SIZE + 1])
def test_page_size_is_bounded(first: int) -> None:
    with pytest.raises(InvalidArgumentError):
        PageRequest(first=first)


@pytest.mark.parametrize(
    ("score", "new", "grade"),
    [
        (Decimal(95), False, TaxGrade.A),
        (Decimal(90), False, TaxGrade.A),
        (Decimal("89.99"), False, TaxGrade.B),
        (Decimal(70), False, TaxGrade.B),
        (Decimal(75), True, TaxGrade.M),
        (Decimal(60), True, TaxGrade.C),
        (Decimal(40), False, TaxGrade.C),
        (Decimal("39.5"), False, TaxGrade.D),
    ],
)
def test_tax_grade_thresholds(score: Decimal, new: bool, grade: TaxGrade) -> None:
    assert tax_grade_for_score(score, new_or_no_revenue=new) is grade


KEYS = Keys.from_master(bytes(range(32)))


@given(st.sampled_from(list(NodeType)), st.integers(min_value=1, max_value=2**63 - 1))
def test_global_ids_round_trip_and_are_opaque(node_type: NodeType, object_id: int) -> None:
    object_id = min(object_id, max_id(node_type))  # a department id is 32 bits
    ids = GlobalIds(KEYS.global_id)
    encoded = ids.encode(node_type, object_id)
    assert ids.decode(encoded) == (node_type, object_id)
    assert str(object_id) not in encoded or len(str(object_id)) < 3
    other = GlobalIds(Keys.from_master(bytes(range(1, 33))).global_id)
    with pytest.raises(InvalidArgumentError):
        other.decode(encoded)


@given(st.text(max_size=80))
def test_arbitrary_text_is_never_a_global_id(text: str) -> None:
    with pytest.raises(InvalidArgumentError):
        GlobalIds(KEYS.global_id).decode(text)


def test_neighbouring_ids_do_not_look_alike() -> None:
    ids = GlobalIds(KEYS.global_id)
    first, second = ids.encode(NodeType.ENTERPRISE, 1000), ids.encode(NodeType.ENTERPRISE, 1001)
    assert sum(a == b for a, b in zip(first, second, strict=True)) < len(first) // 2


def test_cursor_is_bound_to_its_listing() -> None:
    cursors = Cursors(KEYS.cursor)
    cursor = cursors.encode("enterprises:abc", ("name", 5))
    assert cursors.decode("enterprises:abc", cursor) == ("name", 5)
    with pytest.raises(InvalidArgumentError):
        cursors.decode("enterprises:other", cursor)
    with pytest.raises(InvalidArgumentError):
        cursors.decode("enterprises:abc", cursor[:-2] + "AA")


@given(st.integers(min_value=2**31, max_value=2**63 - 1))
def test_a_department_id_beyond_32_bits_names_no_row(object_id: int) -> None:
    ids = GlobalIds(KEYS.global_id)
    with pytest.raises(InvalidArgumentError):
        ids.decode(ids.encode(NodeType.DEPARTMENT, object_id))

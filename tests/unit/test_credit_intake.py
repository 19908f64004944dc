"""Record intake: what a department's report must satisfy, idempotency keys and fingerprints."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.clock import CITY_TZ
from api.domain.credit.errors import DateInFutureError, PublicityOutOfRangeError
from api.domain.credit.intake import (
    INTAKE_CATEGORIES,
    MAX_KEY_LENGTH,
    MAX_SUMMARY_LENGTH,
    check_idempotency_key,
    check_intake,
    fingerprint,
)
from api.domain.credit.model import RecordIntake
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, Severity
from api.domain.subjects.model import SubjectKind

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
OCCURRED = datetime(2026, 10, 1, 10, 0, tzinfo=CITY_TZ)

NON_NEGATIVE = sorted(INTAKE_CATEGORIES - NEGATIVE_CATEGORIES)
NEGATIVE = sorted(NEGATIVE_CATEGORIES)
NEGATIVE_NOT_PENALTY = [c for c in NEGATIVE if c is not RecordCategory.PENALTY]


def intake(**changes: Any) -> RecordIntake:
    """A general penalty of 1 Oct 2026 (city time) with no publicity named, changed as asked."""
    base = RecordIntake(
        subject_id=5,
        subject_kind=SubjectKind.ENTERPRISE,
        department_code="AMR",
        category=RecordCategory.PENALTY,
        severity=Severity.GENERAL,
        occurred_at=OCCURRED,
        publicity_until=None,
        summary="Sold food past its use-by date",
        matter_code=None,
    )
    return replace(base, **changes)


# --- accepted reports --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "until"),
    [
        (Severity.MINOR, date(2027, 1, 1)),
        (Severity.GENERAL, date(2027, 10, 1)),
        (Severity.SERIOUS, date(2029, 10, 1)),
    ],
)
def test_a_negative_record_gets_the_longest_publicity_by_default(
    severity: Severity, until: date
) -> None:
    checked = check_intake(intake(severity=severity), NOW)
    assert checked.publicity_until == until
    assert checked == replace(intake(severity=severity), publicity_until=until)


@pytest.mark.parametrize("category", NEGATIVE)
def test_every_negative_category_gets_a_default(category: RecordCategory) -> None:
    checked = check_intake(intake(category=category, severity=Severity.SERIOUS), NOW)
    assert checked.publicity_until == date(2029, 10, 1)


def test_a_publicity_within_the_range_is_kept() -> None:
    for until in (date(2027, 1, 1), date(2027, 5, 20), date(2027, 10, 1)):
        assert check_intake(intake(publicity_until=until), NOW).publicity_until == until


def test_the_summary_is_trimmed() -> None:
    assert check_intake(intake(summary="  late filing \n"), NOW).summary == "late filing"


def test_a_fact_of_this_very_instant_is_accepted() -> None:
    check_intake(intake(occurred_at=NOW), NOW)
    check_intake(intake(occurred_at=NOW.astimezone(CITY_TZ)), NOW)


@pytest.mark.parametrize("category", NON_NEGATIVE)
def test_a_positive_or_neutral_record_needs_no_severity_nor_publicity(
    category: RecordCategory,
) -> None:
    sent = intake(category=category, severity=None)
    checked = check_intake(sent, NOW)
    assert checked == sent
    assert checked.publicity_until is None
    dated = replace(sent, publicity_until=date(2027, 10, 1))
    assert check_intake(dated, NOW) == dated
    on_the_day = replace(sent, publicity_until=date(2026, 10, 1))
    assert check_intake(on_the_day, NOW) == on_the_day


@pytest.mark.parametrize("severity", list(Severity))
def test_a_penalty_may_name_a_matter(severity: Severity) -> None:
    checked = check_intake(intake(severity=severity, matter_code="MS-017"), NOW)
    assert checked.matter_code == "MS-017"


# --- the day a fact happened is the city's day -------------------------------------------------


def test_publicity_counts_from_the_city_day() -> None:
    # 20:00 UTC on 30 Sep is 04:00 on 1 Oct in the city: the general range is 1 Jan to 1 Oct 2027
    late = intake(occurred_at=datetime(2026, 9, 30, 20, 0, tzinfo=UTC))
    assert check_intake(late, NOW).publicity_until == date(2027, 10, 1)
    assert check_intake(replace(late, publicity_until=date(2027, 10, 1)), NOW)
    with pytest.raises(PublicityOutOfRangeError):
        check_intake(replace(late, publicity_until=date(2026, 12, 31)), NOW)


# --- refused reports ---------------------------------------------------------------------------


def test_a_naive_datetime_is_refused() -> None:
    naive = intake(occurred_at=datetime(2026, 10, 1, 10, 0))  # noqa: DTZ001 (naive on purpose)
    with pytest.raises(InvalidArgumentError) as caught:
        check_intake(naive, NOW)
    assert not isinstance(caught.value, DateInFutureError)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "time zone" in caught.value.message


@pytest.mark.parametrize(
    "occurred_at",
    [
        NOW + timedelta(microseconds=1),
        NOW + timedelta(days=1),
        datetime(2026, 11, 1, 16, 0, 1, tzinfo=CITY_TZ),  # 08:00:01 UTC
        datetime(2026, 11, 1, 3, 0, 1, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_a_fact_in_the_future_is_refused(occurred_at: datetime) -> None:
    with pytest.raises(DateInFutureError) as caught:
        check_intake(intake(occurred_at=occurred_at), NOW)
    assert caught.value.code is ErrorCode.DATE_IN_FUTURE
    assert caught.value.code.value == "DATE_IN_FUTURE"
    assert isinstance(caught.value, InvalidArgumentError)


@pytest.mark.parametrize(
    "summary",
    ["", "   ", "\n", "x" * (MAX_SUMMARY_LENGTH + 1)],
    ids=["empty", "spaces", "nl", "long"],
)
def test_an_empty_or_oversized_summary_is_refused(summary: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        check_intake(intake(summary=summary), NOW)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "summary" in caught.value.message


def test_summary_limits() -> None:
    assert MAX_SUMMARY_LENGTH == 500
    check_intake(intake(summary="x"), NOW)
    check_intake(intake(summary="x" * MAX_SUMMARY_LENGTH), NOW)
    check_intake(intake(summary=" " + "x" * MAX_SUMMARY_LENGTH + " "), NOW)


@pytest.mark.parametrize("category", NEGATIVE)
def test_a_negative_record_without_severity_is_refused(category: RecordCategory) -> None:
    with pytest.raises(InvalidArgumentError, match="severity"):
        check_intake(intake(category=category, severity=None), NOW)


@pytest.mark.parametrize("category", NON_NEGATIVE)
@pytest.mark.parametrize("severity", list(Severity))
def test_a_positive_record_with_severity_is_refused(
    category: RecordCategory, severity: Severity
) -> None:
    with pytest.raises(InvalidArgumentError, match="severity"):
        check_intake(intake(category=category, severity=severity), NOW)


@pytest.mark.parametrize("category", NON_NEGATIVE)
def test_a_matter_code_on_a_positive_record_is_refused(category: RecordCategory) -> None:
    with pytest.raises(InvalidArgumentError, match="penalties"):
        check_intake(intake(category=category, severity=None, matter_code="MS-017"), NOW)


@pytest.mark.parametrize("category", NEGATIVE_NOT_PENALTY)
def test_a_matter_code_on_a_negative_non_penalty_is_refused(category: RecordCategory) -> None:
    with pytest.raises(InvalidArgumentError, match="penalties"):
        check_intake(intake(category=category, severity=Severity.MINOR, matter_code="MS-017"), NOW)


@pytest.mark.parametrize(
    ("severity", "until"),
    [
        (Severity.MINOR, date(2026, 9, 30)),
        (Severity.MINOR, date(2027, 1, 2)),
        (Severity.GENERAL, date(2026, 12, 31)),
        (Severity.GENERAL, date(2027, 10, 2)),
        (Severity.SERIOUS, date(2027, 9, 30)),
        (Severity.SERIOUS, date(2029, 10, 2)),
    ],
)
def test_a_publicity_outside_the_severitys_range_is_refused(
    severity: Severity, until: date
) -> None:
    with pytest.raises(PublicityOutOfRangeError) as caught:
        check_intake(intake(severity=severity, publicity_until=until), NOW)
    assert caught.value.code is ErrorCode.PUBLICITY_OUT_OF_RANGE
    assert until.isoformat() in caught.value.message


def test_a_positive_record_published_before_it_happened_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="before"):
        check_intake(
            intake(
                category=RecordCategory.HONOUR, severity=None, publicity_until=date(2026, 9, 30)
            ),
            NOW,
        )


def test_scenario_events_do_not_come_through_intake() -> None:
    assert RecordCategory.SCENARIO_EVENT not in INTAKE_CATEGORIES
    assert set(RecordCategory) - {RecordCategory.SCENARIO_EVENT} == INTAKE_CATEGORIES
    with pytest.raises(InvalidArgumentError, match="scenario_event"):
        check_intake(intake(category=RecordCategory.SCENARIO_EVENT, severity=None), NOW)


# --- idempotency keys --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "12345678",
        "x" * MAX_KEY_LENGTH,
        "5f0c8f4e-8d0c-4a4e-9d52-0a3c1f7b2e61",
        "retry:2026-11-01T08:00:00Z#1",
        string.printable.strip()[:MAX_KEY_LENGTH],
    ],
)
def test_a_good_idempotency_key(key: str) -> None:
    assert check_idempotency_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "1234567",
        "x" * (MAX_KEY_LENGTH + 1),
        "schlüssel-1234",
        "键键键键键键键键",
        "abcd\nefgh",
        "abcd\tefgh",
        "abcd\x00efgh",
    ],
    ids=repr,
)
def test_a_bad_idempotency_key(key: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        check_idempotency_key(key)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "128" in caught.value.message


def test_key_length_limit() -> None:
    assert MAX_KEY_LENGTH == 128


# --- fingerprints ------------------------------------------------------------------------------


def test_the_fingerprint_is_stable_for_equal_input() -> None:
    first = fingerprint(intake())
    assert fingerprint(intake()) == first
    assert len(first) == 64
    assert set(first) <= set(string.hexdigits.lower())
    assert fingerprint(intake(publicity_until=date(2027, 5, 1), matter_code="MS-1")) == fingerprint(
        intake(matter_code="MS-1", publicity_until=date(2027, 5, 1))
    )


CHANGES: list[tuple[str, object]] = [
    ("subject_id", 6),
    ("department_code", "TAX"),
    ("category", RecordCategory.ENFORCEMENT),
    ("severity", Severity.SERIOUS),
    ("severity", None),
    ("occurred_at", OCCURRED + timedelta(seconds=1)),
    ("occurred_at", OCCURRED.astimezone(UTC)),  # the same instant, sent differently
    ("publicity_until", date(2027, 5, 1)),
    ("summary", "Sold food past its use-by date."),
    ("summary", " Sold food past its use-by date"),
    ("matter_code", "MS-017"),
]


@pytest.mark.parametrize(("field", "value"), CHANGES, ids=[f"{f}={v!r}" for f, v in CHANGES])
def test_the_fingerprint_differs_for_any_changed_field(field: str, value: object) -> None:
    assert fingerprint(intake(**{field: value})) != fingerprint(intake())


def test_the_fingerprint_differs_for_another_subject_kind() -> None:
    assert fingerprint(intake(subject_kind=SubjectKind.PERSON)) != fingerprint(intake())


@given(
    st.integers(1, 10**9),
    st.text(min_size=1, max_size=40),
    st.sampled_from(sorted(INTAKE_CATEGORIES)),
    st.none() | st.sampled_from(list(Severity)),
    st.none() | st.text(max_size=20),
)
def test_the_fingerprint_is_a_function_of_the_request(
    subject_id: int,
    summary: str,
    category: RecordCategory,
    severity: Severity | None,
    matter: str | None,
) -> None:
    sent = intake(
        subject_id=subject_id,
        summary=summary,
        category=category,
        severity=severity,
        matter_code=matter,
    )
    again = intake(
        subject_id=subject_id,
        summary=summary,
        category=category,
        severity=severity,
        matter_code=matter,
    )
    assert fingerprint(sent) == fingerprint(again)
    assert fingerprint(replace(sent, summary=summary + "!")) != fingerprint(sent)
    assert fingerprint(replace(sent, subject_id=subject_id + 1)) != fingerprint(sent)

"""The merchant indicator use cases: record an observation (one or a file of them), assess a
merchant, show the public card of a scanned code, and a district's statistics."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime

from api.domain.credit.codes import MerchantColour
from api.domain.merchants import rules
from api.domain.merchants.errors import IndicatorError, IndicatorRefusal
from api.domain.merchants.model import (
    Assessment,
    ColourCount,
    DistrictStatistics,
    ImportLineError,
    ImportReport,
    MonthCount,
    ObservationDraft,
    RecordOutcome,
)
from api.domain.merchants.ports import IndicatorStore
from api.domain.numbers import NumberError, parse_decimal
from api.domain.subjects.model import Merchant

#: Idempotency keys are 8 to 128 characters.
KEY_LENGTH = range(8, 129)
#: The columns of an import file (CSV with this header), in order.
IMPORT_COLUMNS = ("uscc", "category", "department", "value", "observed_on", "note", "key")
#: The most lines one import file may hold.
MAX_IMPORT_LINES = 10_000


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who records: a partner (a district operator is limited to its districts), or the
    platform's command line (``partner_id`` None)."""

    partner_id: int | None
    district_operator: bool


def _fingerprint(merchant_id: int, draft: ObservationDraft, category: str) -> str:
    """What the same request sent again must match."""
    parts = (str(merchant_id), category, draft.department, str(draft.value.normalize()))
    text = "|".join((*parts, draft.observed_on.isoformat(), draft.note or ""))
    return hashlib.sha256(text.encode()).hexdigest()


async def _check_district(store: IndicatorStore, recorder: Recorder, merchant: Merchant) -> None:
    """A district operator may only touch the merchants of the districts it operates."""
    if not recorder.district_operator or recorder.partner_id is None:
        return
    districts = await store.operated_districts(recorder.partner_id)
    if not districts:
        raise IndicatorError(
            IndicatorRefusal.NOT_A_DISTRICT_OPERATOR,
            "this partner operates no commerce district yet (ask the credit office)",
        )
    if merchant.commerce_district not in districts:
        raise IndicatorError(
            IndicatorRefusal.MERCHANT_NOT_IN_YOUR_DISTRICT,
            f"the merchant trades in {merchant.commerce_district}, not in a district you operate",
            field="uscc",
        )


async def bind_district_operator(store: IndicatorStore, partner_id: int, name: str) -> None:
    """Let a commerce-district partner operate the district named ``name``."""
    if await store.commerce_district(name) is None:
        raise IndicatorError(
            IndicatorRefusal.NOT_FOUND,
            f"no commerce district named {name!r}",
            field="commerceDistrict",
        )
    await store.bind_operator(partner_id, name)


async def merchant_for(store: IndicatorStore, recorder: Recorder, uscc: str) -> Merchant:
    """The merchant named by ``uscc``, if the recorder may see its indicators."""
    merchant = await store.merchant_by_uscc(uscc)
    if merchant is None:
        raise IndicatorError(
            IndicatorRefusal.NOT_FOUND,
            "no merchant with this unified social credit code",
            field="uscc",
        )
    await _check_district(store, recorder, merchant)
    return merchant


async def record_observation(
    store: IndicatorStore,
    recorder: Recorder,
    draft: ObservationDraft,
    *,
    today: date,
    now: datetime,
) -> RecordOutcome:
    """Record one indicator observation; the same key with the same content replays it."""
    category = rules.category_of(draft.category)
    rules.check_department(category, draft.department)
    rules.check_value(category, draft.value)
    rules.check_observed_on(draft.observed_on, today)
    if len(draft.idempotency_key) not in KEY_LENGTH:
        raise IndicatorError(
            IndicatorRefusal.INVALID_ARGUMENT,
            "idempotencyKey must have 8 to 128 characters",
            field="idempotencyKey",
        )
    if draft.note is not None and len(draft.note) > 500:
        raise IndicatorError(
            IndicatorRefusal.INVALID_ARGUMENT, "note is at most 500 characters", field="note"
        )
    merchant = await merchant_for(store, recorder, draft.uscc)
    fingerprint = _fingerprint(merchant.id, draft, category.code.value)
    for _attempt in range(2):
        found = await store.observation_by_key(recorder.partner_id, draft.idempotency_key)
        if found is not None:
            observation, held = found
            if held != fingerprint:
                raise IndicatorError(
                    IndicatorRefusal.IDEMPOTENCY_KEY_REUSED,
                    "this idempotency key recorded a different observation",
                    field="idempotencyKey",
                )
            return RecordOutcome(observation, replayed=True)
        inserted = await store.insert_observation(
            merchant_id=merchant.id,
            category=category.code,
            department=draft.department,
            value=draft.value,
            observed_on=draft.observed_on,
            note=draft.note,
            recorded_by=recorder.partner_id,
            idempotency_key=draft.idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )
        if inserted is not None:
            return RecordOutcome(inserted, replayed=False)
    msg = "an idempotency key was taken and then not found (a bug)"
    raise RuntimeError(msg)


def _line_draft(values: dict[str, str]) -> ObservationDraft:
    """One import line as a draft; a malformed field is refused with its name."""
    try:
        value = parse_decimal(values["value"].strip(), rules.VALUE_LIMIT)
    except NumberError as error:
        raise IndicatorError(
            IndicatorRefusal.VALUE_OUT_OF_RANGE,
            f"value {values['value'][:40]!r}: {error.message}",
            field="value",
        ) from None
    try:
        observed_on = date.fromisoformat(values["observed_on"].strip())
    except ValueError:
        raise IndicatorError(
            IndicatorRefusal.INVALID_ARGUMENT,
            f"observed_on {values['observed_on']!r} is not a date (YYYY-MM-DD)",
            field="observed_on",
        ) from None
    line = "|".join(values.get(column, "") for column in IMPORT_COLUMNS[:-1])
    key = values.get("key", "").strip() or "line-" + hashlib.sha256(line.encode()).hexdigest()[:40]
    return ObservationDraft(
        uscc=values["uscc"].strip(),
        category=values["category"].strip(),
        department=values["department"].strip(),
        value=value,
        observed_on=observed_on,
        note=values.get("note", "").strip() or None,
        idempotency_key=key,
    )


async def import_observations(
    store: IndicatorStore, recorder: Recorder, content: str, *, today: date, now: datetime
) -> ImportReport:
    """Record every good line of a CSV file; each bad line is refused with its number and why.

    The header must name the columns of ``IMPORT_COLUMNS`` (``note`` and ``key`` optional);
    a line without a key gets one from its content, so importing a file twice records nothing
    twice.
    """
    reader = csv.DictReader(io.StringIO(content))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in header]
    if missing:
        raise IndicatorError(
            IndicatorRefusal.INVALID_ARGUMENT,
            f"the header lacks {', '.join(missing)}; columns: {', '.join(IMPORT_COLUMNS)}",
            field="content",
        )
    errors: list[ImportLineError] = []
    recorded = replayed = lines = 0
    for row in reader:
        lines += 1
        line = reader.line_num
        if lines > MAX_IMPORT_LINES:
            raise IndicatorError(
                IndicatorRefusal.INVALID_ARGUMENT,
                f"a file holds at most {MAX_IMPORT_LINES} lines",
                field="content",
            )
        if None in row or any(row.get(c) is None for c in IMPORT_COLUMNS[:5]):
            errors.append(ImportLineError(line, "INVALID_ARGUMENT", "wrong number of fields"))
            continue
        try:
            outcome = await record_observation(
                store, recorder, _line_draft(row), today=today, now=now
            )
        except IndicatorError as error:
            where = f"{error.field}: " if error.field else ""
            errors.append(ImportLineError(line, error.refusal.value, where + error.message))
            continue
        if outcome.replayed:
            replayed += 1
        else:
            recorded += 1
    return ImportReport(lines, recorded, replayed, tuple(errors))


async def assess_merchant(
    store: IndicatorStore, recorder: Recorder, uscc: str, *, as_of: date, today: date
) -> tuple[Merchant, Assessment]:
    """A merchant's four-colour code on ``as_of`` (not after today), with every indicator."""
    rules.check_observed_on(as_of, today)
    merchant = await merchant_for(store, recorder, uscc)
    found = await store.observations_of([merchant.id])
    return merchant, rules.assess(found.get(merchant.id, []), as_of)


async def public_card(
    store: IndicatorStore, merchant_id: int, *, today: date
) -> tuple[Merchant, Assessment] | None:
    """What a scanned code shows anyone: the merchant and today's colour; None if it is gone."""
    merchant = await store.merchant_by_id(merchant_id)
    if merchant is None:
        return None
    found = await store.observations_of([merchant.id])
    return merchant, rules.assess(found.get(merchant.id, []), today)


async def district_statistics(
    store: IndicatorStore,
    recorder: Recorder,
    name: str,
    *,
    since: date,
    today: date,
) -> DistrictStatistics:
    """Merchants by colour today, complaints by month, and complaints in the months since
    ``since`` against as many months before it."""
    rules.check_observed_on(since, today)
    district = await store.commerce_district(name)
    if district is None:
        raise IndicatorError(
            IndicatorRefusal.NOT_FOUND,
            f"no commerce district named {name!r}",
            field="commerceDistrict",
        )
    if (
        recorder.district_operator
        and recorder.partner_id is not None
        and name not in await store.operated_districts(recorder.partner_id)
    ):
        raise IndicatorError(
            IndicatorRefusal.MERCHANT_NOT_IN_YOUR_DISTRICT,
            f"you do not operate {name}",
            field="commerceDistrict",
        )
    merchants = await store.district_merchants(name)
    observations = await store.observations_of([m.id for m in merchants])
    counts: dict[MerchantColour | None, int] = {}
    for merchant in merchants:
        colour = rules.assess(observations.get(merchant.id, []), today).colour
        counts[colour] = counts.get(colour, 0) + 1
    by_colour = tuple(ColourCount(c, counts.get(c, 0)) for c in (*MerchantColour, None))
    this_month = rules.first_of_month(today)
    start_month = rules.first_of_month(since)
    span = (this_month.year - start_month.year) * 12 + this_month.month - start_month.month + 1
    first = rules.months_back(start_month, span)
    end = rules.months_back(this_month, -1)
    monthly: dict[date, int] = {}
    for day, count in await store.complaints(name, first, end):
        month = rules.first_of_month(day)
        monthly[month] = monthly.get(month, 0) + int(count)
    months = [rules.months_back(this_month, back) for back in range(2 * span - 1, -1, -1)]
    before = sum(monthly.get(m, 0) for m in months if m < start_month)
    after = sum(monthly.get(m, 0) for m in months if m >= start_month)
    return DistrictStatistics(
        commerce_district=name,
        as_of=today,
        merchants=len(merchants),
        by_colour=by_colour,
        complaints_by_month=tuple(MonthCount(m, monthly.get(m, 0)) for m in months),
        since=start_month,
        complaints_before=before,
        complaints_after=after,
        change_percent=rules.change_percent(before, after),
    )

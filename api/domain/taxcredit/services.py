"""The tax bureau's use cases. Each runs in the caller's unit of work and never commits."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from api.domain.clock import city_today
from api.domain.credit.errors import ConflictError, IdempotencyKeyReusedError
from api.domain.credit.intake import check_idempotency_key
from api.domain.errors import NotFoundError
from api.domain.subjects.model import TaxCreditRating
from api.domain.taxcredit.model import RatingReport, RatingWrite, ReportedRating
from api.domain.taxcredit.ports import TaxCreditStore
from api.domain.taxcredit.rules import check_score, check_year, grade_of, rating_fingerprint


async def report_tax_rating(
    store: TaxCreditStore,
    *,
    partner_id: int,
    report: RatingReport,
    idempotency_key: str,
    now: datetime,
) -> ReportedRating:
    """The tax bureau reports a year's rating; a retry with its key returns the first result."""
    key = check_idempotency_key(idempotency_key)
    score = check_score(report.score)
    year = check_year(report.year, city_today(now).year)
    grade = grade_of(report, score)
    checked = replace(report, score=score, year=year)
    enterprise_id = await store.enterprise_id(checked.uscc)
    if enterprise_id is None:
        raise NotFoundError("no enterprise has this code", field="uscc")
    fingerprint = rating_fingerprint(checked)
    if not await store.claim(RatingWrite(partner_id, key, fingerprint, None), now):
        taken = await store.claimed(partner_id, key)
        if taken is None or taken.rating_id is None:
            raise ConflictError("the first request with this key is still running; retry shortly")
        if taken.fingerprint != fingerprint:
            raise IdempotencyKeyReusedError(
                "this idempotency key was used for a different report; use a new key",
                field="idempotencyKey",
            )
        stored = await store.rating(taken.rating_id)
        return ReportedRating(stored, await store.current_grade(stored.enterprise_id), True)
    rating = TaxCreditRating(enterprise_id, year, grade, score)
    rating_id = await store.save_rating(rating)
    await store.attach(partner_id, key, rating_id)
    current = await store.mirror_latest_grade(enterprise_id, now=now)
    return ReportedRating(rating, current, replayed=False)

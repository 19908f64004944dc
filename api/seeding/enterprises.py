"""Enterprises with their tax credit ratings, green profiles and records."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from api.domain.subjects.model import (
    District,
    GreenActivityClass,
    SizeClass,
    SubjectKind,
    TaxGrade,
    tax_grade_for_score,
)
from api.seeding import vocabulary as vocab
from api.seeding.batch import US_PER_DAY, Batch, Row, wire_day
from api.seeding.codes import ENTERPRISE_TYPE, uscc_for
from api.seeding.plan import Chunk, Plan
from api.seeding.records import SAMPLE_PUBLISHABLE, RecordMaker
from api.seeding.weighted import Weighted

FIRST_YEAR = 1990
NEW_STYLE_CODES_FROM = date(2015, 10, 1)
RATED_SHARE = 0.88
GREEN_SHARE = 0.35
PLATFORM_START = date(2019, 1, 1)


@dataclass(frozen=True, slots=True)
class _Vocab:
    districts: Weighted[District]
    industries: Weighted[tuple[str, str]]
    sizes: Weighted[SizeClass]
    years: Weighted[int]
    prefixes: Weighted[str]
    green: Weighted[GreenActivityClass]


def _vocab(today: date) -> _Vocab:
    years = [(y, 1.12 ** (y - FIRST_YEAR)) for y in range(FIRST_YEAR, today.year + 1)]
    return _Vocab(
        Weighted(vocab.DISTRICT_WEIGHTS),
        Weighted([((code, word), w) for code, word, w in vocab.INDUSTRIES]),
        Weighted(vocab.SIZE_WEIGHTS),
        Weighted(years),
        Weighted(vocab.FIRM_PREFIXES),
        Weighted(vocab.GREEN_WEIGHTS),
    )


def _money(value: float) -> str:
    return f"{value:.2f}"


def _registered_on(rng: random.Random, words: _Vocab, today: date) -> date:
    year = words.years.draw(rng)
    first = date(year, 1, 1).toordinal()
    last = min(date(year, 12, 31).toordinal(), today.toordinal() - 1)
    return date.fromordinal(first + int(rng.random() * (last - first + 1)))


def _name(rng: random.Random, words: _Vocab, district: District, word: str, size: SizeClass) -> str:
    prefix = words.prefixes.draw(rng) or vocab.DISTRICT_SHORT[district]
    suffix = "股份有限公司" if size is SizeClass.LARGE and rng.random() < 0.4 else "有限公司"
    return f"{prefix}{rng.choice(vocab.FIRM_WORDS)}{word}{suffix}"


def _ratings(
    rng: random.Random, out: list[Row], enterprise_id: int, registered: date, today: date
) -> TaxGrade | None:
    """Ratings of the last three years; returns the latest grade."""
    if rng.random() >= RATED_SHARE:
        return None
    base = min(99.0, rng.gauss(83.0, 6.0))
    no_revenue = rng.random() < 0.04
    tax_crime = rng.random() < 0.003
    latest: TaxGrade | None = None
    for year in range(today.year - 3, today.year):
        if registered.year > year:
            continue
        score = max(0.0, min(100.0, base + rng.gauss(0.0, 3.0)))
        if tax_crime and year == today.year - 1:
            score = rng.uniform(10.0, 39.0)
        value = _money(score)
        new = registered.year >= year - 1
        latest = tax_grade_for_score(Decimal(value), new_or_no_revenue=new or no_revenue)
        out.append((enterprise_id, year, latest.value, value))
    return latest


#: Median yearly tax paid by size class, yuan (the 绿税通 loans lend a multiple of it).
TAX_PAID_MEDIAN: dict[SizeClass, float] = {
    SizeClass.MICRO: 40_000.0,
    SizeClass.SMALL: 350_000.0,
    SizeClass.MEDIUM: 3_000_000.0,
    SizeClass.LARGE: 30_000_000.0,
}


def _tax_paid(
    rng: random.Random, out: list[Row], enterprise_id: int, size: SizeClass, years: list[int]
) -> None:
    """Tax paid in each rated year (the tax bureau's report), around the size's median."""
    level = TAX_PAID_MEDIAN[size] * rng.lognormvariate(0.0, 0.7)
    for year in years:
        out.append((enterprise_id, year, _money(level * rng.uniform(0.85, 1.15))))


def _green(
    rng: random.Random,
    words: _Vocab,
    out: list[Row],
    enterprise_id: int,
    size: SizeClass,
    today: date,
) -> GreenActivityClass:
    activity = words.green.draw(rng)
    green = activity is not GreenActivityClass.NOT_GREEN
    emissions = vocab.SIZE_EMISSIONS_MEDIAN[size] * rng.lognormvariate(0.0, 0.9)
    intensity = rng.lognormvariate(math.log(0.18 if green else 0.45), 0.6)
    reduction = emissions * (rng.uniform(0.05, 0.35) if green else rng.uniform(0.0, 0.06))
    esg = max(0.0, min(100.0, rng.gauss(72.0 if green else 60.0, 10.0)))
    as_of = wire_day(today) - 1 - int(rng.random() * 365)
    out.append(
        (
            enterprise_id,
            activity.value,
            _money(emissions),
            f"{min(intensity, 999_999.0):.4f}",
            _money(reduction),
            _money(esg),
            as_of,
        )
    )
    return activity


def enterprise_batch(plan: Plan, chunk: Chunk, maker: RecordMaker) -> Batch:
    """Generate a chunk of enterprises with ratings, green profiles and records."""
    rng = plan.stream("enterprises", chunk.number)
    words = _vocab(plan.today)
    batch = Batch(SubjectKind.ENTERPRISE, chunk.number)
    subjects, enterprises = batch.table("subjects"), batch.table("enterprises")
    ratings, profiles = batch.table("tax_credit_ratings"), batch.table("green_profiles")
    paid, paid_rng = batch.table("tax_paid"), plan.stream("tax_paid", chunk.number)
    records = batch.table("credit_records")
    end = plan.day_start()
    platform_start = wire_day(PLATFORM_START)
    first_id = plan.first_ids[SubjectKind.ENTERPRISE]
    kind = SubjectKind.ENTERPRISE.value
    for local in range(chunk.start, chunk.start + chunk.count):
        subject_id = first_id + local
        district = words.districts.draw(rng)
        industry, word = words.industries.draw(rng)
        size = words.sizes.draw(rng)
        registered = _registered_on(rng, words, plan.today)
        capital = vocab.SIZE_CAPITAL_MEDIAN[size] * rng.lognormvariate(0.0, 0.8)
        uscc = uscc_for(
            ENTERPRISE_TYPE,
            district.value,
            local,
            registered >= NEW_STYLE_CODES_FROM,
            plan.uscc_scramble,
        )
        rated_before = len(ratings)
        grade = _ratings(rng, ratings, subject_id, registered, plan.today)
        rated_years = [int(row[1]) for row in ratings[rated_before:]]
        _tax_paid(paid_rng, paid, subject_id, size, rated_years)
        green = (
            _green(rng, words, profiles, subject_id, size, plan.today)
            if (rng.random() < GREEN_SHARE)
            else None
        )
        enterprises.append(
            (
                subject_id,
                uscc,
                _name(rng, words, district, word, size),
                industry,
                district.value,
                size.value,
                wire_day(registered),
                _money(max(10_000.0, round(capital, -4))),
                None if grade is None else grade.value,
                None if green is None else green.value,
            )
        )
        created_from = max(wire_day(registered), platform_start) * US_PER_DAY
        span = max(1, end - created_from)
        subjects.append((subject_id, kind, end - int(rng.random() * span)))
        heavy = local in plan.heavy_enterprises
        count = maker.count(rng, SubjectKind.ENTERPRISE, heavy=heavy)
        if local == plan.sample_enterprise:
            count = rng.randint(150, 200)
        earliest = wire_day(registered) * US_PER_DAY
        visible = maker.make(rng, records, subject_id, SubjectKind.ENTERPRISE, count, earliest)
        if local == plan.sample_enterprise:
            if visible < SAMPLE_PUBLISHABLE:
                maker.make_visible(
                    rng, records, subject_id, SubjectKind.ENTERPRISE, SAMPLE_PUBLISHABLE - visible
                )
            batch.samples["enterprise_uscc_many_records"] = uscc
        elif (
            "enterprise_uscc" not in batch.samples
            and grade in (TaxGrade.A, TaxGrade.B)
            and green not in (None, GreenActivityClass.NOT_GREEN)
            and visible > 0
        ):
            batch.samples["enterprise_uscc"] = uscc
    if enterprises:
        batch.samples.setdefault("enterprise_uscc", enterprises[0][1])
    return batch

"""A year of incentive use by the persons of a chunk: coupons, benefit grants, daily counters.

Run on each person chunk after its evaluations, in whichever process made it, from the
chunk's own random stream. A GREEN or BLUE person is active with the profile's share; an
active person uses a few scenarios (each with its ``Usage.share``), each some times in the
year (mean ``Usage.uses``), on random days of the 365 before ``today``, never more often in a
city day than the scenario's daily limit; and receives mobility coupons from the monthly
batches, most of them redeemed while live. Every grant is what the API would have stored:
the benefit as ``api.domain.scenarios.rules.benefit_amount`` gives it (in integer cents),
the person's district, a unique order reference and idempotency key, the request's
fingerprint as ``rules.fingerprint`` computes it, for discounts the daily-use counter
(``benefit_daily_uses``) the grant took, and the person's monthly rollup rows
(``benefit_monthly_uses``) as ``BenefitRepository.add_grant`` keeps them. Coupon ids come
from the chunk's block (its first person's index); grant ids from the table's sequence, in
load order.
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect
from datetime import date
from itertools import accumulate

from api.domain.scenarios.model import BenefitKind, CouponStatus, GrantSource
from api.domain.subjects.model import SubjectKind
from api.seeding.batch import EPOCH_ORDINAL, US_PER_DAY, Batch, Row, wire_day
from api.seeding.grant_setup import CouponBatchSetup, GrantSetup, ScenarioUse, city_day
from api.seeding.grant_usage import DISTRICTS, YEAR_DAYS
from api.seeding.plan import Chunk, Plan

_US_PER_HOUR = 3600 * 1_000_000
_CITY_OFFSET = 8 * _US_PER_HOUR
_PERCENT = BenefitKind.PERCENT_DISCOUNT.value
_FIXED = BenefitKind.FIXED_AMOUNT.value
_ADMITTED = {"blue": 0, "green": 1}
_DISCOUNT = GrantSource.DISCOUNT.value
_COUPON = GrantSource.COUPON.value
_ISSUED = CouponStatus.ISSUED.value
_REDEEMED = CouponStatus.REDEEMED.value
#: Tries to find a day with room under the daily limit before a use is dropped.
_DAY_TRIES = 4


def money(cents: int) -> str:
    """Cents as a two-place decimal string (what ``str(Decimal)`` of the amount gives)."""
    return f"{cents // 100}.{cents % 100:02d}"


def benefit_cents(scenario: ScenarioUse, value: int, order: int) -> int:
    """``rules.benefit_amount`` in cents: basis points or cents of ``value``, cap, order."""
    if scenario.kind == _PERCENT:
        amount = (order * value + 5000) // 10000  # half up, as ROUND_HALF_UP on positives
    elif scenario.kind == _FIXED:
        amount = value
    else:
        amount = order
    if scenario.cap is not None and amount > scenario.cap:
        amount = scenario.cap
    return min(amount, order)


def discount_fingerprint(code: str, order: str, amount: str) -> str:
    """``rules.fingerprint(source="discount", scenario=, order=, amount=)`` of ASCII texts."""
    text = f'{{"amount":"{amount}","order":"{order}","scenario":"{code}","source":"discount"}}'
    return hashlib.sha256(text.encode()).hexdigest()


def coupon_fingerprint(coupon: str, order: str, amount: str) -> str:
    """``rules.fingerprint(source="coupon", coupon=, order=, amount=)`` of ASCII texts."""
    text = f'{{"amount":"{amount}","coupon":"{coupon}","order":"{order}","source":"coupon"}}'
    return hashlib.sha256(text.encode()).hexdigest()


class GrantMaker:
    """Draws the coupons, grants and daily counters of a person chunk."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.setup: GrantSetup | None = plan.grants
        self.day_start = plan.day_start()
        self.today = wire_day(plan.today)
        setup = self.setup or GrantSetup((), (), (), 0.0)
        self.scenarios: tuple[ScenarioUse, ...] = setup.scenarios
        self.districts = {code: i for i, code in enumerate(DISTRICTS)}
        self.share_cum = tuple(accumulate(s.usage.share for s in setup.scenarios))
        self.coupon_cum = tuple(accumulate(c[1] for c in setup.coupon_scenarios))
        self.batches: dict[tuple[int, int, int], CouponBatchSetup] = {
            (b.scenario, b.partner_id, b.month): b for b in setup.batches
        }
        self.months = 1 + max((b.month for b in setup.batches), default=0)
        self.log_bounds = tuple(
            (math.log(s.usage.low), math.log(s.usage.high), s.usage.step) for s in setup.scenarios
        )
        self.coupon_bounds = tuple(
            (math.log(low), math.log(high), step)
            for _, _, low, high, step in setup.coupon_scenarios
        )
        self.coupons: list[Row] = []
        self.grants: list[Row] = []
        self.uses: list[Row] = []
        self.monthly_rows: list[Row] = []
        self.monthly: dict[tuple[int, int, int], list[int]] = {}
        self.months_of: dict[int, int] = {}
        self.next_coupon = self.last_coupon = 0

    def make(self, batch: Batch, chunk: Chunk) -> None:
        """Add the chunk's coupons, grants and counters (person chunks only)."""
        setup = self.setup
        if setup is None or chunk.kind is not SubjectKind.PERSON or not self.scenarios:
            return
        rng = self.plan.stream("grants", chunk.number)
        colours = {row[0]: row[4] for row in batch.rows.get("subject_scores", ())}
        self.coupons = batch.table("coupons")
        self.grants = batch.table("benefit_grants")
        self.uses = batch.table("benefit_daily_uses")
        self.monthly_rows = batch.table("benefit_monthly_uses")
        self.next_coupon = chunk.start + 1
        self.last_coupon = chunk.start + chunk.count
        active = setup.active_share
        for row in batch.rows.get("persons", ()):
            subject_id, district = row[0], row[2]
            admitted = _ADMITTED.get(colours.get(subject_id, ""))
            if admitted is None or rng.random() >= active:
                continue
            self._person(rng, subject_id, district, admitted)

    def _person(self, rng: random.Random, person: int, district: str, colour: int) -> None:
        """One active person's year: coupons first, then the scenarios they use."""
        setup = self.setup
        assert setup is not None
        random_ = rng.random
        place = self.districts[district]
        taken: dict[tuple[int, int], int] = {}
        counted: dict[tuple[int, int], int] = {}
        self.monthly = {}
        serial = 0
        # Coupons: geometric count with the profile's mean.
        keep = setup.coupons_per_active / (1 + setup.coupons_per_active)
        while random_() < keep:
            serial = self._coupon(rng, person, district, place, colour, taken, serial)
        chosen = [
            i
            for i, s in enumerate(setup.scenarios)
            if (colour == 0 or not s.blue_only) and random_() < s.usage.share
        ]
        if not chosen:
            i = bisect(self.share_cum, random_() * self.share_cum[-1])
            if colour == 0 or not setup.scenarios[i].blue_only:
                chosen = [i]
        for i in chosen:
            scenario = setup.scenarios[i]
            mean = scenario.usage.uses
            n = 1 + int(rng.expovariate(1.0 / (mean - 1))) if mean > 1 else 1
            limit = scenario.daily_limit
            n = min(n, YEAR_DAYS * (limit or 1))
            for _ in range(n):
                day = 0
                for _try in range(_DAY_TRIES):
                    candidate = 1 + int(random_() * YEAR_DAYS)
                    if limit is None or taken.get((i, candidate), 0) < limit:
                        day = candidate
                        break
                if not day:
                    continue
                taken[(i, day)] = taken.get((i, day), 0) + 1
                counted[(i, day)] = counted.get((i, day), 0) + 1
                self._discount(rng, person, district, place, colour, i, day, serial)
                serial += 1
        for (i, day), uses in counted.items():
            self.uses.append((self.scenarios[i].id, person, self.today - day, uses))
        for (i, partner, month), (uses, cents) in self.monthly.items():
            scenario = self.scenarios[i]
            self.monthly_rows.append(
                (person, scenario.id, partner, month, district, scenario.category_id,
                 scenario.operator_type, uses, money(cents))
            )  # fmt: skip

    def _count(self, i: int, partner: int, day: int, cents: int) -> None:
        """Add a grant of wire day ``day`` to the person's monthly rollup."""
        month = self.months_of.get(day)
        if month is None:
            first = date.fromordinal(EPOCH_ORDINAL + day).replace(day=1)
            month = self.months_of[day] = wire_day(first)
        found = self.monthly.get((i, partner, month))
        if found is None:
            self.monthly[(i, partner, month)] = [1, cents]
        else:
            found[0] += 1
            found[1] += cents

    @staticmethod
    def _order(rng: random.Random, bounds: tuple[float, float, int]) -> int:
        """An order amount in cents: log-uniform between the bounds, in whole steps."""
        low, high, step = bounds
        cents = math.exp(low + (high - low) * rng.random())
        return max(step, round(cents / step) * step)

    def _partner(self, rng: random.Random, scenario: ScenarioUse, place: int) -> int:
        partners = scenario.partners
        if scenario.by_district and rng.random() < 0.9:
            return partners[place]
        return partners[int(rng.random() * len(partners))]

    def _discount(
        self,
        rng: random.Random,
        person: int,
        district: str,
        place: int,
        colour: int,
        i: int,
        day: int,
        serial: int,
    ) -> None:
        scenario = self.scenarios[i]
        usage = scenario.usage
        order = self._order(rng, self.log_bounds[i])
        benefit = benefit_cents(scenario, scenario.values[colour], order)
        span = (usage.last_hour - usage.first_hour) * _US_PER_HOUR
        at = (
            self.day_start
            - day * US_PER_DAY
            + usage.first_hour * _US_PER_HOUR
            + int(rng.random() * span)
        )
        reference = f"O{person}-{serial}"
        amount = money(order)
        partner = self._partner(rng, scenario, place)
        self._count(i, partner, self.today - day, benefit)
        self.grants.append(
            (
                scenario.id,
                scenario.category_id,
                partner,
                scenario.operator_type,
                person,
                district,
                _DISCOUNT,
                reference,
                amount,
                money(benefit),
                f"seed-{person}-{serial}",
                discount_fingerprint(scenario.code, reference, amount),
                at,
                self.today - day,
                None,
                None,
            )
        )

    def _coupon(
        self,
        rng: random.Random,
        person: int,
        district: str,
        place: int,
        colour: int,
        taken: dict[tuple[int, int], int],
        serial: int,
    ) -> int:
        """Issue one coupon to the person and maybe redeem it; the next serial."""
        setup = self.setup
        assert setup is not None
        random_ = rng.random
        which = bisect(self.coupon_cum, random_() * self.coupon_cum[-1])
        index = setup.coupon_scenarios[which][0]
        scenario = self.scenarios[index]
        partner = self._partner(rng, scenario, place)
        found = self.batches.get((index, partner, int(random_() * self.months)))
        if found is None or self.next_coupon > self.last_coupon:
            return serial
        coupon_id = self.next_coupon
        self.next_coupon += 1
        code = f"CP{rng.getrandbits(72):018X}"
        face = scenario.face_values[colour]
        end = min(found.expires_at, self.day_start)
        window = end - found.issued_at - 2 * _US_PER_HOUR
        status, redeemed_at, key = _ISSUED, None, None
        if window > 0 and random_() < setup.coupon_redeem_rate:
            at = found.issued_at + _US_PER_HOUR + int(window * random_() ** 1.5)
            day = self.today - city_day(at)
            limit = scenario.daily_limit
            if limit is None or taken.get((index, day), 0) < limit:
                taken[(index, day)] = taken.get((index, day), 0) + 1
                status, redeemed_at, key = _REDEEMED, at, f"seed-{person}-{serial}"
                order = self._order(rng, self.coupon_bounds[which])
                benefit = benefit_cents(scenario, scenario.values[colour], order)
                reference = f"O{person}-{serial}"
                amount = money(order)
                self._count(index, partner, self.today - day, benefit)
                self.grants.append(
                    (
                        scenario.id,
                        scenario.category_id,
                        partner,
                        scenario.operator_type,
                        person,
                        district,
                        _COUPON,
                        reference,
                        amount,
                        money(benefit),
                        key,
                        coupon_fingerprint(code, reference, amount),
                        at,
                        self.today - day,
                        coupon_id,
                        None,
                    )
                )
                serial += 1
        self.coupons.append(
            (
                coupon_id,
                code,
                found.id,
                scenario.id,
                partner,
                person,
                "blue" if colour == 0 else "green",
                face,
                found.issued_at,
                found.expires_at,
                status,
                redeemed_at,
                key,
            )
        )
        return serial


#: Share of persons the seed evaluates GREEN or BLUE (for progress totals only).
_ADMITTED_SHARE = 0.95


def expected_grants(plan: Plan) -> int:
    """About how many grants a plan draws (for progress totals)."""
    setup = plan.grants
    if setup is None:
        return 0
    per_active = sum(s.usage.share * s.usage.uses for s in setup.scenarios if not s.blue_only)
    per_active += setup.coupons_per_active * setup.coupon_redeem_rate
    return round(plan.spec.persons * _ADMITTED_SHARE * setup.active_share * per_active)

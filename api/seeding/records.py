"""Credit records of one subject: how many, which, when, how severe, how long published.

Rules followed (domain.md, Credit Repair Measures 2026): minor negative records are
published at most 3 months, general ones 3 to 12 months, serious ones 1 to 3 years after
the day they occurred; positive records may have no publicity period. Nothing occurs after
the start of ``today`` in the city (UTC+8) or more than five years before it; publicity
periods count from the city's calendar day of occurrence.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from api.domain.credit.publicity import repair_eligible_on
from api.domain.credit.repair import REPAIRABLE_CATEGORIES
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import SubjectKind
from api.seeding.batch import EPOCH_ORDINAL, US_PER_DAY, US_PER_SECOND, Row, wire_day
from api.seeding.plan import Plan, ProfileSpec
from api.seeding.record_templates import SEVERITY_WEIGHTS, TEMPLATES, RecordTemplate

WINDOW_DAYS = 5 * 365
#: Publicity period in days after the day it occurred, by severity (inclusive bounds).
PUBLICITY_DAYS: dict[Severity, tuple[int, int]] = {
    Severity.MINOR: (30, 90),
    Severity.GENERAL: (91, 365),
    Severity.SERIOUS: (366, 1095),
}
POSITIVE_PUBLICITY_DAYS = (365, 1095)
POSITIVE_WITHOUT_PUBLICITY = 0.6

#: Share of subjects with 0, 1, 2, 3 records and with a longer tail, per kind; tail mean.
_COUNT_SHARES: dict[SubjectKind, tuple[tuple[float, float, float, float, float], float]] = {
    SubjectKind.PERSON: ((0.50, 0.27, 0.11, 0.06, 0.06), 6.0),
    SubjectKind.ENTERPRISE: ((0.20, 0.20, 0.17, 0.13, 0.30), 7.5),
    SubjectKind.MERCHANT: ((0.15, 0.18, 0.17, 0.15, 0.35), 8.0),
    SubjectKind.HOUSEHOLD: ((0.35, 0.30, 0.15, 0.10, 0.10), 5.0),
}
#: Chance that a subject of a kind has a long history (50 to 200 records).
HEAVY_RATE: dict[SubjectKind, float] = {
    SubjectKind.PERSON: 1e-5,
    SubjectKind.ENTERPRISE: 2.5e-4,
    SubjectKind.MERCHANT: 1e-3,
    SubjectKind.HOUSEHOLD: 0.0,
}
TAIL_CAP = 40
#: Records a designated sample subject must have that partners may see.
SAMPLE_PUBLISHABLE = 60


def expected_records(spec: ProfileSpec) -> int:
    """About how many records a profile gets (for progress totals)."""
    total = 0.0
    for kind, (shares, tail_mean) in _COUNT_SHARES.items():
        mean = shares[1] + 2 * shares[2] + 3 * shares[3] + shares[4] * tail_mean
        total += spec.count(kind) * (mean + HEAVY_RATE[kind] * 125)
    return round(total)


_ACTIVE = RecordStatus.ACTIVE.value
_EXPIRED = RecordStatus.EXPIRED.value
_REPAIRED = RecordStatus.REPAIRED.value
_EXEMPTED = RecordStatus.EXEMPTED.value
_MINOR = Severity.MINOR.value
_SEVERITIES = {s.value: s for s in Severity}
#: Days between the first day a record may be repaired and the regulator's decision, at least.
REPAIR_MIN_DAYS = 7


def eligible_day(day: int, severity: str) -> int:
    """The wire day a record of ``day`` and ``severity`` may first be repaired (domain rule)."""
    occurred = date.fromordinal(EPOCH_ORDINAL + day)
    return wire_day(repair_eligible_on(_SEVERITIES[severity], occurred))


@dataclass(frozen=True, slots=True)
class _Template:
    """A record template resolved for the hot loop: plain strings and ints only."""

    category: str
    department_id: int
    negative: bool
    exemptable: bool
    repairable: bool
    severities: tuple[str, ...]
    severity_cum: tuple[float, ...]
    summaries: tuple[str, ...]
    number_low: int
    number_span: int


@dataclass(frozen=True, slots=True)
class _Kind:
    templates: tuple[_Template, ...]
    template_cum: tuple[float, ...]
    count_cum: tuple[float, ...]
    tail_mean: float
    heavy_rate: float


def _compile(template: RecordTemplate, department_ids: dict[str, int]) -> _Template:
    pairs = SEVERITY_WEIGHTS.get(template.category, ())
    low, high = template.number_range
    return _Template(
        category=template.category.value,
        department_id=department_ids[template.department],
        negative=template.category in NEGATIVE_CATEGORIES,
        exemptable=template.category is RecordCategory.PENALTY,
        repairable=template.category in REPAIRABLE_CATEGORIES,
        severities=tuple(s.value for s, _ in pairs),
        severity_cum=tuple(accumulate(w for _, w in pairs)),
        summaries=template.summaries,
        number_low=low,
        number_span=high - low + 1,
    )


class RecordMaker:
    """Draws the records of subjects from a plan's departments and the record templates."""

    def __init__(self, plan: Plan) -> None:
        self.end = plan.day_start()
        self.today = wire_day(plan.today)
        self.window_start = self.end - WINDOW_DAYS * US_PER_DAY
        self.publicity = {s.value: bounds for s, bounds in PUBLICITY_DAYS.items()}
        self.kinds: dict[SubjectKind, _Kind] = {}
        for kind, templates in TEMPLATES.items():
            shares, tail_mean = _COUNT_SHARES[kind]
            self.kinds[kind] = _Kind(
                tuple(_compile(t, plan.department_ids) for t in templates),
                tuple(accumulate(t.weight for t in templates)),
                tuple(accumulate(shares)),
                tail_mean,
                HEAVY_RATE[kind],
            )

    def count(self, rng: random.Random, kind: SubjectKind, heavy: bool = False) -> int:
        """How many records a subject of ``kind`` gets (a few have 50 to 200)."""
        table = self.kinds[kind]
        if heavy or rng.random() < table.heavy_rate:
            return rng.randint(50, 200)
        band = bisect(table.count_cum, rng.random() * table.count_cum[-1])
        if band < 4:
            return band
        return min(TAIL_CAP, 4 + int(rng.expovariate(1.0 / (table.tail_mean - 4))))

    def make(
        self,
        rng: random.Random,
        out: list[Row],
        subject_id: int,
        kind: SubjectKind,
        count: int,
        earliest: int | None = None,
    ) -> int:
        """Append ``count`` records of a subject to ``out``; return how many are publishable.

        ``earliest`` (wire microseconds) is when the subject came to be (registration,
        adulthood); records fall between it, or five years ago, and the start of today.
        """
        table = self.kinds[kind]
        start = self.window_start if earliest is None else max(earliest, self.window_start)
        span = max(3600, (self.end - start) // US_PER_SECOND) - 60
        templates, cum = table.templates, table.template_cum
        total = cum[-1]
        random_ = rng.random
        visible = 0
        for _ in range(count):
            template = templates[bisect(cum, random_() * total)]
            # Skewed toward recent years: the platform records more every year.
            age = 60 + int(span * random_() ** 1.4)
            visible += self._record(rng, out, subject_id, template, age)
        return visible

    def make_visible(
        self, rng: random.Random, out: list[Row], subject_id: int, kind: SubjectKind, count: int
    ) -> None:
        """Append ``count`` positive records that partners may see today."""
        positives = [t for t in self.kinds[kind].templates if not t.negative]
        for _ in range(count):
            template = rng.choice(positives)
            age = rng.randrange(3600, 300 * 86400)
            created_age = max(0, age - rng.randrange(600, 86400))
            summary = self._summary(rng, template)
            row = (subject_id, template.department_id, template.category, None)
            occurred, created = (
                self.end - age * US_PER_SECOND,
                self.end - created_age * US_PER_SECOND,
            )
            out.append((*row, occurred, None, _ACTIVE, summary, created))

    def _record(
        self, rng: random.Random, out: list[Row], subject_id: int, template: _Template, age: int
    ) -> bool:
        """Append one record that occurred ``age`` seconds before today; is it publishable?"""
        random_ = rng.random
        day = self.today - (age + 86399) // 86400
        severity: str | None = None
        until: int | None = None
        negative = template.negative
        if negative:
            cum = template.severity_cum
            severity = template.severities[bisect(cum, random_() * cum[-1])]
            low, high = self.publicity[severity]
            until = day + low + int(random_() * (high - low + 1))
        elif random_() >= POSITIVE_WITHOUT_PUBLICITY:
            low, high = POSITIVE_PUBLICITY_DAYS
            until = day + low + int(random_() * (high - low + 1))
        past = until is not None and until < self.today
        roll = random_()
        if not negative:
            status = _EXPIRED if past else _ACTIVE
        elif template.exemptable and severity == _MINOR and roll < 0.25:
            status = _EXEMPTED  # a first minor violation on the exempt-from-penalty list
        elif (
            template.repairable
            and roll > (0.80 if past else 0.85)
            and until is not None
            and severity is not None
            and eligible_day(day, severity) + REPAIR_MIN_DAYS <= min(until, self.today - 1)
        ):
            status = _REPAIRED  # repaired once eligible, before its publicity ended
        else:
            status = _EXPIRED if past else _ACTIVE
        delay = 600 + int(random_() * 5 * 86400)
        out.append(
            (
                subject_id,
                template.department_id,
                template.category,
                severity,
                self.end - age * US_PER_SECOND,
                until,
                status,
                self._summary(rng, template),
                self.end - max(0, age - delay) * US_PER_SECOND,
            )
        )
        return status == _ACTIVE and not past and not (negative and severity == _MINOR)

    @staticmethod
    def _summary(rng: random.Random, template: _Template) -> str:
        summaries = template.summaries
        text = summaries[int(rng.random() * len(summaries))]
        if template.number_span > 1:
            number = template.number_low + int(rng.random() * template.number_span)
            text = text.replace("{n}", str(number))
        return text

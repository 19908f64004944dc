"""Generating one chunk, in this process or in a worker process."""

from __future__ import annotations

from api.domain.subjects.model import SubjectKind
from api.seeding.batch import Batch
from api.seeding.credit_rows import CreditRows
from api.seeding.enterprises import enterprise_batch
from api.seeding.grants import GrantMaker
from api.seeding.people import IdentifierSealer, ResidentIds, person_batch
from api.seeding.places import household_batch, merchant_batch
from api.seeding.plan import Chunk, Plan
from api.seeding.records import RecordMaker


class Generator:
    """Generates any chunk of a plan; holds what every chunk reuses (keys, tables)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.maker = RecordMaker(plan)
        self.sealer = IdentifierSealer(plan.keys)
        self.resident_ids = ResidentIds()
        self.credit = CreditRows(plan)
        self.grants = GrantMaker(plan)

    def batch(self, chunk: Chunk) -> Batch:
        """The rows of ``chunk``, with its records numbered, repair cases and evaluations, and
        (persons) their year of incentive use."""
        batch = self._subjects(chunk)
        self.credit.finish(batch, chunk)
        self.grants.make(batch, chunk)
        return batch

    def _subjects(self, chunk: Chunk) -> Batch:
        if chunk.kind is SubjectKind.PERSON:
            return person_batch(self.plan, chunk, self.maker, self.sealer, self.resident_ids)
        if chunk.kind is SubjectKind.ENTERPRISE:
            return enterprise_batch(self.plan, chunk, self.maker)
        if chunk.kind is SubjectKind.MERCHANT:
            return merchant_batch(self.plan, chunk, self.maker)
        return household_batch(self.plan, chunk, self.maker)


_worker: Generator | None = None


def init_worker(plan: Plan) -> None:
    """Set up a worker process for ``plan`` (a ``ProcessPoolExecutor`` initializer)."""
    global _worker
    _worker = Generator(plan)


def generate_in_worker(chunk: Chunk) -> Batch:
    """Generate ``chunk`` in a worker set up by ``init_worker``."""
    if _worker is None:
        raise RuntimeError("init_worker was not called in this process")
    return _worker.batch(chunk)

"""Post-loan tracking: tell each bank following a borrower what worsened since it last saw.

Every subscription remembers the evaluation its bank was last told about
(``seen_evaluation_id``). ``catch_up`` compares the borrower's current evaluation with it,
writes the events (``api.domain.banking.watch.borrower_changes``) to the webhook outbox and
moves the subscription on, in the caller's transaction. The per-subject hook runs it for the
subject it just evaluated (same transaction as the evaluation); a bulk re-evaluation
(``evaluate --all``) runs it for every subscription afterwards, and so does ``jobs run``: a
process that stops between the bulk commit and the catch-up loses nothing, the next run finds
the subscriptions still behind.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from api.db.repositories.banking.matching import MatchingRepository
from api.db.repositories.banking.webhooks import WebhookRepository
from api.db.repositories.credit.evaluations import EvaluationRepository
from api.db.repositories.gate import SessionGate
from api.db.tables import EnterpriseRow, table_of
from api.db.tables.banking import BorrowerSubscriptionRow
from api.db.tables.credit import SubjectScoreRow
from api.domain.banking.watch import borrower_changes
from api.domain.credit.model import StoredEvaluation
from api.domain.subjects.model import SubjectKind

SUBSCRIPTIONS = table_of(BorrowerSubscriptionRow)
SCORES = table_of(SubjectScoreRow)
ENTERPRISES = table_of(EnterpriseRow)
S = SUBSCRIPTIONS.c
SC = SCORES.c
E = ENTERPRISES.c

#: Subscriptions caught up per statement (and per transaction in a bulk catch-up).
CATCH_UP_PAGE = 500


class BorrowerWatchRepository:
    """The credit engine's hook (implements ``api.domain.credit.ports.BorrowerWatch``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db
        self._matching = MatchingRepository(db)
        self._webhooks = WebhookRepository(db)
        self._evaluations = EvaluationRepository(db)

    async def evaluated(self, current: StoredEvaluation, *, now: datetime) -> None:
        """Re-index an evaluated enterprise; tell its followers what worsened."""
        subject_id = current.evaluation.subject_id
        await self._matching.refresh([subject_id], now=now)
        await self.catch_up(now=now, enterprise_id=subject_id)

    async def catch_up(
        self, *, now: datetime, enterprise_id: int | None = None, limit: int = CATCH_UP_PAGE
    ) -> tuple[int, int]:
        """Subscriptions whose borrower was evaluated since: events out, moved on.

        Returns (subscriptions moved on, events written).

        On PostgreSQL the subscriptions are locked (``FOR NO KEY UPDATE``: the outbox's
        foreign key only takes a key-share lock); a bulk catch-up skips those another
        transaction holds, the per-subject hook waits for them.
        """
        statement = (
            select(S.id, S.bank_id, S.seen_evaluation_id, SC.evaluation_id, E.uscc)
            .select_from(
                SUBSCRIPTIONS.join(SCORES, SC.subject_id == S.enterprise_id).join(
                    ENTERPRISES, E.subject_id == S.enterprise_id
                )
            )
            .where(S.seen_evaluation_id.is_distinct_from(SC.evaluation_id))
            .order_by(S.id)
            .limit(limit)
        )
        if enterprise_id is not None:
            statement = statement.where(S.enterprise_id == enterprise_id)
        if self._db.postgresql:
            # key_share=True renders FOR NO KEY UPDATE (FOR UPDATE would also block the
            # key-share locks of other transactions' outbox rows referencing a subscription).
            statement = statement.with_for_update(
                of=SUBSCRIPTIONS, key_share=True, skip_locked=enterprise_id is None
            )
        behind = await self._db.all(statement)
        if not behind:
            return 0, 0
        seen = {int(r[2]) for r in behind if r[2] is not None}
        evaluations = await self._evaluations.by_ids(
            [*seen, *(int(r[3]) for r in behind)], SubjectKind.ENTERPRISE
        )
        events = 0
        for subscription_id, bank_id, seen_id, current_id, uscc in behind:
            previous = evaluations.get(int(seen_id)) if seen_id is not None else None
            current = evaluations[int(current_id)]
            if previous is not None:
                for event in borrower_changes(previous.evaluation, current.evaluation):
                    events += 1
                    await self._webhooks.enqueue(
                        bank_id,
                        event,
                        subscription_id=subscription_id,
                        subject={"uscc": uscc},
                        now=now,
                    )
            await self._db.execute(
                update(SUBSCRIPTIONS)
                .where(S.id == subscription_id)
                .values(seen_evaluation_id=current_id)
            )
        return len(behind), events

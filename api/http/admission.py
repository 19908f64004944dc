"""What a GraphQL request must pass before it runs: trusted documents, its cost, its bucket.

In order: a ``documentId`` is looked up among the trusted documents (unknown:
``PERSISTED_QUERY_NOT_FOUND``, Apollo's code for it); a partner type the policy makes
trusted-only may run only its own trusted documents (or the public ones), by id or by their
exact text (anything else: ``TRUSTED_DOCUMENT_REQUIRED``); the operation's static cost may
not exceed the single-query maximum, nor the caller's bucket size (``MAX_COST_EXCEEDED``);
then the cost is taken from the caller's bucket (empty: 429, ``Retry-After`` and
``THROTTLED``). The first three are request errors (400 under
``application/graphql-response+json``); every answer past them carries ``extensions.cost``.
Anonymous callers are open and share a bucket per source address. A partner's bucket is its
type's unless the credit office gave it one of its own (``api.db.quota_overrides``).

**Redis down.** When the buckets' Redis does not answer (``StoreGuard``), a trusted
document (sent by ``documentId`` or as the exact text of one) is charged to a bucket in the
worker's own memory (so at most one bucket per worker is spent while Redis is down), and
any other document is refused with 503, ``Retry-After`` and ``SERVICE_UNAVAILABLE``: the
operations the partners rely on keep working, unknown and possibly dear ones wait. Redis
is tried again every few seconds; its first answer ends the fallback.

**Usage.** Every request of a partner that reaches the charge is counted (requests, cost
actually charged, throttled) in the worker's tally, flushed by ``api.db.usage_recorder``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import build_schema as build_core_schema
from limits.errors import StorageError

from api.auth.principal import Principal
from api.auth.scopes import PartnerType
from api.auth.throttle import StoreGuard, limits_storage
from api.db.quota_overrides import QuotaOverrideCache
from api.db.usage_recorder import UsageRecorder
from api.domain.usage.model import UsageCounts
from api.graphql.cost import Bucket, QueryCost, QueryQuotas, ThrottleStatus, parse_buckets
from api.graphql.trusted import TrustedDocuments, TrustPolicy, UnknownDocumentError
from api.observability.metrics import show_limiter_policy
from api.settings import Settings

#: The bucket type of anonymous callers (the default bucket unless configured).
ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request refused before execution: its status, GraphQL error and headers."""

    status: int
    error: dict[str, Any]
    headers: dict[str, str]
    cost: dict[str, Any] | None = None

    @property
    def request_error(self) -> bool:
        """Whether it is a GraphQL request error (400 modern, 200 legacy), not a 429."""
        return self.status == 400


def _error(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extensions}}


class Admission:
    """The trusted documents, the policy, the cost calculator and the buckets, together."""

    def __init__(
        self,
        documents: TrustedDocuments,
        policy: TrustPolicy,
        cost: QueryCost,
        quotas: QueryQuotas,
        max_query_cost: int,
        *,
        guard: StoreGuard | None = None,
        overrides: QuotaOverrideCache | None = None,
        usage: UsageRecorder | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.documents = documents
        self.policy = policy
        self.cost = cost
        self.quotas = quotas
        self.max_query_cost = max_query_cost
        self.guard = guard
        self.overrides = overrides
        self.usage = usage
        self._clock = clock
        #: The same buckets in the worker's memory, for trusted documents while Redis is down.
        self.local_quotas = (
            QueryQuotas(limits_storage(None, ""), quotas.default, quotas.by_type) if guard else None
        )
        if guard is not None:
            show_limiter_policy(
                "query_cost", {"trusted_document": "local", "other_document": "refused"}
            )

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        schema_sdl: str,
        *,
        overrides: QuotaOverrideCache | None = None,
        usage: UsageRecorder | None = None,
    ) -> Admission:
        """Everything from settings; the trusted documents parsed and validated now, once."""
        core = build_core_schema(schema_sdl)
        default, by_type = parse_buckets(settings.quota_bucket, settings.quota_buckets_by_type)
        known = {t.value for t in PartnerType}
        unknown = sorted(set(by_type) - known - {ANONYMOUS})
        if unknown:
            raise ValueError(f"CREDIT_QUOTA_BUCKETS_BY_TYPE names unknown types: {unknown}")
        redis_url = settings.redis_url or None
        storage = limits_storage(
            redis_url, settings.quota_key_prefix, settings.rate_limit_store_timeout_seconds
        )
        guard = (
            StoreGuard("query_cost", settings.rate_limit_store_retry_seconds) if redis_url else None
        )
        return cls(
            TrustedDocuments.packaged(core),
            TrustPolicy.parse(settings.trusted_only_types, known),
            QueryCost(core, max_tokens=settings.max_query_tokens),
            QueryQuotas(storage, default, by_type),
            settings.max_query_cost,
            guard=guard,
            overrides=overrides,
            usage=usage,
        )

    def document(self, document_id: str) -> str | Refusal:
        """The text of a trusted document, or the refusal of an unknown id."""
        try:
            return self.documents.text_of(document_id)
        except UnknownDocumentError:
            message = f"no trusted document has the id {document_id!r}"
            return Refusal(400, _error(message, "PERSISTED_QUERY_NOT_FOUND"), {})

    async def admit(
        self,
        principal: Principal | None,
        address: str | None,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> dict[str, Any] | Refusal:
        """``extensions.cost`` for a request admitted (and charged), else its refusal.

        A partner's request is counted in its usage whatever the answer.
        """
        decision = await self._decide(principal, address, query, operation_name, variables)
        if principal is not None and self.usage is not None:
            self.usage.record(principal.partner_id, _usage_of(decision), self._clock())
        return decision

    async def _decide(
        self,
        principal: Principal | None,
        address: str | None,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> dict[str, Any] | Refusal:
        partner_type = principal.partner_type.value if principal else None
        reason = self.policy.refusal(partner_type, query, self.documents)
        if reason is not None:
            return Refusal(400, _error(reason, "TRUSTED_DOCUMENT_REQUIRED"), {})
        requested = self.cost.cost(query, operation_name, variables)
        if requested is None:
            return {}  # it does not parse: execution reports that, nothing is charged
        bucket_type = partner_type or ANONYMOUS
        bucket = await self._bucket(principal, bucket_type)
        maximum = min(self.max_query_cost, bucket.size)
        if requested > maximum:
            message = f"the query costs {requested}, more than the maximum of {maximum}"
            error = _error(
                message, "MAX_COST_EXCEEDED", requestedQueryCost=requested, maximumCost=maximum
            )
            return Refusal(400, error, {})
        key = str(principal.partner_id) if principal else f"{ANONYMOUS}:{address or '-'}"
        trusted = self.documents.holders(query) is not None
        status = await self._charge(bucket_type, bucket, key, requested, trusted=trusted)
        if status is None:
            wait = math.ceil(self.guard.retry_seconds) if self.guard else 1
            message = (
                "the quota store is unavailable, so only trusted documents are served: "
                f"retry in {wait} s, or send the documentId of a trusted document"
            )
            error = _error(message, "SERVICE_UNAVAILABLE", retryAfter=wait)
            return Refusal(503, error, {"Retry-After": str(wait)})
        cost = _cost(requested, status)
        if not status.allowed:
            message = (
                f"the query costs {requested} and the bucket holds "
                f"{status.currently_available}: retry in {status.retry_after} s"
            )
            error = _error(message, "THROTTLED", retryAfter=status.retry_after)
            return Refusal(429, error, {"Retry-After": str(status.retry_after)}, cost)
        return cost

    async def _bucket(self, principal: Principal | None, bucket_type: str) -> Bucket:
        """The partner's own bucket when the credit office set one, else its type's."""
        if principal is not None and self.overrides is not None:
            found = (await self.overrides.current()).get(principal.partner_id)
            if found is not None:
                return Bucket(found.size, found.restore_rate)
        return self.quotas.bucket(bucket_type)

    async def _charge(
        self, bucket_type: str, bucket: Bucket, key: str, cost: int, *, trusted: bool
    ) -> ThrottleStatus | None:
        """Charge the shared bucket; with the store down, the policy (None: refuse, 503)."""
        guard, local = self.guard, self.local_quotas
        if guard is None or local is None:
            return await self.quotas.charge(bucket_type, key, cost, bucket)
        if guard.usable():
            try:
                status = await self.quotas.charge(bucket_type, key, cost, bucket)
            except StorageError as error:
                guard.failed(error)
            else:
                guard.succeeded()
                return status
        if not trusted:
            guard.decided_without_store("refused")
            return None
        status = await local.charge(bucket_type, key, cost, bucket)
        guard.decided_without_store("local" if status.allowed else "throttled")
        return status


def _usage_of(decision: dict[str, Any] | Refusal) -> UsageCounts:
    """What one request adds to its partner's day."""
    if isinstance(decision, Refusal):
        return UsageCounts(requests=1, throttled=1 if decision.status == 429 else 0)
    return UsageCounts(requests=1, cost=int(decision.get("actualQueryCost", 0)))


def _cost(requested: int, status: ThrottleStatus) -> dict[str, Any]:
    """``extensions.cost``: the actual cost is reported equal to the requested one."""
    return {
        "requestedQueryCost": requested,
        "actualQueryCost": requested if status.allowed else 0,
        "throttleStatus": status.as_json(),
    }

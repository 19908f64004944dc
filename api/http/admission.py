"""What a GraphQL request must pass before it runs: trusted documents, its cost, its bucket.

In order: a ``documentId`` is looked up among the trusted documents (unknown:
``PERSISTED_QUERY_NOT_FOUND``, Apollo's code for it); a partner type the policy makes
trusted-only may run only its own trusted documents (or the public ones), by id or by their
exact text (anything else: ``TRUSTED_DOCUMENT_REQUIRED``); the operation's static cost may
not exceed the single-query maximum, nor the caller's bucket size (``MAX_COST_EXCEEDED``);
then the cost is taken from the caller's bucket (empty: 429, ``Retry-After`` and
``THROTTLED``). The first three are request errors (400 under
``application/graphql-response+json``); every answer past them carries ``extensions.cost``.
Anonymous callers are open and share a bucket per source address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import build_schema as build_core_schema

from api.auth.principal import Principal
from api.auth.scopes import PartnerType
from api.auth.throttle import limits_storage
from api.graphql.cost import QueryCost, QueryQuotas, ThrottleStatus, parse_buckets
from api.graphql.trusted import TrustedDocuments, TrustPolicy, UnknownDocumentError
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
    ) -> None:
        self.documents = documents
        self.policy = policy
        self.cost = cost
        self.quotas = quotas
        self.max_query_cost = max_query_cost

    @classmethod
    def from_settings(cls, settings: Settings, schema_sdl: str) -> Admission:
        """Everything from settings; the trusted documents parsed and validated now, once."""
        core = build_core_schema(schema_sdl)
        default, by_type = parse_buckets(settings.quota_bucket, settings.quota_buckets_by_type)
        known = {t.value for t in PartnerType}
        unknown = sorted(set(by_type) - known - {ANONYMOUS})
        if unknown:
            raise ValueError(f"CREDIT_QUOTA_BUCKETS_BY_TYPE names unknown types: {unknown}")
        storage = limits_storage(settings.redis_url or None, settings.quota_key_prefix)
        return cls(
            TrustedDocuments.packaged(core),
            TrustPolicy.parse(settings.trusted_only_types, known),
            QueryCost(core, max_tokens=settings.max_query_tokens),
            QueryQuotas(storage, default, by_type),
            settings.max_query_cost,
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
        """``extensions.cost`` for a request admitted (and charged), else its refusal."""
        partner_type = principal.partner_type.value if principal else None
        reason = self.policy.refusal(partner_type, query, self.documents)
        if reason is not None:
            return Refusal(400, _error(reason, "TRUSTED_DOCUMENT_REQUIRED"), {})
        requested = self.cost.cost(query, operation_name, variables)
        if requested is None:
            return {}  # it does not parse: execution reports that, nothing is charged
        bucket_type = partner_type or ANONYMOUS
        bucket = self.quotas.bucket(bucket_type)
        maximum = min(self.max_query_cost, bucket.size)
        if requested > maximum:
            message = f"the query costs {requested}, more than the maximum of {maximum}"
            error = _error(
                message, "MAX_COST_EXCEEDED", requestedQueryCost=requested, maximumCost=maximum
            )
            return Refusal(400, error, {})
        key = str(principal.partner_id) if principal else f"{ANONYMOUS}:{address or '-'}"
        status = await self.quotas.charge(bucket_type, key, requested)
        cost = _cost(requested, status)
        if not status.allowed:
            message = (
                f"the query costs {requested} and the bucket holds "
                f"{status.currently_available}: retry in {status.retry_after} s"
            )
            error = _error(message, "THROTTLED", retryAfter=status.retry_after)
            return Refusal(429, error, {"Retry-After": str(status.retry_after)}, cost)
        return cost


def _cost(requested: int, status: ThrottleStatus) -> dict[str, Any]:
    """``extensions.cost``: the actual cost is reported equal to the requested one."""
    return {
        "requestedQueryCost": requested,
        "actualQueryCost": requested if status.allowed else 0,
        "throttleStatus": status.as_json(),
    }

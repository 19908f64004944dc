"""Query cost, computed statically the way Shopify does, and each partner's bucket of it.

**Cost.** A field of a scalar or enum type costs 0; a field of an object, interface or union
type costs 1 (the wrappers of a connection, ``…Connection``, ``…Edge`` and ``PageInfo``,
cost 0: the nodes are what is paid for); a field sized by ``first`` (or ``last``) costs 2 plus
that size times what one item costs (its own object cost and everything selected under it);
a field not sized that way is counted once, lists included. A mutation's root field costs 10
whatever it selects. ``FIELD_COSTS`` declares the fields whose resolvers are dearer than
that, once per field (not per item). A size given by a variable is read from the request's
variables, then the variable's default, else it is taken as ``MAX_PAGE``. A fragment costs
what its fields cost, every time it is spread; the fields of every inline fragment are
counted (an upper bound for unions).

Each document is walked once with graphql-core's public visitor API (``TypeInfoVisitor``)
into a small cost tree, cached by its text; a request evaluates the tree with its variables.

**Buckets.** Every partner has a bucket of cost points of a size, restored at a rate (per
partner type, from settings). ``QueryQuotas`` keeps it in a ``limits`` moving window of
``size`` points over ``size / rate`` seconds (a point spent comes back that long after), in
memory or in the Redis the token throttle uses when ``REDIS_URL`` is set, so every worker
draws from the same bucket. The credit office may give one partner a bucket of its own
(``partner_quotas``, read through ``api.db.quota_overrides``). A query is charged its
requested cost before it runs: the actual cost is reported equal to the requested one (the
executor does not count what it resolved).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    is_leaf_type,
    parse,
    visit,
)
from limits import RateLimitItemPerSecond
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.strategies import MovingWindowRateLimiter

#: A mutation's root field, whatever it selects.
MUTATION_COST = 10
#: A connection's own cost, on top of its items.
CONNECTION_COST = 2
#: The size of a page whose ``first`` is not known before execution (the schema's cap).
MAX_PAGE = 100
#: The most a cost is counted as (2**53 - 1, exact in every JSON reader): huge literal page
#: sizes multiply past what a response can carry, and are refused all the same.
COST_CEILING = 2**53 - 1
#: Fields whose resolvers cost more than an object read: ``Type.field`` -> what they add, once.
FIELD_COSTS: Mapping[str, int] = {
    "Query.loanCandidates": 10,  # scores every enterprise against the product's criteria
    "Query.lendingStatistics": 10,  # aggregates every credit line of the period
    "Query.incentiveStatistics": 10,  # aggregates every grant of the period
    "Query.auditLog": 5,  # searches the whole audit log
}
_WRAPPER_SUFFIXES = ("Connection", "Edge")


@dataclass(slots=True)
class _Cost:
    """One field (or an operation or fragment root) of a compiled document."""

    own: int = 0
    extra: int = 0  # a dearer resolver's surcharge, paid once whatever the size
    size: int | str | None = None  # a literal, a variable name, or unsized
    flat: bool = False
    children: list[_Cost] = field(default_factory=list)
    spreads: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A document's cost trees: per operation, per fragment, and its variables' defaults."""

    operations: dict[str | None, _Cost]
    fragments: dict[str, _Cost]
    defaults: dict[str | None, dict[str, Any]]


class _CostVisitor(Visitor):
    """Builds the cost trees of a document while graphql-core's TypeInfo tracks the types."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.operations: dict[str | None, _Cost] = {}
        self.fragments: dict[str, _Cost] = {}
        self.defaults: dict[str | None, dict[str, Any]] = {}
        self.stack: list[_Cost] = []
        self.mutation = False
        self.operation: str | None = None

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        """A new operation: its root."""
        self.operation = node.name.value if node.name else None
        self.mutation = node.operation is OperationType.MUTATION
        root = _Cost()
        self.operations[self.operation] = root
        self.defaults[self.operation] = {}
        self.stack = [root]

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: object) -> None:
        """A new fragment: its root."""
        self.mutation = False
        root = _Cost()
        self.fragments[node.name.value] = root
        self.stack = [root]

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: object) -> None:
        """Keep an integer default (a page size may come from it)."""
        if isinstance(node.default_value, IntValueNode):
            self.defaults[self.operation][node.variable.name.value] = int(node.default_value.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        """A spread costs what its fragment costs."""
        self.stack[-1].spreads.append(node.name.value)

    def enter_field(self, node: FieldNode, *_: object) -> None:
        """A field's own cost, its size, and a place for what is selected under it."""
        parent = self.type_info.get_parent_type()
        named = get_named_type(self.type_info.get_type())
        cost = _Cost()
        if named is not None and not is_leaf_type(named):
            wrapper = named.name.endswith(_WRAPPER_SUFFIXES) or named.name == "PageInfo"
            cost.own = 0 if wrapper else 1
        if parent is not None:
            cost.extra = FIELD_COSTS.get(f"{parent.name}.{node.name.value}", 0)
        if self.mutation and len(self.stack) == 1:
            cost.own, cost.flat = MUTATION_COST, True
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                value = argument.value
                if isinstance(value, IntValueNode):
                    size: int | str = int(value.value)
                elif isinstance(value, VariableNode):
                    size = value.name.value
                else:
                    size = MAX_PAGE
                cost.size = size if cost.size is None else _larger(cost.size, size)
        self.stack[-1].children.append(cost)
        self.stack.append(cost)

    def leave_field(self, *_: object) -> None:
        """Back to the enclosing field."""
        self.stack.pop()


def _larger(a: int | str, b: int | str) -> int | str:
    """Of ``first`` and ``last`` both given, the larger literal (a variable: the cap)."""
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return MAX_PAGE


class QueryCost:
    """Computes the static cost of an operation; each document is compiled once."""

    def __init__(self, schema: GraphQLSchema, *, max_tokens: int) -> None:
        for name in FIELD_COSTS:
            type_name, _, field_name = name.partition(".")
            owner = schema.get_type(type_name)
            if owner is None or field_name not in getattr(owner, "fields", {}):
                raise ValueError(f"FIELD_COSTS names {name}, which the schema does not have")
        self._schema = schema
        self._max_tokens = max_tokens
        self._compile = lru_cache(maxsize=1024)(self._compile_text)

    def _compile_text(self, text: str) -> _Compiled | None:
        try:
            document = parse(text, max_tokens=self._max_tokens)
        except GraphQLError:
            return None
        type_info = TypeInfo(self._schema)
        visitor = _CostVisitor(type_info)
        visit(document, TypeInfoVisitor(type_info, visitor))
        return _Compiled(visitor.operations, visitor.fragments, visitor.defaults)

    def cost(
        self, text: str, operation_name: str | None, variables: Mapping[str, Any] | None
    ) -> int | None:
        """The requested cost of the operation, or None when the text does not parse."""
        compiled = self._compile(text)
        if compiled is None:
            return None
        if operation_name is None and len(compiled.operations) == 1:
            operation_name = next(iter(compiled.operations))
        root = compiled.operations.get(operation_name)
        if root is None:
            return None
        values = {**compiled.defaults.get(operation_name, {}), **(variables or {})}
        return min(_evaluate(root, values, compiled.fragments, set()), COST_CEILING)


def _evaluate(
    node: _Cost, variables: Mapping[str, Any], fragments: Mapping[str, _Cost], seen: set[str]
) -> int:
    """What a compiled node costs with these variables."""
    if node.flat:
        return node.own
    inner = sum(_evaluate(child, variables, fragments, seen) for child in node.children)
    for name in node.spreads:
        fragment = fragments.get(name)
        if fragment is not None and name not in seen:  # a cycle is a validation error
            inner += _evaluate(fragment, variables, fragments, seen | {name})
    if node.size is None:
        return node.extra + node.own + inner
    size = node.size
    if isinstance(size, str):
        given = variables.get(size)
        size = given if isinstance(given, int) and not isinstance(given, bool) else MAX_PAGE
    return node.extra + CONNECTION_COST + max(size, 0) * (node.own + inner)


@dataclass(frozen=True, slots=True)
class Bucket:
    """A bucket's size in cost points and how many points it restores per second."""

    size: int
    restore_rate: int

    @classmethod
    def parse(cls, text: str) -> Bucket:
        """``size/rate`` (``1000/50``: 1,000 points, 50 restored per second)."""
        size, slash, rate = text.partition("/")
        bucket = cls(int(size), int(rate)) if slash else cls(int(size), 0)
        if bucket.size < 1 or bucket.restore_rate < 1:
            raise ValueError(f"a bucket is size/rate with both at least 1, not {text!r}")
        return bucket

    @property
    def window_seconds(self) -> int:
        """How long a spent point stays spent (the moving window's length)."""
        return max(1, math.ceil(self.size / self.restore_rate))


@dataclass(frozen=True, slots=True)
class ThrottleStatus:
    """What a bucket holds after a charge (or a refusal), and when to retry."""

    maximum_available: int
    currently_available: int
    restore_rate: int
    allowed: bool
    retry_after: int = 0

    def as_json(self) -> dict[str, int]:
        """The ``throttleStatus`` entry of ``extensions.cost``."""
        return {
            "maximumAvailable": self.maximum_available,
            "currentlyAvailable": self.currently_available,
            "restoreRate": self.restore_rate,
        }


def parse_buckets(default: str, by_type: str) -> tuple[Bucket, dict[str, Bucket]]:
    """The default bucket and the per-type ones (``bank=2000/100,regulator=4000/200``)."""
    buckets = {}
    for entry in by_type.split(","):
        if entry.strip():
            name, equals, spec = entry.partition("=")
            if not equals:
                raise ValueError(f"a per-type bucket is type=size/rate, not {entry!r}")
            buckets[name.strip()] = Bucket.parse(spec.strip())
    return Bucket.parse(default), buckets


class QueryQuotas:
    """Each partner's bucket of cost points, in a ``limits`` moving window (memory or Redis)."""

    def __init__(self, storage: Storage, default: Bucket, by_type: Mapping[str, Bucket]) -> None:
        if not isinstance(storage, MovingWindowSupport):
            raise TypeError("the quotas need a storage with moving windows")
        self._limiter = MovingWindowRateLimiter(storage)
        self.default = default
        self.by_type: Mapping[str, Bucket] = dict(by_type)

    def bucket(self, partner_type: str) -> Bucket:
        """The bucket of a partner type (the default when it has none of its own)."""
        return self.by_type.get(partner_type, self.default)

    async def charge(
        self, partner_type: str, partner: str, cost: int, bucket: Bucket | None = None
    ) -> ThrottleStatus:
        """Take ``cost`` points from the partner's bucket, or refuse when it holds fewer.

        ``bucket`` is the partner's own (a credit-office override), else its type's. A bucket
        of another size is another window: a new size starts full.
        """
        bucket = bucket or self.bucket(partner_type)
        item = RateLimitItemPerSecond(bucket.size, bucket.window_seconds)
        allowed = cost <= 0 or await self._limiter.hit(item, "query-cost", partner, cost=cost)
        stats = await self._limiter.get_window_stats(item, "query-cost", partner)
        retry_after = 0
        if not allowed:
            retry_after = max(1, math.ceil(stats.reset_time - time.time()))
            if cost > bucket.size:
                retry_after = bucket.window_seconds
        return ThrottleStatus(
            bucket.size, stats.remaining, bucket.restore_rate, allowed, retry_after
        )

"""Every mutation's error codes are in the SDL, and each list is complete.

Each mutation reports refusals in its own ``<Mutation>Error`` whose ``errorCode`` is a
``<Mutation>ErrorCode`` enum. Completeness is proved two ways: statically, by scanning the
source of each mutation's resolver and of every function of ours it calls (``ast``) for the
codes it can refuse with; and at run time, by the runner's guard that raises when a refusal is
mapped to a code its enum does not list (the API tests exercise the refusals).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from enum import Enum
from types import FunctionType, ModuleType
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    build_schema,
    get_named_type,
)
from strawberry.types.base import get_object_definition

from api.domain.banking.errors import BankingCode, BankingError
from api.domain.consent.model import DenialReason
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError
from api.domain.industry.errors import IndustryRefusal
from api.domain.merchants.errors import IndicatorRefusal
from api.domain.scenarios.errors import NotEligibleError, ScenarioError, ScenarioRefusal
from api.domain.scenarios.model import Ineligibility
from api.graphql.base_mutation import REFUSALS, UnlistedErrorCodeError
from api.graphql.mutation import Mutation
from api.graphql.schema import schema

#: Enums whose members are refusal codes wherever a use case names them. The consent gate's
#: ``DenialReason`` s are decisions, not refusals: they become codes only through a refused
#: scan's ``Eligibility.codes()``, which the scan counts as every reason there is.
CODE_ENUMS: tuple[type[Enum], ...] = (
    ErrorCode,
    BankingCode,
    ScenarioRefusal,
    Ineligibility,
    IndicatorRefusal,
    IndustryRefusal,
)
#: Modules whose functions the scan follows (the runner and the error mapping are generic).
NOT_FOLLOWED = ("api.graphql.base_mutation", "api.graphql.errors_payload", "api.db")
#: ``issueCreditReport`` had typed codes before: its own enum, kept (``IssueCreditReportError``).
TYPED_BEFORE = {"IssueCreditReport"}


def _sdl() -> Any:
    """The schema as partners read it, parsed."""
    return build_schema(schema.as_str())


def _type_name(field_name: str) -> str:
    """``redeemCoupon`` → ``RedeemCoupon``."""
    return field_name[0].upper() + field_name[1:]


def _mutation_resolvers() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Each mutation's type-name prefix (``RedeemCoupon``) and resolver function."""
    definition = get_object_definition(Mutation, strict=True)
    for field in definition.fields:
        assert field.base_resolver is not None, field.python_name
        name = "".join(part[:1].upper() + part[1:] for part in field.python_name.split("_"))
        resolver = field.base_resolver.wrapped_func
        assert callable(resolver), name
        yield name, resolver


def test_every_mutation_error_carries_its_own_code_enum() -> None:
    """``errors: [<M>Error!]!``, ``errorCode: <M>ErrorCode!`` and ``code`` deprecated."""
    sdl = _sdl()
    mutation_type = sdl.mutation_type
    assert mutation_type is not None
    for name, field in mutation_type.fields.items():
        if _type_name(name) in TYPED_BEFORE:
            continue
        payload = get_named_type(field.type)
        assert isinstance(payload, GraphQLObjectType), name
        errors = payload.fields["errors"].type
        assert isinstance(errors, GraphQLNonNull), name
        assert isinstance(errors.of_type, GraphQLList), name
        error_type = get_named_type(errors)
        assert isinstance(error_type, GraphQLObjectType)
        assert error_type.name == f"{_type_name(name)}Error", name
        error_code = error_type.fields["errorCode"].type
        assert isinstance(error_code, GraphQLNonNull), name
        enum = error_code.of_type
        assert isinstance(enum, GraphQLEnumType), name
        assert enum.name == f"{_type_name(name)}ErrorCode", name
        assert enum.values, name
        assert error_type.fields["code"].deprecation_reason == "Use errorCode.", name
        assert {"field", "message"} <= set(error_type.fields), name


def test_each_mutation_declares_its_codes_once() -> None:
    """A runner per mutation (none left over, none shared), named after its mutation."""
    names = {name for name, _ in _mutation_resolvers()} - TYPED_BEFORE
    assert set(REFUSALS) == names


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    """What a name or a dotted name refers to in a function's globals, if it can be known."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        if isinstance(owner, ModuleType) or (isinstance(owner, type) and issubclass(owner, Enum)):
            return getattr(owner, node.attr, None)
    return None


def _names_code_enum(node: ast.expr, scope: dict[str, Any]) -> bool:
    """Whether ``node`` names one of the code enums (``ErrorCode``, or an alias like ``_B``)."""
    return isinstance(node, ast.Name) and scope.get(node.id) in CODE_ENUMS


def _followed(target: Any) -> bool:
    """Whether the scan reads ``target`` 's source: a function of ours, outside the plumbing."""
    module = getattr(target, "__module__", "") or ""
    return (
        isinstance(target, FunctionType)
        and module.startswith("api.")
        and not module.startswith(NOT_FOLLOWED)
    )


def _class_code(error_class: type[DomainError], call: ast.Call) -> set[str]:
    """The code a constructed error carries when the call names none itself."""
    if issubclass(error_class, BankingError):
        named = len(call.args) > 1 or any(k.arg == "code" for k in call.keywords)
        return set() if named else {error_class.bank_code.value}
    if issubclass(error_class, ScenarioError):
        return set()  # its code is an argument (a reason for NotEligibleError), named at the call
    return {error_class.code.value}


def refusal_codes(function: Callable[..., Any], seen: set[Any] | None = None) -> set[str]:
    """Every code ``function`` can refuse with, following the functions of ours it names."""
    seen = set() if seen is None else seen
    function = inspect.unwrap(function)
    if function in seen:
        return set()
    seen.add(function)
    scope: dict[str, Any] = dict(getattr(function, "__globals__", {}))
    scope.update(inspect.getclosurevars(function).nonlocals)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute) and not isinstance(node.ctx, ast.Store):
            referred = _resolve(node, scope)  # a call, or a use case handed on (a callback)
            if _followed(referred):
                codes |= refusal_codes(referred, seen)
        if isinstance(node, ast.Attribute) and _names_code_enum(node.value, scope):
            member = _resolve(node, scope)
            if isinstance(member, Enum):
                codes.add(str(member.value))
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "codes":
            codes |= {r.value for r in DenialReason} | {r.value for r in Ineligibility}
        if isinstance(node.func, ast.Attribute) and node.func.attr == "fail":
            worded = node.args[1] if len(node.args) > 1 else None  # a runner's own refusal
            if isinstance(worded, ast.Constant) and isinstance(worded.value, str):
                codes.add(worded.value)
        target = _resolve(node.func, scope)
        if isinstance(target, type) and issubclass(target, DomainError):
            codes |= _class_code(target, node)
            if issubclass(target, NotEligibleError):
                codes |= {
                    c.value
                    for c in ast.walk(node)
                    if isinstance(c, ast.Constant)
                    and isinstance(c.value, str)
                    and c.value.isupper()
                }
    return codes


@pytest.mark.parametrize(
    ("name", "resolver"),
    [(n, r) for n, r in _mutation_resolvers() if n not in TYPED_BEFORE],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_mutation_lists_every_code_its_use_case_raises(
    name: str, resolver: Callable[..., Any]
) -> None:
    """The codes found in the resolver and the domain functions it calls are all listed."""
    refusals = REFUSALS[name]
    listed = set(refusals.codes.__members__)
    found = refusal_codes(resolver)
    assert found, f"{name}: the scan found no code at all (it reads nothing)"
    assert found <= listed, f"{name} can refuse with {sorted(found - listed)}, not listed"


def test_the_scan_follows_calls_into_the_domain() -> None:
    """The scan is not vacuous: it finds a code raised two calls deep in the domain."""
    found = refusal_codes(dict(_mutation_resolvers())["ClaimFinancingNeed"])
    assert {"CLAIMS_FULL", "NEED_NOT_OPEN", "NOT_FOUND"} <= found


def test_an_unlisted_code_is_refused_loudly() -> None:
    """Mapping a refusal to a code the mutation does not list raises, never passes quietly."""
    refusals = REFUSALS["CreateLoanProduct"]
    with pytest.raises(UnlistedErrorCodeError, match="CLAIMS_FULL"):
        refusals.error("no", "CLAIMS_FULL")
    with pytest.raises(UnlistedErrorCodeError, match="NOT_AUTHORISED"):
        refusals.describe(NotEligibleError((Ineligibility.NOT_AUTHORISED.value,), "not admitted"))


def test_a_listed_code_keeps_the_text_code_and_the_field() -> None:
    """``code`` (deprecated) and ``errorCode`` agree; the error's own field wins."""
    refusals = REFUSALS["RedeemMobilityDiscount"]
    [error] = refusals.describe(
        NotEligibleError((Ineligibility.DAILY_LIMIT_REACHED.value,), "not admitted")
    )
    assert error.code == "DAILY_LIMIT_REACHED"
    assert error.error_code is refusals.codes("DAILY_LIMIT_REACHED")  # type: ignore[attr-defined]  # a type built at runtime
    [pointed] = REFUSALS["ReportCreditLine"].describe(
        InvalidArgumentError("bad", field="reference"), "input"
    )
    assert (pointed.field, pointed.code) == ("reference", "INVALID_ARGUMENT")

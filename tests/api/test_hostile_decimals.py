"""Property: a hostile Decimal sent to any mutation that takes one is BAD_USER_INPUT with its
problem, never a server error, and nothing is stored.

The mutations, and every place in their arguments a Decimal goes (with the limit declared
there), are read from the schema, so a new one is covered as soon as it exists. Each is called
by a partner type whose scopes allow it, with real tokens, through the HTTP app; the other
arguments are valid (the enterprise is a real one), so only the number can be refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
    is_required_input_field,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.permission import PermissionExtension

from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.db.tables import metadata
from api.domain.identifiers import make_resident_id
from api.domain.numbers import NumberProblem, NumericLimit
from api.graphql.permissions import HasScope
from api.graphql.scalars import NUMERIC_LIMIT
from api.graphql.schema import schema
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory

Path = tuple[str | int, ...]
#: Stands in the variables for the hostile value, which is spliced in as raw JSON.
PLACEHOLDER = "\x00hostile\x00"


@dataclass(frozen=True)
class Slot:
    """One place a mutation's arguments hold a Decimal, and the limit declared there."""

    mutation: str
    path: Path
    limit: NumericLimit

    def __str__(self) -> str:
        """``createLoanProduct input.amountMin``."""
        return f"{self.mutation} " + ".".join(str(p) for p in self.path)


def _limit(thing: Any) -> NumericLimit:
    """The limit a GraphQL argument or input field declares (it must declare one)."""
    definition = (thing.extensions or {}).get("strawberry-definition")
    limit = getattr(definition, "metadata", {}).get(NUMERIC_LIMIT)
    assert isinstance(limit, NumericLimit), f"{definition} declares no limit"
    return limit


def _decimal_paths(type_: GraphQLInputType, path: Path, thing: Any) -> list[tuple[Path, Any]]:
    """Every path below ``path`` that holds a Decimal, with the field or argument declaring it."""
    if isinstance(type_, GraphQLNonNull):
        return _decimal_paths(type_.of_type, path, thing)
    if isinstance(type_, GraphQLList):
        return _decimal_paths(type_.of_type, (*path, 0), thing)
    if isinstance(type_, GraphQLScalarType):
        return [(path, thing)] if type_.name == "Decimal" else []
    if isinstance(type_, GraphQLInputObjectType):
        return [
            found
            for name, field in type_.fields.items()
            for found in _decimal_paths(field.type, (*path, name), field)
        ]
    return []


def _required_scopes(field: GraphQLField) -> frozenset[Scope]:
    """The scopes a field's permission asks for."""
    definition = field.extensions["strawberry-definition"]
    return frozenset(
        scope
        for extension in definition.extensions
        if isinstance(extension, PermissionExtension)
        for permission in extension.permissions
        if isinstance(permission, HasScope)
        for scope in permission.scopes
    )


def _discover() -> tuple[list[Slot], dict[str, PartnerType]]:
    """Every Decimal slot of every mutation, and a partner type that may call each mutation."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    slots: list[Slot] = []
    callers: dict[str, PartnerType] = {}
    for name, field in mutation_type.fields.items():
        found = [
            Slot(name, path, _limit(thing))
            for arg_name, argument in field.args.items()
            for path, thing in _decimal_paths(argument.type, (arg_name,), argument)
        ]
        if not found:
            continue
        needed = _required_scopes(field)
        callers[name] = next(t for t, held in SCOPES_BY_TYPE.items() if needed <= held)
        slots += found
    return slots, callers


SLOTS, CALLERS = _discover()


def _scalar_sample(name: str, uscc: str) -> Any:
    """A valid value of a scalar (the enterprise's code for a USCC)."""
    return {
        "String": "probe-0001",
        "ID": "probe",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Date": "2026-01-01",
        "DateTime": "2026-01-01T00:00:00+00:00",
        "Decimal": "1",
        "JSON": {},
        "UnifiedSocialCreditCode": uscc,
        "ResidentId": make_resident_id("330502", date(1990, 1, 1), 1),
    }[name]


#: Values that make the rest of a call valid where the sample scalar would not be.
BY_NAME: dict[str, Any] = {"year": 2025}


def _valid(type_: GraphQLInputType, uscc: str, through: Path = ()) -> Any:
    """A valid value of ``type_``: required fields only, plus whatever lies on ``through``."""
    if isinstance(type_, GraphQLNonNull):
        return _valid(type_.of_type, uscc, through)
    if isinstance(type_, GraphQLList):
        return [_valid(type_.of_type, uscc, through[1:])] if through else []
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    if isinstance(named, GraphQLScalarType):
        return _scalar_sample(named.name, uscc)
    assert isinstance(named, GraphQLInputObjectType)
    return {
        name: _valid(field.type, uscc, through[1:] if through[:1] == (name,) else ())
        for name, field in named.fields.items()
        if is_required_input_field(field) or through[:1] == (name,)
    }


def _request(slot: Slot, uscc: str, hostile_json: str) -> tuple[str, str]:
    """The operation and its raw JSON body, the hostile value at the slot."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    field = mutation_type.fields[slot.mutation]
    variables: dict[str, Any] = {}
    for name, argument in field.args.items():
        on_path = slot.path[0] == name
        if name in BY_NAME:
            variables[name] = BY_NAME[name]
        elif on_path or isinstance(argument.type, GraphQLNonNull):
            variables[name] = _valid(argument.type, uscc, slot.path[1:] if on_path else ())
    container: Any = variables
    for key in slot.path[:-1]:
        container = container[key]
    container[slot.path[-1]] = PLACEHOLDER
    declared = ", ".join(f"${n}: {field.args[n].type}" for n in variables)
    passed = ", ".join(f"{n}: ${n}" for n in variables)
    query = f"mutation Probe({declared}) {{ {slot.mutation}({passed}) {{ __typename }} }}"
    body = json.dumps({"query": query, "variables": variables})
    placeholder = json.dumps(PLACEHOLDER)
    assert body.count(placeholder) == 1
    return query, body.replace(placeholder, hostile_json)


# --- hostile values: (raw JSON, the problem it must be refused with) ----------------------

Hostile = tuple[str, NumberProblem]

REPORTED: list[Hostile] = [
    (json.dumps("NaN"), NumberProblem.NOT_A_NUMBER),
    (json.dumps("Infinity"), NumberProblem.NOT_FINITE),
    (json.dumps("1e400"), NumberProblem.TOO_LARGE),
    (json.dumps("1E+30"), NumberProblem.TOO_LARGE),
]
FIXED: list[Hostile] = [
    *REPORTED,
    (json.dumps("-NaN"), NumberProblem.NOT_A_NUMBER),
    (json.dumps("sNaN"), NumberProblem.NOT_A_NUMBER),
    (json.dumps("nan"), NumberProblem.NOT_A_NUMBER),
    (json.dumps(""), NumberProblem.NOT_A_NUMBER),
    (json.dumps("abc"), NumberProblem.NOT_A_NUMBER),
    (json.dumps("1,5"), NumberProblem.NOT_A_NUMBER),
    (json.dumps("-Infinity"), NumberProblem.NOT_FINITE),
    (json.dumps("inf"), NumberProblem.NOT_FINITE),
    (json.dumps("+1"), NumberProblem.FORMAT),
    (json.dumps("1."), NumberProblem.FORMAT),
    (json.dumps(".5"), NumberProblem.FORMAT),
    (json.dumps("\u0661\u0662\u0663"), NumberProblem.FORMAT),  # Arabic-Indic
    (json.dumps("\uff11\uff12\uff13"), NumberProblem.FORMAT),  # fullwidth
    # JSON values that are not a number, or numbers a float has changed or cannot hold.
    ("true", NumberProblem.NOT_A_NUMBER),
    ("{}", NumberProblem.NOT_A_NUMBER),
    ("1E+30", NumberProblem.TOO_LARGE),
    ("123456789012345678901234567890", NumberProblem.TOO_LARGE),
    ("0.30000000000000004", NumberProblem.TOO_MANY_DECIMALS),
]

small = st.decimals(places=2, min_value=-9999, max_value=9999, allow_nan=False)
blanks = st.sampled_from([" ", "\t", "\n", "\u3000", "\xa0"])
foreign_digits = st.characters(categories=["Nd"]).filter(lambda c: not "0" <= c <= "9")


def hostile(limit: NumericLimit) -> st.SearchStrategy[Hostile]:
    """Hostile values for a slot: fixed cases, blanks, underscores, other digits, and numbers
    just or far beyond the limit (strings and JSON numbers)."""
    digits = limit.integer_digits
    too_large = st.integers(min_value=digits, max_value=digits + 40).flatmap(
        lambda power: st.sampled_from(
            [
                (json.dumps("1" + "0" * power), NumberProblem.TOO_LARGE),
                (json.dumps(f"-9.5e{power}"), NumberProblem.TOO_LARGE),
                (json.dumps(f"1E+{power}"), NumberProblem.TOO_LARGE),
                (str(10**power), NumberProblem.TOO_LARGE),
            ]
        )
    )
    too_precise = st.integers(min_value=limit.scale + 1, max_value=limit.scale + 30).flatmap(
        lambda places: st.sampled_from(
            [
                (json.dumps("0." + "0" * (places - 1) + "5"), NumberProblem.TOO_MANY_DECIMALS),
                (json.dumps(f"-1e-{places}"), NumberProblem.TOO_MANY_DECIMALS),
            ]
        )
    )
    return st.one_of(
        st.sampled_from(FIXED),
        st.tuples(small, blanks, st.booleans()).map(
            lambda t: (
                json.dumps(f"{t[1]}{t[0]}" if t[2] else f"{t[0]}{t[1]}"),
                NumberProblem.FORMAT,
            )
        ),
        st.integers(min_value=10, max_value=99).map(
            lambda n: (json.dumps(f"{n // 10}_{n % 10}"), NumberProblem.FORMAT)
        ),
        st.lists(foreign_digits, min_size=1, max_size=4).map(
            lambda ds: (json.dumps("1" + "".join(ds)), NumberProblem.FORMAT)
        ),
        too_large,
        too_precise,
    )


cases = st.sampled_from(SLOTS).flatmap(lambda slot: st.tuples(st.just(slot), hostile(slot.limit)))


# --- the calls ----------------------------------------------------------------------------


@dataclass
class Callers:
    """A token per mutation (of a partner type that may call it) and a real enterprise."""

    tokens: dict[str, str]
    uscc: str


@pytest.fixture
async def callers(client: httpx.AsyncClient, session: AsyncSession, factory: Factory) -> Callers:
    """One partner of each type needed, with a token; one enterprise to name."""
    by_type: dict[PartnerType, str] = {}
    for partner_type in sorted(set(CALLERS.values())):
        client_id, secret = await create_partner_client(session, partner_type)
        by_type[partner_type] = await get_token(client, client_id, secret)
    _, uscc = await factory.enterprise()
    await session.commit()
    return Callers({name: by_type[t] for name, t in CALLERS.items()}, uscc)


async def _row_counts(session: AsyncSession) -> dict[str, int]:
    """The number of rows of every table, in one statement."""
    tables = metadata.sorted_tables
    counts = [select(func.count()).select_from(t).scalar_subquery() for t in tables]
    row = (await session.execute(select(*counts))).one()
    return {t.name: count for t, count in zip(tables, row, strict=True)}


async def _refused(
    client: httpx.AsyncClient,
    session: AsyncSession,
    callers: Callers,
    slot: Slot,
    case: Hostile,
) -> None:
    """Send one hostile value; it must be refused with its problem, storing nothing."""
    raw, problem = case
    _, body = _request(slot, callers.uscc, raw)
    token = callers.tokens[slot.mutation]
    await _refused_body(client, session, token, body, problem, f"{slot} = {raw}")


async def _refused_body(
    client: httpx.AsyncClient,
    session: AsyncSession,
    token: str,
    body: str,
    problem: NumberProblem,
    where: str,
) -> None:
    """POST ``body``: BAD_USER_INPUT with ``problem``, no other error, no row written."""
    before = await _row_counts(session)
    response = await client.post(
        "/graphql",
        content=body.encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, (where, response.text)
    errors = response.json().get("errors")
    assert errors, (where, response.text)
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], (where, errors)
    assert errors[0]["extensions"].get("problem") == problem.value, (where, errors)
    assert await _row_counts(session) == before, where


async def test_the_schema_has_decimal_mutations_to_probe() -> None:
    """The discovery finds the reported mutations (and so is not silently empty)."""
    names = {slot.mutation for slot in SLOTS}
    assert {
        "reportTaxPaid",
        "updateGreenProfile",
        "createLoanProduct",
        "postFinancingNeed",
        "reportCreditLine",
    } <= names


async def test_the_reported_values_are_refused_everywhere(
    client: httpx.AsyncClient, session: AsyncSession, callers: Callers
) -> None:
    """NaN, Infinity, 1e400 and 1E+30, and one place too many, in every Decimal slot."""
    for slot in SLOTS:
        beyond = json.dumps("0." + "0" * slot.limit.scale + "1")
        for case in [*REPORTED, (beyond, NumberProblem.TOO_MANY_DECIMALS)]:
            await _refused(client, session, callers, slot, case)
        edge = json.dumps("1" + "0" * slot.limit.integer_digits)
        await _refused(client, session, callers, slot, (edge, NumberProblem.TOO_LARGE))


async def test_inline_literals_are_read_digit_for_digit(
    client: httpx.AsyncClient, session: AsyncSession, callers: Callers
) -> None:
    """A number written in the query itself is read from its digits (1e400 is not infinity)."""
    for literal, problem in [
        ('"NaN"', NumberProblem.NOT_A_NUMBER),
        ('"-Infinity"', NumberProblem.NOT_FINITE),
        ("1e400", NumberProblem.TOO_LARGE),
        ("1E+30", NumberProblem.TOO_LARGE),
        ("100000000000000", NumberProblem.TOO_LARGE),
        ("0.001", NumberProblem.TOO_MANY_DECIMALS),
        ('" 1"', NumberProblem.FORMAT),
        ("true", NumberProblem.NOT_A_NUMBER),
    ]:
        query = (
            f'mutation {{ reportTaxPaid(uscc: "{callers.uscc}", year: {BY_NAME["year"]}, '
            f"amount: {literal}) {{ __typename }} }}"
        )
        body = json.dumps({"query": query})
        token = callers.tokens["reportTaxPaid"]
        await _refused_body(client, session, token, body, problem, literal)


@settings(
    max_examples=800,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases)
async def test_hostile_decimals_are_bad_user_input_and_store_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    callers: Callers,
    case: tuple[Slot, Hostile],
) -> None:
    """Whatever hostile number goes wherever a mutation takes one."""
    slot, hostile_value = case
    await _refused(client, session, callers, slot, hostile_value)

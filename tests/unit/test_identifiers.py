"""Resident IDs (GB 11643) and unified social credit codes (GB 32100): valid ones pass, every
single-character change is caught, and each refusal says what is wrong."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.identifiers import (
    USCC_ALPHABET,
    IdentifierError,
    IdentifierProblem,
    make_resident_id,
    make_uscc,
    mask_resident_id,
    resident_id_parts,
    validate_resident_id,
    validate_uscc,
)

REGIONS = st.sampled_from(["330502", "330503", "330521", "330522", "330523", "110105"])
resident_ids = st.builds(
    make_resident_id,
    REGIONS,
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 1)),
    st.integers(min_value=0, max_value=999),
)
usccs = st.builds(
    make_uscc,
    st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "Y1"]),
    REGIONS,
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)
RESIDENT_ID_CHARS = "0123456789X"


def test_published_examples_are_valid() -> None:
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"


@given(resident_ids)
def test_generated_resident_ids_pass(value: str) -> None:
    assert validate_resident_id(value) == value


@given(usccs)
def test_generated_usccs_pass(value: str) -> None:
    assert validate_uscc(value) == value


@given(resident_ids, st.integers(min_value=0, max_value=17), st.sampled_from(RESIDENT_ID_CHARS))
def test_every_single_character_change_of_a_resident_id_is_caught(
    value: str, position: int, replacement: str
) -> None:
    changed = value[:position] + replacement + value[position + 1 :]
    if changed == value:
        return
    with pytest.raises(IdentifierError):
        validate_resident_id(changed)


@given(usccs, st.integers(min_value=0, max_value=17), st.sampled_from(USCC_ALPHABET))
def test_every_single_character_change_of_a_uscc_is_caught(
    value: str, position: int, replacement: str
) -> None:
    changed = value[:position] + replacement + value[position + 1 :]
    if changed == value:
        return
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(changed)
    assert caught.value.problem is IdentifierProblem.CHECK_DIGIT


@pytest.mark.parametrize(
    ("value", "problem", "fragment"),
    [
        ("1101051949123100", IdentifierProblem.LENGTH, "has 16"),
        ("11010519491231002X1", IdentifierProblem.LENGTH, "has 19"),
        ("1101051949123100AX", IdentifierProblem.CHARACTER, "character 17"),
        ("11010519491231002Y", IdentifierProblem.CHARACTER, "character 18"),
        ("110105194902300028", IdentifierProblem.DATE, "19490230"),
        ("110105194913310028", IdentifierProblem.DATE, "real date"),
        ("110105180001010028", IdentifierProblem.DATE, "before 1900"),
        ("110105194912310021", IdentifierProblem.CHECK_DIGIT, "check digit"),
    ],
)
def test_resident_id_refusals_say_what_is_wrong(
    value: str, problem: IdentifierProblem, fragment: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id(value)
    assert caught.value.problem is problem
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("value", "problem", "fragment"),
    [
        ("91350100M000100Y4", IdentifierProblem.LENGTH, "has 17"),
        ("91350100M000100I43", IdentifierProblem.CHARACTER, "character 16"),
        ("91350100M000100Y44", IdentifierProblem.CHECK_DIGIT, "check character"),
        ("", IdentifierProblem.LENGTH, "has 0"),
    ],
)
def test_uscc_refusals_say_what_is_wrong(
    value: str, problem: IdentifierProblem, fragment: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(value)
    assert caught.value.problem is problem
    assert fragment in caught.value.message


@given(resident_ids)
def test_masking_hides_birth_date_and_sequence(value: str) -> None:
    masked = mask_resident_id(value)
    parts = resident_id_parts(value)
    assert masked[:6] == parts.region
    assert masked[6:14] == "********"
    assert masked[14:] == value[14:]
    assert parts.birth_date.strftime("%Y%m%d") not in masked

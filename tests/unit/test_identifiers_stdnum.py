"""Our identifier checks agree with python-stdnum's (``stdnum.cn.uscc``, ``stdnum.cn.ric``).

Differential properties: valid codes built with stdnum's check character, random strings over each
code's alphabet and length, and single-character changes of valid codes get the same verdict from
``api.domain.identifiers`` and from stdnum, and both compute the same check characters.

The two differ on purpose in these ways, each pinned down exactly below rather than left out:

* Unified social credit code (GB 32100). stdnum requires characters 1-8 (registration authority,
  organisation type, region) to be digits; we accept any of the 31 code characters there, because
  GB 32100 registration authorities include letters (``N`` farm collectives, ``Y`` others, ...).
  So where the first eight characters are not all digits stdnum refuses and we judge by alphabet
  and check character alone; everywhere else the verdicts are equal.
* Resident identity number (GB 11643). stdnum also requires characters 1-6 to be a county code
  in its own table that existed in the birth year (``ric.get_birth_place``); we do not check the
  region. We refuse birth years before 1900; stdnum takes any real date from year 1. So where we
  accept and stdnum refuses, stdnum does not know the birth place; where stdnum accepts and we
  refuse, the birth year is before 1900; everywhere else the verdicts are equal.
* A python-stdnum 2.2 bug: for a region whose province is in its table but whose county is not
  (``110001``), ``ric.get_birth_place`` and ``ric.is_valid`` raise ``KeyError('county')``
  instead of refusing; the helpers below read that, and only that, as "birth place unknown".
* Input clean-up. stdnum's ``compact`` maps many Unicode look-alikes to ASCII (full-width
  digits, Unicode dashes and spaces) and, for the USCC, deletes spaces and hyphens anywhere; we
  only strip surrounding whitespace and upper-case. The generated input is therefore ASCII
  without inner separators (surrounding whitespace and lower case are included: both accept
  them alike).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from api.domain.identifiers import (
    USCC_ALPHABET,
    IdentifierError,
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)

DIGITS = "0123456789"
RESIDENT_ID_CHARS = DIGITS + "X"
# Every county code in stdnum's table (``cn/loc``): NumDB.prefixes holds provinces (2 digits)
# whose children are counties (4 digits); each range there is a single code.
STDNUM_REGIONS = sorted(
    province[1] + county[1] for province in numdb.get("cn/loc").prefixes for county in province[4]
)
STDNUM_REGION_SET = frozenset(STDNUM_REGIONS)
STDNUM_PROVINCES = frozenset(province[1] for province in numdb.get("cn/loc").prefixes)

PADDING = st.sampled_from(["", " ", "\t", " \n"])
CASE = st.sampled_from([str.upper, str.lower])


def accepts(validate: Callable[[str], str], value: str) -> bool:
    """Whether one of our validators accepts ``value``."""
    try:
        validate(value)
    except IdentifierError:
        return False
    return True


def stdnum_province_only(value: str) -> bool:
    """Whether the ID's region has a known province but a county missing from stdnum's table."""
    region = ric.compact(value)[:6]
    return region not in STDNUM_REGION_SET and region[:2] in STDNUM_PROVINCES


def stdnum_knows_birth_place(value: str) -> bool:
    """Whether stdnum's county table has the ID's region code in its birth year."""
    try:
        ric.get_birth_place(value)
    except ValidationError:
        return False
    except KeyError:
        # python-stdnum 2.2: for a region whose province is in its table but whose county is not
        # (110001), get_birth_place raises KeyError('county') instead of InvalidComponent.
        assert stdnum_province_only(value), value
        return False
    return True


def stdnum_accepts_resident_id(value: str) -> bool:
    """stdnum's verdict on a resident ID, its KeyError for an unknown county read as a refusal."""
    try:
        return ric.is_valid(value)
    except KeyError:
        assert stdnum_province_only(value), value  # the same bug as above
        return False


def leads_with_eight_digits(value: str) -> bool:
    """Whether characters 1-8 of the code (as stdnum reads it) are ASCII digits."""
    first8 = uscc.compact(value)[:8]
    return len(first8) == 8 and all(c in DIGITS for c in first8)


def assert_uscc_verdicts_agree(value: str) -> None:
    """Same verdict as stdnum on ``value``, except where stdnum wants digits in characters 1-8."""
    ours = accepts(validate_uscc, value)
    theirs = uscc.is_valid(value)
    if leads_with_eight_digits(value):
        assert ours == theirs, value
        if ours:
            assert validate_uscc(value) == uscc.validate(value)
    else:
        assert not theirs, value  # stdnum: InvalidFormat
        # Ours: 18 code characters whose last is the check character (stdnum's computation).
        code = value.strip().upper()
        well_formed = len(code) == 18 and all(c in USCC_ALPHABET for c in code)
        assert ours == (well_formed and code[17] == uscc.calc_check_digit(code[:17])), value


def assert_resident_id_verdicts_agree(value: str) -> None:
    """Same verdict as stdnum on ``value``, except for stdnum's birth place and our year 1900."""
    ours = accepts(validate_resident_id, value)
    theirs = stdnum_accepts_resident_id(value)
    if ours and not theirs:
        assert not stdnum_knows_birth_place(value), value
    if theirs and not ours:
        assert ric.get_birth_date(value).year < 1900, value
    if ours and theirs:
        assert validate_resident_id(value) == ric.validate(value)


uscc_first17 = st.one_of(
    # Characters 1-8 digits: the domain where stdnum and we must agree exactly.
    st.builds(
        str.__add__,
        st.text(alphabet=DIGITS, min_size=8, max_size=8),
        st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
    ),
    st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17),
)
valid_usccs = uscc_first17.map(lambda first17: first17 + uscc.calc_check_digit(first17))
USCC_TYPED = USCC_ALPHABET + USCC_ALPHABET.lower() + "IOSVZiosvz"  # and the five it leaves out
random_usccs = st.one_of(
    st.text(alphabet=USCC_TYPED, min_size=17, max_size=19),
    # Eight digits first, so that random strings often fall where the verdicts must be equal.
    st.builds(
        str.__add__,
        st.text(alphabet=DIGITS, min_size=8, max_size=8),
        st.text(alphabet=USCC_TYPED, min_size=9, max_size=11),
    ),
)


def month_end(year: int, month: int) -> date:
    """The last day of a month (29 February in leap years)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def day_after_month_end(year: int, month: int) -> str:
    """``YYYYMMDD`` one day past the end of the month: not a date (30 February, 31 April, ...)."""
    return f"{year:04d}{month:02d}{calendar.monthrange(year, month)[1] + 1:02d}"


real_birth_dates = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.dates(),  # from the year 1: stdnum takes these, we refuse those before 1900
    st.dates(min_value=date(1899, 1, 1), max_value=date(1900, 12, 31)),  # around our limit
    st.builds(month_end, st.integers(min_value=1, max_value=9999), st.integers(1, 12)),
    st.integers(min_value=1, max_value=9999).filter(calendar.isleap).map(lambda y: date(y, 2, 29)),
)
impossible_birth_dates = st.one_of(
    st.builds(day_after_month_end, st.integers(min_value=1, max_value=9999), st.integers(1, 12)),
    st.builds(
        "{:04d}{}{:02d}".format,
        st.integers(min_value=0, max_value=9999),
        st.sampled_from(["00", "13", "19", "99"]),
        st.integers(min_value=1, max_value=28),
    ),
    st.builds(
        "{:04d}{:02d}00".format, st.integers(min_value=0, max_value=9999), st.integers(1, 12)
    ),
)
regions = st.one_of(
    st.sampled_from(STDNUM_REGIONS), st.text(alphabet=DIGITS, min_size=6, max_size=6)
)
sequences = st.integers(min_value=0, max_value=999).map("{:03d}".format)


def with_stdnum_check_digit(first17: str) -> str:
    """A resident ID: the 17 digits and stdnum's check character for them."""
    # stdnum's ric.calc_check_digit takes the whole number and ignores its last character.
    return first17 + ric.calc_check_digit(first17 + "0")


valid_resident_ids = st.builds(
    lambda region, born, sequence: with_stdnum_check_digit(
        f"{region}{born.year:04d}{born.month:02d}{born.day:02d}{sequence}"  # %Y: no zero-padding
    ),
    regions,
    real_birth_dates,
    sequences,
)
resident_ids_with_impossible_dates = st.builds(
    lambda region, born, sequence: with_stdnum_check_digit(region + born + sequence),
    regions,
    impossible_birth_dates,
    sequences,
)
RESIDENT_TYPED = DIGITS + "Xx"
random_resident_ids = st.one_of(
    st.text(alphabet=RESIDENT_TYPED, min_size=17, max_size=19),
    # A region stdnum knows first, so that random strings reach the date and check rules.
    st.builds(
        str.__add__,
        st.sampled_from(STDNUM_REGIONS),
        st.text(alphabet=RESIDENT_TYPED, min_size=11, max_size=13),
    ),
)


@given(uscc_first17)
def test_uscc_check_characters_are_stdnums(first17: str) -> None:
    """Our mod-31 check character is stdnum's for any 17 code characters."""
    assert uscc_check_char(first17) == uscc.calc_check_digit(first17)


@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_resident_id_check_characters_are_stdnums(first17: str) -> None:
    """Our MOD 11-2 check character is stdnum's for any 17 digits."""
    assert resident_id_check_char(first17) == ric.calc_check_digit(first17 + "0")


@settings(max_examples=300)
@given(valid_usccs, CASE, PADDING)
def test_valid_usccs_pass_both(code: str, case: Callable[[str], str], padding: str) -> None:
    """A code with stdnum's check character passes ours; stdnum's too when 1-8 are digits."""
    value = padding + case(code) + padding
    assert validate_uscc(value) == code
    assert uscc.is_valid(value) == leads_with_eight_digits(code)
    assert_uscc_verdicts_agree(value)


@settings(max_examples=300)
@given(valid_resident_ids, CASE, PADDING)
@example(with_stdnum_check_digit("110105" + "20000229" + "123"), str.upper, "")  # leap century
@example(with_stdnum_check_digit("110105" + "19000101" + "123"), str.upper, "")  # our first day
@example(with_stdnum_check_digit("110105" + "18991231" + "123"), str.upper, "")  # stdnum's only
def test_valid_resident_ids_pass_both(code: str, case: Callable[[str], str], padding: str) -> None:
    """An ID with stdnum's check digit passes ours from 1900; stdnum's where it knows the place."""
    value = padding + case(code) + padding
    assert accepts(validate_resident_id, value) == (int(code[6:10]) >= 1900)
    assert stdnum_accepts_resident_id(value) == stdnum_knows_birth_place(code)
    assert_resident_id_verdicts_agree(value)


@settings(max_examples=500)
@given(random_usccs, PADDING)
def test_random_uscc_strings_get_stdnums_verdict(text: str, padding: str) -> None:
    """Random strings over the code's letters (and the five it leaves out): stdnum's verdict."""
    assert_uscc_verdicts_agree(padding + text + padding)


@settings(max_examples=500)
@given(random_resident_ids, PADDING)
def test_random_resident_id_strings_get_stdnums_verdict(text: str, padding: str) -> None:
    """Random strings of digits and X: stdnum's verdict."""
    assert_resident_id_verdicts_agree(padding + text + padding)


@settings(max_examples=300)
@given(resident_ids_with_impossible_dates)
@example(with_stdnum_check_digit("110105" + "19000229" + "123"))  # 1900 was no leap year
@example(with_stdnum_check_digit("110105" + "20230431" + "123"))
def test_impossible_birth_dates_fail_both(code: str) -> None:
    """An ID whose characters 7-14 are no date fails both, though its check digit is right."""
    assert not accepts(validate_resident_id, code), code
    assert not stdnum_accepts_resident_id(code), code
    assert_resident_id_verdicts_agree(code)


@settings(max_examples=500)
@given(
    valid_usccs,
    st.integers(min_value=0, max_value=17),
    st.sampled_from(USCC_ALPHABET + "IOSVZ"),
)
def test_single_character_changes_of_a_uscc_fail_both(
    code: str, position: int, replacement: str
) -> None:
    """Changing one character of a valid code makes it invalid for both (31 is prime)."""
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    assert not accepts(validate_uscc, changed), changed
    assert not uscc.is_valid(changed), changed
    assert_uscc_verdicts_agree(changed)


@settings(max_examples=500)
@given(
    valid_resident_ids,
    st.integers(min_value=0, max_value=17),
    st.sampled_from(RESIDENT_ID_CHARS),
)
def test_single_character_changes_of_a_resident_id_fail_both(
    code: str, position: int, replacement: str
) -> None:
    """Changing one character of a valid ID makes it invalid for both (MOD 11-2 sees them all)."""
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    assert not accepts(validate_resident_id, changed), changed
    assert not stdnum_accepts_resident_id(changed), changed
    assert_resident_id_verdicts_agree(changed)


def test_the_differences_are_real() -> None:
    """One example of each stated difference, so that the exceptions above are not vacuous."""
    letter_led = "Y1" + "330502" + "MA2B3C4D5"
    letter_led += uscc_check_char(letter_led)
    assert accepts(validate_uscc, letter_led)
    assert not uscc.is_valid(letter_led)

    unknown_place = "000000" + "19900101" + "123"
    unknown_place += resident_id_check_char(unknown_place)
    assert accepts(validate_resident_id, unknown_place)
    assert not stdnum_accepts_resident_id(unknown_place)

    before_1900 = "110105" + "18991231" + "123"
    before_1900 += resident_id_check_char(before_1900)
    assert not accepts(validate_resident_id, before_1900)
    assert stdnum_accepts_resident_id(before_1900)

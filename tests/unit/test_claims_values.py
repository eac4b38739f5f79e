"""Cell values as billers type them, to model values; and the message when they cannot be read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from core.claims_io import values as v


@pytest.mark.parametrize(
    "given, expected",
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("03/14/2025", date(2025, 3, 14)),
        ("3/4/2025", date(2025, 3, 4)),
        ("03-14-2025", date(2025, 3, 14)),
        ("20250314", date(2025, 3, 14)),
        ("03142025", date(2025, 3, 14)),  # MMDDYYYY, as typed in a date field
        ("12152025", date(2025, 12, 15)),
        ("2025-03-14 00:00:00", date(2025, 3, 14)),
        (45730, date(2025, 3, 14)),  # Excel serial
        (45730.0, date(2025, 3, 14)),
        ("45730", date(2025, 3, 14)),  # a serial exported to CSV
        (20250314, date(2025, 3, 14)),
        (datetime(2025, 3, 14, 0, 0), date(2025, 3, 14)),
        (date(1950, 1, 2), date(1950, 1, 2)),
        ("", None),
        (None, None),
    ],
)
def test_dates(given, expected):
    assert v.parse_date(given) == expected


@pytest.mark.parametrize(
    "given, words",
    [
        ("03/14/25", "two-digit year"),
        ("14.03.2025x", "not a date"),
        ("2025-02-30", "not a calendar date"),
        ("13/01/2025", "not a calendar date"),
        ("yesterday", "not a date"),
        ("1850-01-01", "before 1900"),
        ("13152025", "not a calendar date"),
    ],
)
def test_bad_dates_say_how_to_write_them(given, words):
    with pytest.raises(v.BadValue, match=words):
        v.parse_date(given)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("140", Decimal("140.00")),
        (140, Decimal("140.00")),
        (140.1, Decimal("140.10")),
        ("$1,234.50", Decimal("1234.50")),
        ("(12.00)", Decimal("-12.00")),
        ("12.345", Decimal("12.345")),
        ("", None),
        (None, None),
    ],
)
def test_money(given, expected):
    result = v.parse_money(given)
    assert result == expected and str(result) == str(expected)


def test_money_and_units_errors():
    with pytest.raises(v.BadValue, match="charge 'abc' is not a number"):
        v.parse_money("abc")
    with pytest.raises(v.BadValue, match="units 'two'"):
        v.parse_units("two")


@pytest.mark.parametrize(
    "given, expected",
    [
        ("1", "1"),
        (2.0, "2"),
        ("3.00", "3"),
        ("1.5", "1.5"),
        (61, "61"),
    ],
)
def test_units_are_decimal_and_whole_numbers_lose_the_fraction(given, expected):
    assert str(v.parse_units(given)) == expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ("99213", ("99213", ())),
        (99213, ("99213", ())),
        (142, ("00142", ())),
        ("j3301", ("J3301", ())),
        ("99213-25", ("99213", ("25",))),
        ("99213 25 59", ("99213", ("25", "59"))),
        ("", ("", ())),
    ],
)
def test_procedure_codes(given, expected):
    assert v.parse_procedure(given) == expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ("26 59", ("26", "59")),
        ("26,59", ("26", "59")),
        ("lt, rt", ("LT", "RT")),
        (26, ("26",)),
        ("", ()),
        (None, ()),
    ],
)
def test_modifiers(given, expected):
    assert v.parse_modifiers(given) == expected


def test_modifier_must_be_two_characters():
    with pytest.raises(v.BadValue, match="modifier '265' is not 2 characters"):
        v.parse_modifiers("265")


@pytest.mark.parametrize(
    "given, expected",
    [
        ("AB", (1, 2)),
        ("a,b", (1, 2)),
        ("A B C D", (1, 2, 3, 4)),
        ("1,2", (1, 2)),
        ("1 2 3", (1, 2, 3)),
        ("1234", (1, 2, 3, 4)),
        (1, (1,)),
        (1.0, (1,)),
        ("L", (12,)),
        ("10", (10,)),
        ("11", (11,)),
        ("1,12", (1, 12)),
        ("", ()),
    ],
)
def test_pointers_letters_or_numbers(given, expected):
    assert v.parse_pointers(given) == expected


@pytest.mark.parametrize(
    "given, words",
    [
        ("Z", "'Z' in 'Z' is not a letter A-L"),
        ("12", "ambiguous"),
        ("1,13", "outside 1-12"),
        ("A1", "neither letters"),
        ("0", "outside 1-12"),
    ],
)
def test_bad_pointers(given, words):
    with pytest.raises(v.BadValue, match=words):
        v.parse_pointers(given)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("C34.90", "C34.90"),
        ("c3490", "C34.90"),
        (" I10 ", "I10"),
        ("S72001A", "S72.001A"),
        ("z00.00", "Z00.00"),
    ],
)
def test_icd10_is_stored_with_the_dot_after_the_third_character(given, expected):
    assert v.normalize_icd10(given) == expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ("8901", "890.1"),
        ("E8888", "E888.8"),
        ("V7389", "V73.89"),
        ("496", "496"),
    ],
)
def test_icd9(given, expected):
    assert v.normalize_icd9(given) == expected


def test_icd_with_stray_characters_is_an_error():
    with pytest.raises(v.BadValue, match="other than letters, digits and a dot"):
        v.normalize_icd10("C34-90")


@pytest.mark.parametrize(
    "given, expected",
    [
        ("11", "11"),
        (11, "11"),
        (2, "02"),
        ("", ""),
    ],
)
def test_place_of_service(given, expected):
    assert v.parse_pos(given) == expected


@pytest.mark.parametrize(
    "given, expected",
    [
        ("60611", "60611"),
        (2134, "02134"),
        ("606739999", "60673"),
        ("60673-9999", "60673"),
        (21341234, "02134"),
        ("", ""),
    ],
)
def test_zip(given, expected):
    assert v.parse_zip(given) == expected


@pytest.mark.parametrize("given", ["ZIP1", "123456", "1234567890"])
def test_bad_zip(given):
    with pytest.raises(v.BadValue, match="not a 5-digit ZIP"):
        v.parse_zip(given)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("M", "M"),
        ("f", "F"),
        ("Female", "F"),
        ("u", "U"),
        ("", None),
    ],
)
def test_sex(given, expected):
    assert v.parse_sex(given) == expected


def test_text_of_spreadsheet_numbers():
    assert v.text(1234567890.0) == "1234567890"
    assert v.text(None) == ""
    assert v.text("  A1 ") == "A1"

"""Cell and element values to model values. Each parser takes what a spreadsheet or an 837 holds
(text, int, float, datetime) and returns the normalized value, None for a blank, or raises
BadValue whose message says what is wrong and how to write it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from core.claims.model import DX_LETTERS, MAX_DIAGNOSES
from core.tabular import CSV_GUARD, FORMULA_START

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (after Excel's 1900 leap-year bug)
_EARLIEST = date(1900, 1, 1)
_CENT = Decimal("0.01")
_US_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_SPLIT = re.compile(r"[\s,;:/|+&]+")
_MODIFIER_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_SEXES = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F", "U": "U", "UNKNOWN": "U"}


class BadValue(ValueError):
    """A value that cannot be read; the message says what and how to write it."""


def text(value: object) -> str:
    """A cell as text: None is "", 123.0 is "123", surrounding spaces go, and the apostrophe
    the app's CSV files put before text that looks like a formula (core.tabular.csv_text)
    goes too, so a worklist saved as CSV opens as it was."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    raw = str(value)
    if raw.startswith(CSV_GUARD) and raw[1:].startswith(FORMULA_START):
        raw = raw[1:]
    return raw.strip()


def parse_date(value: object) -> date | None:
    """ISO (2025-03-14), US (03/14/2025 or 3/14/2025), YYYYMMDD, MMDDYYYY as typed (03142025),
    an Excel date cell or an Excel serial number (45730)."""
    if isinstance(value, datetime):
        return _plausible(value.date(), value)
    if isinstance(value, date):
        return _plausible(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value)
    raw = text(value)
    if not raw:
        return None
    if len(raw) == 8 and raw.isdigit() and not 1900 <= int(raw[:4]) <= 2999:
        return _make(int(raw[4:]), int(raw[:2]), int(raw[2:4]), raw)  # MMDDYYYY
    if raw.isdigit():
        return _from_number(int(raw))
    return _from_text(raw)


def _from_number(number: float) -> date:
    whole = int(number)
    if 19000101 <= whole <= 29991231:
        return _make(whole // 10000, whole // 100 % 100, whole % 100, str(whole))
    if 1 <= whole <= 2958465:
        return _plausible(EXCEL_EPOCH + timedelta(days=whole), number)
    raise BadValue(f"'{shown(text(number))}' is not a date: write it as 2025-03-14 or 03/14/2025")


def _from_text(raw: str) -> date:
    match = _ISO_DATE.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, raw)
    match = _US_DATE.match(raw)
    if match:
        month, day, year_text = int(match[1]), int(match[2]), match[3]
        if len(year_text) == 2:
            raise BadValue(
                f"'{shown(raw)}' has a two-digit year: write the year in full "
                f"({match[1]}/{match[2]}/20{year_text} or 19{year_text})"
            )
        return _make(int(year_text), month, day, raw)
    raise BadValue(f"'{shown(raw)}' is not a date: write it as 03/14/2025 or 2025-03-14")


def _make(year: int, month: int, day: int, raw: str) -> date:
    try:
        made = date(year, month, day)
    except ValueError:
        raise BadValue(
            f"'{shown(raw)}' is not a calendar date (month {month}, day {day}): "
            "write it as 2025-03-14 or 03/14/2025"
        ) from None
    return _plausible(made, raw)


def _plausible(day: date, raw: object) -> date:
    if day < _EARLIEST:
        raise BadValue(
            f"'{shown(text(raw))}' reads as {day.isoformat()}, before 1900: check the date"
        )
    return day


# The largest amount and count a claim line can hold: an 837 line charge is at most
# 99,999,999.99 in practice (X12 leaves room for more; no payer takes it), and no line bills a
# million units (drugs billed per unit, such as a clotting factor per IU, stay well below).
# A cell past them is a typing or export slip ("1e30"), reported at its cell.
MAX_CHARGE = Decimal("99999999.99")
MAX_UNITS = Decimal("999999")


def parse_decimal(
    value: object, what: str, example: str, limit: Decimal | None = None
) -> Decimal | None:
    """A number as Decimal ($, commas and (negatives) allowed); whole numbers lose the fraction.
    `limit`: the largest size allowed (a larger one is a BadValue, never an arithmetic error
    later)."""
    if isinstance(value, bool):
        raise BadValue(f"{what} '{value}' is not a number: write it like {example}")
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        raw = text(value)
        if not raw:
            return None
        cleaned = raw.replace("$", "").replace(",", "").replace(" ", "")
        negative = cleaned.startswith("(") and cleaned.endswith(")")
        try:
            number = Decimal(cleaned[1:-1] if negative else cleaned)
        except InvalidOperation:
            raise BadValue(
                f"{what} '{shown(raw)}' is not a number: write it like {example}"
            ) from None
        number = number.copy_negate() if negative else number  # no rounding: no overflow
    if not number.is_finite():
        raise BadValue(f"{what} '{shown(text(value))}' is not a number: write it like {example}")
    if limit is not None and number.copy_abs() > limit:
        raise BadValue(
            f"{what} '{shown(text(value))}' is too large to be real (at most "
            f"{limit:,}): check the cell and write it like {example}"
        )
    return whole(number)


def shown(raw: str, width: int = 40) -> str:
    """A cell's text as a message quotes it: a long one cut, with how long it was."""
    if len(raw) <= width:
        return raw
    return f"{raw[:width]}... ({len(raw):,} characters)"


def whole(number: Decimal) -> Decimal:
    """3.00 -> 3 (so units compare and print as entered); 1.50 stays 1.50."""
    return Decimal(int(number)) if number == number.to_integral_value() else number


def parse_money(value: object) -> Decimal | None:
    """An amount as given; shown with cents when that changes nothing (140 -> 140.00)."""
    number = parse_decimal(value, "charge", "125.00", MAX_CHARGE)
    if number is None:
        return None
    in_cents = number.quantize(_CENT)
    return in_cents if in_cents == number else number


def parse_units(value: object) -> Decimal | None:
    return parse_decimal(value, "units", "1 or 2.5", MAX_UNITS)


def parse_procedure(value: object) -> tuple[str, tuple[str, ...]]:
    """HCPCS/CPT code, and any modifiers typed after it ("99213-25", "99213 25 59").
    Digits-only codes shorter than 5 regain the leading zeros a spreadsheet drops (142 -> 00142)."""
    raw = text(value).upper()
    if not raw:
        return "", ()
    code, _, rest = raw.replace("-", " ").replace(",", " ").partition(" ")
    if not code.isalnum():
        raise BadValue(
            f"procedure code '{shown(raw)}' has characters other than letters and "
            "digits: write the 5-character HCPCS/CPT code, e.g. 99213"
        )
    if code.isdigit() and len(code) < 5:
        code = code.zfill(5)
    return code, parse_modifiers(rest)


def parse_modifiers(value: object) -> tuple[str, ...]:
    """Modifiers in one cell: "26 59", "26,59", "26-59"; each is 2 letters or digits."""
    raw = text(value).upper()
    found = tuple(token for token in _MODIFIER_SPLIT.split(raw) if token)
    for token in found:
        if len(token) != 2:
            raise BadValue(
                f"modifier '{shown(token)}' is not 2 characters: separate modifiers "
                "with a space or comma, e.g. '26 59'"
            )
    return found


def parse_pointers(value: object) -> tuple[int, ...]:
    """Diagnosis pointers as letters ("AB", "A,B") or numbers ("1,2", "1 2", "12" is ambiguous);
    returned 1-based."""
    raw = text(value).upper()
    tokens = [t for t in _SPLIT.split(raw) if t]
    pointers: list[int] = []
    for token in tokens:
        if token.isalpha():
            pointers.extend(_letter(ch, raw) for ch in token)
        elif token.isdigit():
            pointers.extend(_numbers(token, raw, alone=len(tokens) == 1))
        else:
            raise BadValue(
                f"diagnosis pointer '{shown(token)}' is neither letters (A-L) nor "
                "numbers (1-12): write them like 'AB' or '1,2'"
            )
    return tuple(pointers)


def _letter(ch: str, raw: str) -> int:
    position = DX_LETTERS.find(ch) + 1
    if position == 0:
        raise BadValue(
            f"diagnosis pointer '{ch}' in '{shown(raw)}' is not a letter A-L "
            "(A is the first diagnosis, L the twelfth)"
        )
    return position


def _numbers(token: str, raw: str, alone: bool) -> list[int]:
    if alone and len(token) > 1:
        if token == "12":
            raise BadValue(
                "diagnosis pointer '12' is ambiguous: write '1,2' for the first two "
                "diagnoses or 'L' for the twelfth"
            )
        if token in ("10", "11"):
            return [int(token)]
        digits = [int(ch) for ch in token]  # "123" from a cell typed without separators
    else:
        digits = [int(token)]
    for number in digits:
        if not 1 <= number <= MAX_DIAGNOSES:
            raise BadValue(f"diagnosis pointer {number} in '{shown(raw)}' is outside 1-12")
    return digits


def normalize_icd10(value: object) -> str:
    """'c3490', 'C34.90', ' C34.90 ' -> 'C34.90'; the dot goes after the 3rd character."""
    code = _icd_characters(value)
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def normalize_icd9(value: object) -> str:
    """ICD-9-CM: the dot after the 3rd character, the 4th for E codes ('E8888' -> 'E888.8')."""
    code = _icd_characters(value)
    cut = 4 if code.startswith("E") else 3
    return f"{code[:cut]}.{code[cut:]}" if len(code) > cut else code


def _icd_characters(value: object) -> str:
    raw = text(value).upper()
    code = raw.replace(".", "").replace(" ", "")
    if code and not code.isalnum():
        raise BadValue(
            f"diagnosis code '{shown(raw)}' has characters other than letters, "
            "digits and a dot: write it like C34.90 or C3490"
        )
    return code


def parse_sex(value: object) -> str | None:
    raw = text(value).upper()
    if not raw:
        return None
    if raw not in _SEXES:
        raise BadValue(f"sex '{shown(text(value))}' is not M, F or U")
    return _SEXES[raw]


def parse_pos(value: object) -> str:
    """Place of service: two digits ("11"); a spreadsheet's 2 becomes "02"."""
    raw = text(value)
    if raw and not (raw.isdigit() and len(raw) <= 2):
        raise BadValue(f"place of service '{shown(raw)}' is not a 2-digit code such as 11 or 22")
    return raw.zfill(2) if raw else ""


def parse_zip(value: object) -> str:
    """A 5-digit ZIP code; ZIP+4 (12345-6789, 123456789) keeps its first 5 digits; a spreadsheet's
    2134 becomes 02134."""
    raw = text(value)
    digits = raw.replace("-", "").replace(" ", "")
    if not raw:
        return ""
    if not digits.isdigit() or len(digits) not in (3, 4, 5, 7, 8, 9):
        raise BadValue(f"ZIP code '{shown(raw)}' is not a 5-digit ZIP (or ZIP+4)")
    return digits.zfill(9)[:5] if len(digits) > 5 else digits.zfill(5)

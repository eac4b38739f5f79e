"""Element values of an 835: money, quantities and dates, read strictly (X12's R and DT types),
so a value a payer system could not have meant (1e30, NaN, 31-02) is a problem, not a number.

Parsed values are shared: remittances repeat the same amounts, dates and codes thousands of times,
and one object per distinct value keeps a 100,000-claim file small in memory."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from core.claims_io.x12_loops import ParseError
from core.claims_io.x12_segments import Segment
from core.dates import ccyymmdd

__all__ = ["ParseError", "money", "optional_money", "quantity", "d8", "code"]

T = TypeVar("T")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
MONEY_LIMIT = Decimal(10) ** 10  # ten billion dollars: beyond any real remittance
QUANTITY_LIMIT = Decimal(10) ** 7
_CENT = Decimal("0.01")
_CACHE_LIMIT = 200_000
_money_cache: dict[str, Decimal] = {}
_quantity_cache: dict[str, Decimal] = {}
_date_cache: dict[str, date] = {}


def _read(
    cache: dict[str, T], parse: Callable[[str], T], segment: Segment, index: int, what: str
) -> T:
    """The element's value, parsed once per distinct text; `parse` raises ValueError with what
    is wrong, which becomes a ParseError naming the element."""
    raw = segment.get(index)
    found = cache.get(raw)
    if found is not None:
        return found
    try:
        value = parse(raw)
    except ValueError as exc:
        raise ParseError(f"{segment.name(index)} {what} {exc}", index) from None
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[raw] = value
    return value


def _amount(raw: str) -> Decimal:
    if not raw:
        raise ValueError("is missing")
    if not _NUMBER.fullmatch(raw):
        raise ValueError(
            f"'{raw}' is not an amount (write digits with an optional minus sign and decimal "
            "point, e.g. 125.50)"
        )
    value = Decimal(raw)
    if abs(value) >= MONEY_LIMIT:
        raise ValueError(
            f"'{raw}' is beyond any plausible amount: the payer's file is corrupt; ask for a "
            "corrected 835"
        )
    if "." in raw and len(raw) - raw.index(".") - 1 > 2:
        raise ValueError(
            f"'{raw}' has fractions of a cent: an 835 amount has at most 2 decimal places"
        )
    return value.quantize(_CENT)


def _count(raw: str) -> Decimal:
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"'{raw}' is not a number")
    value = Decimal(raw)
    if abs(value) >= QUANTITY_LIMIT:
        raise ValueError(
            f"'{raw}' is beyond any plausible quantity: the payer's file is corrupt; ask for "
            "a corrected 835"
        )
    return value


def _date(raw: str) -> date:
    try:
        return ccyymmdd(raw)
    except ValueError as exc:
        raise ValueError(f"'{raw}' {exc}") from None


def money(segment: Segment, index: int, what: str) -> Decimal:
    """A required dollar amount, in cents: CLP03 '125.5' -> Decimal('125.50')."""
    return _read(_money_cache, _amount, segment, index, what)


def optional_money(segment: Segment, index: int, what: str) -> Decimal | None:
    return money(segment, index, what) if segment.get(index) else None


def quantity(segment: Segment, index: int, what: str, default: Decimal | None) -> Decimal | None:
    """A count (units, CAS quantity); `default` when the element is empty."""
    if not segment.get(index):
        return default
    return _read(_quantity_cache, _count, segment, index, what)


def d8(segment: Segment, index: int, what: str) -> date:
    """A CCYYMMDD date."""
    return _read(_date_cache, _date, segment, index, what)


def optional_d8(segment: Segment, index: int, what: str) -> date | None:
    return d8(segment, index, what) if segment.get(index) else None


def code(raw: str) -> str:
    """A code value (procedure, modifier, reason, group), stripped and shared."""
    return sys.intern(raw.strip())

"""Element values of an 835: money, quantities and dates, read strictly (X12's R and DT types),
so a value a payer system could not have meant (1e30, NaN, 31-02) is a problem, not a number.

Parsed values are shared: remittances repeat the same amounts, dates and codes thousands of times,
and one object per distinct value keeps a 100,000-claim file small in memory."""

from __future__ import annotations

import re
import sys
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


def _cached(cache: dict[str, T], key: str, value: T) -> T:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def money(segment: Segment, index: int, what: str) -> Decimal:
    """A required dollar amount, in cents: CLP03 '125.5' -> Decimal('125.50')."""
    raw = segment.get(index)
    found = _money_cache.get(raw)
    if found is not None:
        return found
    name = segment.name(index)
    if not raw:
        raise ParseError(f"{name} {what} is missing", index)
    if not _NUMBER.fullmatch(raw):
        raise ParseError(
            f"{name} {what} '{raw}' is not an amount (write digits with an "
            "optional minus sign and decimal point, e.g. 125.50)",
            index,
        )
    value = Decimal(raw)
    if abs(value) >= MONEY_LIMIT:
        raise ParseError(
            f"{name} {what} '{raw}' is beyond any plausible amount: the payer's "
            "file is corrupt; ask for a corrected 835",
            index,
        )
    if "." in raw and len(raw) - raw.index(".") - 1 > 2:
        raise ParseError(
            f"{name} {what} '{raw}' has fractions of a cent: an 835 amount has "
            "at most 2 decimal places",
            index,
        )
    return _cached(_money_cache, raw, value.quantize(_CENT))


def optional_money(segment: Segment, index: int, what: str) -> Decimal | None:
    return money(segment, index, what) if segment.get(index) else None


def quantity(segment: Segment, index: int, what: str, default: Decimal | None) -> Decimal | None:
    """A count (units, CAS quantity); `default` when the element is empty."""
    raw = segment.get(index)
    if not raw:
        return default
    found = _quantity_cache.get(raw)
    if found is not None:
        return found
    name = segment.name(index)
    if not _NUMBER.fullmatch(raw):
        raise ParseError(f"{name} {what} '{raw}' is not a number", index)
    value = Decimal(raw)
    if abs(value) >= QUANTITY_LIMIT:
        raise ParseError(
            f"{name} {what} '{raw}' is beyond any plausible quantity: the "
            "payer's file is corrupt; ask for a corrected 835",
            index,
        )
    return _cached(_quantity_cache, raw, value)


def d8(segment: Segment, index: int, what: str) -> date:
    """A CCYYMMDD date."""
    raw = segment.get(index)
    found = _date_cache.get(raw)
    if found is not None:
        return found
    name = segment.name(index)
    try:
        value = ccyymmdd(raw)
    except ValueError as exc:
        raise ParseError(f"{name} {what} '{raw}' {exc}", index) from None
    return _cached(_date_cache, raw, value)


def optional_d8(segment: Segment, index: int, what: str) -> date | None:
    return d8(segment, index, what) if segment.get(index) else None


def code(raw: str) -> str:
    """A code value (procedure, modifier, reason, group), stripped and shared."""
    return sys.intern(raw.strip())

"""Money as the workspace keeps it: whole cents in an INTEGER column (exact, and summed by
SQLite exactly). A module of its own so the views (queries, patterns, a code's history) read
amounts without loading the importer."""

from __future__ import annotations

from decimal import Decimal

CENTS = Decimal(100)


def to_cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * CENTS)


def from_cents(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-2)


def dollars(value: int | None) -> Decimal:
    """Whole cents as dollars, 0.00 for none (a sum over no rows, a column left empty)."""
    return Decimal(value or 0).scaleb(-2)

"""Small wording helpers every front end and message uses."""

from __future__ import annotations

import re
from decimal import Decimal

_LONG_RUN = re.compile(r"\S{201,}")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 day', '3 days', '1 claim', '0 claims', '8,770 rows'; `nouns` for irregular plurals."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def money(value: Decimal | None, none: str = "") -> str:
    """'$1,234.56', '-$12.00'; `none` for no amount ('', '-', 'not paid')."""
    if value is None:
        return none
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def decimal_text(value: Decimal | None) -> str | None:
    """An amount or quantity as JSON carries it: its exact text ('125.50', '1.5'), or None."""
    return None if value is None else str(value)


def cut_long_runs(text: str, keep: int = 40) -> str:
    """A message quoting a cell of thousands of characters without a space, cut to its first
    `keep` characters and how long it was (paths and codes, far shorter, stay whole)."""
    return _LONG_RUN.sub(lambda m: f"{m.group(0)[:keep]}... ({len(m.group(0)):,} characters)", text)

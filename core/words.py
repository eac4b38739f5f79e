"""Small wording helpers every front end and message uses."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 day', '3 days', '1 claim', '0 claims', '8,770 rows'; `nouns` for irregular plurals."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"

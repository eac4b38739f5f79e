"""Quarterly release dates for sources that CMS publishes four times a year (NCCI, MUE)."""

from __future__ import annotations

import re
from datetime import date, timedelta

_FILE_DATE_RES = [
    (re.compile(r"(\d{2})[-_](\d{2})[-_](20\d{2})"), ("m", "d", "y")),  # Eff_10-01-2025
    (re.compile(r"(20\d{2})-(\d{2})-(\d{2})"), ("y", "m", "d")),  # 2025-10-01
    (re.compile(r"(20\d{2})(\d{2})(\d{2})"), ("y", "m", "d")),  # 20251001
]


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: date) -> date:
    month = start.month + 3
    year = start.year + (month > 12)
    return date(year, (month - 1) % 12 + 1, 1) - timedelta(days=1)


def quarter_label(start: date) -> str:
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


def date_in_text(text: str) -> date | None:
    """The first plausible date written in a file name or banner, if any."""
    for pattern, order in _FILE_DATE_RES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                continue
    return None

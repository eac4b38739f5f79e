"""What a code pays, for the detail page: Medicare's amount in the chosen locality (national by
default) and the chosen payer's beside it, priced by the fee calculator itself (core/fees), so
the lookup and the calculator never disagree.

The lookup shows a code on a day (today) that may have no PFS release of its own (2026 with only
2025 files loaded); the code's figures then come from the newest release holding it and are
priced on a date that release covers, said in `note`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..fees import FeeError, LinePrice, LineRequest, price_line
from ..fees.model import cents
from ..refdata.pfs import release_dates
from ..workspace.payers import PayerProfile


@dataclass(frozen=True)
class DetailPricing:
    """The locality and payer the user chose for the lookup (kept between sessions by the UI)."""

    locality: str = "national"  # "13202-01" or "national"
    payer: PayerProfile | None = None


@dataclass(frozen=True)
class Amount:
    medicare: Decimal | None  # None: not paid under the fee schedule
    payer: Decimal | None  # the payer's share of Medicare, when a payer is chosen


@dataclass(frozen=True)
class PricedRow:
    modifier: str  # '', '26', 'TC', '53'
    non_facility: Amount
    facility: Amount


@dataclass(frozen=True)
class Pricer:
    """Prices one code on the date its shown release covers, in the chosen locality."""

    conn: sqlite3.Connection
    code: str
    day: date  # the date priced
    pricing: DetailPricing

    def line(
        self, modifiers: tuple[str, ...] = (), facility: bool = False, units: int = 1
    ) -> LinePrice | None:
        """The fee calculator's line, or None when it cannot price it (data not loaded)."""
        key = self.pricing.locality
        try:
            return price_line(
                self.conn,
                LineRequest(
                    self.code,
                    modifiers,
                    units,
                    None if key == "national" else key,
                    facility=facility,
                    date_of_service=self.day,
                ),
            )
        except FeeError:
            return None

    def amount(
        self, modifiers: tuple[str, ...] = (), facility: bool = False, units: int = 1
    ) -> Amount:
        line = self.line(modifiers, facility, units)
        value = line.unrounded_amount if line is not None else None
        if value is None:
            return Amount(None, None)
        payer = self.pricing.payer
        return Amount(cents(value), cents(value * payer.percent / 100) if payer else None)

    def locality_label(self) -> str:
        line = self.line()
        if line is None or not line.locality.carrier:
            return "National (GPCI 1.000)"
        loc = line.locality
        return f"{loc.state} {loc.name} ({loc.key}), {loc.release}"

    def problem(self) -> str:
        """Why the chosen locality cannot be priced ('' when it can)."""
        try:
            price_line(
                self.conn,
                LineRequest(
                    self.code,
                    (),
                    1,
                    None if self.pricing.locality == "national" else self.pricing.locality,
                    facility=False,
                    date_of_service=self.day,
                ),
            )
        except FeeError as exc:
            return str(exc)
        return ""


def pricer(
    conn: sqlite3.Connection, code: str, release: str, asked: date, pricing: DetailPricing
) -> tuple[Pricer, str]:
    """A pricer for the code's shown release, and a note when it prices another date than
    the one asked for (the release does not cover it)."""
    covered = release_dates(conn, release)
    if covered is None or covered[0] <= asked <= covered[1]:
        return Pricer(conn, code, asked, pricing), ""
    day = covered[0]
    return Pricer(conn, code, day, pricing), (
        f"Amounts as of {day.isoformat()} ({release}): no PFS release for "
        f"{asked.isoformat()} holds {code}."
    )


def priced_rows(price: Pricer, modifiers: list[str]) -> list[PricedRow]:
    """Non-facility and facility amounts of each PPRRVU row of the code (global, 26, TC...)."""
    rows = []
    for modifier in modifiers:
        chosen = (modifier,) if modifier else ()
        rows.append(PricedRow(modifier, price.amount(chosen, False), price.amount(chosen, True)))
    return rows

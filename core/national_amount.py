"""The national (GPCI 1.0) Medicare amount of one PPRRVU row, for the code lookup.

amount = (work + PE + MP) x CF, in Decimal, rounded half-up to cents once at the end. The fee
calculator (core/fees.py) prices by locality, modifiers and multiple procedures; this helper only
shows the unadjusted national figure next to a code and can be swapped for it later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .pfs_indicators import is_payable

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class NationalAmounts:
    non_facility: Decimal
    facility: Decimal
    non_facility_uses_facility_pe: bool   # non-facility PE is NA: paid at the facility rate
    facility_na: bool                     # CMS marks the facility setting NA (rarely done there)


def _dec(value: object) -> Decimal:
    try:
        return Decimal(str(value).strip() or "0")
    except InvalidOperation as exc:
        raise ValueError(f"'{value}' is not a decimal RVU") from exc


def amount(work: Decimal, pe: Decimal, mp: Decimal, cf: Decimal) -> Decimal:
    return ((work + pe + mp) * cf).quantize(CENTS, rounding=ROUND_HALF_UP)


def national_amounts(row: Mapping[str, object]) -> NationalAmounts | None:
    """Amounts for a stored pfs_rvu row (text figures), or None when its status is not paid
    under the fee schedule (only A, R and T are)."""
    if not is_payable(str(row["status"])):
        return None
    work, mp, cf = _dec(row["work_rvu"]), _dec(row["mp_rvu"]), _dec(row["conversion_factor"])
    fac_pe = _dec(row["fac_pe_rvu"])
    nonfac_na = bool(row["nonfac_na"])
    nonfac_pe = fac_pe if nonfac_na else _dec(row["nonfac_pe_rvu"])
    return NationalAmounts(amount(work, nonfac_pe, mp, cf), amount(work, fac_pe, mp, cf),
                           nonfac_na, bool(row["fac_na"]))

"""The national (GPCI 1.0) Medicare amount of one PPRRVU row, for the code lookup.

The fee calculator (core/fees) prices by locality, modifiers and multiple procedures; this is
its schedule formula at GPCI 1.000, shown next to a code in the lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..fees.schedule import price_row
from ..refdata.localities import NATIONAL
from ..refdata.pfs import RvuRow
from ..refdata.pfs_indicators import is_payable


@dataclass(frozen=True)
class NationalAmounts:
    non_facility: Decimal
    facility: Decimal
    non_facility_uses_facility_pe: bool  # non-facility PE is NA: paid at the facility rate
    facility_na: bool  # CMS marks the facility setting NA (rarely done there)


def national_amounts(row: RvuRow, cf: Decimal) -> NationalAmounts | None:
    """Amounts for a PPRRVU row, or None when its status is not paid under the fee schedule
    (only A, R and T are). The fee calculator's own formula, at GPCI 1.000 and the conversion
    factor of the date (which may differ from the one printed in the row: 2026's qualifying
    APM factor, or a mid-year change)."""
    if not is_payable(row["status"]):
        return None
    priced = price_row(row, NATIONAL, cf)
    assert priced.nonfacility_fee is not None and priced.facility_fee is not None
    return NationalAmounts(
        priced.nonfacility_fee, priced.facility_fee, row["nonfac_na"] == "1", row["fac_na"] == "1"
    )

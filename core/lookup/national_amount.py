"""The national (GPCI 1.0) Medicare amount of one PPRRVU row, for the code lookup.

The fee calculator (core/fees) prices by locality, modifiers and multiple procedures; this is
its schedule formula at GPCI 1.000, shown next to a code in the lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..fees.reference import NATIONAL, RvuRow
from ..fees.schedule import price_row
from ..refdata.pfs_indicators import is_payable


@dataclass(frozen=True)
class NationalAmounts:
    non_facility: Decimal
    facility: Decimal
    non_facility_uses_facility_pe: bool   # non-facility PE is NA: paid at the facility rate
    facility_na: bool                     # CMS marks the facility setting NA (rarely done there)


def national_amounts(row: Mapping[str, object]) -> NationalAmounts | None:
    """Amounts for a stored pfs_rvu row (text figures), or None when its status is not paid
    under the fee schedule (only A, R and T are). The fee calculator's own formula, at GPCI
    1.000 and the conversion factor printed in the row."""
    if not is_payable(str(row["status"])):
        return None
    rvu = RvuRow("", {key: str(value) for key, value in row.items()})
    priced = price_row(rvu, NATIONAL, rvu.dec("conversion_factor"))
    assert priced.nonfacility_fee is not None and priced.facility_fee is not None
    return NationalAmounts(priced.nonfacility_fee, priced.facility_fee,
                           rvu["nonfac_na"] == "1", rvu["fac_na"] == "1")

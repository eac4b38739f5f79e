"""The remittance the remit tests share: Medicare's answer to four chest x-rays (71046, $90.00
each, on 11/03/2025) of patients P1 to P4, claims C1 to C4: three denied for the modifier, one
paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.support.x12_835_writer import PaidClaim, PaidLine

X_RAY_DOS = date(2025, 11, 3)
X_RAY_CHARGE = Decimal("90.00")
DENIED_FOR_THE_MODIFIER = (("CO", "4", X_RAY_CHARGE),)  # CARC 4: the modifier is missing


def x_ray(
    claim_id: str,
    patient_id: str,
    adjustments: tuple[tuple[str, str, Decimal], ...],
    status: str = "1",
    remarks: tuple[str, ...] = (),
) -> PaidClaim:
    """The payer's answer to one chest x-ray: its line adjusted by `adjustments`."""
    line = PaidLine(
        "71046", X_RAY_CHARGE, service_date=X_RAY_DOS, adjustments=adjustments, remarks=remarks
    )
    return PaidClaim(claim_id, [line], status=status, patient_id=patient_id)


def denied_x_ray(claim_id: str, patient_id: str, remarks: tuple[str, ...] = ()) -> PaidClaim:
    """A chest x-ray denied for the modifier (claim status 4, CO 4 for the whole charge)."""
    return x_ray(claim_id, patient_id, DENIED_FOR_THE_MODIFIER, status="4", remarks=remarks)


def x_ray_answers(
    paid_adjustments: tuple[tuple[str, str, Decimal], ...], denial_remarks: tuple[str, ...] = ()
) -> list[PaidClaim]:
    """C1 to C3 denied for the modifier (with `denial_remarks`), C4 paid after
    `paid_adjustments`."""
    denied = [denied_x_ray(f"C{n}", f"P{n}", denial_remarks) for n in range(1, 4)]
    return [*denied, x_ray("C4", "P4", paid_adjustments)]

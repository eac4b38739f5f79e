"""Does a remittance add up? The 835's own balancing rules:
- a claim: charge (CLP03) - every adjustment on it (claim-level and line-level CAS) = paid (CLP04);
- a service line: charge (SVC02) - its CAS = paid (SVC03);
- a transaction: the claims' payments (sum of CLP04) - the provider adjustments (PLB, positive =
  withheld) = the payment (BPR02).
An amount that does not add up is a notice for the biller (the payer's arithmetic, or a file that
lost segments), never an error: the values are kept as the payer sent them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.claims_io.problems import Problem

from .model import RemitClaim, RemitLine, Remittance

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ClaimBalance:
    claim: RemitClaim
    adjusted: Decimal  # claim-level + line-level CAS amounts
    difference: Decimal  # charge - adjusted - paid; 0 when the claim balances
    unbalanced_lines: tuple[tuple[RemitLine, Decimal], ...]

    @property
    def balanced(self) -> bool:
        return self.difference == 0 and not self.unbalanced_lines


@dataclass(frozen=True)
class PaymentBalance:
    remittance: Remittance
    claims_paid: Decimal  # sum of CLP04
    provider_adjusted: Decimal  # sum of PLB amounts (positive = withheld)
    difference: Decimal | None  # BPR02 - (claims_paid - provider_adjusted); None: no BPR02

    @property
    def expected_payment(self) -> Decimal:
        return self.claims_paid - self.provider_adjusted

    @property
    def balanced(self) -> bool:
        return self.difference == 0


def line_difference(line: RemitLine) -> Decimal:
    return line.charge - line.adjusted - line.paid


def claim_balance(claim: RemitClaim) -> ClaimBalance:
    adjusted = sum((a.amount for a in claim.all_adjustments()), ZERO)
    lines = tuple((line, d) for line in claim.lines if (d := line_difference(line)) != 0)
    return ClaimBalance(claim, adjusted, claim.charge - adjusted - claim.paid, lines)


def payment_balance(remittance: Remittance) -> PaymentBalance:
    paid = sum((c.paid for c in remittance.claims), ZERO)
    withheld = sum((p.amount for p in remittance.provider_adjustments), ZERO)
    payment = remittance.payment_amount
    difference = None if payment is None else payment - (paid - withheld)
    return PaymentBalance(remittance, paid, withheld, difference)


def balance_notices(remittances: Iterable[Remittance]) -> list[Problem]:
    """One notice per claim, line or transaction that does not add up, placed at its segment."""
    notices: list[Problem] = []
    for remittance in remittances:
        file = remittance.file
        for claim in remittance.claims:
            check = claim_balance(claim)
            if check.difference:
                notices.append(
                    _unbalanced(
                        file,
                        claim,
                        f"claim {claim.patient_control_number}",
                        claim.charge,
                        check.adjusted,
                        claim.paid,
                        off_by=check.difference,
                        at=(claim.segment, "CLP04"),
                    )
                )
            for line, difference in check.unbalanced_lines:
                notices.append(
                    _unbalanced(
                        file,
                        claim,
                        f"service line {line.code} of claim {claim.patient_control_number}",
                        line.charge,
                        line.adjusted,
                        line.paid,
                        off_by=difference,
                        at=(line.segment, "SVC03"),
                    )
                )
        check_payment = payment_balance(remittance)
        if check_payment.difference:
            notices.append(
                Problem(
                    file,
                    f"the payment of transaction {remittance.transaction_control_number} "
                    f"(trace {remittance.trace_number}) does not balance: claims paid "
                    f"{check_payment.claims_paid} - provider adjustments (PLB) "
                    f"{check_payment.provider_adjusted} = {check_payment.expected_payment}, but "
                    f"BPR02 says {remittance.payment_amount} (off by {check_payment.difference})",
                    row=remittance.segment,
                    kind="segment",
                )
            )
    return notices


def _unbalanced(
    file: str,
    claim: RemitClaim,
    what: str,
    charge: Decimal,
    adjusted: Decimal,
    paid: Decimal,
    off_by: Decimal,
    at: tuple[int, str],
) -> Problem:
    """The notice that `what` (a claim, one of its service lines) does not add up: its charge
    less its adjustments is not what the payer paid. `at`: its segment and element."""
    segment, element = at
    return Problem(
        file,
        f"{what} does not balance: charge {charge} - adjustments {adjusted} = "
        f"{charge - adjusted}, but the payer paid {paid} (off by {off_by})",
        row=segment,
        column=element,
        claim_id=claim.patient_control_number,
        kind="segment",
    )

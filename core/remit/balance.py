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
                    Problem(
                        file,
                        f"claim {claim.patient_control_number} does not balance: charge "
                        f"{claim.charge} - adjustments {check.adjusted} = "
                        f"{claim.charge - check.adjusted}, but the payer paid {claim.paid} "
                        f"(off by {check.difference})",
                        row=claim.segment,
                        column="CLP04",
                        claim_id=claim.patient_control_number,
                        kind="segment",
                    )
                )
            for line, difference in check.unbalanced_lines:
                notices.append(
                    Problem(
                        file,
                        f"service line {line.code} of claim {claim.patient_control_number} "
                        f"does not balance: charge {line.charge} - adjustments {line.adjusted} "
                        f"= {line.charge - line.adjusted}, but the payer paid {line.paid} (off by "
                        f"{difference})",
                        row=line.segment,
                        column="SVC03",
                        claim_id=claim.patient_control_number,
                        kind="segment",
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

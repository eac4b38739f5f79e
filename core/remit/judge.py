"""What a remittance means for the biller: was a line denied, and by which reason; is the claim
paid, partially paid, denied, reversed or pended. Pure functions over the values of model.py.

A line is denied when the payer paid nothing for it although it was charged, and what it did not
pay is not only the patient's share and contractual write-offs: some other reason (missing
information, bundling, medical necessity...) refused it. That reason, the largest such adjustment,
is the denial reason; the amounts of those adjustments are the dollars denied."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from .codes import carc_category
from .model import Adjustment, RemitClaim, RemitLine

PAID, PARTIAL, DENIED, REVERSED, PENDED = "paid", "partially paid", "denied", "reversed", "pended"
CLAIM_STATUSES = (PAID, PARTIAL, DENIED, REVERSED, PENDED)
PENDED_CODES = frozenset({"5", "10", "13", "15", "16", "17", "25", "27"})
SEQUESTRATION = "253"
# Categories of adjustments that reduce a payment without refusing the service.
NOT_REFUSALS = frozenset({"patient responsibility", "contractual", "pricing/fee schedule"})
# The prior payer's adjudication (a secondary claim's COB) is not a refusal either.
NOT_REFUSAL_CODES = frozenset({"23"})
ZERO = Decimal(0)


class Denial(NamedTuple):
    reason: str  # the CARC that refused the line
    group: str  # its CAS group (CO, OA, PI, CR)
    amount: Decimal  # the dollars refused (every refusing adjustment on the line)


def refuses(adjustment: Adjustment) -> bool:
    """An adjustment that refuses (part of) a service, as opposed to a contractual write-off,
    a pricing reduction or the patient's share."""
    if adjustment.group == "PR" or adjustment.reason in NOT_REFUSAL_CODES:
        return False
    return carc_category(adjustment.reason) not in NOT_REFUSALS


def counted(claim: RemitClaim) -> bool:
    """Does the claim count in denial rates? Reversals and pended claims do not."""
    return claim.status not in PENDED_CODES and not claim.reversal


def line_denial(claim: RemitClaim, line: RemitLine) -> Denial | None:
    """The denial of one line, or None when it was paid (or not refused)."""
    if not counted(claim) or line.paid > 0 or line.charge <= 0:
        return None
    refusing = [a for a in line.adjustments if refuses(a) and a.amount > 0]
    if not refusing and not line.adjustments:
        refusing = [a for a in claim.adjustments if refuses(a) and a.amount > 0]
    if not refusing and claim.denied:  # status 4 with only write-off codes: still a denial
        refusing = [
            a for a in (line.adjustments or claim.adjustments) if a.group != "PR" and a.amount > 0
        ]
    if not refusing:
        return None
    top = max(refusing, key=lambda a: a.amount)
    amount = sum((a.amount for a in refusing), ZERO)
    return Denial(top.reason, top.group, min(amount, line.charge))


def claim_denial(claim: RemitClaim) -> Denial | None:
    """For a claim without service lines: its claim-level denial."""
    if claim.lines or not counted(claim) or claim.paid > 0 or claim.charge <= 0:
        return None
    refusing = [a for a in claim.adjustments if refuses(a) and a.amount > 0]
    if not refusing and claim.denied:
        refusing = [a for a in claim.adjustments if a.group != "PR" and a.amount > 0]
    if not refusing:
        return Denial("", "", claim.charge) if claim.denied else None
    top = max(refusing, key=lambda a: a.amount)
    return Denial(top.reason, top.group, min(sum((a.amount for a in refusing), ZERO), claim.charge))


def claim_status(claim: RemitClaim, denials: Iterable[Denial | None]) -> str:
    """paid, partially paid, denied, reversed or pended; `denials` are its lines' denials."""
    if claim.reversal:
        return REVERSED
    if claim.status in PENDED_CODES:
        return PENDED
    judged = list(denials)
    if not judged:
        return DENIED if claim.denied or claim_denial(claim) else PAID
    refused = sum(1 for d in judged if d is not None)
    if claim.denied or refused == len(judged):
        return DENIED
    return PARTIAL if refused else PAID


def amount_of(
    adjustments: Iterable[Adjustment], *, group: str | None = None, reason: str | None = None
) -> Decimal:
    return sum(
        (
            a.amount
            for a in adjustments
            if (group is None or a.group == group) and (reason is None or a.reason == reason)
        ),
        ZERO,
    )

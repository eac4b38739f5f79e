"""A remittance claim judged for the biller: its status, each line's denial and what it should
have paid, and the worklist claim it answers. Built by `assess`; stored by store.py and printed
by the CLI (`to_dict`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from core.words import decimal_text

from .expected import ClaimFacts, Expectation, Expecter, LineFacts
from .judge import (
    SEQUESTRATION,
    Denial,
    amount_of,
    claim_denial,
    claim_status,
    counted,
    line_denial,
)
from .matching import Match
from .model import Adjustment, RemitClaim, RemitLine, Remittance


class AssessedLine(NamedTuple):
    line: RemitLine
    billed_modifiers: tuple[str, ...]
    denial: Denial | None
    expectation: Expectation


@dataclass(frozen=True)
class AssessedClaim:
    claim: RemitClaim
    status: str
    counted: bool
    match: Match
    denial: Denial | None  # claim-level, for a claim without service lines
    lines: tuple[AssessedLine, ...]


def billed_modifiers(line: RemitLine) -> tuple[str, ...]:
    return line.submitted_modifiers if line.submitted_code else line.modifiers


def assess(
    remittance: Remittance, claim: RemitClaim, match: Match, expecter: Expecter
) -> AssessedClaim:
    denials = [line_denial(claim, line) for line in claim.lines]
    ours = match.claim
    facts = ClaimFacts(
        payer_names=(ours.payer if ours else "", remittance.payer_name),
        filing_indicator=claim.filing_indicator,
        zip_code=ours.service_zip if ours else "",
        pos=(ours.pos if ours else "") or _pos(claim.facility_code),
        counted=counted(claim),
        lines=tuple(
            _facts(claim, line, denial is not None)
            for line, denial in zip(claim.lines, denials, strict=True)
        ),
    )
    expectations = expecter.claim(facts)
    lines = tuple(
        AssessedLine(line, billed_modifiers(line), denial, expected)
        for line, denial, expected in zip(claim.lines, denials, expectations, strict=True)
    )
    return AssessedClaim(
        claim, claim_status(claim, denials), counted(claim), match, claim_denial(claim), lines
    )


def _pos(facility_code: str) -> str:
    """CLP08 of a professional claim is its place of service (two digits)."""
    return facility_code if len(facility_code) == 2 and facility_code.isdigit() else ""


def _facts(claim: RemitClaim, line: RemitLine, denied: bool) -> LineFacts:
    return LineFacts(
        code=line.billed_code,
        modifiers=billed_modifiers(line),
        units=line.units,
        service_date=line.service_date or (claim.service_dates[0] if claim.service_dates else None),
        paid=line.paid,
        patient_share=amount_of(line.adjustments, group="PR"),
        sequestration=amount_of(line.adjustments, reason=SEQUESTRATION),
        denied=denied,
    )


def adjustment_dicts(adjustments: Iterable[Adjustment]) -> list[dict[str, object]]:
    return [{"group": a.group, "reason": a.reason, "amount": str(a.amount)} for a in adjustments]


def line_dict(item: AssessedLine) -> dict[str, object]:
    line, expected = item.line, item.expectation
    return {
        "code": line.billed_code,
        "modifiers": list(item.billed_modifiers),
        "units": format(line.units, "f"),
        "charge": str(line.charge),
        "allowed": decimal_text(line.allowed),
        "paid": str(line.paid),
        "adjustments": adjustment_dicts(line.adjustments),
        "remarks": list(line.remarks),
        "service_date": line.service_date.isoformat() if line.service_date else None,
        "denied": item.denial is not None,
        "denial_reason": item.denial.reason if item.denial else None,
        "expected": decimal_text(expected.paid),
        "expected_basis": expected.basis,
        "underpaid": str(expected.underpaid) if expected.underpaid else None,
        "segment": line.segment,
    }


def claim_dict(item: AssessedClaim) -> dict[str, object]:
    c = item.claim
    return {
        "claim_id": c.patient_control_number,
        "status": item.status,
        "status_code": c.status,
        "charge": str(c.charge),
        "paid": str(c.paid),
        "patient_responsibility": decimal_text(c.patient_responsibility),
        "matched_claim": item.match.claim.claim_id if item.match.claim else None,
        "match": item.match.method,
        "patient": c.patient_name,
        "adjustments": adjustment_dicts(c.adjustments),
        "remarks": list(c.remarks),
        "lines": [line_dict(line) for line in item.lines],
        "segment": c.segment,
    }

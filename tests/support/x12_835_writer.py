"""Test data: write a 5010 835 (005010X221A1) from simple dataclasses, the way a payer would
answer our claims. Totals left as None are computed so the file balances: a line's charge minus
its adjustments is its payment, a claim's charge and payment are its lines' sums, and the BPR02
payment is the claims' payments minus the provider adjustments (PLB).

    write_835(path, [Payment("TRACE1", claims=[PaidClaim("C1", lines=[...])])])

Claims may be a generator (the 100,000-claim benchmark streams them; give payment_amount then,
or the claims are held once to sum them). `answer_claims` turns worklist claims (the project's
Claim model) into paid or denied remittance claims."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TextIO

CENT = Decimal("0.01")


@dataclass
class PaidLine:
    code: str
    charge: Decimal
    paid: Decimal | None = None  # None: charge - adjustments
    modifiers: tuple[str, ...] = ()
    units: Decimal | None = None  # None: SVC05 left out (means 1)
    service_date: date | None = date(2026, 10, 1)
    service_end: date | None = None  # with service_date: DTM*150/151
    allowed: Decimal | None = None
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # (group, reason, amount)
    remarks: tuple[str, ...] = ()
    control_number: str = ""
    qualifier: str = "HC"

    def paid_amount(self) -> Decimal:
        if self.paid is not None:
            return self.paid
        return self.charge - sum((a for _, _, a in self.adjustments), Decimal(0))


@dataclass
class PaidClaim:
    claim_id: str
    lines: tuple[PaidLine, ...] | list[PaidLine] = ()
    status: str = "1"
    charge: Decimal | None = None  # None: sum of the lines
    paid: Decimal | None = None  # None: sum of the lines
    patient_responsibility: Decimal | None = None  # None: sum of the PR adjustments
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # claim-level CAS
    filing_indicator: str = "MB"
    payer_claim_number: str = ""
    patient_last: str = "DOE"
    patient_first: str = "JANE"
    patient_id: str = "1EG4TE5MK73"
    rendering_npi: str = ""
    statement_start: date | None = None
    statement_end: date | None = None
    received: date | None = None
    remarks: tuple[str, ...] = ()  # MOA remark codes

    def charge_amount(self) -> Decimal:
        if self.charge is not None:
            return self.charge
        return sum((line.charge for line in self.lines), Decimal(0))

    def paid_amount(self) -> Decimal:
        if self.paid is not None:
            return self.paid
        return sum((line.paid_amount() for line in self.lines), Decimal(0)) - sum(
            (a for _, _, a in self.adjustments), Decimal(0)
        )

    def patient_amount(self) -> Decimal:
        if self.patient_responsibility is not None:
            return self.patient_responsibility
        every = list(self.adjustments) + [a for line in self.lines for a in line.adjustments]
        return sum((a for group, _, a in every if group == "PR"), Decimal(0))


@dataclass
class Payment:
    """One ST..SE transaction: one check or EFT from one payer to one payee."""

    trace_number: str
    claims: Iterable[PaidClaim] = ()
    payment_amount: Decimal | None = None  # None: sum of claims paid - PLB
    provider_adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # (reason, id, amount)
    payer_name: str = "MEDICARE PART B"
    payer_id: str = "01112"
    payee_name: str = "RIVERSIDE CLINIC"
    payee_npi: str = "1234567893"
    payee_tin: str = "361234567"
    payment_date: date = date(2026, 11, 20)
    production_date: date = date(2026, 11, 18)
    method: str = "ACH"
    handling: str = "I"
    fiscal_period_end: date = date(2026, 12, 31)
    extra: list[str] = field(default_factory=list)  # raw segments added before SE


def d8(day: date) -> str:
    return day.strftime("%Y%m%d")


def money(amount: Decimal) -> str:
    """X12 R: no trailing zeros needed, no thousands separator ('125.5', '-86.76', '0')."""
    return format(amount.quantize(CENT, ROUND_HALF_UP).normalize(), "f")


def line_segments(line: PaidLine) -> Iterator[str]:
    composite = ":".join([line.qualifier, line.code, *line.modifiers])
    svc = ["SVC", composite, money(line.charge), money(line.paid_amount())]
    if line.units is not None:
        svc += ["", format(line.units, "f")]
    yield "*".join(svc)
    if line.service_date and line.service_end:
        yield f"DTM*150*{d8(line.service_date)}"
        yield f"DTM*151*{d8(line.service_end)}"
    elif line.service_date:
        yield f"DTM*472*{d8(line.service_date)}"
    yield from cas_segments(line.adjustments)
    if line.control_number:
        yield f"REF*6R*{line.control_number}"
    if line.allowed is not None:
        yield f"AMT*B6*{money(line.allowed)}"
    for remark in line.remarks:
        yield f"LQ*HE*{remark}"


def cas_segments(adjustments: Iterable[tuple[str, str, Decimal]]) -> Iterator[str]:
    """One CAS per group, up to six reason/amount triplets each."""
    by_group: dict[str, list[tuple[str, Decimal]]] = {}
    for group, reason, amount in adjustments:
        by_group.setdefault(group, []).append((reason, amount))
    for group, pairs in by_group.items():
        for start in range(0, len(pairs), 6):
            elements = ["CAS", group]
            for reason, amount in pairs[start : start + 6]:
                elements += [reason, money(amount), ""]
            yield "*".join(elements).rstrip("*")


def claim_segments(claim: PaidClaim) -> Iterator[str]:
    yield "*".join(
        [
            "CLP",
            claim.claim_id,
            claim.status,
            money(claim.charge_amount()),
            money(claim.paid_amount()),
            money(claim.patient_amount()),
            claim.filing_indicator,
            claim.payer_claim_number or f"P{claim.claim_id}",
            "11",
            "1",
        ]
    )
    yield from cas_segments(claim.adjustments)
    yield f"NM1*QC*1*{claim.patient_last}*{claim.patient_first}****MI*{claim.patient_id}"
    if claim.rendering_npi:
        yield f"NM1*82*1*RENDERING*DOC****XX*{claim.rendering_npi}"
    if claim.remarks:
        yield "MOA***" + "*".join(claim.remarks[:5])
    for qualifier, day in (
        ("050", claim.received),
        ("232", claim.statement_start),
        ("233", claim.statement_end),
    ):
        if day:
            yield f"DTM*{qualifier}*{d8(day)}"
    for line in claim.lines:
        yield from line_segments(line)


def transaction_segments(payment: Payment, number: int) -> Iterator[str]:
    """ST..SE; the SE count is kept as the segments go by."""
    claims: Iterable[PaidClaim] = payment.claims
    amount = payment.payment_amount
    withheld = sum((a for _, _, a in payment.provider_adjustments), Decimal(0))
    if amount is None:
        claims = list(claims)
        amount = sum((c.paid_amount() for c in claims), Decimal(0)) - withheld
    count = 0

    def counted(segment: str) -> str:
        nonlocal count
        count += 1
        return segment

    yield counted(f"ST*835*{number:04d}*005010X221A1")
    yield counted(
        f"BPR*{payment.handling}*{money(amount)}*C*{payment.method}"
        + "*" * 12
        + d8(payment.payment_date)
    )
    yield counted(f"TRN*1*{payment.trace_number}*1{payment.payer_id:0>9}")
    yield counted(f"DTM*405*{d8(payment.production_date)}")
    yield counted(f"N1*PR*{payment.payer_name}*XV*{payment.payer_id}")
    yield counted(f"N1*PE*{payment.payee_name}*XX*{payment.payee_npi}")
    yield counted(f"REF*TJ*{payment.payee_tin}")
    yield counted("LX*1")
    for claim in claims:
        for segment in claim_segments(claim):
            yield counted(segment)
    pairs = list(payment.provider_adjustments)
    for start in range(0, len(pairs), 6):
        parts = [
            f"{reason}:{ident}*{money(amount)}" if ident else f"{reason}*{money(amount)}"
            for reason, ident, amount in pairs[start : start + 6]
        ]
        yield counted(f"PLB*{payment.payee_npi}*{d8(payment.fiscal_period_end)}*" + "*".join(parts))
    for segment in payment.extra:
        yield counted(segment)
    yield f"SE*{count + 1}*{number:04d}"


def interchange_segments(payments: Iterable[Payment], control_number: int = 1) -> Iterator[str]:
    icn = f"{control_number:09d}"
    yield (
        f"ISA*00*          *00*          *ZZ*{'PAYERSENDER':<15}*ZZ*{'OURCLINIC':<15}*"
        f"261120*0930*^*00501*{icn}*0*P*:"
    )
    yield f"GS*HP*PAYERSENDER*OURCLINIC*20261120*0930*{control_number}*X*005010X221A1"
    count = 0
    for count, payment in enumerate(payments, start=1):
        yield from transaction_segments(payment, count)
    yield f"GE*{count}*{control_number}"
    yield f"IEA*1*{icn}"


def write_835(out: Path | TextIO, payments: Iterable[Payment], control_number: int = 1) -> None:
    """One interchange; call with an open file again (another control number) for several."""
    if isinstance(out, Path):
        with out.open("w", encoding="ascii", newline="") as handle:
            write_835(handle, payments, control_number)
        return
    for segment in interchange_segments(payments, control_number):
        out.write(segment + "~\n")


def text_835(payments: Iterable[Payment], control_number: int = 1) -> str:
    return "".join(s + "~\n" for s in interchange_segments(payments, control_number))


def answer_claims(
    claims: Iterable,
    *,
    allowed_share: Decimal = Decimal("0.6"),
    denied: dict[str, str] | None = None,
) -> list[PaidClaim]:
    """Remittance claims answering worklist claims (core.claims.model.Claim): each line allowed
    at `allowed_share` of its charge (CO 45 writes off the rest), the payer pays 80% of the
    allowed amount and the patient owes 20% (PR 2); a claim whose id is in `denied` is denied
    with that reason (CO, every line unpaid)."""
    denied = denied or {}
    answers = []
    for claim in claims:
        reason = denied.get(claim.claim_id)
        lines = []
        for line in claim.lines:
            charge = line.charge or Decimal(0)
            if reason:
                adjustments = (("CO", reason, charge),)
                allowed = None
            else:
                allowed: Decimal | None = (charge * allowed_share).quantize(CENT, ROUND_HALF_UP)
                patient = (allowed * Decimal("0.2")).quantize(CENT, ROUND_HALF_UP)
                adjustments = (("CO", "45", charge - allowed), ("PR", "2", patient))
            lines.append(
                PaidLine(
                    line.code,
                    charge,
                    modifiers=line.modifiers,
                    units=line.units,
                    service_date=line.dos,
                    allowed=allowed,
                    adjustments=adjustments,
                    control_number=f"{claim.claim_id}-{line.number}",
                )
            )
        last, _, first = claim.patient.name.partition(", ")
        answers.append(
            PaidClaim(
                claim.claim_id,
                lines,
                status="4" if reason else "1",
                patient_last=last or "PATIENT",
                patient_first=first,
                patient_id=claim.patient.id,
                filing_indicator=claim.filing_indicator or "MB",
            )
        )
    return answers

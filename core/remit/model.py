"""What an X12 835 remittance says, as plain frozen values: one Remittance per ST..SE transaction,
its claims (CLP), their service lines (SVC) and the adjustments (CAS) on both, and the
provider-level adjustments (PLB). Money is Decimal as written in the file (cents); nothing here
touches a database or Qt.

Signs follow the 835: a positive CAS amount reduces the payment, a negative one adds to it; a
positive PLB amount is money the payer withholds from this payment, a negative one adds to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# CLP02, in our words (4010 also had 5, 10, 13, 15, 16, 17 and 27: pended or suspended).
CLAIM_STATUS = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "5": "pended",
    "10": "received, not yet in process",
    "13": "suspended",
    "15": "suspended: under investigation",
    "16": "suspended: returned for more information",
    "17": "suspended: review pending",
    "19": "processed as primary, forwarded to another payer",
    "20": "processed as secondary, forwarded to another payer",
    "21": "processed as tertiary, forwarded to another payer",
    "22": "reversal of a previous payment",
    "23": "not our claim, forwarded to another payer",
    "25": "predetermination: priced, not paid",
    "27": "reviewed",
}
PAID_STATUSES = frozenset({"1", "2", "3", "19", "20", "21"})

# CAS01 claim adjustment group codes, in our words.
ADJUSTMENT_GROUP = {
    "CO": "contractual obligation (provider writes it off)",
    "PR": "patient responsibility",
    "OA": "other adjustment",
    "PI": "payer-initiated reduction",
    "CR": "correction or reversal (4010 only)",
}


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One reason/amount/quantity triplet of a CAS segment (a CAS carries up to six)."""

    group: str  # CO, PR, OA, PI, CR
    reason: str  # claim adjustment reason code (CARC), e.g. "45"
    amount: Decimal  # positive reduces the payment
    quantity: Decimal | None
    segment: int  # the CAS segment's number in the file


@dataclass(frozen=True, slots=True)
class RemitLine:
    """One SVC loop (2110): what the payer did with one service line."""

    qualifier: str  # SVC01-1: HC (HCPCS/CPT), AD, ER, IV, N4, NU, ZZ...
    code: str  # SVC01-2
    modifiers: tuple[str, ...]  # SVC01-3..6
    charge: Decimal  # SVC02
    paid: Decimal  # SVC03
    units: Decimal  # SVC05 (1 when not given)
    revenue_code: str  # SVC04 (institutional; "" when not given)
    submitted_code: str  # SVC06-2: the code as billed, when the payer changed it
    submitted_modifiers: tuple[str, ...]
    service_date: date | None  # DTM*472, or DTM*150 (range start)
    service_end: date | None  # DTM*151 (range end); None for a single day
    allowed: Decimal | None  # AMT*B6
    adjustments: tuple[Adjustment, ...]
    remarks: tuple[str, ...]  # LQ*HE remark codes (RARC)
    control_number: str  # REF*6R: the line item control number we sent
    segment: int  # the SVC segment's number in the file

    @property
    def billed_code(self) -> str:
        """The code as it was billed (matching a worklist line goes by this)."""
        return self.submitted_code or self.code

    @property
    def adjusted(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), Decimal(0))


@dataclass(frozen=True, slots=True)
class RemitClaim:
    """One CLP loop (2100): the payer's decision on one claim."""

    patient_control_number: str  # CLP01: the claim id we sent
    status: str  # CLP02
    charge: Decimal  # CLP03
    paid: Decimal  # CLP04
    patient_responsibility: Decimal | None  # CLP05 (optional in the 835)
    filing_indicator: str  # CLP06: MA, MB Medicare, MC Medicaid, 12 PPO, CI...
    payer_claim_number: str  # CLP07: the payer's internal control number
    facility_code: str  # CLP08 (place of service or type of bill)
    frequency: str  # CLP09 (1 original, 7 replacement, 8 void)
    patient_last: str  # NM1*QC
    patient_first: str
    patient_id: str  # NM1*QC09
    insured_id: str  # NM1*IL09 (when the patient is not the subscriber)
    rendering_name: str  # NM1*82 ("" when not given)
    rendering_id: str  # NM1*82 09 (NPI when rendering_id_qualifier is XX)
    rendering_id_qualifier: str
    statement_start: date | None  # DTM*232
    statement_end: date | None  # DTM*233
    received: date | None  # DTM*050
    adjustments: tuple[Adjustment, ...]  # claim-level CAS
    remarks: tuple[str, ...]  # MOA / MIA remark codes (RARC)
    lines: tuple[RemitLine, ...]
    segment: int  # the CLP segment's number in the file

    @property
    def status_word(self) -> str:
        return CLAIM_STATUS.get(self.status, f"status {self.status} (not a known CLP02 code)")

    @property
    def denied(self) -> bool:
        return self.status == "4"

    @property
    def reversal(self) -> bool:
        return self.status == "22"

    @property
    def patient_name(self) -> str:
        return ", ".join(part for part in (self.patient_last, self.patient_first) if part)

    @property
    def service_dates(self) -> tuple[date, ...]:
        """Every date of service on the claim, earliest first (lines, else the statement)."""
        days = {d for line in self.lines for d in (line.service_date, line.service_end) if d}
        if not days:
            days = {d for d in (self.statement_start, self.statement_end) if d}
        return tuple(sorted(days))

    def all_adjustments(self) -> tuple[Adjustment, ...]:
        return self.adjustments + tuple(a for line in self.lines for a in line.adjustments)


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """One reason/amount pair of a PLB segment: money the payer takes back (positive) or adds
    (negative) at the provider level, not tied to one claim in this remittance."""

    provider_id: str  # PLB01
    fiscal_period_end: date | None  # PLB02
    reason: str  # PLB03-1: e.g. WO overpayment recovery, L6 interest, 72
    identifier: str  # PLB03-2: often the claim or invoice it concerns
    amount: Decimal
    segment: int


@dataclass(frozen=True, slots=True)
class Remittance:
    """One ST..SE 835 transaction: one payment (or notice) from one payer to one payee."""

    file: str
    interchange_control_number: str  # ISA13
    transaction_control_number: str  # ST02
    version: str  # GS08, e.g. 005010X221A1 or 004010X091A1
    trace_number: str  # TRN02: check or EFT trace number
    trace_originator: str  # TRN03
    handling: str  # BPR01
    payment_amount: Decimal | None  # BPR02 (None when it could not be read)
    credit_debit: str  # BPR03: C credit, D debit
    payment_method: str  # BPR04: ACH, CHK, FWT, BOP, NON
    payment_date: date | None  # BPR16
    production_date: date | None  # DTM*405
    payer_name: str  # N1*PR
    payer_id: str  # N1*PR04, else REF*2U
    payee_name: str  # N1*PE
    payee_npi: str  # N1*PE with XX
    payee_tin: str  # N1*PE with FI, else REF*TJ
    claims: tuple[RemitClaim, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...]
    segment: int  # the ST segment's number in the file
    complete: bool = True  # False: the file ended before this transaction's SE

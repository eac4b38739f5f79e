"""The loops of one 835 transaction while they are read: the header (BPR, TRN, DTM*405, payer
1000A and payee 1000B), each claim (2100 CLP) and each service line (2110 SVC). x12_835.py feeds
them segments and turns them into the frozen values of model.py. A malformed element raises
ParseError (with the element's index); x12_835.py reports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.claims_io.x12_segments import Segment

from .model import Adjustment, ProviderAdjustment, RemitClaim, RemitLine
from .x12_values import ParseError, code, d8, money, optional_d8, optional_money, quantity

ONE = Decimal(1)
CAS_GROUPS = frozenset({"CO", "PR", "OA", "PI", "CR"})


def cas(segment: Segment) -> list[Adjustment]:
    """CAS01 group, then up to six reason/amount/quantity triplets (CAS02-04 ... CAS17-19)."""
    group = code(segment.get(1))
    if group not in CAS_GROUPS:
        raise ParseError(f"CAS01 group code '{group}' is not CO, PR, OA, PI or CR", 1)
    found: list[Adjustment] = []
    for start in range(2, 20, 3):
        reason = segment.get(start)
        if not reason and not segment.get(start + 1):
            continue
        if not reason:
            raise ParseError(
                f"{segment.name(start + 1)} has an amount but "
                f"{segment.name(start)} has no reason code",
                start,
            )
        amount = money(segment, start + 1, f"adjustment amount for reason {reason}")
        count = quantity(segment, start + 2, "adjustment quantity", None)
        found.append(Adjustment(code(group), code(reason), amount, count, segment.number))
    if not found:
        raise ParseError("CAS has a group code but no reason code and amount", 2)
    return found


def plb(segment: Segment, component: str) -> list[ProviderAdjustment]:
    """PLB01 provider, PLB02 fiscal period date, then up to six reason:identifier / amount
    pairs (PLB03-04 ... PLB13-14)."""
    provider = segment.get(1).strip()
    period = optional_d8(segment, 2, "fiscal period date")
    found: list[ProviderAdjustment] = []
    for start in range(3, 15, 2):
        composite = segment.get(start)
        if not composite and not segment.get(start + 1):
            continue
        reason, _, identifier = composite.partition(component)
        if not reason:
            raise ParseError(f"{segment.name(start)} has no adjustment reason code", start)
        amount = money(segment, start + 1, f"provider adjustment amount for {reason}")
        found.append(
            ProviderAdjustment(
                provider, period, code(reason), identifier.strip(), amount, segment.number
            )
        )
    if not found:
        raise ParseError("PLB has no adjustment reason and amount", 3)
    return found


@dataclass
class Header:
    """BPR, TRN, DTM*405 and the payer (N1*PR) and payee (N1*PE) loops."""

    handling: str = ""
    payment_amount: Decimal | None = None
    credit_debit: str = ""
    payment_method: str = ""
    payment_date: date | None = None
    trace_number: str = ""
    trace_originator: str = ""
    production_date: date | None = None
    payer_name: str = ""
    payer_id: str = ""
    payee_name: str = ""
    payee_npi: str = ""
    payee_tin: str = ""
    entity: str = ""  # the N1 loop being read: PR or PE
    payee_seen: bool = False

    def read(self, segment: Segment) -> None:
        sid = segment.id
        if sid == "BPR":
            self.handling, self.credit_debit = segment.get(1), segment.get(3)
            self.payment_method = segment.get(4)
            self.payment_date = optional_d8(segment, 16, "payment date")
            self.payment_amount = money(segment, 2, "total payment")
        elif sid == "TRN":
            self.trace_number, self.trace_originator = segment.get(2), segment.get(3)
        elif sid == "DTM" and segment.get(1) == "405":
            self.production_date = d8(segment, 2, "production date")
        elif sid == "N1":
            self._n1(segment)
        elif sid == "REF" and self.entity == "PR" and segment.get(1) == "2U":
            self.payer_id = self.payer_id or segment.get(2)
        elif sid == "REF" and self.entity == "PE" and segment.get(1) == "TJ":
            self.payee_tin = self.payee_tin or segment.get(2)

    def _n1(self, segment: Segment) -> None:
        self.entity = segment.get(1)
        qualifier, number = segment.get(3), segment.get(4).strip()
        if self.entity == "PR":
            self.payer_name, self.payer_id = segment.get(2).strip(), number
        elif self.entity == "PE":
            self.payee_seen = True
            self.payee_name = segment.get(2).strip()
            if qualifier == "XX":
                self.payee_npi = number
            elif qualifier == "FI":
                self.payee_tin = number


@dataclass
class LineDraft:
    svc: Segment
    qualifier: str = ""
    code: str = ""
    modifiers: tuple[str, ...] = ()
    charge: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    units: Decimal = ONE
    submitted_code: str = ""
    submitted_modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    service_end: date | None = None
    allowed: Decimal | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    control_number: str = ""

    def start(self) -> None:
        svc = self.svc
        parts = svc.components(1)
        if len(parts) < 2 or not parts[1].strip():
            raise ParseError(
                f"SVC01 '{svc.get(1)}' has no procedure code (write it as "
                "qualifier:code:modifiers, e.g. HC:99213:25)",
                1,
            )
        self.qualifier, self.code = code(parts[0]), code(parts[1])
        self.modifiers = tuple(code(m) for m in parts[2:6] if m.strip())
        self.charge = money(svc, 2, "line charge")
        self.paid = money(svc, 3, "line payment")
        units = quantity(svc, 5, "units paid", ONE)
        self.units = ONE if units is None else units
        if svc.get(6):
            submitted = svc.components(6)
            self.submitted_code = code(submitted[1]) if len(submitted) > 1 else ""
            self.submitted_modifiers = tuple(code(m) for m in submitted[2:6] if m.strip())

    def read(self, segment: Segment) -> None:
        sid, qualifier = segment.id, segment.get(1)
        if sid == "CAS":
            self.adjustments.extend(cas(segment))
        elif sid == "DTM" and qualifier in ("472", "150"):
            self.service_date = d8(segment, 2, "service date")
        elif sid == "DTM" and qualifier == "151":
            self.service_end = d8(segment, 2, "service end date")
        elif sid == "AMT" and qualifier == "B6":
            self.allowed = money(segment, 2, "allowed amount")
        elif sid == "REF" and qualifier == "6R":
            self.control_number = segment.get(2)
        elif sid == "LQ" and qualifier == "HE" and segment.get(2):
            self.remarks.append(code(segment.get(2)))

    def build(self) -> RemitLine:
        end = self.service_end if self.service_end != self.service_date else None
        return RemitLine(
            self.qualifier,
            self.code,
            self.modifiers,
            self.charge,
            self.paid,
            self.units,
            self.svc.get(4),
            self.submitted_code,
            self.submitted_modifiers,
            self.service_date,
            end,
            self.allowed,
            tuple(self.adjustments),
            tuple(self.remarks),
            self.control_number,
            self.svc.number,
        )


_NM1 = {"QC", "IL", "82"}


@dataclass
class ClaimDraft:
    clp: Segment
    broken: bool = False
    status: str = ""
    charge: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    patient_responsibility: Decimal | None = None
    names: dict[str, Segment] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    lines: list[RemitLine] = field(default_factory=list)
    line: LineDraft | None = None

    @property
    def claim_id(self) -> str:
        return self.clp.get(1).strip()

    def start(self) -> None:
        clp = self.clp
        if not self.claim_id:
            raise ParseError("CLP01 patient control number (our claim id) is missing", 1)
        self.status = code(clp.get(2))
        if not self.status:
            raise ParseError("CLP02 claim status is missing", 2)
        self.charge = money(clp, 3, "claim charge")
        self.paid = money(clp, 4, "claim payment")
        self.patient_responsibility = optional_money(clp, 5, "patient responsibility")

    def read(self, segment: Segment) -> None:
        sid = segment.id
        if sid == "SVC":
            self.close_line()
            self.line = LineDraft(segment)
            self.line.start()
        elif self.line is not None:
            self.line.read(segment)
        elif sid == "CAS":
            self.adjustments.extend(cas(segment))
        elif sid == "NM1" and segment.get(1) in _NM1:
            self.names.setdefault(segment.get(1), segment)
        elif sid == "DTM" and segment.get(1) in ("232", "233", "050"):
            self.dates[segment.get(1)] = d8(segment, 2, "claim date")
        elif sid == "MOA":
            self.remarks.extend(code(r) for r in segment.elements[3:8] if r.strip())
        elif sid == "MIA":
            self.remarks.extend(
                code(segment.get(i)) for i in (5, 20, 21, 22, 23) if segment.get(i).strip()
            )

    def close_line(self) -> None:
        if self.line is not None:
            self.lines.append(self.line.build())
            self.line = None

    def build(self) -> RemitClaim:
        self.close_line()
        clp = self.clp
        patient, insured = self.names.get("QC"), self.names.get("IL")
        rendering = self.names.get("82")
        rendering_name = rendering_id = rendering_qualifier = ""
        if rendering is not None:
            rendering_name = ", ".join(p for p in (rendering.get(3), rendering.get(4)) if p)
            rendering_id, rendering_qualifier = rendering.get(9).strip(), rendering.get(8)
        return RemitClaim(
            self.claim_id,
            self.status,
            self.charge,
            self.paid,
            self.patient_responsibility,
            code(clp.get(6)),
            clp.get(7).strip(),
            code(clp.get(8)),
            code(clp.get(9)),
            patient.get(3).strip() if patient else "",
            patient.get(4).strip() if patient else "",
            patient.get(9).strip() if patient else "",
            insured.get(9).strip() if insured else "",
            rendering_name.strip(),
            rendering_id,
            rendering_qualifier,
            self.dates.get("232"),
            self.dates.get("233"),
            self.dates.get("050"),
            tuple(self.adjustments),
            tuple(self.remarks),
            tuple(self.lines),
            clp.number,
        )

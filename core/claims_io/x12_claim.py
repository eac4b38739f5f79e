"""The claim (loop 2300) and service line (loop 2400) of an 837P being read; x12_837.py lists
what is read. A fatal problem in a line's segment raises ParseError and the line is reported as
not loaded; other problems are reported and reading goes on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from core.claims.model import (
    ICD9,
    ICD10,
    MAX_DIAGNOSES,
    MINUTES,
    UNITS,
    Claim,
    Diagnosis,
    Patient,
    ServiceLine,
)

from . import values as v
from .x12_loops import BillingProvider, Member, ParseError, Reporter, d8, zip_code
from .x12_segments import Segment

T = TypeVar("T")
_DX_QUALIFIERS = {"ABK": ICD10, "ABF": ICD10, "BK": ICD9, "BF": ICD9}


@dataclass
class LineDraft837:
    lx_number: int
    has_sv1: bool = False
    code: str = ""
    modifiers: tuple[str, ...] = ()
    charge: Decimal | None = None
    unit_basis: str = UNITS
    units: Decimal | None = None
    pos: str = ""
    pointers: tuple[int, ...] = ()
    dos: date | None = None
    dos_end: date | None = None
    rendering_npi: str = ""
    broken: bool = False

    def read(self, segment: Segment, reporter: Reporter) -> None:
        if segment.id == "SV1":
            self._sv1(segment)
        elif segment.id == "DTP" and segment.get(1) == "472":
            self._dos(segment)
        elif segment.id == "NM1" and segment.get(1) == "82":
            self.rendering_npi = segment.get(9)

    def _sv1(self, segment: Segment) -> None:
        if self.has_sv1:
            raise ParseError("a second SV1 in one service line (LX)", 1)
        self.has_sv1 = True
        procedure = segment.components(1)
        if procedure[0] != "HC" or len(procedure) < 2 or not procedure[1]:
            raise ParseError(f"SV101 '{segment.get(1)}' is not HC:code (a HCPCS/CPT code)", 1)
        self.code = procedure[1].upper()
        self.modifiers = tuple(m.upper() for m in procedure[2:6] if m)
        self.charge = _value(segment, 2, v.parse_money)
        self.units = _value(segment, 4, v.parse_units)
        self.pos = _value(segment, 5, v.parse_pos)
        basis = segment.get(3) or UNITS
        if basis not in (UNITS, MINUTES):
            raise ParseError(f"SV103 unit basis '{basis}' is not UN (units) or MJ (minutes)", 3)
        self.unit_basis = basis
        self.pointers = tuple(_pointer(segment, p) for p in segment.components(7) if p)

    def _dos(self, segment: Segment) -> None:
        qualifier, raw = segment.get(2), segment.get(3)
        if qualifier == "RD8" and "-" in raw:
            first, last = raw.split("-", 1)
            self.dos, end = d8(segment, 3, first), d8(segment, 3, last)
            self.dos_end = end if end != self.dos else None
        elif qualifier == "D8":
            self.dos = d8(segment, 3, raw)
        else:
            raise ParseError(
                f"DTP*472 date '{qualifier}*{raw}' is neither D8 CCYYMMDD nor RD8 "
                "CCYYMMDD-CCYYMMDD",
                3,
            )

    def service_line(self, number: int, reporter: Reporter, claim_id: str) -> ServiceLine | None:
        if self.broken:
            return None
        if not self.has_sv1 or self.dos is None:
            what = "no SV1 service" if not self.has_sv1 else "no DTP*472 date of service"
            reporter.problem(
                _lx(self.lx_number),
                f"service line {number} has {what}: this line is not loaded",
                claim_id=claim_id,
            )
            return None
        return ServiceLine(
            number=number,
            dos=self.dos,
            code=self.code,
            modifiers=self.modifiers,
            units=self.units,
            charge=self.charge,
            pointers=self.pointers,
            source=reporter.source(self.lx_number),
            pos=self.pos,
            rendering_npi=self.rendering_npi,
            dos_end=self.dos_end,
            unit_basis=self.unit_basis,
        )


@dataclass
class ClaimDraft:
    number: int  # the CLM segment
    claim_id: str = ""
    total: Decimal | None = None
    pos: str = ""
    diagnoses: list[Diagnosis] = field(default_factory=list)
    rendering_npi: str = ""
    facility_zip: str | None = None  # None: no service facility loop
    last_entity: str = ""
    lines: list[ServiceLine] = field(default_factory=list)
    line_count: int = 0
    broken: bool = False
    incomplete: bool = False

    def start(self, segment: Segment, reporter: Reporter) -> None:
        self.claim_id = segment.get(1)
        if not self.claim_id:
            self.broken = True
            reporter.problem(segment, "CLM01 claim id is empty: this claim is skipped", 1)
            return
        try:
            self.total = v.parse_money(segment.get(2))
        except v.BadValue as exc:
            self.incomplete = True
            reporter.problem(segment, f"CLM02 total {exc}: the claim is loaded without it", 2)
        try:
            self.pos = v.parse_pos(segment.components(5)[0])
        except v.BadValue as exc:
            self.incomplete = True
            reporter.problem(segment, f"CLM05-1 {exc}: the claim is loaded without it", 5)

    def read(self, segment: Segment, reporter: Reporter) -> None:
        if segment.id == "HI":
            self._diagnoses(segment, reporter)
        elif segment.id == "NM1":
            self.last_entity = segment.get(1)
            if self.last_entity == "82":
                self.rendering_npi = segment.get(9)
            elif self.last_entity == "77":
                self.facility_zip = ""
        elif segment.id == "N4" and self.last_entity == "77":
            self.facility_zip = zip_code(segment, reporter)

    def _diagnoses(self, segment: Segment, reporter: Reporter) -> None:
        elements = [segment.components(i) for i in range(1, len(segment.elements))]
        index = 0  # 0-based here; element HIxx is index + 1
        while index < len(elements):
            parts, number = elements[index], index + 1
            index += 1
            code_set = _DX_QUALIFIERS.get(parts[0])
            if code_set is None:
                continue  # condition codes, anesthesia procedures...
            code = parts[1] if len(parts) > 1 else ""
            following = elements[index] if index < len(elements) else []
            if not code and len(following) == 1 and following[0] not in _DX_QUALIFIERS:
                code, index = following[0], index + 1
                reporter.repeated(
                    "hi-split",
                    segment,
                    f"HI has '{parts[0]}' and '{code}' as "
                    f"separate elements: read as {parts[0]}:{code} (they belong "
                    "in one composite element)",
                    number,
                )
            self._add_diagnosis(segment, reporter, number, code, code_set)

    def _add_diagnosis(
        self, segment: Segment, reporter: Reporter, number: int, code: str, code_set: str
    ) -> None:
        if len(self.diagnoses) >= MAX_DIAGNOSES:
            self.incomplete = True
            reporter.problem(
                segment, f"more than {MAX_DIAGNOSES} diagnoses: '{code}' is not loaded", number
            )
            return
        try:
            normal = v.normalize_icd10(code) if code_set == ICD10 else v.normalize_icd9(code)
        except v.BadValue as exc:
            self.incomplete = True
            normal = code.upper()
            reporter.problem(segment, f"{exc}; kept as written so pointers stay in place", number)
        if not normal:
            self.incomplete = True
            reporter.problem(segment, f"{segment.name(number)} has a qualifier but no code", number)
        self.diagnoses.append(Diagnosis(len(self.diagnoses) + 1, normal, code_set, code))

    def add_line(self, draft: LineDraft837, reporter: Reporter) -> None:
        self.line_count += 1
        line = draft.service_line(self.line_count, reporter, self.claim_id)
        if line is None:
            self.incomplete = True
        else:
            self.lines.append(line)

    def build(
        self,
        billing: BillingProvider,
        subscriber: Member,
        patient: Member | None,
        reporter: Reporter,
    ) -> Claim | None:
        if not self.lines:
            reporter.problem(
                Segment(self.number, ("CLM",), ":"),
                f"claim {self.claim_id} has "
                "no service line that could be read: the claim is left out",
                1,
            )
            return None
        person = patient or subscriber
        zip_code = billing.zip if self.facility_zip is None else self.facility_zip
        return Claim(
            claim_id=self.claim_id,
            payer=subscriber.payer,
            patient=Patient(subscriber.id, person.dob, person.sex, person.name),
            billing_npi=billing.npi,
            rendering_npi=self.rendering_npi or billing.npi,
            pos=self.pos,
            service_zip=zip_code,
            diagnoses=tuple(self.diagnoses),
            lines=tuple(self.lines),
            source=reporter.source(self.number),
            payer_id=subscriber.payer_id,
            filing_indicator=subscriber.filing_indicator,
            total_charge=self.total,
            incomplete=self.incomplete,
        )


def _value(segment: Segment, index: int, parse: Callable[[object], T]) -> T:
    try:
        return parse(segment.get(index))
    except v.BadValue as exc:
        raise ParseError(str(exc), index) from None


def _lx(number: int) -> Segment:
    return Segment(number, ("LX",), ":")


def _pointer(segment: Segment, raw: str) -> int:
    try:
        value = Decimal(raw)
    except ArithmeticError:
        value = Decimal(-1)
    if value != value.to_integral_value() or not 1 <= value <= MAX_DIAGNOSES:
        raise ParseError(f"SV107 pointer '{raw}' is not a diagnosis position 1-12", 7)
    return int(value)

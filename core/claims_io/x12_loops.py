"""The loops of an 837P above the claim: billing provider (2000A), subscriber and payer (2000B),
patient (2000C); and what the claim and line loops share (x12_claim.py). x12_837.py lists what
is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from core.claims.model import Source
from core.dates import ccyymmdd

from . import values as v
from .x12_segments import Segment


class ParseError(Exception):
    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message, self.index = message, index


class Reporter(Protocol):
    def problem(
        self, segment: Segment, message: str, index: int | None = None, claim_id: str | None = None
    ) -> None: ...

    def source(self, number: int) -> Source: ...

    def repeated(self, key: str, segment: Segment, message: str, index: int) -> None: ...


def d8(segment: Segment, index: int, raw: str) -> date:
    try:
        return ccyymmdd(raw)
    except ValueError as exc:
        raise ParseError(f"{segment.name(index)} '{raw}' {exc}", index) from None


def _name(segment: Segment) -> str:
    return ", ".join(part for part in (segment.get(3), segment.get(4)) if part)


def zip_code(segment: Segment, reporter: Reporter) -> str:
    try:
        return v.parse_zip(segment.get(3))
    except v.BadValue as exc:
        reporter.problem(segment, f"{exc}: the claim is priced without a locality", 3)
        return ""


@dataclass
class BillingProvider:
    npi: str = ""
    zip: str = ""
    last_entity: str = ""

    def read(self, segment: Segment, reporter: Reporter) -> None:
        if segment.id == "NM1":
            self.last_entity = segment.get(1)
            if self.last_entity == "85":
                self.npi = segment.get(9)
        elif segment.id == "N4" and self.last_entity == "85":
            self.zip = zip_code(segment, reporter)


@dataclass
class Member:
    """A subscriber (HL*22) or a patient (HL*23) and, for a subscriber, the payer."""

    id: str = ""
    name: str = ""
    dob: date | None = None
    sex: str | None = None
    payer: str = ""
    payer_id: str = ""
    filing_indicator: str = ""

    def read(self, segment: Segment, reporter: Reporter) -> None:
        sid = segment.id
        if sid == "NM1" and segment.get(1) in ("IL", "QC"):
            self.id = segment.get(9) if segment.get(1) == "IL" else self.id
            self.name = _name(segment)
        elif sid == "NM1" and segment.get(1) == "PR":
            self.payer, self.payer_id = segment.get(3), segment.get(9)
        elif sid == "SBR":
            self.filing_indicator = segment.get(9)
        elif sid == "DMG":
            self._demographics(segment, reporter)

    def _demographics(self, segment: Segment, reporter: Reporter) -> None:
        try:
            self.dob = d8(segment, 2, segment.get(2)) if segment.get(2) else None
        except ParseError as exc:
            reporter.problem(segment, f"{exc.message}: the date of birth is left blank", 2)
        sex = segment.get(3)
        if sex in ("M", "F", "U"):
            self.sex = sex
        elif sex:
            reporter.problem(segment, f"DMG03 sex '{sex}' is not M, F or U: left blank", 3)

"""The professional claim (CMS-1500 / X12 837P) as the scrubber sees it.

Values are stored normalized so the rules compare like with like:
- codes and modifiers upper case; ICD codes with the dot after the 3rd character ("C34.90"),
  not checked against the code set here (the rules do that);
- dates are `datetime.date`; money is `Decimal` exactly as given (rounding happens at the end of
  any calculation, never here);
- units are `Decimal`, because an 837 carries decimal quantities (SV104 "1.5", anesthesia minutes
  with unit basis MJ); whole numbers are stored without a fraction (`Decimal(3)`, not "3.00");
- diagnosis pointers are 1-based ints (A=1 ... L=12) into the claim's diagnosis positions;
- a text field that was not given is "" (never None); a date or sex not given is None.

Every claim and line keeps its `Source` (file, sheet, row; for an 837 the segment number) so a
finding or an export can point back at what the biller has in front of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ICD10 = "ICD-10-CM"
ICD9 = "ICD-9-CM"  # only 837 files with the old BK/BF qualifiers carry these
DX_LETTERS = "ABCDEFGHIJKL"
MAX_DIAGNOSES = 12
MAX_MODIFIERS = 4
MAX_POINTERS = 4  # the rules report more; the model keeps what was given
UNITS = "UN"  # SV103 unit basis: units
MINUTES = "MJ"  # SV103 unit basis: anesthesia minutes


@dataclass(frozen=True)
class Source:
    """Where something came from. For a worklist: sheet (None for CSV) and 1-based row as the
    spreadsheet numbers it. For an 837: no sheet, and `row` is the 1-based segment number in the
    file (ISA is segment 1), with `kind` "segment"."""

    file: str
    sheet: str | None = None
    row: int | None = None
    kind: str = "row"  # "row" or "segment"

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"{self.kind} {self.row}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Patient:
    id: str  # worklist patient_id; 837: subscriber member id (NM1*IL09)
    dob: date | None
    sex: str | None  # "M", "F" or "U"; None when not given
    name: str = ""  # 837 only ("LAST, FIRST"); worklists carry no name column

    def age_on(self, day: date) -> int | None:
        """Whole years on `day`, or None without a date of birth."""
        if self.dob is None:
            return None
        before_birthday = (day.month, day.day) < (self.dob.month, self.dob.day)
        return day.year - self.dob.year - before_birthday


@dataclass(frozen=True)
class Diagnosis:
    position: int  # 1..12; pointers refer to it (A=1)
    code: str  # normalized, with the dot: "C34.90"
    code_set: str = ICD10
    raw: str = ""  # as written in the file

    @property
    def letter(self) -> str:
        return DX_LETTERS[self.position - 1]


@dataclass(frozen=True)
class ServiceLine:
    number: int  # 1-based line number within the claim
    dos: date  # date of service (an 837 range RD8: its first day)
    code: str  # HCPCS / CPT
    modifiers: tuple[str, ...]
    units: Decimal | None  # None: not given (the rules report it)
    charge: Decimal | None  # None: not given (the rules report it)
    pointers: tuple[int, ...]  # 1-based into Claim.diagnoses positions
    source: Source
    pos: str = ""  # line place of service; "" means the claim's
    rendering_npi: str = ""  # line rendering provider (837 loop 2420A); "" means the claim's
    dos_end: date | None = None  # 837 RD8 range end when it differs from dos
    unit_basis: str = UNITS  # UN units or MJ anesthesia minutes


@dataclass(frozen=True)
class Claim:
    claim_id: str
    payer: str
    patient: Patient
    billing_npi: str
    rendering_npi: str  # 837 without loop 2310B: the billing provider renders
    pos: str  # two digits, e.g. "11"
    service_zip: str  # 5 digits; "" when not given (fees then use national amounts)
    diagnoses: tuple[Diagnosis, ...]
    lines: tuple[ServiceLine, ...]
    source: Source  # first row of the claim; 837: its CLM segment
    payer_id: str = ""  # 837 NM1*PR09
    filing_indicator: str = ""  # 837 SBR09: MB Medicare Part B, MC Medicaid, CI commercial...
    total_charge: Decimal | None = None  # 837 CLM02; worklists have none
    incomplete: bool = False  # some of its rows or segments could not be read (see problems)

    def diagnosis(self, pointer: int) -> Diagnosis | None:
        for dx in self.diagnoses:
            if dx.position == pointer:
                return dx
        return None

    def line_pos(self, line: ServiceLine) -> str:
        return line.pos or self.pos

    def line_rendering_npi(self, line: ServiceLine) -> str:
        return line.rendering_npi or self.rendering_npi

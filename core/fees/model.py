"""What the fee calculator takes and returns. Money is Decimal, rounded half-up once, at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..refdata.localities import Locality

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class FeeError(Exception):
    """The request cannot be priced as asked (unknown code, no data for the date, bad locality).
    The message says what is missing and what to do."""


@dataclass(frozen=True)
class LineRequest:
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    locality: str | None = None  # "13202-01"; None with no zip: national (GPCI 1.000)
    zip_code: str | None = None
    facility: bool | None = None  # None: decided by pos, else non-facility
    pos: str | None = None
    date_of_service: date = field(default_factory=date.today)
    participating: bool = True
    qualifying_apm: bool = False  # 2026 on: the qualifying APM conversion factor
    provider: str = ""  # rendering NPI: same-day rules group lines by provider


@dataclass(frozen=True)
class Adjustment:
    """One change to the amount, in the order applied, with the rule behind it."""

    rule: str  # "bilateral 150%", "multiple procedure 50%", ...
    reason: str
    before: Decimal  # unrounded
    after: Decimal  # unrounded


@dataclass(frozen=True)
class Components:
    """Geographically adjusted dollars per unit before adjustments (RVU x GPCI x CF)."""

    work: Decimal
    pe: Decimal
    mp: Decimal

    @property
    def total(self) -> Decimal:
        return self.work + self.pe + self.mp


@dataclass
class LinePrice:
    request: LineRequest
    code: str
    modifiers: tuple[str, ...]
    units: int
    facility: bool
    setting_reason: str
    locality: Locality
    release: str  # RVU25D
    pfs_row: str  # '', '26', 'TC' or '53': the PPRRVU row used
    source_line: int | None
    status: str
    payable: bool
    explanation: str  # why there is no amount, or notes on the amount
    rvu: dict[str, Decimal] = field(default_factory=dict)
    products: dict[str, Decimal] = field(default_factory=dict)  # RVU x GPCI
    conversion_factor: Decimal = Decimal(0)
    conversion_factor_source: str = ""
    components: Components | None = None  # per unit, RVU x GPCI x CF
    fee_schedule_amount: Decimal | None = None  # rounded: as CMS publishes it, one unit
    opps_cap: Decimal | None = None  # OPPS-based cap for one unit (unrounded), if any
    adjustments: list[Adjustment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    indicators: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # the line could not be priced at all (FeeError)
    bilateral_units: bool = False  # its 2 units are the two sides of one procedure
    professional_amount: Decimal | None = None  # facility setting, PC/TC 1: what 26 pays (1 unit)
    encounter_notes: list[str] = field(default_factory=list)  # said by the same-day rules

    @classmethod
    def failed(cls, request: LineRequest, locality: Locality, message: str) -> LinePrice:
        """A line that could not be priced (unknown code, no data for its date...)."""
        return cls(
            request=request,
            code=request.code.strip().upper(),
            modifiers=tuple(request.modifiers),
            units=request.units,
            facility=False,
            setting_reason="",
            locality=locality,
            release="",
            pfs_row="",
            source_line=None,
            status="",
            payable=False,
            explanation=message,
            error=message,
        )

    @property
    def unrounded_amount(self) -> Decimal | None:
        if not self.payable or self.components is None:
            return None
        return self.adjustments[-1].after if self.adjustments else self.components.total

    @property
    def amount(self) -> Decimal | None:
        value = self.unrounded_amount
        return None if value is None else cents(value)

    @property
    def limiting_charge(self) -> Decimal | None:
        """115% of the non-participating amount (109.25% of the participating fee schedule
        amount): the most a non-participating provider not accepting assignment may charge.
        Like CMS's published tables, it is figured on the rounded participating amount."""
        value = self.unrounded_amount
        if value is None:
            return None
        participating = value if self.request.participating else value / Decimal("0.95")
        return cents(cents(participating) * Decimal("1.0925"))

    @property
    def patient_share(self) -> Decimal | None:
        amount = self.amount
        return None if amount is None else cents(amount * Decimal("0.20"))

    @property
    def medicare_share(self) -> Decimal | None:
        amount, patient = self.amount, self.patient_share
        return None if amount is None or patient is None else amount - patient

    def adjust(self, rule: str, reason: str, factor: Decimal) -> None:
        before = self.unrounded_amount
        assert before is not None
        self.adjustments.append(Adjustment(rule, reason, before, before * factor))

    def adjust_to(self, rule: str, reason: str, after: Decimal) -> None:
        before = self.unrounded_amount
        assert before is not None
        self.adjustments.append(Adjustment(rule, reason, before, after))

    def note_encounter(self, note: str) -> None:
        """A note from the rules for several services that day (shown with the line's notes)."""
        self.notes.append(note)
        self.encounter_notes.append(note)


@dataclass
class EncounterPrice:
    lines: list[LinePrice]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount is not None), Decimal(0))

"""A priced line or encounter as the rows the fee calculator shows and exports. Plain Python (no
Qt) so the table models and the Excel export read the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from ..refdata.pfs_indicators import STATUS
from ..words import money
from .model import EncounterPrice, LinePrice, cents
from .report import payer_amount

# Row kinds: how a row is shown (bold total, reduction highlighted, explanation in place of a
# number, small note).
NORMAL, TOTAL, REDUCTION, EXPLANATION, NOTE = "normal", "total", "reduction", "explanation", "note"


def percent_text(value: Decimal) -> str:
    """120 -> "120", 87.5 -> "87.5"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def number(value: Decimal | None, places: int = 4) -> str:
    return "" if value is None else f"{value:,.{places}f}"


@dataclass(frozen=True)
class BreakdownRow:
    item: str
    figures: str = ""
    value: Decimal | None = None  # a plain number (RVU x GPCI, conversion factor)
    amount: Decimal | None = None  # dollars, rounded to cents
    source: str = ""  # where the figure comes from, or the reason for a step
    kind: str = NORMAL


def service_text(line: LinePrice) -> str:
    mods = "".join(f" {m}" for m in line.modifiers)
    units = f"{line.units} unit" + ("s" if line.units != 1 else "")
    return f"{line.code}{mods}  \u00d7 {units}"


def _context_rows(line: LinePrice) -> list[BreakdownRow]:
    loc = line.locality
    meaning = STATUS.get(line.status, "")
    where = f"{loc.key} {loc.name}, {loc.state}" if loc.carrier else loc.name
    gpci = f"{loc.release} line {loc.source_line}" if loc.source_line else "all GPCIs 1.000"
    source = f"{line.release}: no PPRRVU row priced"
    if line.source_line:
        source = (
            f"{line.release} PPRRVU {line.pfs_row or 'global'} row, line "
            f"{line.source_line}; status {line.status}" + (f" ({meaning})" if meaning else "")
        )
    return [
        BreakdownRow("Service", service_text(line), source=source),
        BreakdownRow(
            "Date of service",
            line.request.date_of_service.strftime("%m/%d/%Y"),
            source=f"priced with the {line.release} release",
        ),
        BreakdownRow("Locality", where, source=gpci),
        BreakdownRow(
            "Setting",
            "Facility rate" if line.facility else "Non-facility rate",
            source=line.setting_reason,
        ),
    ]


def _formula_rows(line: LinePrice) -> list[BreakdownRow]:
    loc = line.locality
    pe_name = "PE RVU (facility)" if line.facility else "PE RVU (non-facility)"
    names = {"work": "Work RVU", "pe": pe_name, "mp": "Malpractice RVU"}
    rows = [
        BreakdownRow(
            f"{names[part]} \u00d7 GPCI",
            f"{line.rvu[part]} \u00d7 {getattr(loc, part)}",
            value=line.products[part],
            source=f"RVU {line.rvu[part]}, GPCI {getattr(loc, part)}",
        )
        for part in ("work", "pe", "mp")
    ]
    total = sum(line.products.values(), Decimal(0))
    rows.append(
        BreakdownRow(
            "Total RVUs, geographically adjusted",
            " + ".join(number(line.products[p]) for p in ("work", "pe", "mp")),
            value=total,
        )
    )
    rows.append(
        BreakdownRow(
            "Conversion factor",
            "",
            value=line.conversion_factor,
            source=line.conversion_factor_source,
        )
    )
    rows.append(
        BreakdownRow(
            "Fee schedule amount (1 unit)",
            f"{number(total)} \u00d7 {line.conversion_factor}",
            amount=line.fee_schedule_amount,
            source="rounded to cents once, at the end",
            kind=TOTAL,
        )
    )
    if line.professional_amount is not None:
        rows.append(
            BreakdownRow(
                "Professional component (26), 1 unit",
                "",
                amount=line.professional_amount,
                source="in a facility the facility bills the technical part: a "
                "physician bills this test with 26",
            )
        )
    if line.opps_cap is not None:
        rows.append(
            BreakdownRow(
                "OPPS cap (1 unit)",
                "",
                amount=cents(line.opps_cap),
                source="the lower of the fee schedule amount and this cap is paid",
            )
        )
    for adj in line.adjustments:
        kind = REDUCTION if adj.after < adj.before else NORMAL
        rows.append(
            BreakdownRow(
                adj.rule[:1].upper() + adj.rule[1:],
                f"{money(cents(adj.before))} \u2192 {money(cents(adj.after))}",
                amount=cents(adj.after),
                source=adj.reason,
                kind=kind,
            )
        )
    return rows


def _result_rows(line: LinePrice, percent: Decimal | None) -> list[BreakdownRow]:
    rows = [
        BreakdownRow(
            "Allowed amount",
            "",
            amount=line.amount,
            kind=TOTAL,
            source="participating provider"
            if line.request.participating
            else "non-participating provider (95%)",
        ),
        BreakdownRow(
            "Medicare pays (80%)",
            "",
            amount=line.medicare_share,
            source="after the Part B deductible is met",
        ),
        BreakdownRow("Patient coinsurance (20%)", "", amount=line.patient_share),
        BreakdownRow(
            "Limiting charge",
            "",
            amount=line.limiting_charge,
            source="the most a non-participating provider may bill (115% of the 95% amount)",
        ),
    ]
    if percent is not None:
        rows.append(
            BreakdownRow(
                f"Payer at {percent_text(percent)}% of Medicare",
                "",
                amount=payer_amount(line, percent),
                kind=TOTAL,
                source="the percentage you entered, applied to the allowed amount before rounding",
            )
        )
    return rows


def breakdown_rows(
    line: LinePrice, percent: Decimal | None = None, context: bool = True
) -> list[BreakdownRow]:
    """Every step from the RVUs to the allowed amount, or the reason there is no amount;
    `context` adds the service, date, locality and setting first (for the export)."""
    rows = _context_rows(line) if context else []
    if line.payable and line.components is not None:
        rows += _formula_rows(line) + _result_rows(line, percent)
    else:
        rows.append(BreakdownRow("No amount", "", source=line.explanation, kind=EXPLANATION))
    rows += [BreakdownRow("Note", "", source=note, kind=NOTE) for note in line.notes]
    return rows


@dataclass(frozen=True)
class EncounterRow:
    number: int
    code: str
    modifiers: str
    units: int
    fee_schedule: Decimal | None  # one unit, before any adjustment
    adjustments: str  # rule names, in the order applied
    allowed: Decimal | None
    medicare: Decimal | None
    patient: Decimal | None
    limiting_charge: Decimal | None
    payer: Decimal | None
    note: str  # why there is no amount, or the reasons for the cuts
    reduced: bool  # lowered by the rules for several services that day


def encounter_rows(
    encounter: EncounterPrice, alone: list[LinePrice], percent: Decimal | None = None
) -> list[EncounterRow]:
    """One row per line; `alone` holds the same lines priced on their own, so the rows the
    same-day rules (multiple procedures, bilateral pairs, status T) lowered are marked."""
    rows = []
    for number_, (line, single) in enumerate(zip(encounter.lines, alone, strict=True), 1):
        own = {a.rule for a in single.adjustments}
        extra = [a for a in line.adjustments if a.rule not in own]
        reduced = (
            line.amount is not None and single.amount is not None and line.amount < single.amount
        )
        if not line.payable:
            note = line.explanation
        else:  # the same-day rules: reductions, bilateral pairing, status T bundling
            said = [f"{a.rule}: {a.reason}" for a in extra]
            note = "; ".join(said + [n for n in line.encounter_notes if n not in single.notes])
        rows.append(
            EncounterRow(
                number_,
                line.code,
                " ".join(line.modifiers),
                line.units,
                line.fee_schedule_amount,
                ", ".join(a.rule for a in line.adjustments),
                line.amount,
                line.medicare_share,
                line.patient_share,
                line.limiting_charge,
                None if percent is None else payer_amount(line, percent),
                note,
                reduced,
            )
        )
    return rows


def encounter_total(rows: list[EncounterRow], field: str) -> Decimal:
    return sum((getattr(r, field) for r in rows if getattr(r, field) is not None), Decimal(0))


BREAKDOWN_HEADER = ["Step", "Figures", "Value", "Amount", "Source / reason"]
BREAKDOWN_MONEY = ["Amount"]
ENCOUNTER_HEADER = [
    "Line",
    "Code",
    "Modifiers",
    "Units",
    "Date of service",
    "Locality",
    "Setting",
    "Fee schedule amount (1 unit)",
    "Adjustments applied",
    "Reduced by multiple-service rules",
    "Allowed",
    "Medicare pays (80%)",
    "Patient coinsurance (20%)",
    "Limiting charge",
    "Payer amount",
    "Why",
]
ENCOUNTER_MONEY = [
    "Fee schedule amount (1 unit)",
    "Allowed",
    "Medicare pays (80%)",
    "Patient coinsurance (20%)",
    "Limiting charge",
    "Payer amount",
]


EXPORT_WIDTHS = {
    "Step": 34,
    "Figures": 28,
    "Value": 10,
    "Amount": 12,
    "Source / reason": 70,
    "Line": 6,
    "Code": 8,
    "Modifiers": 10,
    "Units": 7,
    "Date of service": 12,
    "Locality": 34,
    "Setting": 26,
    "Fee schedule amount (1 unit)": 14,
    "Adjustments applied": 30,
    "Reduced by multiple-service rules": 12,
    "Allowed": 12,
    "Medicare pays (80%)": 12,
    "Patient coinsurance (20%)": 12,
    "Limiting charge": 12,
    "Payer amount": 12,
    "Why": 70,
}


def breakdown_cells(rows: list[BreakdownRow]) -> list[list[object]]:
    return [[r.item, r.figures, r.value, r.amount, r.source] for r in rows]


def encounter_cells(
    rows: list[EncounterRow], line_context: list[object], with_payer: bool
) -> list[list[object]]:
    """One sheet row per line (with the date of service as a date, locality and setting) and a
    total row."""
    cells: list[list[object]] = [
        [
            Decimal(r.number),
            r.code,
            r.modifiers,
            Decimal(r.units),
            *line_context,
            r.fee_schedule,
            r.adjustments,
            "yes" if r.reduced else "",
            r.allowed,
            r.medicare,
            r.patient,
            r.limiting_charge,
            r.payer,
            r.note,
        ]
        for r in rows
    ]
    total: list[object] = [
        "Total",
        "",
        "",
        None,
        "",
        "",
        "",
        None,
        "",
        "",
        encounter_total(rows, "allowed"),
        encounter_total(rows, "medicare"),
        encounter_total(rows, "patient"),
        None,
        encounter_total(rows, "payer") if with_payer else None,
        "",
    ]
    return [*cells, total]


def context_text(line: LinePrice) -> str:
    """Which PFS row, locality and setting the breakdown is for, in one line."""
    loc = line.locality
    where = f"{loc.key} {loc.name}, {loc.state}" if loc.carrier else loc.name
    row = f"{line.release} {line.pfs_row or 'global'} row"
    row = f"{row}, line {line.source_line}" if line.source_line else f"{line.release}: no row"
    parts = [
        service_text(line),
        row,
        f"status {line.status}" if line.status else "",
        where,
        "facility rate" if line.facility else "non-facility rate",
        line.request.date_of_service.strftime("%m/%d/%Y"),
    ]
    return "  \u00b7  ".join(p for p in parts if p)


def result_html(line: LinePrice, percent: Decimal | None = None) -> str:
    """The answer in one line of rich text: the allowed amount and who pays what, or why
    there is no amount."""
    if line.amount is None:
        return f"<span style='color:#a61b1b'><b>No amount:</b> {escape(line.explanation)}</span>"
    parts = [
        f"<span style='font-size:15pt'><b>Allowed {money(line.amount)}</b></span>",
        f"Medicare pays {money(line.medicare_share)}",
        f"patient {money(line.patient_share)}",
        f"limiting charge {money(line.limiting_charge)}",
    ]
    if line.professional_amount is not None:
        parts.append(
            f"<span style='color:#8a5a00'><b>26 only in a facility: "
            f"{money(line.professional_amount)}</b> per unit (the facility bills the "
            "technical part)</span>"
        )
    if percent is not None:
        parts.append(
            f"<span style='font-size:13pt'><b>Payer at {percent_text(percent)}%: "
            f"{money(payer_amount(line, percent))}</b></span>"
        )
    return " &nbsp;&middot;&nbsp; ".join(parts)

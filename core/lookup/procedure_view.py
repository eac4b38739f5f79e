"""A procedure code's detail page: payment in the chosen locality and for the chosen payer,
billing tips, this practice's own remittances for the code (when the caller passes them), related
codes, RVUs, indicators in words, MUE and NCCI pairs."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..words import money
from .detail_types import NO_DESCRIPTION, DetailView, Section, Table
from .ncci_info import NCCI_MODIFIER_INDICATOR, NcciPair
from .pricing import DetailPricing, Pricer, pricer
from .procedure_detail import Indicator, ProcedureDetail, RvuLine
from .related import related_codes
from .tips import billing_tips

if TYPE_CHECKING:  # the caller reads it from the workspace; the lookup never opens it
    from ..remit.code_history import CodeHistory

MODIFIER_NOTE = (
    "Modifier " + "; ".join(f"{k}: {v}" for k, v in NCCI_MODIFIER_INDICATOR.items()) + "."
)
PRACTICE_TITLE = "This practice's remittances"
PRACTICE_SOURCE = (
    "From the 835 remittances imported into your workspace (all payers); "
    "denials and payments for this code by this practice, not a payer's policy."
)
_CPT_NOTE = " (CPT descriptors are AMA copyright and are not included)"


def procedure_view(
    conn: sqlite3.Connection,
    d: ProcedureDetail,
    pricing: DetailPricing | None = None,
    practice: CodeHistory | None = None,
) -> DetailView:
    kind = d.code_type.upper()
    heading = f"{d.code} \u2014 {kind}" + (f", {d.category}" if d.category else "")
    description = d.description or NO_DESCRIPTION + (_CPT_NOTE if kind == "CPT" else "")
    if d.description and d.source_label:
        description += f" ({d.source_label})"
    day = d.as_of or date.today()
    if not d.lines:
        return DetailView(
            d.code,
            d.code_type,
            heading,
            description,
            [
                Section("Payment", [("Status", "no PFS row loaded for this code"), *_history(d)]),
                *_practice(practice),
                *_related(conn, d, day),
            ],
        )
    price, priced_note = pricer(conn, d.code, d.release or "", day, pricing or DetailPricing())
    by_column = {i.column: i for i in d.indicators}
    sections = [
        _payment(d, price, priced_note),
        _tips(conn, d, price, day),
        *_practice(practice),
        *_related(conn, d, day),
        _rvus(d),
    ]
    sections.append(
        Section(
            "Global surgery",
            [
                ("Global days", _said(by_column["global_days"])),
                (
                    "Add-on code",
                    "yes: bill it only with its primary procedure" if d.add_on else "no",
                ),
            ],
        )
    )
    sections.append(
        Section(
            "Professional / technical (26, TC)",
            [
                ("PC/TC indicator", _said(by_column["pctc"])),
                ("Modifiers 26 / TC", d.pctc_modifiers),
            ],
        )
    )
    rules = [
        (i.label, _said(i))
        for i in d.indicators
        if i.column not in ("status", "global_days", "pctc")
    ]
    if d.endo_base:
        rules.insert(1, ("Endoscopic base code", d.endo_base))
    sections.append(Section("Surgery and payment indicators", rules))
    sections += _edits(d)
    if d.other_releases:
        sections.append(
            Section(
                "Other releases",
                notes=[
                    f"Also in {', '.join(d.other_releases)} (older or later PFS releases loaded)."
                ],
            )
        )
    return DetailView(d.code, d.code_type, heading, description, sections)


def _said(indicator: Indicator) -> str:
    return f"{indicator.value} \u2014 {indicator.meaning}"


def _history(d: ProcedureDetail) -> list[tuple[str, str]]:
    if d.history is None:
        return []
    said = d.history.note or f"current in {d.history.release}"
    return [("Code status", said)]


def _payment(d: ProcedureDetail, price: Pricer, priced_note: str) -> Section:
    line = d.lines[0]
    status = next(i for i in d.indicators if i.column == "status")
    facts = [
        ("Status", _said(status)),
        ("PFS release", f"{d.release}, effective {d.effective_date}"),
        *_history(d),
    ]
    notes = [n for n in (d.release_note, priced_note) if n]
    if line.amounts is None:
        facts.append(
            ("National amount", f"none: status {line.status} is not paid under the fee schedule")
        )
        return Section("Payment", facts, notes=notes)
    national = price.pricing.locality == "national"
    office, facility = price.amount(), price.amount(facility=True)
    if national:
        where = ("National non-facility", "National facility")
    else:
        facts.append(("Locality", price.locality_label()))
        where = ("Non-facility", "Facility")
    facts.append((where[0], _money(office.medicare, price.problem())))
    shown = _money(facility.medicare, price.problem())
    if line.amounts.facility_na:
        shown += " (facility NA: rarely or never done in a facility)"
    facts.append((where[1], shown))
    payer = price.pricing.payer
    if payer is not None and office.medicare is not None:
        said = f" ({payer.name}, {payer.percent}% of Medicare)"
        facts += [
            ("Payer non-facility", _money(office.payer) + said),
            ("Payer facility", _money(facility.payer) + said),
        ]
    if line.amounts.non_facility_uses_facility_pe:
        notes.append("Non-facility PE is NA: paid at the facility rate in every setting.")
    notes.append(
        f"Amounts: (work + PE + MP RVU x GPCI) x CF {line.conversion_factor}, priced "
        "by the fee calculator (OPPS cap included); it also prices modifiers, units "
        "and multiple procedures."
    )
    return Section("Payment", facts, notes=notes)


def _money(value: Decimal | None, problem: str = "") -> str:
    if value is None:
        return f"not priced: {problem}" if problem else "not priced"
    return money(value)


def _tips(conn: sqlite3.Connection, d: ProcedureDetail, price: Pricer, day: date) -> Section:
    tips = billing_tips(conn, d, price, day)
    facts = [(t.topic, t.advice + (f"\nEffect: {t.effect}" if t.effect else "")) for t in tips]
    return Section(
        "Billing tips (Medicare)",
        facts,
        notes=[
            f"From {d.release} and the MUE/NCCI releases named above, priced on "
            f"{price.day.isoformat()}. Other payers (commercial, Medicaid) may use other rules and "
            "amounts: check the payer's policy."
        ],
    )


def _practice(history: CodeHistory | None) -> list[Section]:
    if history is None:
        return []
    return [Section(PRACTICE_TITLE, notes=[*history.describe(), PRACTICE_SOURCE])]


def _related(conn: sqlite3.Connection, d: ProcedureDetail, day: date) -> list[Section]:
    groups = related_codes(conn, d, day)
    if not groups:
        return []
    rows = [
        [group.title, code, text or NO_DESCRIPTION]
        for group in groups
        for code, text in group.codes
    ]
    notes = [f"{group.title}: {group.note}" for group in groups if group.note]
    return [
        Section(
            "Related codes",
            table=Table(["Relation", "Code", "Description"], rows) if rows else None,
            notes=notes,
        )
    ]


def _rvus(d: ProcedureDetail) -> Section:
    rows = [
        [
            line.modifier or "(none)",
            line.status,
            line.work_rvu,
            line.nonfac_pe_rvu + (" NA" if line.nonfac_na else ""),
            line.fac_pe_rvu + (" NA" if line.fac_na else ""),
            line.mp_rvu,
            *_amounts(line),
        ]
        for line in d.lines
    ]
    numbers = ", ".join(str(line.source_line) for line in d.lines)
    where = f"line{'s' if len(d.lines) > 1 else ''} {numbers}"
    return Section(
        f"RVUs ({d.release})",
        table=Table(
            [
                "Modifier",
                "Status",
                "Work",
                "PE non-fac",
                "PE fac",
                "MP",
                "Non-facility",
                "Facility",
            ],
            rows,
        ),
        notes=[f"Source: PPRRVU {d.release}, {where}."],
    )


def _amounts(line: RvuLine) -> list[str]:
    if line.amounts is None:
        return ["\u2014", "\u2014"]
    return [money(line.amounts.non_facility), money(line.amounts.facility)]


def _edits(d: ProcedureDetail) -> list[Section]:
    mue = d.mue
    if mue.release is None:
        mue_facts = [("MUE", "no MUE data loaded for this date")]
    elif mue.max_units is None:
        mue_facts = [("MUE", f"no MUE for this code in {mue.release}")]
    else:
        mue_facts = [
            ("MUE", f"{mue.max_units} unit{'s' if mue.max_units != 1 else ''} {mue.adjudication}"),
            ("Rationale", mue.rationale or "\u2014"),
            ("Release", mue.release + (f" ({mue.note})" if mue.note else "")),
        ]
    ncci = d.ncci
    if ncci.release is None:
        return [
            Section(
                "Units and NCCI edits", [*mue_facts, ("NCCI", "no NCCI data loaded for this date")]
            )
        ]
    outside = (
        ""
        if ncci.as_of == ncci.requested
        else (
            f" (the release does not cover {ncci.requested}: no newer NCCI data loaded)"
            if ncci.as_of < ncci.requested
            else f" (the release starts after {ncci.requested})"
        )
    )
    facts = [
        *mue_facts,
        ("NCCI", f"{ncci.release}, pairs active on {ncci.as_of}{outside}"),
        (
            "As column 1",
            f"{ncci.column1_total} pair(s): the column 2 code is denied when billed with {d.code}",
        ),
        (
            "As column 2",
            f"{ncci.column2_total} pair(s): {d.code} is denied when billed with the column 1 code",
        ),
    ]
    sections = [Section("Units and NCCI edits", facts)]
    for title, pairs, total, other in (
        (f"NCCI: {d.code} as column 1", ncci.as_column1, ncci.column1_total, "Column 2"),
        (f"NCCI: {d.code} as column 2", ncci.as_column2, ncci.column2_total, "Column 1"),
    ):
        if pairs:
            notes = [f"Showing {len(pairs)} of {total}."] if total > len(pairs) else []
            notes.append(MODIFIER_NOTE)
            sections.append(
                Section(
                    title,
                    table=Table(
                        [other, "Description", "Modifier", "Effective", "Rationale"],
                        [_pair_row(p, d.code) for p in pairs],
                    ),
                    notes=notes,
                )
            )
    return sections


def _pair_row(pair: NcciPair, code: str) -> list[str]:
    other = pair.column2 if pair.column1 == code else pair.column1
    until = f" to {pair.deletion_date}" if pair.deletion_date else ""
    return [
        other,
        pair.other_description or NO_DESCRIPTION,
        f"{pair.modifier_indicator} \u2014 {pair.modifier_short}",
        pair.effective_date + until,
        pair.rationale,
    ]

"""One code's detail page as titled sections of facts, tables and notes.

The wording is written once, here; the CLI renders it as text (core/lookup_text.py) and the
lookup tab as HTML (ui/detail_html.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .code_info import ModifierInfo, PosInfo, modifier_info, pos_info
from .icd_detail import IcdDetail, icd_detail
from .ncci_info import NCCI_MODIFIER_INDICATOR, NcciPair
from .procedure_detail import Indicator, ProcedureDetail, RvuLine, procedure_detail

NO_DESCRIPTION = "no plain-language description bundled"
MODIFIER_NOTE = ("Modifier " + "; ".join(f"{k}: {v}" for k, v in NCCI_MODIFIER_INDICATOR.items())
                 + ".")
_CPT_NOTE = " (CPT descriptors are AMA copyright and are not included)"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DetailView:
    code: str
    type: str                 # cpt | hcpcs | icd10 | modifier | pos
    heading: str
    description: str
    sections: list[Section]


CodeDetail = ProcedureDetail | IcdDetail | ModifierInfo | PosInfo


def code_detail(conn: sqlite3.Connection, code: str, code_type: str,
                as_of: date | None = None) -> CodeDetail | None:
    """The structured detail of one code of one code set, or None when it is not there."""
    if code_type in ("cpt", "hcpcs"):
        return procedure_detail(conn, code, as_of)
    if code_type == "icd10":
        return icd_detail(conn, code)
    if code_type == "modifier":
        return modifier_info(conn, code)
    if code_type == "pos":
        return pos_info(conn, code)
    return None


def detail_view(conn: sqlite3.Connection, code: str, code_type: str,
                as_of: date | None = None) -> DetailView | None:
    """The detail page of one code of one code set, or None when the code is not there."""
    detail = code_detail(conn, code, code_type, as_of)
    if isinstance(detail, ProcedureDetail):
        return procedure_view(detail)
    if isinstance(detail, IcdDetail):
        return icd_view(detail)
    if isinstance(detail, ModifierInfo):
        effect = detail.payment_effect or "none: informational only, the amount does not change"
        return DetailView(detail.code, "modifier",
                          f"{detail.code} \u2014 modifier ({detail.category})",
                          detail.description, [Section("Payment effect", [
                              ("Changes payment", "yes" if detail.affects_payment else "no"),
                              ("Effect", effect)])])
    if isinstance(detail, PosInfo):
        setting = ("facility: priced with the facility PE RVU" if detail.setting == "facility"
                   else "non-facility: priced with the non-facility PE RVU")
        return DetailView(detail.code, "pos", f"{detail.code} \u2014 place of service",
                          detail.name, [Section("Meaning and payment", [
                              ("Description", detail.description), ("Pricing setting", setting),
                              ("Telehealth", "yes" if detail.telehealth else "no")])])
    return None


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def procedure_view(d: ProcedureDetail) -> DetailView:
    kind = d.code_type.upper()
    heading = f"{d.code} \u2014 {kind}" + (f", {d.category}" if d.category else "")
    description = d.description or NO_DESCRIPTION + (_CPT_NOTE if kind == "CPT" else "")
    if not d.lines:
        return DetailView(d.code, d.code_type, heading, description, [
            Section("Payment", [("Status", "no PFS row loaded for this code")])])
    by_column = {i.column: i for i in d.indicators}
    sections = [_payment(d), _rvus(d)]
    sections.append(Section("Global surgery", [
        ("Global days", _said(by_column["global_days"])),
        ("Add-on code", "yes: bill it only with its primary procedure" if d.add_on else "no")]))
    sections.append(Section("Professional / technical (26, TC)", [
        ("PC/TC indicator", _said(by_column["pctc"])), ("Modifiers 26 / TC", d.pctc_modifiers)]))
    rules = [(i.label, _said(i)) for i in d.indicators
             if i.column not in ("status", "global_days", "pctc")]
    if d.endo_base:
        rules.insert(1, ("Endoscopic base code", d.endo_base))
    sections.append(Section("Surgery and payment indicators", rules))
    sections += _edits(d)
    if d.other_releases:
        sections.append(Section("Other releases", notes=[
            f"Also in {', '.join(d.other_releases)} (older or later PFS releases loaded)."]))
    return DetailView(d.code, d.code_type, heading, description, sections)


def _said(indicator: Indicator) -> str:
    return f"{indicator.value} \u2014 {indicator.meaning}"


def _payment(d: ProcedureDetail) -> Section:
    line = d.lines[0]
    status = next(i for i in d.indicators if i.column == "status")
    facts = [("Status", _said(status)),
             ("PFS release", f"{d.release}, effective {d.effective_date}")]
    notes = [d.release_note] if d.release_note else []
    if line.amounts is None:
        facts.append(("National amount", f"none: status {line.status} is not paid under the "
                                         "fee schedule"))
        return Section("Payment", facts)
    facts.append(("National non-facility", money(line.amounts.non_facility)))
    facility = money(line.amounts.facility)
    if line.amounts.facility_na:
        facility += " (facility NA: rarely or never done in a facility)"
    facts.append(("National facility", facility))
    if line.amounts.non_facility_uses_facility_pe:
        notes.append("Non-facility PE is NA: paid at the facility rate in every setting.")
    notes.append(f"National amounts: (work + PE + MP RVU) x CF {line.conversion_factor} at GPCI "
                 "1.0; the fee calculator prices a locality, modifiers and multiple procedures.")
    return Section("Payment", facts, notes=notes)


def _rvus(d: ProcedureDetail) -> Section:
    rows = [[line.modifier or "(none)", line.status, line.work_rvu,
             line.nonfac_pe_rvu + (" NA" if line.nonfac_na else ""),
             line.fac_pe_rvu + (" NA" if line.fac_na else ""), line.mp_rvu,
             *_amounts(line)] for line in d.lines]
    numbers = ", ".join(str(line.source_line) for line in d.lines)
    where = f"line{'s' if len(d.lines) > 1 else ''} {numbers}"
    return Section(f"RVUs ({d.release})", table=Table(
        ["Modifier", "Status", "Work", "PE non-fac", "PE fac", "MP", "Non-facility", "Facility"],
        rows), notes=[f"Source: PPRRVU {d.release}, {where}."])


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
        mue_facts = [("MUE", f"{mue.max_units} unit{'s' if mue.max_units != 1 else ''} "
                             f"{mue.adjudication}"),
                     ("Rationale", mue.rationale or "\u2014"),
                     ("Release", mue.release + (f" ({mue.note})" if mue.note else ""))]
    ncci = d.ncci
    if ncci.release is None:
        return [Section("Units and NCCI edits", [*mue_facts, ("NCCI", "no NCCI data "
                                                                      "loaded for this date")])]
    outside = "" if ncci.as_of == ncci.requested else (
        f" (the release does not cover {ncci.requested}: no newer NCCI data loaded)"
        if ncci.as_of < ncci.requested else f" (the release starts after {ncci.requested})")
    facts = [*mue_facts, ("NCCI", f"{ncci.release}, pairs active on {ncci.as_of}{outside}"),
             ("As column 1", f"{ncci.column1_total} pair(s): the column 2 code is denied when "
                             f"billed with {d.code}"),
             ("As column 2", f"{ncci.column2_total} pair(s): {d.code} is denied when billed "
                             "with the column 1 code")]
    sections = [Section("Units and NCCI edits", facts)]
    for title, pairs, total, other in (
            (f"NCCI: {d.code} as column 1", ncci.as_column1, ncci.column1_total, "Column 2"),
            (f"NCCI: {d.code} as column 2", ncci.as_column2, ncci.column2_total, "Column 1")):
        if pairs:
            notes = [f"Showing {len(pairs)} of {total}."] if total > len(pairs) else []
            notes.append(MODIFIER_NOTE)
            sections.append(Section(title, table=Table(
                [other, "Description", "Modifier", "Effective", "Rationale"],
                [_pair_row(p, d.code) for p in pairs]), notes=notes))
    return sections


def _pair_row(pair: NcciPair, code: str) -> list[str]:
    other = pair.column2 if pair.column1 == code else pair.column1
    until = f" to {pair.deletion_date}" if pair.deletion_date else ""
    return [other, pair.other_description or NO_DESCRIPTION,
            f"{pair.modifier_indicator} \u2014 {pair.modifier_short}",
            pair.effective_date + until, pair.rationale]


def icd_view(d: IcdDetail) -> DetailView:
    heading = f"{d.code} \u2014 ICD-10-CM " + ("code" if d.billable else f"{d.kind} (header)")
    if d.valid_to_fy is not None:
        heading = f"{d.code} \u2014 deleted ICD-10-CM code"
        billable = Section("Billable", [("Billable", f"no: deleted from October 1, "
                                                     f"{d.valid_to_fy} (last valid in "
                                                     f"FY{d.valid_to_fy})")])
    elif d.billable:
        billable = Section("Billable", [("Billable", "yes: a complete code for a claim")])
    else:
        shown = len(d.billable_codes)
        billable = Section(
            "Billable", [("Billable", f"no: a header; use one of the {d.billable_total} "
                                      "billable codes below it")],
            table=Table(["Code", "Description"],
                        [[r.code, r.description] for r in d.billable_codes]) if shown else None,
            notes=[f"Showing {shown} of {d.billable_total}."] if d.billable_total > shown else [])
    tree = []
    if d.chapter:
        tree.append(("Chapter", f"{d.chapter.code} \u2014 {d.chapter.description}"))
    if d.block:
        tree.append(("Block", f"{d.block.code} \u2014 {d.block.description}"))
    for level, ref in enumerate(d.ancestors):
        tree.append(("Category" if level == 0 else "Subcategory",
                     f"{ref.code} \u2014 {ref.description}"))
    tree.append(("This code", f"{d.code} \u2014 {d.description}"))
    sections = [billable, Section("Hierarchy", tree)]
    if d.history:
        sections.insert(1, Section("Fiscal years", d.history))
    if d.notes:
        sections.append(Section("Instructional notes", [
            (n.kind + ("" if n.from_code == d.code else f" (from {n.from_code})"), n.text)
            for n in d.notes]))
    else:
        sections.append(Section("Instructional notes", notes=[
            "No Excludes, code-first, use-additional or code-also notes."]))
    if d.seventh_options:
        facts = [("Applies from", d.seventh_from or "")]
        if d.seventh_value:
            facts.append(("This code's 7th character",
                          f"{d.seventh_value} \u2014 {d.seventh_options[d.seventh_value]}"))
        options = [[k, " ".join(v.split())] for k, v in d.seventh_options.items()]
        sections.append(Section("7th character", facts, table=Table(["Character", "Meaning"],
                                                                    options),
                                notes=[d.seventh_note] if d.seventh_note else []))
    return DetailView(d.code, "icd10", heading, d.description, sections)

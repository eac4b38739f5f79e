"""An ICD-10-CM code's detail page: billable or not (the billable codes below a header), its
place in the tabular, its other names, notes, 7th characters and its fiscal-year validity."""

from __future__ import annotations

import sqlite3
from datetime import date

from ..refdata.code_history import DELETED, CodeStatus, icd_status
from ..refdata.icd import other_names
from ..refdata.releases import fiscal_year, release_for
from .detail_types import DetailView, Section, Table
from .icd_detail import IcdDetail


def icd_view(conn: sqlite3.Connection, d: IcdDetail, day: date) -> DetailView:
    status = icd_status(conn, d.code, day)
    billable = (
        status.billable if status is not None and status.billable is not None else d.billable
    )  # on the date: I42.0 is billable in FY2026
    heading = f"{d.code} \u2014 ICD-10-CM " + ("code" if billable else f"{d.kind} (header)")
    if d.valid_to_fy is not None:
        heading = f"{d.code} \u2014 deleted ICD-10-CM code"
        section = Section(
            "Billable",
            [
                (
                    "Billable",
                    f"no: deleted from October 1, "
                    f"{d.valid_to_fy} (last valid in "
                    f"FY{d.valid_to_fy})",
                )
            ],
        )
    elif billable:
        later = f" on this date ({status.note})" if status is not None and not d.billable else ""
        section = Section("Billable", [("Billable", f"yes: a complete code for a claim{later}")])
    else:
        shown = len(d.billable_codes)
        section = Section(
            "Billable",
            [
                (
                    "Billable",
                    f"no: a header; use one of the {d.billable_total} billable codes below it",
                )
            ],
            table=Table(
                ["Code", "Description"], [[r.code, r.description] for r in d.billable_codes]
            )
            if shown
            else None,
            notes=[f"Showing {shown} of {d.billable_total}."] if d.billable_total > shown else [],
        )
    tree = []
    if d.chapter:
        tree.append(("Chapter", f"{d.chapter.code} \u2014 {d.chapter.description}"))
    if d.block:
        tree.append(("Block", f"{d.block.code} \u2014 {d.block.description}"))
    for level, ref in enumerate(d.ancestors):
        tree.append(
            ("Category" if level == 0 else "Subcategory", f"{ref.code} \u2014 {ref.description}")
        )
    tree.append(("This code", f"{d.code} \u2014 {d.description}"))
    sections = [section, _validity(conn, d, day, status), Section("Hierarchy", tree)]
    if d.history:
        sections.insert(2, Section("Fiscal years", d.history))
    names = other_names(conn, d.code)
    if names:
        sections.append(
            Section(
                "Other names (tabular)",
                [
                    ("Includes" if kind == "includes" else "Inclusion term", name)
                    for kind, name in names
                ],
            )
        )
    if d.notes:
        sections.append(
            Section(
                "Instructional notes",
                [
                    (n.kind + ("" if n.from_code == d.code else f" (from {n.from_code})"), n.text)
                    for n in d.notes
                ],
            )
        )
    else:
        sections.append(
            Section(
                "Instructional notes",
                notes=["No Excludes, code-first, use-additional or code-also notes."],
            )
        )
    if d.seventh_options:
        facts = [("Applies from", d.seventh_from or "")]
        if d.seventh_value:
            facts.append(
                (
                    "This code's 7th character",
                    f"{d.seventh_value} \u2014 {d.seventh_options[d.seventh_value]}",
                )
            )
        options = [[k, " ".join(v.split())] for k, v in d.seventh_options.items()]
        sections.append(
            Section(
                "7th character",
                facts,
                table=Table(["Character", "Meaning"], options),
                notes=[d.seventh_note] if d.seventh_note else [],
            )
        )
    return DetailView(d.code, "icd10", heading, d.description, sections)


def _validity(
    conn: sqlite3.Connection, d: IcdDetail, day: date, status: CodeStatus | None
) -> Section:
    """The code on the date: valid, a header, deleted (with CMS's replacements) or not yet
    effective, in the fiscal year's code set; a code in no loaded code set says which is."""
    year = fiscal_year(day)
    if status is None:
        applied = release_for(conn, "icd10cm", day)
        loaded = applied.name if applied else "no ICD-10-CM release"
        note = f" ({applied.note})" if applied and applied.note else ""
        return Section(
            "Code set",
            [
                ("Date", f"{day.isoformat()}, fiscal year {year}"),
                ("Code set", f"{loaded}{note}"),
                ("Fiscal years", "the code is in no loaded fiscal year's code set"),
            ],
        )
    facts = [
        ("Date", f"{day.isoformat()}, fiscal year {year}"),
        ("Validity", status.note or f"valid in {status.release}"),
    ]
    if status.state == DELETED and status.replacements:
        facts.append(("Replaced by", ", ".join(status.replacements)))
    return Section("Code set", facts)

"""Search hits with what a result list shows: the description (and where it comes from), the
PFS status, billable or not, and whether the code is current on the date."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date

from ..refdata.code_history import hcpcs_status, icd_status, pfs_statuses
from ..refdata.codes import places_of_service
from ..refdata.descriptions import modifier_text, procedure_texts


@dataclass(frozen=True)
class SearchHit:
    code: str
    type: str  # cpt | hcpcs | icd10 | modifier | pos
    description: str | None  # None: a procedure code without any description here
    match: str  # exact | prefix | words | nearest
    billable: bool | None = None  # ICD-10-CM only: a complete code that can go on a claim
    status: str | None = None  # procedure codes: PFS status in the release judged
    source: str = ""  # own | hcpcs | imported (a CMS descriptor the user imported)
    note: str = ""  # "deleted 2025-10-01 (not in RVU25D)", "not yet effective..."
    source_label: str = ""  # where a description not our own comes from

    @property
    def code_set(self) -> str:
        return "procedure" if self.type in ("cpt", "hcpcs") else self.type

    @staticmethod
    def bare(code_set: str, code: str, match: str) -> SearchHit:
        """A hit not yet described (describe() fills it in)."""
        kind = code_set
        if code_set in ("procedure", "cpt", "hcpcs"):
            kind = "cpt" if code[0].isdigit() else "hcpcs"
        return SearchHit(code, kind, None, match)


def describe(conn: sqlite3.Connection, hits: list[SearchHit], day: date) -> list[SearchHit]:
    procedures = [h.code for h in hits if h.code_set == "procedure"]
    texts = procedure_texts(conn, procedures)
    statuses = pfs_statuses(conn, procedures, day)
    icd = _icd_rows(conn, [h.code for h in hits if h.type == "icd10"])
    places = places_of_service(conn)
    described = []
    for hit in hits:
        if hit.code_set == "procedure":
            text = texts.get(hit.code)
            status = statuses.get(hit.code) or (
                hcpcs_status(conn, hit.code, day) if hit.type == "hcpcs" else None
            )
            hit = replace(
                hit,
                description=text.description if text else None,
                source=text.source if text else "",
                source_label=text.label if text else "",
                status=status.status if status else None,
                note=status.note if status else "",
            )
        elif hit.type == "icd10":
            description, billable = icd.get(hit.code, (None, None))
            validity = icd_status(conn, hit.code, day)
            on_date = validity.billable if validity and validity.billable is not None else billable
            hit = replace(
                hit,
                description=description,
                billable=on_date,
                note=validity.note if validity else "",
            )
        elif hit.type == "modifier":
            text = modifier_text(conn, hit.code)
            hit = replace(
                hit,
                description=text.description if text else None,
                source=text.source if text else "",
                source_label=text.label if text else "",
            )
        else:
            place = places.get(hit.code)
            hit = replace(hit, description=place.name if place else None)
        described.append(hit)
    return described


def _icd_rows(conn: sqlite3.Connection, codes: list[str]) -> dict[str, tuple[str, bool]]:
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    return {
        row[0]: (row[1], bool(row[2]))
        for row in conn.execute(
            f"SELECT code, description, billable FROM icd10cm WHERE code IN ({marks}) "
            "AND kind IN ('category', 'subcategory')",
            codes,
        )
    }

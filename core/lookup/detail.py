"""One code's detail page as titled sections of facts, tables and notes, for every code set:
procedures (procedure_view.py), ICD-10-CM (icd_view.py), modifiers and places of service (here).

The wording is written once, in core/lookup; the CLI renders it as text (text.py) and the
lookup tab as HTML (ui/detail_html.py).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from ..refdata.codes import Modifier, PlaceOfService
from ..words import money
from .code_info import modifier_info, pos_info
from .detail_types import NO_DESCRIPTION, DetailView, Section, Table
from .icd_detail import IcdDetail, icd_detail
from .icd_view import icd_view
from .pricing import DetailPricing
from .procedure_detail import ProcedureDetail, procedure_detail
from .procedure_view import MODIFIER_NOTE, procedure_view

if TYPE_CHECKING:  # the caller reads it from the workspace; the lookup never opens it
    from ..remit.code_history import CodeHistory

__all__ = [
    "MODIFIER_NOTE",
    "NO_DESCRIPTION",
    "CodeDetail",
    "DetailPricing",
    "DetailView",
    "Section",
    "Table",
    "code_detail",
    "detail_view",
    "money",
]

CodeDetail = ProcedureDetail | IcdDetail | Modifier | PlaceOfService


def code_detail(
    conn: sqlite3.Connection, code: str, code_type: str, as_of: date | None = None
) -> CodeDetail | None:
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


def detail_view(
    conn: sqlite3.Connection,
    code: str,
    code_type: str,
    as_of: date | None = None,
    pricing: DetailPricing | None = None,
    practice: CodeHistory | None = None,
) -> DetailView | None:
    """The detail page of one code of one code set on `as_of` (today), priced for the chosen
    locality and payer (national Medicare by default); None when the code is not there.
    `practice`: this practice's history for a procedure code, from its remittances (the
    caller reads it from the workspace: core.remit.code_history); shown in its own section."""
    detail = code_detail(conn, code, code_type, as_of)
    if isinstance(detail, ProcedureDetail):
        return procedure_view(conn, detail, pricing, practice)
    if isinstance(detail, IcdDetail):
        return icd_view(conn, detail, as_of or date.today())
    if isinstance(detail, Modifier):
        return _modifier_view(detail)
    if isinstance(detail, PlaceOfService):
        setting = (
            "facility: priced with the facility PE RVU"
            if detail.setting == "facility"
            else "non-facility: priced with the non-facility PE RVU"
        )
        return DetailView(
            detail.code,
            "pos",
            f"{detail.code} \u2014 place of service",
            detail.name,
            [
                Section(
                    "Meaning and payment",
                    [
                        ("Description", detail.description),
                        ("Pricing setting", setting),
                        ("Telehealth", "yes" if detail.telehealth else "no"),
                    ],
                )
            ],
        )
    return None


def _modifier_view(detail: Modifier) -> DetailView:
    if detail.category.startswith("HCPCS Level II"):
        facts = [
            ("Source", f"CMS {detail.category} (not in our modifier table)"),
            ("Payment effect", "not described here: check the payer's policy"),
        ]
    else:
        effect = detail.payment_effect or "none: informational only, the amount does not change"
        facts = [("Changes payment", "yes" if detail.affects_payment else "no"), ("Effect", effect)]
    return DetailView(
        detail.code,
        "modifier",
        f"{detail.code} \u2014 modifier ({detail.category})",
        detail.description,
        [Section("Payment effect", facts)],
    )

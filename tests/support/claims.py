"""Helpers the scrub tests share: a clean Medicare claim to vary, and running the engine.
(No tests here; the claims are built directly in the claim model.)"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from core.claims.checked import CheckedClaim
from core.claims.finding import Finding
from core.claims.model import Claim, Diagnosis, Patient, ServiceLine, Source
from core.scrub.engine import scrub
from core.workspace import open_workspace
from core.workspace.payers import PayerProfile
from core.workspace.worklist import load_worklist

AS_OF = date(2025, 12, 1)
DOS = date(2025, 11, 3)  # covered by RVU25D (the bundled PFS release)
BILLING_NPI = "1234567893"  # valid check digits
RENDERING_NPI = "1245319599"
# What the bundled data says on a 2025 date: no NCCI PTP edits are bundled (not checked) and
# the bundled MUE quarter is 2026Q2, used for earlier dates and labelled (releases policy)
NOT_CHECKED = {"NCCI-NOT-CHECKED", "MUE-OTHER-RELEASE"}


def line(
    number: int = 1,
    code: str = "99213",
    modifiers: tuple[str, ...] = (),
    units: Decimal | None = Decimal(1),
    charge: Decimal | None = Decimal("125.00"),
    pointers: tuple[int, ...] = (1,),
    dos: date = DOS,
    **more: object,
) -> ServiceLine:
    return ServiceLine(
        number=number,
        dos=dos,
        code=code,
        modifiers=modifiers,
        units=units,
        charge=charge,
        pointers=pointers,
        source=Source("test.csv", None, number + 1),
        **more,
    )  # type: ignore[arg-type]


def claim(
    *lines: ServiceLine,
    dx: tuple[str, ...] = ("I10",),
    claim_id: str = "C1",
    dob: date | None = date(1950, 3, 14),
    sex: str | None = "F",
    patient_id: str = "P1",
    **more: object,
) -> Claim:
    values: dict[str, object] = dict(
        claim_id=claim_id,
        payer="Medicare",
        patient=Patient(patient_id, dob, sex),
        billing_npi=BILLING_NPI,
        rendering_npi=RENDERING_NPI,
        pos="11",
        service_zip="",
        diagnoses=tuple(Diagnosis(i, code) for i, code in enumerate(dx, start=1)),
        lines=lines or (line(),),
        source=Source("test.csv", None, 2),
        filing_indicator="MB",
    )
    values.update(more)
    return Claim(**values)  # type: ignore[arg-type]


def run(
    conn: sqlite3.Connection,
    *claims: Claim,
    as_of: date = AS_OF,
    payers: Sequence[PayerProfile] = (),
) -> list[CheckedClaim]:
    return scrub(conn, claims, as_of, payers)


def findings(conn: sqlite3.Connection, *claims: Claim, as_of: date = AS_OF) -> list[Finding]:
    """Every finding of the first claim except the NOT-CHECKED notices."""
    checked = run(conn, *claims, as_of=as_of)[0]
    return [f for f in checked.findings if f.rule not in NOT_CHECKED]


def rules(conn: sqlite3.Connection, *claims: Claim, as_of: date = AS_OF) -> set[str]:
    return {f.rule for f in findings(conn, *claims, as_of=as_of)}


def with_lines(base: Claim, *lines: ServiceLine) -> Claim:
    return replace(base, lines=lines)


def saved_claims(workspace: Path | None) -> list[Claim]:
    """The worklist as saved in a workspace database (what a restart brings back)."""
    conn = open_workspace(workspace)
    try:
        return [item.claim for item in load_worklist(conn).claims]
    finally:
        conn.close()

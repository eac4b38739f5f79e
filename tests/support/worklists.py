"""Helpers for the claims tests: write real .xlsx and .csv worklists, find the sample 837s."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.conftest import SHARED_REFERENCE

X12_DIR = SHARED_REFERENCE / "x12"

# A worklist's columns, in the order of the app's template, each with its value in a row of one
# office visit of patient P1 (worklist_row changes what a test names).
ROW_DEFAULTS: dict[str, object] = {
    "claim_id": "1001",
    "payer": "Medicare",
    "patient_id": "P1",
    "patient_dob": "1950-03-14",
    "patient_sex": "F",
    "billing_npi": "1234567893",
    "rendering_npi": "1245319599",
    "pos": "11",
    "service_zip": "60611",
    "dos": "2025-03-14",
    "hcpcs": "99213",
    "modifiers": "",
    "units": "1",
    "charge": "125.00",
    "dx_pointers": "A",
    "dx1": "I10",
    "dx2": "",
    "dx3": "",
}
HEADER = list(ROW_DEFAULTS)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as out:
        writer = csv.writer(out, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def x12_file(*parts: str) -> Path:
    """A sample 837 of ../shared/reference/x12, or skip the test when ../shared is absent."""
    path = X12_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"sample X12 837 file {path} not present (../shared/reference/x12 is needed)")
    return path


def worklist_row(**changes: object) -> list[object]:
    """A row in HEADER order: ROW_DEFAULTS with `changes` (unknown names are refused)."""
    unknown = set(changes) - set(ROW_DEFAULTS)
    assert not unknown, f"not worklist columns: {unknown}"
    return [changes.get(name, ROW_DEFAULTS[name]) for name in HEADER]


def visit_row(
    claim_id: str, patient_id: str = "P1", hcpcs: str = "99213", **changes: object
) -> list[object]:
    """A worklist row as a biller types it, with US dates: a visit on 11/03/2025 of a patient
    born 03/14/1950, no service ZIP; `changes` by column name, as for worklist_row."""
    typed = {"patient_dob": "03/14/1950", "dos": "11/03/2025", "service_zip": ""}
    return worklist_row(
        claim_id=claim_id, patient_id=patient_id, hcpcs=hcpcs, **{**typed, **changes}
    )


def three_claims_csv(
    path: Path, ecg: dict[str, Any] | None = None, c3: dict[str, Any] | None = None
) -> Path:
    """The worklist the scrub tab tests open, in visit_row's cells: C1 a visit of P1, C2 a visit
    and an ECG (93000) of P2, C3 a visit of P3; `ecg` and `c3` change cells of C2's ECG line
    and of C3, by column name."""
    return write_csv(
        path,
        [
            HEADER,
            visit_row("C1"),
            visit_row("C2", "P2"),
            visit_row("", "P2", "93000", **(ecg or {})),
            visit_row("C3", "P3", **(c3 or {})),
        ],
    )

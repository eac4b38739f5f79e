"""Helpers for the claims tests: write real .xlsx and .csv worklists, find the sample 837s."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import SHARED_REFERENCE

X12_DIR = SHARED_REFERENCE / "x12"

HEADER = [
    "claim_id",
    "payer",
    "patient_id",
    "patient_dob",
    "patient_sex",
    "billing_npi",
    "rendering_npi",
    "pos",
    "service_zip",
    "dos",
    "hcpcs",
    "modifiers",
    "units",
    "charge",
    "dx_pointers",
    "dx1",
    "dx2",
    "dx3",
]


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

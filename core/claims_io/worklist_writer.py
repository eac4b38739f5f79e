"""Claims written back as a worklist (.xlsx or .csv) in the canonical columns (columns.py) plus
line_pos: one row per service line, the claim's fields repeated on each of its rows. The file
loads back as the same claims, and writing those again gives the same file. The checked-claims
workbook's Lines sheet starts with these same cells (worklist_rows).

Fields only an 837 carries (payer id, filing indicator, the claim's total charge, the patient's
name, a line's own rendering NPI, date range or anesthesia minutes) have no worklist column:
`fields_not_written` names them so the user is told before they are left out."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from core.claims.model import DX_LETTERS, MAX_DIAGNOSES, MINUTES, Claim, ServiceLine
from core.jobs import Progress, no_progress
from core.tabular import (
    DATE,
    MONEY,
    NUMBER,
    TEXT,
    ExportError,
    XlsxWriter,
    csv_text,
    write_atomically,
)

from .columns import CANONICAL_HEADERS

WORKLIST_HEADERS = (*CANONICAL_HEADERS, "line_pos")
SHEET = "Claims"
PROGRESS_EVERY = 500
_DATES = {"patient_dob", "dos"}
_MONEY = {"charge"}
# every other column is text: codes keep their leading zeros, "=..." stays text
_KINDS = {"patient_dob": DATE, "dos": DATE, "charge": MONEY, "units": NUMBER}


def worklist_rows(claim: Claim) -> Iterator[tuple[ServiceLine, tuple[object, ...]]]:
    """Each line of the claim with its row of cells in WORKLIST_HEADERS order."""
    dx: list[object] = [""] * MAX_DIAGNOSES
    for diagnosis in claim.diagnoses:
        if 1 <= diagnosis.position <= MAX_DIAGNOSES:
            dx[diagnosis.position - 1] = diagnosis.code
    head = (
        claim.claim_id,
        claim.payer,
        claim.patient.id,
        claim.patient.dob,
        claim.patient.sex or "",
        claim.billing_npi,
        claim.rendering_npi,
        claim.pos,
        claim.service_zip,
    )
    for line in claim.lines:
        yield line, (*head, *_line_cells(line), *dx, line.pos)


def _line_cells(line: ServiceLine) -> tuple[object, ...]:
    if all(1 <= p <= MAX_DIAGNOSES for p in line.pointers):
        pointers = "".join(DX_LETTERS[p - 1] for p in line.pointers)
    else:  # only an 837 can carry these; written as read, the loader reports them
        pointers = ",".join(str(p) for p in line.pointers)
    return (line.dos, line.code, " ".join(line.modifiers), line.units, line.charge, pointers)


def fields_not_written(claims: Sequence[Claim]) -> list[str]:
    """What the claims hold that a worklist has no column for, e.g. 'filing indicator
    (3 claims)'."""
    checks = [
        ("payer id", lambda c: bool(c.payer_id)),
        ("filing indicator", lambda c: bool(c.filing_indicator)),
        ("total charge", lambda c: c.total_charge is not None),
        ("patient name", lambda c: bool(c.patient.name)),
        ("line rendering NPI", lambda c: any(line.rendering_npi for line in c.lines)),
        ("date range end", lambda c: any(line.dos_end for line in c.lines)),
        ("anesthesia minutes", lambda c: any(line.unit_basis == MINUTES for line in c.lines)),
    ]
    said = []
    for name, holds in checks:
        count = sum(1 for claim in claims if holds(claim))
        if count:
            said.append(f"{name} ({count} claim{'s' if count != 1 else ''})")
    return said


def write_worklist(path: Path, claims: Sequence[Claim], progress: Progress | None = None) -> int:
    """Write the claims to `path` (.xlsx or .csv, by its suffix) via a temporary file renamed into
    place; returns the number of rows (service lines) written. Raises ExportError with a message
    for the user; Cancelled raised from `progress` leaves no file behind."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportError(f"{path.name}: a worklist is saved as .xlsx or .csv")
    report = progress or no_progress
    total = max(sum(len(claim.lines) for claim in claims), 1)
    rows = _counted((cells for claim in claims for _, cells in worklist_rows(claim)), total, report)
    if suffix == ".csv":
        return write_atomically(path, lambda temporary: _write_csv(temporary, rows))
    return write_atomically(path, lambda temporary: _write_xlsx(temporary, rows))


def _counted(
    rows: Iterator[tuple[object, ...]], total: int, report: Progress
) -> Iterator[tuple[object, ...]]:
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            report(f"Wrote {done:,} of {total:,} lines", done / total)
        yield row
    report(f"Wrote {total:,} lines", 1.0)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, Decimal):
        return f"{value:f}"
    return csv_text(str(value))


def _write_csv(path: Path, rows: Iterator[tuple[object, ...]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(WORKLIST_HEADERS)
        for row in rows:
            writer.writerow([_csv_text(value) for value in row])
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterator[tuple[object, ...]]) -> int:
    count = 0
    with XlsxWriter(path) as xlsx:
        sheet = xlsx.sheet(
            SHEET,
            WORKLIST_HEADERS,
            [
                12 if name in _DATES or name in _MONEY else max(8, len(name) + 3)
                for name in WORKLIST_HEADERS
            ],
        )
        kinds = [_KINDS.get(name, TEXT) for name in WORKLIST_HEADERS]
        for count, row in enumerate(rows, start=1):
            xlsx.row(sheet, count, row, kinds)
    return count

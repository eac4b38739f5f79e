"""GPCI file (Addendum E): work, PE and MP geographic indices per MAC + locality.

Columns are found by name (GPCI2025.csv line 3: 'Medicare Administrative Contractor (MAC),
State, Locality Number, Locality Name, 2025 PW GPCI (with 1.0 Floor), 2025 PE GPCI, 2025 MP
GPCI'); a year that also prints the work GPCI without the floor keeps the one with it."""

from __future__ import annotations

import re

from .columns import Column, cells, is_header, locate
from .source_file import Record, decimal_field, padded
from .tables import Table

STORED_COLUMNS = ["carrier", "locality", "state", "name", "work", "pe", "mp", "source_line"]
_YEAR_RE = re.compile(r"CY (\d{4}) GEOGRAPHIC PRACTICE COST INDICES|(\d{4}) PW GPCI", re.I)
COLUMNS = [
    Column("carrier", "Medicare Administrative Contractor (MAC)", contains=("CONTRACTOR",)),
    Column("state", "State"),
    Column("locality", "Locality Number", contains=("LOCALITY", "NUMBER")),
    Column("name", "Locality Name", contains=("LOCALITY", "NAME")),
    Column("work", "PW GPCI", contains=("PW", "GPCI"), excludes=("WITHOUT",)),
    Column("pe", "PE GPCI", contains=("PE", "GPCI")),
    Column("mp", "MP GPCI", contains=("MP", "GPCI")),
]


def looks_like(head: list[Record]) -> bool:
    return any(
        "GEOGRAPHIC PRACTICE COST" in ",".join(r.fields).upper()
        or "PW GPCI" in ",".join(r.fields).upper()
        for r in head
    )


def parse(table: Table) -> tuple[int, list[tuple]]:
    """Return the calendar year and rows (carrier, locality, state, name, work, pe, mp, line)."""
    year: int | None = None
    index: dict[str, int] | None = None
    width = 0
    rows: list[tuple] = []
    for record in table.records():
        if index is None:
            match = _YEAR_RE.search(",".join(record.fields))
            if match:
                year = int(match.group(1) or match.group(2))
            if is_header(record.fields, COLUMNS[2:3] + COLUMNS[4:5]):
                index = locate(table, record, COLUMNS)
                width = len(record.fields)
            continue
        at = index["carrier"]
        carrier = record.fields[at].strip() if at < len(record.fields) else ""
        if not carrier.isdigit():
            continue  # blank spacer or footnote lines after the table
        f = cells(table, record, index, width)
        line = record.line
        rows.append(
            (
                padded(carrier, 5),
                padded(f["locality"], 2),
                f["state"].strip(),
                f["name"].strip().rstrip("*").strip(),
                decimal_field(table, line, "PW GPCI", f["work"]),
                decimal_field(table, line, "PE GPCI", f["pe"]),
                decimal_field(table, line, "MP GPCI", f["mp"]),
                line,
            )
        )
    if index is None:
        raise table.error("no header line with 'Locality Number' and the GPCI columns")
    if year is None:
        raise table.error(
            "the calendar year (e.g. 'CY 2025 GEOGRAPHIC PRACTICE COST "
            "INDICES' or '2025 PW GPCI') is not in the file's header",
            1,
        )
    if not rows:
        raise table.error("no locality rows found under the header")
    return year, rows

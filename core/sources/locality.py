"""Locality-to-county file (*LOCCO.csv): the counties of every fee schedule area.

Columns by name (25LOCCO.csv line 3: 'Medicare Adminstrative Contractor, Locality Number,
State, Fee Schedule Area, Counties', CMS's spelling)."""

from __future__ import annotations

import re

from .columns import Column, cells, locate, one_line
from .source_file import Record, padded
from .tables import Table

STORED_COLUMNS = ["carrier", "locality", "state", "name", "counties"]
_YEAR_RE = re.compile(r"COUNTIES INCLUDED IN (\d{4}) LOCALITIES", re.I)
COLUMNS = [
    Column("carrier", "Medicare Administrative Contractor", contains=("CONTRACTOR",)),
    Column("locality", "Locality Number", contains=("LOCALITY",)),
    Column("state", "State"),
    Column("name", "Fee Schedule Area", contains=("FEE", "SCHEDULE", "AREA")),
    Column("counties", "Counties", contains=("COUNTIES",)),
]


def looks_like(head: list[Record]) -> bool:
    return any(
        _YEAR_RE.search(",".join(r.fields))
        or (
            "FEE SCHEDULE AREA" in ",".join(r.fields).upper()
            and "COUNTIES" in ",".join(r.fields).upper()
        )
        for r in head
    )


def _is_header(fields: list[str]) -> bool:
    joined = ",".join(fields).upper()
    return "COUNTIES" in joined and "LOCALITY" in joined and not _YEAR_RE.search(joined)


def _check_row(table: Table, record: Record, first: str) -> None:
    """A row that is neither a locality nor a footnote is a fault in the file, never skipped:
    a stray quote (") runs a cell on over the next lines, and the localities in them were
    lost without a word."""
    one_line(table, record)
    if not first.isdigit():
        shown = first if len(first) <= 40 else first[:40] + "..."
        raise table.error(
            f"'{shown}' is not a contractor number: every row under the "
            "header is a locality (or a footnote starting with *); is the row "
            "damaged?",
            record.line,
            "Medicare Administrative Contractor",
        )


def parse(table: Table) -> tuple[int, list[tuple]]:
    """Return the year and rows (carrier, locality, state, name, counties).

    CMS prints the state only on its first locality; the following rows inherit it."""
    year: int | None = None
    index: dict[str, int] | None = None
    width = 0
    state = ""
    rows: dict[tuple[str, str], tuple] = {}
    for record in table.records():
        f = record.fields
        if index is None:
            match = _YEAR_RE.search(",".join(f))
            if match:
                year = int(match.group(1))
            elif _is_header(f):
                index = locate(table, record, COLUMNS)
                width = len(f)
            continue
        first = f[index["carrier"]].strip() if index["carrier"] < len(f) else ""
        if record.is_blank() or first.startswith("*"):  # a footnote ("* Payment locality")
            continue
        _check_row(table, record, first)
        row = cells(table, record, index, width)
        state = row["state"].strip() or state
        if not state:
            raise table.error("the first locality row has no state", record.line, "State")
        key = (padded(row["carrier"], 5), padded(row["locality"], 2))
        counties = " ".join(row["counties"].split())
        if key in rows and counties not in rows[key][4]:
            # an area served by two carriers is listed twice
            counties = f"{rows[key][4]}; {counties}"
        rows[key] = (*key, state, row["name"].strip().rstrip("*").strip(), counties)
    if index is None or not rows:
        raise table.error("no locality rows under a 'Counties' header")
    if year is None:
        raise table.error("the year ('COUNTIES INCLUDED IN 2025 LOCALITIES') is missing", 1)
    return year, list(rows.values())

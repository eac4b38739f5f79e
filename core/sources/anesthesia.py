"""Anesthesia conversion factors by locality (ANES*.csv).

Columns by name (ANES2025.csv line 1: 'Contractor, Locality, Locality Name, National Anes CF of
20.3178'); the last header cell also carries the national anesthesia CF."""

from __future__ import annotations

import re

from .columns import Column, cells, locate
from .source_file import Record, decimal_field, padded
from .tables import Table

STORED_COLUMNS = ["carrier", "locality", "name", "conversion_factor", "source_line"]
_NATIONAL_RE = re.compile(r"National Anes CF of (\d+\.\d+)", re.I)
COLUMNS = [
    Column("carrier", "Contractor", contains=("CONTRACTOR",)),
    Column("locality", "Locality", names=("Locality", "Locality Number")),
    Column("name", "Locality Name", contains=("LOCALITY", "NAME")),
    Column("cf", "Anes CF", contains=("ANES", "CF")),
]


def looks_like(head: list[Record]) -> bool:
    return any(_NATIONAL_RE.search(",".join(r.fields)) for r in head)


def parse(table: Table) -> tuple[str, list[tuple]]:
    """Return the national anesthesia CF printed in the header and the locality rows."""
    national: str | None = None
    index: dict[str, int] = {}
    width = 0
    rows: list[tuple] = []
    for record in table.records():
        if national is None:
            match = _NATIONAL_RE.search(",".join(record.fields))
            if match:
                national = match.group(1)
                index = locate(table, record, COLUMNS)
                width = len(record.fields)
            continue
        if record.is_blank():
            continue
        first = (
            record.fields[index["carrier"]].strip() if index["carrier"] < len(record.fields) else ""
        )
        if not first.isdigit():
            raise table.error("expected Contractor, Locality, Locality Name, CF", record.line)
        f = cells(table, record, index, width)
        rows.append(
            (
                padded(f["carrier"], 5),
                padded(f["locality"], 2),
                f["name"].strip().rstrip("*").strip(),
                decimal_field(table, record.line, "Anes CF", f["cf"]),
                record.line,
            )
        )
    if national is None or not rows:
        raise table.error("no 'National Anes CF of ...' header with locality rows below it")
    return national, rows

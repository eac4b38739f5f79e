"""GPCI file (Addendum E): work, PE and MP geographic indices per MAC + locality."""

from __future__ import annotations

import re
from pathlib import Path

from .source_file import Record, SourceError, decimal_field, padded, records

STORED_COLUMNS = ["carrier", "locality", "state", "name", "work", "pe", "mp", "source_line"]
_YEAR_RE = re.compile(r"CY (\d{4}) GEOGRAPHIC PRACTICE COST INDICES|(\d{4}) PW GPCI", re.I)


def looks_like(head: list[Record]) -> bool:
    return any("GEOGRAPHIC PRACTICE COST" in ",".join(r.fields).upper()
               or "PW GPCI" in ",".join(r.fields).upper() for r in head)


def parse(path: Path, text: str) -> tuple[int, list[tuple]]:
    """Return the calendar year and rows (carrier, locality, state, name, work, pe, mp, line)."""
    year: int | None = None
    header_seen = False
    rows: list[tuple] = []
    for record in records(text):
        joined = ",".join(record.fields)
        if not header_seen:
            match = _YEAR_RE.search(joined)
            if match:
                year = int(match.group(1) or match.group(2))
            if "LOCALITY NUMBER" in joined.upper() and "GPCI" in joined.upper():
                header_seen = True
                if len([f for f in record.fields if f.strip()]) < 7:
                    raise SourceError(path, "the header must have MAC, State, Locality Number, "
                                            "Locality Name and the three GPCI columns", record.line)
            continue
        carrier = record.fields[0].strip() if record.fields else ""
        if not carrier.isdigit():
            continue  # blank spacer or footnote lines after the table
        if len(record.fields) < 7:
            raise SourceError(path, f"the row has {len(record.fields)} columns, expected 7",
                              record.line)
        f = record.fields
        line = record.line
        rows.append((
            padded(carrier, 5), padded(f[2], 2), f[1].strip(), f[3].strip().rstrip("*").strip(),
            decimal_field(path, line, "PW GPCI", f[4]), decimal_field(path, line, "PE GPCI", f[5]),
            decimal_field(path, line, "MP GPCI", f[6]), line,
        ))
    if not header_seen:
        raise SourceError(path, "no header line with 'Locality Number' and the GPCI columns")
    if year is None:
        raise SourceError(path, "the calendar year (e.g. 'CY 2025 GEOGRAPHIC PRACTICE COST "
                                "INDICES' or '2025 PW GPCI') is not in the file's header", 1)
    if not rows:
        raise SourceError(path, "no locality rows found under the header")
    return year, rows

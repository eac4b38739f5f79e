"""Locality-to-county file (*LOCCO.csv): the counties of every fee schedule area."""

from __future__ import annotations

import re
from pathlib import Path

from .source_file import Record, SourceError, padded, records

STORED_COLUMNS = ["carrier", "locality", "state", "name", "counties"]
_YEAR_RE = re.compile(r"COUNTIES INCLUDED IN (\d{4}) LOCALITIES", re.I)


def looks_like(head: list[Record]) -> bool:
    return any(_YEAR_RE.search(",".join(r.fields)) or
               ("FEE SCHEDULE AREA" in ",".join(r.fields).upper()
                and "COUNTIES" in ",".join(r.fields).upper()) for r in head)


def parse(path: Path, text: str) -> tuple[int, list[tuple]]:
    """Return the year and rows (carrier, locality, state, name, counties).

    CMS prints the state only on its first locality; the following rows inherit it."""
    year: int | None = None
    header_seen = False
    state = ""
    rows: dict[tuple[str, str], tuple] = {}
    for record in records(text):
        f = record.fields
        if not header_seen:
            match = _YEAR_RE.search(",".join(f))
            if match:
                year = int(match.group(1))
            header_seen = "COUNTIES" in ",".join(f).upper() and "LOCALITY" in ",".join(f).upper()
            continue
        if record.is_blank() or not f[0].strip().isdigit():
            continue
        if len(f) < 5:
            raise SourceError(path, f"the row has {len(f)} columns, expected 5", record.line)
        state = f[2].strip() or state
        if not state:
            raise SourceError(path, "the first locality row has no state", record.line, "State")
        key = (padded(f[0], 5), padded(f[1], 2))
        counties = " ".join(f[4].split())
        if key in rows and counties not in rows[key][4]:
            # an area served by two carriers is listed twice
            counties = f"{rows[key][4]}; {counties}"
        rows[key] = (*key, state, f[3].strip().rstrip("*").strip(), counties)
    if not header_seen or not rows:
        raise SourceError(path, "no locality rows under a 'Counties' header")
    if year is None:
        raise SourceError(path, "the year ('COUNTIES INCLUDED IN 2025 LOCALITIES') is missing", 1)
    return year, list(rows.values())

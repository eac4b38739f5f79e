"""Anesthesia conversion factors by locality (ANES*.csv)."""

from __future__ import annotations

import re
from pathlib import Path

from .source_file import Record, SourceError, decimal_field, padded, records

STORED_COLUMNS = ["carrier", "locality", "name", "conversion_factor", "source_line"]
_NATIONAL_RE = re.compile(r"National Anes CF of (\d+\.\d+)", re.I)


def looks_like(head: list[Record]) -> bool:
    return any(_NATIONAL_RE.search(",".join(r.fields)) for r in head)


def parse(path: Path, text: str) -> tuple[str, list[tuple]]:
    """Return the national anesthesia CF printed in the header and the locality rows."""
    national: str | None = None
    rows: list[tuple] = []
    for record in records(text):
        f = record.fields
        if national is None:
            match = _NATIONAL_RE.search(",".join(f))
            if match:
                national = match.group(1)
            continue
        if record.is_blank():
            continue
        if len(f) < 4 or not f[0].strip().isdigit():
            raise SourceError(path, "expected Contractor, Locality, Locality Name, CF", record.line)
        rows.append((padded(f[0], 5), padded(f[1], 2), f[2].strip().rstrip("*").strip(),
                     decimal_field(path, record.line, "Anes CF", f[3]), record.line))
    if national is None or not rows:
        raise SourceError(path, "no 'National Anes CF of ...' header with locality rows below it")
    return national, rows

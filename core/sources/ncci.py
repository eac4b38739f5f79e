"""NCCI practitioner procedure-to-procedure edits (tab-separated text, any of its parts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .quarters import parse_yyyymmdd
from .source_file import SourceError, normalize_code

STORED_COLUMNS = ["column1", "column2", "prior_1996", "effective_date", "deletion_date",
                  "modifier_indicator", "rationale", "source_file", "source_line"]
_CODE_RE = re.compile(r"^[0-9A-Z]{5}$")


def _is_header(fields: list[str]) -> bool:
    first = [f.replace(" ", "").lower() for f in fields[:2]]
    return len(first) == 2 and first[0].startswith("column1") and first[1].startswith("column2")


def looks_like(lines: list[str]) -> bool:
    return any("\t" in line and _is_header(line.split("\t")) for line in lines)


def parse(path: Path, text: str, on_row: Callable[[int], None] | None = None
          ) -> tuple[date, list[tuple]]:
    """Return the latest effective date in the file and its rows (STORED_COLUMNS order)."""
    rows: list[tuple] = []
    header_line = 0
    latest = date.min
    name = path.name
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("\t")
        if not header_line:
            if _is_header(fields):
                header_line = number
            continue
        if not line.strip():
            continue
        col1, col2 = (normalize_code(f) for f in fields[:2]) if len(fields) >= 2 else ("", "")
        if not (_CODE_RE.match(col1) and _CODE_RE.match(col2)):
            if not rows and not any(f.strip() for f in fields[:2]):
                continue  # the header's continuation lines ("*=no data", "0=not allowed", ...)
            raise SourceError(path, "expected Column 1 and Column 2 HCPCS codes separated by tabs",
                              number)
        rows.append(_row(path, number, fields, col1, col2, name))
        effective = rows[-1][3]
        if effective > latest.isoformat():
            latest = date.fromisoformat(effective)
        if on_row:
            on_row(number)
    if not header_line:
        raise SourceError(path, "no 'Column 1 <tab> Column 2' header line: not an NCCI PTP file")
    if not rows:
        raise SourceError(path, "the NCCI file has a header but no edits; download it again",
                          header_line)
    return latest, rows


def _row(path: Path, number: int, fields: list[str], col1: str, col2: str, name: str) -> tuple:
    if len(fields) < 6:
        raise SourceError(path, f"the edit has {len(fields)} columns, expected 7 (Column 1, "
                                "Column 2, prior-1996 flag, effective date, deletion date, "
                                "modifier, rationale); is the file truncated?", number)
    effective = parse_yyyymmdd(fields[3])
    if effective is None:
        raise SourceError(path, f"'{fields[3]}' is not a date (YYYYMMDD)", number,
                          "Effective Date")
    deletion_text = fields[4].strip()
    deletion = None
    if deletion_text not in ("*", ""):
        deletion = parse_yyyymmdd(deletion_text)
        if deletion is None:
            raise SourceError(path, f"'{deletion_text}' is not a date (YYYYMMDD) or '*'",
                              number, "Deletion Date")
    modifier = fields[5].strip()
    if modifier not in ("0", "1", "9"):
        raise SourceError(path, f"'{modifier}' is not a modifier indicator (0, 1 or 9)", number,
                          "Modifier")
    rationale = fields[6].strip() if len(fields) > 6 else ""
    return (col1, col2, 1 if fields[2].strip() == "*" else 0, effective.isoformat(),
            deletion.isoformat() if deletion else None, modifier, rationale, name, number)

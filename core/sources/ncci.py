"""NCCI practitioner procedure-to-procedure edits: CMS's tab-separated .txt parts (or a sheet).

Layout (CMS "NCCI PTP edits, practitioner" files, ccipra-v313r0-f1.txt ...): banner lines, the
header 'Column 1, Column 2, *=in existence prior to 1996, Effective Date, Deletion Date *=no
data, Modifier 0=not allowed 1=allowed 9=not applicable, PTP Edit Rationale' (the value legends
on continuation lines below it), then one edit per line. Columns are found by name."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .columns import Column, locate
from .quarters import parse_yyyymmdd
from .source_file import normalize_code
from .tables import Head, Table

STORED_COLUMNS = ["column1", "column2", "prior_1996", "effective_date", "deletion_date",
                  "modifier_indicator", "rationale", "source_file", "source_line"]
_CODE_RE = re.compile(r"^[0-9A-Z]{5}$")
# CMS names the quarter in the file name: ccipra-v313r0 is version 31.3, 2025 Q4
_VERSION_RE = re.compile(r"v(\d{2})(\d)r\d+", re.I)
COLUMNS = [
    Column("column1", "Column 1"),
    Column("column2", "Column 2"),
    Column("prior", "*=in existence prior to 1996", contains=("PRIOR", "1996")),
    Column("effective", "Effective Date", contains=("EFFECTIVE",)),
    Column("deletion", "Deletion Date", contains=("DELETION",)),
    Column("modifier", "Modifier", contains=("MODIFIER",)),
    Column("rationale", "PTP Edit Rationale", contains=("RATIONALE",), required=False),
]
_ORDER = ["column1", "column2", "prior", "effective", "deletion", "modifier", "rationale"]


def _is_header(fields: list[str]) -> bool:
    first = [f.replace(" ", "").lower() for f in fields[:2]]
    return len(first) == 2 and first[0].startswith("column1") and first[1].startswith("column2")


def looks_like(head: Head) -> bool:
    return any(_is_header(r.fields) for r in head.tab_records)


def quarter_in_name(name: str) -> date | None:
    """The quarter CMS's version in the file name stands for (v313 = 31.3 = 2025 Q4: the major
    version is the year less 1994, the minor one the quarter less one), None without one."""
    match = _VERSION_RE.search(name)
    if not match or int(match.group(2)) > 3:
        return None
    return date(1994 + int(match.group(1)), 3 * int(match.group(2)) + 1, 1)


def parse(table: Table, on_row: Callable[[int], None] | None = None
          ) -> tuple[date, list[tuple]]:
    """Return the latest effective date in the file and its rows (STORED_COLUMNS order)."""
    rows: list[tuple] = []
    header_line = 0
    positions: list[int] = []
    latest = date.min
    name = table.name
    for record in table.records("\t", quoting=False):
        fields = record.fields
        if not header_line:
            if _is_header(fields):
                header_line = record.line
                index = locate(table, record, COLUMNS)
                positions = [index.get(key, -1) for key in _ORDER]
            continue
        if positions != [0, 1, 2, 3, 4, 5, 6]:
            fields = [fields[i] if 0 <= i < len(fields) else "" for i in positions]
        if not any(f.strip() for f in fields):
            continue
        col1, col2 = (normalize_code(f) for f in fields[:2]) if len(fields) >= 2 else ("", "")
        if not (_CODE_RE.match(col1) and _CODE_RE.match(col2)):
            if not rows and not any(f.strip() for f in fields[:2]):
                continue  # the header's continuation lines ("*=no data", "0=not allowed", ...)
            raise table.error("expected Column 1 and Column 2 HCPCS codes separated by tabs",
                              record.line)
        rows.append(_row(table, record.line, fields, col1, col2, name))
        effective = rows[-1][3]
        if effective > latest.isoformat():
            latest = date.fromisoformat(effective)
        if on_row:
            on_row(record.line)
    if not header_line:
        raise table.error("no 'Column 1 <tab> Column 2' header line: not an NCCI PTP file")
    if not rows:
        raise table.error("the NCCI file has a header but no edits; download it again",
                          header_line)
    return latest, rows


def _date(text: str, sheet: bool) -> date | None:
    found = parse_yyyymmdd(text)
    if found is None and sheet:
        try:
            found = date.fromisoformat(text.strip())  # a workbook's date cell
        except ValueError:
            return None
    return found


def _row(table: Table, number: int, fields: list[str], col1: str, col2: str,
         name: str) -> tuple:
    if len(fields) < 6 and not table.is_sheet:
        raise table.error(f"the edit has {len(fields)} columns, expected 7 (Column 1, "
                          "Column 2, prior-1996 flag, effective date, deletion date, "
                          "modifier, rationale); is the file truncated?", number)
    fields = fields + [""] * (7 - len(fields))
    effective = _date(fields[3], table.is_sheet)
    if effective is None:
        raise table.error(f"'{fields[3]}' is not a date (YYYYMMDD)", number, "Effective Date")
    deletion_text = fields[4].strip()
    deletion = None
    if deletion_text not in ("*", ""):
        deletion = _date(deletion_text, table.is_sheet)
        if deletion is None:
            raise table.error(f"'{deletion_text}' is not a date (YYYYMMDD) or '*'", number,
                              "Deletion Date")
    modifier = fields[5].strip()
    if modifier not in ("0", "1", "9"):
        raise table.error(f"'{modifier}' is not a modifier indicator (0, 1 or 9)", number,
                          "Modifier")
    return (col1, col2, 1 if fields[2].strip() == "*" else 0, effective.isoformat(),
            deletion.isoformat() if deletion else None, modifier, fields[6].strip(), name,
            number)

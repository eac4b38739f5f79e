"""NCCI practitioner procedure-to-procedure edits: CMS's tab-separated .txt parts (or a sheet).

Layout (CMS "NCCI PTP edits, practitioner" files, ccipra-v313r0-f1.txt ...): banner lines, the
header 'Column 1, Column 2, *=in existence prior to 1996, Effective Date, Deletion Date *=no
data, Modifier 0=not allowed 1=allowed 9=not applicable, PTP Edit Rationale' (the value legends
on continuation lines below it), then one edit per line. Columns are found by name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ..dates import file_date
from .columns import Column, locate
from .source_file import normalize_code
from .tables import Head, Table

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
_IN_ORDER = list(range(len(_ORDER)))


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


@dataclass
class PartScan:
    """What reading a part found besides its edits, filled in as they are read."""

    latest: str = ""  # the newest effective date (ISO)
    rows: int = 0


def edits(
    table: Table, scan: PartScan, on_row: Callable[[int], None] | None = None
) -> Iterator[tuple]:
    """The part's edits as they are read, as (column1, column2, prior_1996, effective_date,
    deletion_date, modifier_indicator, rationale, source_line): a million-line part is never
    held whole. Raises SourceError naming the line of the first bad edit, and at the end when
    the file has no header or no edits."""
    header_line = 0
    positions: list[int] = []
    cells = _Cells(table)
    for record in table.records("\t", quoting=False):
        fields = record.fields
        if not header_line:
            if _is_header(fields):
                header_line = record.line
                index = locate(table, record, COLUMNS)
                positions = [index.get(key, -1) for key in _ORDER]
            continue
        if positions != _IN_ORDER:
            fields = [fields[i] if 0 <= i < len(fields) else "" for i in positions]
        if len(fields) >= 2:
            col1, col2 = cells.code(fields[0]), cells.code(fields[1])
        else:
            col1 = col2 = ""
        if not (col1 and col2):
            if not any(f.strip() for f in fields):
                continue
            if not scan.rows and not any(f.strip() for f in fields[:2]):
                continue  # the header's continuation lines ("*=no data", "0=not allowed", ...)
            raise table.error(
                "expected Column 1 and Column 2 HCPCS codes separated by tabs", record.line
            )
        row = cells.edit(record.line, fields, col1, col2)
        scan.rows += 1
        if row[3] > scan.latest:
            scan.latest = row[3]
        if on_row:
            on_row(record.line)
        yield row
    if not header_line:
        raise table.error("no 'Column 1 <tab> Column 2' header line: not an NCCI PTP file")
    if not scan.rows:
        raise table.error("the NCCI file has a header but no edits; download it again", header_line)


class _Cells:
    """Checks the cells of one part's edits. A part repeats a few thousand codes and a few
    hundred dates over up to a million lines: each is checked once, then remembered."""

    def __init__(self, table: Table):
        self.table = table
        self.codes: dict[str, str] = {}  # cell -> code ('' not a code)
        self.dates: dict[str, str | None] = {}  # cell -> ISO date (None not a date)

    def code(self, cell: str) -> str:
        code = self.codes.get(cell)
        if code is None:
            code = normalize_code(cell)
            self.codes[cell] = code = code if _CODE_RE.match(code) else ""
        return code

    def date(self, cell: str) -> str | None:
        if cell not in self.dates:
            found = file_date(cell, self.table.is_sheet)
            self.dates[cell] = found.isoformat() if found else None
        return self.dates[cell]

    def edit(self, number: int, fields: list[str], col1: str, col2: str) -> tuple:
        table = self.table
        if len(fields) < 6 and not table.is_sheet:
            raise table.error(
                f"the edit has {len(fields)} columns, expected 7 (Column 1, "
                "Column 2, prior-1996 flag, effective date, deletion date, "
                "modifier, rationale); is the file truncated?",
                number,
            )
        if len(fields) < 7:
            fields = fields + [""] * (7 - len(fields))
        effective = self.date(fields[3])
        if effective is None:
            raise table.error(f"'{fields[3]}' is not a date (YYYYMMDD)", number, "Effective Date")
        deletion_text = fields[4].strip()
        deletion = None
        if deletion_text not in ("*", ""):
            deletion = self.date(deletion_text)
            if deletion is None:
                raise table.error(
                    f"'{deletion_text}' is not a date (YYYYMMDD) or '*'", number, "Deletion Date"
                )
        modifier = fields[5].strip()
        if modifier not in ("0", "1", "9"):
            raise table.error(
                f"'{modifier}' is not a modifier indicator (0, 1 or 9)", number, "Modifier"
            )
        return (
            col1,
            col2,
            1 if fields[2].strip() == "*" else 0,
            effective,
            deletion,
            modifier,
            fields[6].strip(),
            number,
        )

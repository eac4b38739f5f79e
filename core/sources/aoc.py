"""NCCI add-on code edits, Medicare (AOC_V2026Q2-MCR.xlsx): which primary procedures each add-on
code may be billed with.

Layout (CMS "Add-on Code Edits" file): a first row holding the AMA notice, the header
'AOC_Edit_Type, Add-On_Code, AOC_DelDT, Primary_Code, Primary_Code_DelDT, AOC_Edit_EffDT,
AOC_Edit_DelDT, Special_Instruction_Notes', then one add-on/primary pair per row. Dates are
YYYYDDD (year and day of the year: 2026001 = 2026-01-01). Edit type 1: only the listed
primaries; 2: no primary list (CCCCC, the contractor decides); 3: the listed primaries plus
others the contractor allows. The notes are CMS's instructions (never AMA descriptor text)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .columns import Column, is_header, rows_under_header
from .source_file import Record, normalize_code
from .tables import Table

STORED_COLUMNS = [
    "addon_code",
    "primary_code",
    "edit_type",
    "addon_deletion",
    "primary_deletion",
    "effective_date",
    "deletion_date",
    "notes",
    "source_line",
]
COLUMNS = [
    Column("type", "AOC_Edit_Type"),
    Column("addon", "Add-On_Code"),
    Column("addon_deletion", "AOC_DelDT"),
    Column("primary", "Primary_Code"),
    Column("primary_deletion", "Primary_Code_DelDT"),
    Column("effective", "AOC_Edit_EffDT"),
    Column("deletion", "AOC_Edit_DelDT"),
    Column("notes", "Special_Instruction_Notes", required=False),
]
EDIT_TYPES = {"1", "2", "3"}
_CODE_RE = re.compile(r"^[0-9A-Z]{5}$")
_NAME_RE = re.compile(r"AOC_V(\d{4})Q([1-4])", re.I)


def looks_like(head: list[Record]) -> bool:
    return any(is_header(r.fields, COLUMNS[:2]) for r in head)


def quarter_in_name(name: str) -> date | None:
    """AOC_V2026Q2-MCR.xlsx names its quarter: 2026 Q2 starts 2026-04-01."""
    match = _NAME_RE.search(name)
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1) if match else None


def yyyyddd(table: Table, line: int, column: str, text: str) -> str | None:
    """'2026001' -> '2026-01-01'; blank -> None. A workbook date cell (ISO) is taken as is."""
    value = text.strip()
    if not value:
        return None
    if len(value) == 7 and value.isdigit():
        year, day = int(value[:4]), int(value[4:])
        first = date(year, 1, 1)
        if 1 <= day <= (date(year + 1, 1, 1) - first).days and year >= 1900:
            return (first + timedelta(days=day - 1)).isoformat()
    elif table.is_sheet:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    raise table.error(
        f"'{value}' is not a date as YYYYDDD (year and day of the year, 2026001 = 2026-01-01)",
        line,
        column,
    )


def parse(table: Table) -> tuple[str, list[tuple]]:
    """Return the latest edit effective date and the rows (STORED_COLUMNS order)."""
    rows: list[tuple] = []
    seen: dict[tuple[str, str, str], int] = {}
    for record, f in rows_under_header(
        table,
        COLUMNS,
        COLUMNS[:2],
        "no 'AOC_Edit_Type, Add-On_Code, ...' header: not an add-on code edit file",
    ):
        line = record.line
        edit_type = f["type"].strip()
        if edit_type not in EDIT_TYPES:
            raise table.error(
                f"'{edit_type}' is not an add-on edit type (1, 2 or 3)", line, "AOC_Edit_Type"
            )
        codes = []
        for key, label in (("addon", "Add-On_Code"), ("primary", "Primary_Code")):
            code = normalize_code(f[key])
            if not _CODE_RE.match(code):
                raise table.error(f"'{f[key]}' is not a HCPCS code", line, label)
            codes.append(code)
        effective = yyyyddd(table, line, "AOC_Edit_EffDT", f["effective"])
        if effective is None:
            raise table.error("the edit has no effective date", line, "AOC_Edit_EffDT")
        key3 = (codes[0], codes[1], effective)
        if key3 in seen:
            raise table.error(
                f"add-on {codes[0]} with primary {codes[1]} from {effective} "
                f"appears twice (first on {table.at(seen[key3])})",
                line,
            )
        seen[key3] = line
        rows.append(
            (
                codes[0],
                codes[1],
                edit_type,
                yyyyddd(table, line, "AOC_DelDT", f["addon_deletion"]),
                yyyyddd(table, line, "Primary_Code_DelDT", f["primary_deletion"]),
                effective,
                yyyyddd(table, line, "AOC_Edit_DelDT", f["deletion"]),
                " ".join(f.get("notes", "").split()),
                line,
            )
        )
    if not rows:
        raise table.error("the add-on code file has a header but no edits; download it again")
    return max(r[5] for r in rows), rows

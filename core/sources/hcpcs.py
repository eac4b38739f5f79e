"""HCPCS Level II codes and modifiers with CMS's public-domain descriptions (the ANWEB file).

Two shapes, one model:
- CMS's fixed-width .txt (HCPCyyyy_recordlayout.txt, 320 characters a record): code 1-5 (a
  modifier in 4-5), sequence number 6-10, record id 11 (3 first line of a code, 4 its
  continuation lines; 7 and 8 the same for a modifier), long description 12-91, short
  description 92-119, ..., code added date 269-276, action effective date 277-284,
  termination date 285-292, action code 293 (dates YYYYMMDD). A long description runs over
  several records by sequence number; continuation records carry only the description.
- the .xlsx (or a CSV of it), found by column name: HCPC, SEQNUM, RECID, LONG DESCRIPTION,
  SHORT DESCRIPTION, ..., ADD DT, ACT EFF DT, TERM DT, ACTION CD; any subset with the code
  and a description will do.
Level I (CPT, numeric) codes are never stored (AMA text); dental D codes neither (ADA text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..dates import file_date
from .columns import Column, is_header, rows_under_header
from .source_file import Record
from .tables import Head, Table, TextTable

STORED_COLUMNS = [
    "code",
    "kind",
    "long_description",
    "short_description",
    "add_date",
    "action_effective_date",
    "termination_date",
    "action_code",
    "source_line",
]
COLUMNS = [
    Column("code", "HCPC"),
    Column("seq", "SEQNUM", required=False),
    Column("recid", "RECID", required=False),
    Column("long", "LONG DESCRIPTION", required=False),
    Column("short", "SHORT DESCRIPTION", required=False),
    Column("add", "ADD DT", required=False),
    Column("effective", "ACT EFF DT", required=False),
    Column("termination", "TERM DT", required=False),
    Column("action", "ACTION CD", required=False),
]
RECORD_LENGTH = 320
FIRST_RECORD_MIN = 293  # a code's first record reaches its action code (column 293)
_RECORD_RE = re.compile(r"^(?:[A-Z0-9]{5}|   [A-Z0-9]{2})[ 0-9]{4}\d[3478]")
_LEVEL2_RE = re.compile(r"^[A-Z]\d{4}$")
_MODIFIER_RE = re.compile(r"^[A-Z0-9]{2}$")
_NAME_RE = re.compile(r"HCPC(\d{4})_?(JAN|APR|JUL|OCT)", re.I)
MONTHS = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}
# (record id, kind, first line?)
RECORD_IDS = {
    "3": ("procedure", True),
    "4": ("procedure", False),
    "7": ("modifier", True),
    "8": ("modifier", False),
}


@dataclass
class _Entry:
    code: str
    kind: str
    line: int
    parts: list[tuple[int, str]] = field(default_factory=list)  # (sequence, text)
    short: str = ""
    dates: tuple[str | None, str | None, str | None] = (None, None, None)
    action: str = ""

    def row(self) -> tuple:
        text = " ".join(part for _, part in sorted(self.parts) if part)
        return (self.code, self.kind, text, self.short, *self.dates, self.action, self.line)


@dataclass
class Parsed:
    rows: list[tuple]
    latest_action: str | None  # newest action effective date, when the file has them
    skipped: dict[str, int]  # 'CPT' / 'dental' -> codes not stored


def looks_like(head: Head) -> bool:
    data = [line for line in head.lines[:20] if line.strip()]
    if data and sum(1 for line in data if _RECORD_RE.match(line)) >= max(0.8 * len(data), 1):
        return True  # most records in the layout (a damaged one is reported by the parser)
    return any(
        is_header(r.fields, COLUMNS[:1]) and _has_description(r.fields) for r in head.records
    )


def _has_description(fields: list[str]) -> bool:
    return any(COLUMNS[3].matches(f) or COLUMNS[4].matches(f) for f in fields)


def quarter_in_name(name: str) -> date | None:
    """HCPC2025_JUL_ANWEB_v3.xlsx is the July 2025 quarterly release."""
    match = _NAME_RE.search(name)
    return date(int(match.group(1)), MONTHS[match.group(2).upper()], 1) if match else None


def parse(table: Table) -> Parsed:
    if isinstance(table, TextTable) and looks_like(Head([], [], table.head_lines(20))):
        entries = _parse_fixed(table)
    else:
        entries = _parse_columns(table)
    return _finish(table, entries)


def _date(table: Table, line: int, column: str, text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    found = file_date(value, table.is_sheet)
    if found is None:
        raise table.error(f"'{value}' is not a date (YYYYMMDD)", line, column)
    return found.isoformat()


def _parse_fixed(table: TextTable) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    current: _Entry | None = None
    for number, raw in table.lines():
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if not _RECORD_RE.match(line):
            raise table.error(
                "not an ANWEB record (code in columns 1-5, sequence number 6-10, "
                "record id 3/4/7/8 in 11); the file may be damaged",
                number,
            )
        code, sequence, record_id = line[0:5].strip(), int(line[5:10]), line[10]
        kind, first = RECORD_IDS[record_id]
        if first:
            if len(line) < FIRST_RECORD_MIN:
                raise table.error(
                    f"the record is cut short: {len(line)} characters, a code's first record "
                    f"runs to column {FIRST_RECORD_MIN} (action code) of {RECORD_LENGTH}; the "
                    "file is truncated (download it again)",
                    number,
                )
            if code in entries:
                raise table.error(
                    f"{code} appears twice (first on line {entries[code].line})", number
                )
            current = entries[code] = _Entry(
                code, kind, number, short=line[91:119].strip(), action=line[292].strip()
            )
            current.dates = (
                _date(table, number, "Code Added Date", line[268:276]),
                _date(table, number, "Action Effective Date", line[276:284]),
                _date(table, number, "Termination Date", line[284:292]),
            )
        elif current is None or current.code != code or current.kind != kind:
            raise table.error(
                f"a continuation record of {code} (record id {record_id}) without "
                "its first record (record id "
                f"{'3' if kind == 'procedure' else '7'}) before it",
                number,
            )
        current.parts.append((sequence, line[11:91].strip()))
    return entries


def _parse_columns(table: Table) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for record, f in rows_under_header(
        table,
        COLUMNS,
        COLUMNS[:1],
        "no header with HCPC and LONG DESCRIPTION or SHORT DESCRIPTION in the first 20 rows",
        within=20,
        accept=_has_description,
    ):
        _add_row(table, record, f, entries)
    return entries


def _add_row(table: Table, record: Record, f: dict[str, str], entries: dict[str, _Entry]) -> None:
    line, code = record.line, f["code"].strip().upper()
    record_id = f.get("recid", "").strip()
    if record_id:
        if record_id not in RECORD_IDS:
            raise table.error(f"'{record_id}' is not a record id (3, 4, 7 or 8)", line, "RECID")
        kind, first = RECORD_IDS[record_id]
    else:
        kind, first = ("modifier" if len(code) == 2 else "procedure"), code not in entries
    sequence_text = f.get("seq", "").strip() or "0"
    if not sequence_text.isdigit():
        raise table.error(f"'{sequence_text}' is not a sequence number", line, "SEQNUM")
    text = " ".join((f.get("long", "") or f.get("short", "")).split())
    if first:
        if code in entries:
            raise table.error(
                f"{code} appears twice (first on {table.at(entries[code].line)})", line
            )
        entry = entries[code] = _Entry(
            code, kind, line, short=f.get("short", "").strip(), action=f.get("action", "").strip()
        )
        entry.dates = (
            _date(table, line, "ADD DT", f.get("add", "")),
            _date(table, line, "ACT EFF DT", f.get("effective", "")),
            _date(table, line, "TERM DT", f.get("termination", "")),
        )
    elif code not in entries:
        raise table.error(f"a continuation row of {code} without its first row", line)
    entries[code].parts.append((int(sequence_text), text))


def _finish(table: Table, entries: dict[str, _Entry]) -> Parsed:
    rows: list[tuple] = []
    skipped = {"CPT": 0, "dental": 0}
    for entry in entries.values():
        if entry.kind == "procedure" and entry.code[:1].isdigit():
            skipped["CPT"] += 1  # Level I: AMA descriptor text is never stored
            continue
        if entry.kind == "procedure" and entry.code.startswith("D"):
            skipped["dental"] += 1  # CDT: ADA descriptor text
            continue
        pattern = _LEVEL2_RE if entry.kind == "procedure" else _MODIFIER_RE
        if not pattern.match(entry.code):
            raise table.error(
                f"'{entry.code}' is not a HCPCS Level II {entry.kind} code", entry.line, "HCPC"
            )
        row = entry.row()
        if not row[2] and not row[3]:
            raise table.error(f"{entry.code} has no description", entry.line, "LONG DESCRIPTION")
        rows.append(row)
    if not rows:
        raise table.error("no HCPCS Level II codes found under the header")
    dates = [row[5] for row in rows if row[5]]
    return Parsed(rows, max(dates) if dates else None, {k: v for k, v in skipped.items() if v})

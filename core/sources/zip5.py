"""ZIP code to carrier + locality (ZIP5_*): CMS's fixed-width .txt (layout in ZIP5lyout.txt) or
the .xlsx CMS ships since 2026 (header STATE, ZIP CODE, CARRIER, LOCALITY, RURAL IND, LAB CB
LOCALITY, RURAL IND2, PLUS 4 FLAG, PART B DRUG INDICATOR, YEAR/QTR; columns found by name)."""

from __future__ import annotations

import re

from .columns import Column, is_header, rows_under_header
from .source_file import padded
from .tables import Head, Table, TextTable

STORED_COLUMNS = ["zip", "state", "carrier", "locality", "rural", "plus_four", "source_line"]
_LINE_RE = re.compile(r"^[A-Z]{2}\d{5}\d{5}[0-9A-Z]{2}")
COLUMNS = [
    Column("state", "STATE"),
    Column("zip", "ZIP CODE", names=("ZIP CODE", "ZIP", "ZIP5")),
    Column("carrier", "CARRIER"),
    Column("locality", "LOCALITY", names=("LOCALITY", "PRICING LOCALITY")),
    Column("rural", "RURAL IND", names=("RURAL IND", "RURAL INDICATOR"), required=False),
    Column("plus_four", "PLUS 4 FLAG", names=("PLUS 4 FLAG", "PLUS FOUR FLAG"), required=False),
    Column("stamp", "YEAR/QTR", names=("YEAR/QTR", "YEAR/QUARTER", "YEARQTR")),
]


def _fixed_width(lines: list[str]) -> bool:
    data = [line for line in lines if line.strip()]
    return bool(data) and all(_LINE_RE.match(line) and len(line.rstrip()) >= 80 for line in data)


def looks_like(head: Head) -> bool:
    return _fixed_width(head.lines[:20]) or any(is_header(r.fields, COLUMNS) for r in head.records)


def parse(table: Table) -> tuple[str, list[tuple]]:
    """Return the YYYYQ year/quarter stamp and rows (zip, state, carrier, locality, ...)."""
    if isinstance(table, TextTable) and _fixed_width(table.head_lines(20)):
        return _parse_fixed(table)
    return _parse_columns(table)


class _Rows:
    def __init__(self, table: Table):
        self.table = table
        self.rows: list[tuple] = []
        self.stamps: set[str] = set()
        self.seen: dict[str, int] = {}

    def add(
        self,
        line: int,
        zip_code: str,
        state: str,
        carrier: str,
        locality: str,
        rural: str,
        plus_four: bool,
        stamp: str,
    ) -> None:
        if zip_code in self.seen:
            raise self.table.error(
                f"ZIP {zip_code} appears twice (first on {self.table.at(self.seen[zip_code])})",
                line,
            )
        self.seen[zip_code] = line
        if not (len(stamp) == 5 and stamp.isdigit() and stamp[4] in "1234"):
            raise self.table.error(f"'{stamp}' is not a year/quarter (YYYYQ)", line, "Year/Quarter")
        self.stamps.add(stamp)
        self.rows.append((zip_code, state, carrier, locality, rural, 1 if plus_four else 0, line))

    def result(self) -> tuple[str, list[tuple]]:
        if not self.rows:
            raise self.table.error("no ZIP records found")
        return max(self.stamps), self.rows


def _parse_fixed(table: TextTable) -> tuple[str, list[tuple]]:
    out = _Rows(table)
    for number, line in table.lines():
        if not line.strip():
            continue
        if not _LINE_RE.match(line) or len(line.rstrip()) < 80:
            raise table.error(
                "not a ZIP5 record (state, ZIP, carrier and locality in "
                "columns 1-14, year/quarter in 76-80); the file may be "
                "truncated",
                number,
            )
        out.add(
            number,
            line[2:7],
            line[0:2],
            line[7:12],
            line[12:14],
            line[14].strip(),
            line[20] == "1",
            line[75:80],
        )
    return out.result()


def _parse_columns(table: Table) -> tuple[str, list[tuple]]:
    out = _Rows(table)
    for record, f in rows_under_header(
        table,
        COLUMNS,
        COLUMNS,
        "no ZIP5 header (STATE, ZIP CODE, CARRIER, LOCALITY, YEAR/QTR) in the first 20 rows",
        within=20,
    ):
        zip_code = padded(f["zip"], 5)
        if not (len(zip_code) == 5 and zip_code.isdigit()):
            raise table.error(f"'{f['zip']}' is not a five-digit ZIP code", record.line, "ZIP CODE")
        state = f["state"].strip().upper()
        carrier, locality = padded(f["carrier"], 5), padded(f["locality"], 2)
        if not (len(state) == 2 and state.isalpha() and carrier.isdigit() and len(carrier) == 5):
            raise table.error(
                f"expected a state and a five-digit carrier, found '{state}', '{carrier}'",
                record.line,
            )
        out.add(
            record.line,
            zip_code,
            state,
            carrier,
            locality,
            f.get("rural", "").strip().upper(),
            f.get("plus_four", "").strip() == "1",
            f["stamp"].strip(),
        )
    return out.result()

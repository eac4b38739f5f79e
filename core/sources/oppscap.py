"""OPPS payment caps (OPPSCAP*.csv): capped prices per code, modifier and locality.

Columns by name (OPPSCAP_Oct.csv line 1: 'HCPCS, MOD, PROCSTAT, CARRIER, LOCALITY, FACILITY
PRICE, NON-FACILTY PRICE', CMS's spelling)."""

from __future__ import annotations

from .columns import Column, is_header, rows_under_header
from .source_file import Record, decimal_field, normalize_code, padded
from .tables import Table

STORED_COLUMNS = [
    "hcpcs",
    "modifier",
    "proc_status",
    "carrier",
    "locality",
    "facility_price",
    "nonfacility_price",
    "source_line",
]
COLUMNS = [
    Column("hcpcs", "HCPCS"),
    Column("modifier", "MOD"),
    Column("status", "PROCSTAT"),
    Column("carrier", "CARRIER"),
    Column("locality", "LOCALITY"),
    Column("facility", "FACILITY PRICE"),
    Column("nonfacility", "NON-FACILITY PRICE", names=("NON-FACILITY PRICE", "NON-FACILTY PRICE")),
]


def looks_like(head: list[Record]) -> bool:
    return any(is_header(r.fields, COLUMNS[:5]) for r in head)


def parse(table: Table) -> list[tuple]:
    rows: list[tuple] = []
    for record, f in rows_under_header(
        table, COLUMNS, COLUMNS[:5], "no 'HCPCS, MOD, PROCSTAT, CARRIER, LOCALITY' header"
    ):
        line = record.line
        rows.append(
            (
                normalize_code(f["hcpcs"]),
                f["modifier"].strip().upper(),
                f["status"].strip(),
                padded(f["carrier"], 5),
                padded(f["locality"], 2),
                decimal_field(table, line, "FACILITY PRICE", f["facility"]),
                decimal_field(table, line, "NON-FACILITY PRICE", f["nonfacility"]),
                line,
            )
        )
    if not rows:
        raise table.error("no OPPS cap rows under the header")
    return rows

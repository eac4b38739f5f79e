"""OPPS payment caps (OPPSCAP*.csv): capped prices per code, modifier and locality."""

from __future__ import annotations

from pathlib import Path

from .source_file import Record, SourceError, decimal_field, normalize_code, padded, records

STORED_COLUMNS = ["hcpcs", "modifier", "proc_status", "carrier", "locality", "facility_price",
                  "nonfacility_price", "source_line"]
HEADER = ["HCPCS", "MOD", "PROCSTAT", "CARRIER", "LOCALITY"]


def looks_like(head: list[Record]) -> bool:
    return any([f.strip().upper() for f in r.fields[:5]] == HEADER for r in head)


def parse(path: Path, text: str) -> list[tuple]:
    rows: list[tuple] = []
    header_seen = False
    for record in records(text):
        f = record.fields
        if not header_seen:
            header_seen = [x.strip().upper() for x in f[:5]] == HEADER
            if header_seen and len(f) < 7:
                raise SourceError(path, "the header needs 7 columns (HCPCS, MOD, PROCSTAT, CARRIER,"
                                        " LOCALITY, FACILITY PRICE, NON-FACILITY PRICE)",
                                  record.line)
            continue
        if record.is_blank():
            continue
        if len(f) < 7:
            raise SourceError(path, f"the row has {len(f)} columns, expected 7", record.line)
        line = record.line
        rows.append((normalize_code(f[0]), f[1].strip().upper(), f[2].strip(), padded(f[3], 5),
                     padded(f[4], 2), decimal_field(path, line, "FACILITY PRICE", f[5]),
                     decimal_field(path, line, "NON-FACILITY PRICE", f[6]), line))
    if not rows:
        raise SourceError(path, "no OPPS cap rows under the header")
    return rows

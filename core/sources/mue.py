"""Practitioner MUE table (.csv or .xlsx): maximum units per code, per line or per day.

Layout (CMS "Practitioner Services MUE Table", MCR_MUE_PractitionerServices_Eff_04-01-2026):
a first row holding the AMA notice in one cell, the header 'HCPCS/CPT Code, Practitioner
Services MUE Values, MUE Adjudication Indicator, MUE Rationale', then one code per row. The csv
and the xlsx CMS publishes hold the same rows; columns are found by name."""

from __future__ import annotations

from .columns import Column, is_header, locate, one_line
from .source_file import Record, normalize_code
from .tables import Table

STORED_COLUMNS = ["hcpcs", "max_units", "mai", "mai_text", "rationale", "source_line"]
COLUMNS = [
    Column("code", "HCPCS/CPT Code", contains=("HCPCS",)),
    Column("value", "Practitioner Services MUE Values", contains=("MUE", "VALUES")),
    Column("mai", "MUE Adjudication Indicator", contains=("ADJUDICATION",)),
    Column("rationale", "MUE Rationale", contains=("RATIONALE",), required=False),
]


def _is_header(fields: list[str]) -> bool:
    return is_header(fields, COLUMNS[:2])


def looks_like(head: list[Record]) -> bool:
    return any(_is_header(r.fields) for r in head)


def parse(table: Table) -> list[tuple]:
    rows: list[tuple] = []
    index: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for record in table.records():
        f = record.fields
        if index is None:
            if _is_header(f):
                index = locate(table, record, COLUMNS)
                values = " ".join(f[index["value"]].split())
                if "PRACTITIONER" not in values.upper():
                    raise table.error(
                        f"this is the '{values}' table; import the Practitioner Services MUE table",
                        record.line,
                    )
            continue
        if record.is_blank():
            continue
        one_line(table, record)
        if len(f) <= max(index["code"], index["value"], index["mai"]) and not table.is_sheet:
            raise table.error(
                f"the row has {len(f)} columns, expected 4 (code, MUE value, "
                "adjudication indicator, rationale)",
                record.line,
            )
        code = normalize_code(_cell(f, index, "code"))
        value = _cell(f, index, "value").strip()
        if not (value.isascii() and value.isdigit()):  # int() refuses '²', isdigit() does not
            raise table.error(
                f"'{value}' is not a whole number of units", record.line, "MUE Values"
            )
        mai_text = _cell(f, index, "mai").strip()
        if mai_text[:1] not in ("1", "2", "3"):
            raise table.error(
                f"'{mai_text}' does not start with an adjudication indicator 1, 2 or 3",
                record.line,
                "MUE Adjudication Indicator",
            )
        if code in seen:
            raise table.error(
                f"{code} appears twice (first on {table.at(seen[code])})", record.line
            )
        seen[code] = record.line
        rows.append(
            (
                code,
                int(value),
                mai_text[0],
                mai_text,
                _cell(f, index, "rationale").strip(),
                record.line,
            )
        )
    if index is None:
        raise table.error("no 'HCPCS/CPT Code, Practitioner Services MUE Values' header")
    if not rows:
        raise table.error("the MUE file has a header but no rows; download it again")
    return rows


def _cell(fields: list[str], index: dict[str, int], key: str) -> str:
    at = index.get(key, -1)
    return fields[at] if 0 <= at < len(fields) else ""

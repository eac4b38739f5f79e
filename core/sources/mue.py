"""Practitioner MUE table (csv): maximum units per code, per line or per day."""

from __future__ import annotations

from pathlib import Path

from .source_file import Record, SourceError, normalize_code, records

STORED_COLUMNS = ["hcpcs", "max_units", "mai", "mai_text", "rationale", "source_line"]


def _is_header(fields: list[str]) -> bool:
    return (len(fields) >= 3 and "HCPCS" in fields[0].upper()
            and "MUE VALUES" in fields[1].upper())


def looks_like(head: list[Record]) -> bool:
    return any(_is_header(r.fields) for r in head)


def parse(path: Path, text: str) -> list[tuple]:
    rows: list[tuple] = []
    header_seen = False
    seen: dict[str, int] = {}
    for record in records(text):
        f = record.fields
        if not header_seen:
            if _is_header(f):
                if "PRACTITIONER" not in f[1].upper():
                    raise SourceError(path, f"this is the '{f[1].strip()}' table; import the "
                                            "Practitioner Services MUE table", record.line)
                header_seen = True
            continue
        if record.is_blank():
            continue
        if len(f) < 3:
            raise SourceError(path, f"the row has {len(f)} columns, expected 4 (code, MUE value, "
                                    "adjudication indicator, rationale)", record.line)
        code = normalize_code(f[0])
        value = f[1].strip()
        if not (value.isascii() and value.isdigit()):  # int() refuses '²', isdigit() does not
            raise SourceError(path, f"'{value}' is not a whole number of units", record.line,
                              "MUE Values")
        mai_text = f[2].strip()
        if mai_text[:1] not in ("1", "2", "3"):
            raise SourceError(path, f"'{mai_text}' does not start with an adjudication indicator "
                                    "1, 2 or 3", record.line, "MUE Adjudication Indicator")
        if code in seen:
            raise SourceError(path, f"{code} appears twice (first on line {seen[code]})",
                              record.line)
        seen[code] = record.line
        rows.append((code, int(value), mai_text[0], mai_text,
                     f[3].strip() if len(f) > 3 else "", record.line))
    if not header_seen:
        raise SourceError(path, "no 'HCPCS/CPT Code, Practitioner Services MUE Values' header")
    if not rows:
        raise SourceError(path, "the MUE file has a header but no rows; download it again")
    return rows

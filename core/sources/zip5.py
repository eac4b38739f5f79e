"""ZIP code to carrier + locality (ZIP5_*.txt, fixed width; layout in ZIP5lyout.txt)."""

from __future__ import annotations

import re
from pathlib import Path

from .source_file import SourceError

STORED_COLUMNS = ["zip", "state", "carrier", "locality", "rural", "plus_four", "source_line"]
_LINE_RE = re.compile(r"^[A-Z]{2}\d{5}\d{5}[0-9A-Z]{2}")


def looks_like(lines: list[str]) -> bool:
    data = [line for line in lines if line.strip()]
    return bool(data) and all(_LINE_RE.match(line) and len(line.rstrip()) >= 80 for line in data)


def parse(path: Path, text: str) -> tuple[str, list[tuple]]:
    """Return the YYYYQ year/quarter stamp and rows (zip, state, carrier, locality, ...)."""
    rows: list[tuple] = []
    stamps: set[str] = set()
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not _LINE_RE.match(line) or len(line.rstrip()) < 80:
            raise SourceError(path, "not a ZIP5 record (state, ZIP, carrier and locality in "
                                    "columns 1-14, year/quarter in 76-80); the file may be "
                                    "truncated", number)
        zip_code = line[2:7]
        if zip_code in seen:
            raise SourceError(path, f"ZIP {zip_code} appears twice (first on line "
                                    f"{seen[zip_code]})", number)
        seen[zip_code] = number
        stamp = line[75:80]
        if not (stamp.isdigit() and stamp[4] in "1234"):
            raise SourceError(path, f"'{stamp}' is not a year/quarter (YYYYQ)", number,
                              "Year/Quarter")
        stamps.add(stamp)
        plus_four = line[20]
        rows.append((zip_code, line[0:2], line[7:12], line[12:14], line[14].strip(),
                     1 if plus_four == "1" else 0, number))
    if not rows:
        raise SourceError(path, "no ZIP records found")
    return max(stamps), rows

"""PFS relative value file (PPRRVU*.csv), CMS original or re-saved by Excel."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .source_file import (
    Record,
    SourceError,
    choice_field,
    decimal_field,
    normalize_code,
    padded,
    records,
)

# (table column, CMS column name as the RVU read-me gives it, kind)
# kinds: code, mod, skip (AMA text, never stored), status, flag, dec, na, choice:<values>, pad:<n>
COLUMNS: list[tuple[str, str, str]] = [
    ("hcpcs", "HCPCS", "code"),
    ("modifier", "MOD", "mod"),
    ("", "DESCRIPTION", "skip"),
    ("status", "STATUS CODE", "status"),
    ("not_for_medicare", "NOT USED FOR MEDICARE PAYMENT", "choice:,+"),
    ("work_rvu", "WORK RVU", "dec"),
    ("nonfac_pe_rvu", "NON-FAC PE RVU", "dec"),
    ("nonfac_na", "NON-FAC NA INDICATOR", "na"),
    ("fac_pe_rvu", "FACILITY PE RVU", "dec"),
    ("fac_na", "FACILITY NA INDICATOR", "na"),
    ("mp_rvu", "MP RVU", "dec"),
    ("nonfac_total", "NON-FACILITY TOTAL", "dec"),
    ("fac_total", "FACILITY TOTAL", "dec"),
    ("pctc", "PCTC IND", "choice:0,1,2,3,4,5,6,7,8,9"),
    ("global_days", "GLOB DAYS", "pad:3"),
    ("pre_op", "PRE OP", "dec"),
    ("intra_op", "INTRA OP", "dec"),
    ("post_op", "POST OP", "dec"),
    ("mult_proc", "MULT PROC", "choice:0,1,2,3,4,5,6,7,9"),
    ("bilateral", "BILAT SURG", "choice:0,1,2,3,9"),
    ("assistant", "ASST SURG", "choice:0,1,2,9"),
    ("co_surgeon", "CO-SURG", "choice:0,1,2,9"),
    ("team_surgery", "TEAM SURG", "choice:0,1,2,9"),
    ("endo_base", "ENDO BASE", "base"),
    ("conversion_factor", "CONV FACTOR", "dec"),
    ("phys_supervision", "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES", "pad:2"),
    ("calc_flag", "CALCULATION FLAG", "text"),
    ("imaging_family", "DIAGNOSTIC IMAGING FAMILY INDICATOR", "pad:2"),
    ("opps_nonfac_pe_rvu", "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT", "dec"),
    ("opps_fac_pe_rvu", "FACILITY PE USED FOR OPPS PAYMENT AMOUNT", "dec"),
    ("opps_mp_rvu", "MP USED FOR OPPS PAYMENT AMOUNT", "dec"),
]
FIELDS = [name for name, _, kind in COLUMNS if kind != "skip"]
STORED_COLUMNS = [*FIELDS, "source_line"]

# The last line of CMS's five-line column header, used to find where data starts.
HEADER_TAIL = ["HCPCS", "MOD", "DESCRIPTION", "CODE", "PAYMENT", "RVU", "PE RVU", "INDICATOR",
               "PE RVU", "INDICATOR", "RVU", "TOTAL", "TOTAL", "IND", "DAYS", "OP", "OP", "OP",
               "PROC", "SURG", "SURG", "SURG", "SURG", "BASE", "FACTOR", "PROCEDURES", "FLAG",
               "INDICATOR", "AMOUNT", "AMOUNT", "AMOUNT"]

STATUS_CODES = set("ABCDEFGHIJKMNPRTX")
GLOBAL_DAYS = {"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"}
_RELEASE_RE = re.compile(
    r"(\d{4}) National Physician Fee Schedule Relative Value File (January|April|July|October)",
    re.IGNORECASE)
_QUARTERS = {"january": ("A", 1), "april": ("B", 4), "july": ("C", 7), "october": ("D", 10)}
_HCPCS_RE = re.compile(r"^[0-9A-Z]{5}$")


@dataclass(frozen=True)
class PfsRelease:
    release: str          # RVU25D
    effective_date: str   # 2025-10-01


def looks_like(head: list[Record]) -> bool:
    return any(_is_header(r.fields) for r in head) or any(
        _RELEASE_RE.search(",".join(r.fields)) for r in head)


def _is_header(fields: list[str]) -> bool:
    return [f.strip().upper() for f in fields[:3]] == ["HCPCS", "MOD", "DESCRIPTION"]


def release_of(path: Path, banner: list[Record]) -> PfsRelease:
    for record in banner:
        match = _RELEASE_RE.search(",".join(record.fields))
        if match:
            year, month = int(match.group(1)), match.group(2).lower()
            letter, month_no = _QUARTERS[month]
            return PfsRelease(f"RVU{year % 100:02d}{letter}", f"{year}-{month_no:02d}-01")
    raise SourceError(path, "the banner naming the release ('2025 National Physician Fee Schedule "
                            "Relative Value File October Release') is missing from the first "
                            "lines; import the file as CMS published it", line=1)


def parse(path: Path, text: str,
          on_row: Callable[[int], None] | None = None) -> tuple[PfsRelease, list[tuple]]:
    """Parse a PPRRVU file into its release and the rows to store (in STORED_COLUMNS order)."""
    banner: list[Record] = []
    rows: list[tuple] = []
    seen: dict[tuple[str, str], int] = {}
    it = records(text)
    for record in it:
        if _is_header(record.fields):
            _check_header(path, record)
            break
        banner.append(record)
        if len(banner) > 40:
            break
    else:
        raise SourceError(path, "no column header line starting 'HCPCS,MOD,DESCRIPTION' was found; "
                                "this does not look like a complete PPRRVU file")
    if len(banner) > 40:
        raise SourceError(path, "no column header line starting 'HCPCS,MOD,DESCRIPTION' in the "
                                "first 40 lines; is this the PPRRVU file?")
    release = release_of(path, banner)
    for record in it:
        if record.is_blank():
            continue
        row = _parse_row(path, record)
        key = (row[0], row[1])
        if key in seen:
            raise SourceError(path, f"{key[0]} {key[1] or '(global)'} appears twice (first on line "
                                    f"{seen[key]})", record.line)
        seen[key] = record.line
        rows.append(row)
        if on_row:
            on_row(record.line)
    if not rows:
        raise SourceError(path, "the file has a header but no data rows; download it again")
    return release, rows


def _check_header(path: Path, record: Record) -> None:
    got = [f.strip().upper() for f in record.fields]
    while got and got[-1] == "":
        got.pop()
    if got == HEADER_TAIL:
        return
    for index, expected in enumerate(HEADER_TAIL):
        if index >= len(got) or got[index] != expected:
            name = COLUMNS[index][1]
            raise SourceError(
                path, f"the column header does not match the PPRRVU layout at column {index + 1}: "
                      f"expected '{name}' ({len(HEADER_TAIL)} columns, found {len(got)}); "
                      f"a column is missing or moved; use the file as CMS published it",
                record.line, name)
    raise SourceError(path, f"the column header has {len(got)} columns, the PPRRVU layout has "
                            f"{len(HEADER_TAIL)}", record.line)


def _parse_row(path: Path, record: Record) -> tuple:
    fields = record.fields
    while len(fields) > len(COLUMNS) and fields[-1].strip() == "":
        fields = fields[:-1]
    if len(fields) != len(COLUMNS):
        raise SourceError(path, f"the row has {len(fields)} columns, expected {len(COLUMNS)} "
                                "(is the file truncated or a cell split by a stray comma?)",
                          record.line)
    line = record.line
    values: list[object] = []
    for (_name, title, kind), raw in zip(COLUMNS, fields, strict=True):
        if kind == "skip":
            continue
        values.append(_convert(path, line, title, kind, raw))
    values.append(line)
    return tuple(values)


def _convert(path: Path, line: int, title: str, kind: str, raw: str) -> object:
    if kind == "code":
        code = normalize_code(raw)
        if not _HCPCS_RE.match(code):
            raise SourceError(path, f"'{raw}' is not a HCPCS code", line, title)
        return code
    if kind == "base":
        return normalize_code(raw) if raw.strip() else ""
    if kind == "mod":
        return raw.strip().upper()
    if kind == "status":
        return choice_field(path, line, title, raw.strip().upper(), STATUS_CODES)
    if kind == "dec":
        return decimal_field(path, line, title, raw)
    if kind == "na":
        return 1 if choice_field(path, line, title, raw.strip().upper(), {"", "NA"}) else 0
    if kind.startswith("choice:"):
        return choice_field(path, line, title, raw, set(kind[7:].split(",")))
    if kind == "pad:3":
        return choice_field(path, line, title, padded(raw, 3).upper(), GLOBAL_DAYS)
    if kind.startswith("pad:"):
        return padded(raw, int(kind[4:]))
    return raw.strip()


def iter_dicts(rows: list[tuple]) -> Iterator[dict[str, object]]:
    for row in rows:
        yield dict(zip(STORED_COLUMNS, row, strict=True))

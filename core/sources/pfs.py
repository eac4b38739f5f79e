"""PFS relative value file (PPRRVU*), as CMS ships it (.csv, .txt, .xlsx) or re-saved by Excel.

Layout (CMS read-me RVU25D.pdf, "Record layout"; RVU26 adds PRIC IND before ENDO BASE): nine
banner lines, then the column names spread over the header lines above and on the line that
starts HCPCS,MOD,DESCRIPTION ("PCTC" over "IND", "CO-" over "SURG", ...). The names are joined
top to bottom into the read-me's names and every column is found by name, so a column CMS adds
or moves does not break the import; columns this app does not use are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .columns import Column, cells, locate
from .source_file import Record, choice_field, decimal_field, normalize_code, padded
from .tables import Table

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
_LOCATE = [Column(name, title) for name, title, kind in COLUMNS if kind != "skip"]
_HEADER_LINES_ABOVE = 4  # the header line itself plus up to four above it carry the names

STATUS_CODES = set("ABCDEFGHIJKMNPRTX")
GLOBAL_DAYS = {"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"}
_RELEASE_RE = re.compile(
    r"(\d{4}) National Physician Fee Schedule Relative Value File (January|April|July|October)",
    re.IGNORECASE,
)
_QPP_RE = re.compile(r"(?<![A-Za-z])(non[-_ ]?)?(qpp|qualifying apm)(?![A-Za-z])", re.I)
_QUARTERS = {"january": ("A", 1), "april": ("B", 4), "july": ("C", 7), "october": ("D", 10)}
_HCPCS_RE = re.compile(r"^[0-9A-Z]{5}$")


@dataclass(frozen=True)
class PfsRelease:
    release: str  # RVU25D
    effective_date: str  # 2025-10-01
    qpp_marked: bool | None = None  # the banner or file name says QPP (True), non-QPP (False)


def looks_like(head: list[Record]) -> bool:
    return any(_is_header(r.fields) for r in head) or any(
        _RELEASE_RE.search(",".join(r.fields)) for r in head
    )


def _is_header(fields: list[str]) -> bool:
    return [f.strip().upper() for f in fields[:3]] == ["HCPCS", "MOD", "DESCRIPTION"]


def release_of(table: Table, banner: list[Record]) -> PfsRelease:
    for record in banner:
        match = _RELEASE_RE.search(",".join(record.fields))
        if match:
            year, month = int(match.group(1)), match.group(2).lower()
            letter, month_no = _QUARTERS[month]
            texts = [",".join(r.fields) for r in banner] + [table.name]
            return PfsRelease(
                f"RVU{year % 100:02d}{letter}", f"{year}-{month_no:02d}-01", qpp_marking(texts)
            )
    raise table.error(
        "the banner naming the release ('2025 National Physician Fee Schedule "
        "Relative Value File October Release') is missing from the first "
        "lines; import the file as CMS published it",
        line=1,
    )


def qpp_marking(texts: list[str]) -> bool | None:
    """CMS publishes CY2026 on as a non-QPP and a QPP file (PPRRVU2026_Jan_nonQPP.csv,
    PPRRVU2026_Jan_QPP.csv). True when the banner or name says QPP, False when non-QPP."""
    for text in texts:
        for match in _QPP_RE.finditer(text):
            return match.group(1) is None
    return None


def column_names(banner: list[Record], header: Record) -> list[str]:
    """Join the header lines top to bottom into the read-me's column names."""
    above: list[Record] = []
    for record in reversed(banner[-_HEADER_LINES_ABOVE:]):
        if any(f.strip() for f in record.fields[:3]):
            break  # a banner line ("RELEASED 06/30/2026"), not part of the column names
        above.insert(0, record)
    names = []
    for index in range(len(header.fields)):
        name = ""
        for record in [*above, header]:
            part = record.fields[index].strip() if index < len(record.fields) else ""
            if part:
                name = f"{name}{part}" if name.endswith("-") or not name else f"{name} {part}"
        names.append(name)
    return names


def parse(
    table: Table,
    on_row: Callable[[int], None] | None = None,
    descriptors: list[tuple[str, str, str]] | None = None,
) -> tuple[PfsRelease, list[tuple]]:
    """Parse a PPRRVU file into its release and the rows to store (in STORED_COLUMNS order).
    With a `descriptors` list, also collect each row's (HCPCS, MOD, DESCRIPTION): only for a
    file the user imports into their own database, never for the bundle (AMA text)."""
    banner: list[Record] = []
    rows: list[tuple] = []
    seen: dict[tuple[str, str], int] = {}
    it = table.records()
    header: Record | None = None
    for record in it:
        if _is_header(record.fields):
            header = record
            break
        banner.append(record)
        if len(banner) > 40:
            raise table.error(
                "no column header line starting 'HCPCS,MOD,DESCRIPTION' in the "
                "first 40 lines; is this the PPRRVU file?"
            )
    if header is None:
        raise table.error(
            "no column header line starting 'HCPCS,MOD,DESCRIPTION' was found; "
            "this does not look like a complete PPRRVU file"
        )
    names = column_names(banner, header)
    index = locate(table, Record(header.line, names), _LOCATE)
    width = max(i for i, name in enumerate(names) if name) + 1
    release = release_of(table, banner)
    described = names.index("DESCRIPTION") if descriptors is not None else -1
    for record in it:
        if record.is_blank():
            continue
        row = _parse_row(table, record, index, width)
        if descriptors is not None and described < len(record.fields):
            descriptors.append((row[0], row[1], record.fields[described]))
        key = (row[0], row[1])
        if key in seen:
            raise table.error(
                f"{key[0]} {key[1] or '(global)'} appears twice (first on {table.at(seen[key])})",
                record.line,
            )
        seen[key] = record.line
        rows.append(row)
        if on_row:
            on_row(record.line)
    if not rows:
        raise table.error("the file has a header but no data rows; download it again")
    return release, rows


def _parse_row(table: Table, record: Record, index: dict[str, int], width: int) -> tuple:
    values = cells(table, record, index, width)
    line = record.line
    out: list[object] = [
        _convert(table, line, title, kind, values[name])
        for name, title, kind in COLUMNS
        if kind != "skip"
    ]
    out.append(line)
    return tuple(out)


def _convert(table: Table, line: int, title: str, kind: str, raw: str) -> object:
    if kind == "code":
        code = normalize_code(raw)
        if not _HCPCS_RE.match(code):
            raise table.error(f"'{raw}' is not a HCPCS code", line, title)
        return code
    if kind == "base":
        return normalize_code(raw) if raw.strip() else ""
    if kind == "mod":
        return raw.strip().upper()
    if kind == "status":
        return choice_field(table, line, title, raw.strip().upper(), STATUS_CODES)
    if kind == "dec":
        return decimal_field(table, line, title, raw)
    if kind == "na":
        return 1 if choice_field(table, line, title, raw.strip().upper(), {"", "NA"}) else 0
    if kind.startswith("choice:"):
        return choice_field(table, line, title, raw, set(kind[7:].split(",")))
    if kind == "pad:3":
        return choice_field(table, line, title, padded(raw, 3).upper(), GLOBAL_DAYS)
    if kind.startswith("pad:"):
        return padded(raw, int(kind[4:]))
    return raw.strip()

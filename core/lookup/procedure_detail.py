"""Everything a biller needs about one CPT/HCPCS code: status, indicators in words, national
amounts and RVUs of the current PFS release, MUE and NCCI pairs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..refdata import pfs_indicators as ind
from ..refdata.code_history import CodeStatus, hcpcs_status, pfs_status
from ..refdata.pfs import conversion_factor, release_dates
from ..refdata.releases import release_for
from .code_info import PfsRow, ProcedureInfo, procedure_info
from .national_amount import NationalAmounts, national_amounts
from .ncci_info import MueLimit, NcciEdits, mue_limit, ncci_edits

# Indicators shown for a code, in display order (pfs_rvu column names).
INDICATOR_COLUMNS = [
    "status",
    "global_days",
    "pctc",
    "mult_proc",
    "bilateral",
    "assistant",
    "co_surgeon",
    "team_surgery",
    "phys_supervision",
    "imaging_family",
]


@dataclass(frozen=True)
class Indicator:
    column: str
    label: str
    value: str
    meaning: str


@dataclass(frozen=True)
class RvuLine:
    """One PPRRVU row of the release shown: the global row ('') or a 26, TC or 53 row."""

    modifier: str
    status: str
    work_rvu: str
    nonfac_pe_rvu: str
    nonfac_na: bool
    fac_pe_rvu: str
    fac_na: bool
    mp_rvu: str
    nonfac_total: str
    fac_total: str
    conversion_factor: str
    amounts: NationalAmounts | None  # None: the status is not paid under the fee schedule
    source_line: int


@dataclass(frozen=True)
class ProcedureDetail:
    code: str
    code_type: str  # cpt | hcpcs
    category: str | None
    description: str | None  # None: no plain-language description bundled
    release: str | None  # the PFS release shown; None: no PFS row at all
    effective_date: str | None
    lines: list[RvuLine]
    indicators: list[Indicator]  # of the global row (the first line)
    pctc_modifiers: str  # what 26 and TC do for this code
    add_on: bool
    endo_base: str
    other_releases: list[str]  # other loaded PFS releases holding the code
    mue: MueLimit
    ncci: NcciEdits
    release_note: str = ""  # why the release shown is not simply the date's
    description_source: str = ""  # own | hcpcs | imported
    source_label: str = ""  # where a description not our own comes from
    history: CodeStatus | None = None  # current, deleted or not yet effective on the date
    as_of: date | None = None  # the date asked about

    @property
    def status(self) -> str | None:
        return self.lines[0].status if self.lines else None


def procedure_detail(
    conn: sqlite3.Connection, code: str, as_of: date | None = None
) -> ProcedureDetail | None:
    """The code's rows in the PFS release the policy gives for `as_of` (today), or in the newest
    release that holds it when that one does not; national amounts with the conversion factor
    of the date."""
    info = procedure_info(conn, code)
    if info is None:
        return None
    day = as_of or date.today()
    releases: dict[str, list[PfsRow]] = {}
    for row in info.pfs_rows:  # newest release first
        releases.setdefault(row.release, []).append(row)
    applied = release_for(conn, "pfs", day)
    note = applied.note if applied else ""
    if applied is not None and applied.name in releases:
        current = releases[applied.name]
    else:
        current = next(iter(releases.values()), [])
        if current and applied is not None:
            note = f"{code} is not in {applied.name}, the release for {day.isoformat()}"
    cf = _conversion_factor(conn, day, current[0]) if current else None
    lines = [_line(row, cf) for row in current]
    first = current[0].row if current else None
    indicators = (
        [
            Indicator(c, ind.INDICATORS[c][0], first[c], ind.meaning(c, first[c]))
            for c in INDICATOR_COLUMNS
        ]
        if first
        else []
    )
    pctc = first["pctc"] if first else ""
    return ProcedureDetail(
        code=info.code,
        code_type=info.code_type,
        category=info.category,
        description=info.description,
        release=current[0].release if current else None,
        effective_date=current[0].effective_date if current else None,
        lines=lines,
        indicators=indicators,
        pctc_modifiers=ind.PCTC_MODIFIERS.get(pctc, ""),
        add_on=first is not None and first["global_days"] == ind.ADD_ON_GLOBAL,
        endo_base=first["endo_base"] if first else "",
        other_releases=[name for name, rows in releases.items() if rows is not current],
        mue=mue_limit(conn, info.code, as_of),
        ncci=ncci_edits(conn, info.code, as_of),
        release_note=note,
        description_source=info.description_source,
        source_label=info.source_label,
        history=_history(conn, info, day),
        as_of=day,
    )


def _history(conn: sqlite3.Connection, info: ProcedureInfo, day: date) -> CodeStatus | None:
    found = pfs_status(conn, info.code, day)
    if found is None and info.code_type == "hcpcs":
        found = hcpcs_status(conn, info.code, day)
    return found


def _conversion_factor(conn: sqlite3.Connection, day: date, row: PfsRow) -> Decimal:
    """The conversion factor of `day` when the row's release covers it, else of the release's
    first day; the factor printed in the row when the app knows none for that date."""
    covered = release_dates(conn, row.release)
    when = (
        day
        if covered and covered[0] <= day <= covered[1]
        else date.fromisoformat(row.effective_date)
    )
    found = conversion_factor(conn, when)
    return found.value if found else row.row.dec("conversion_factor")


def _line(found: PfsRow, cf: Decimal | None) -> RvuLine:
    row = found.row
    factor = cf if cf is not None else row.dec("conversion_factor")
    return RvuLine(
        modifier=row["modifier"],
        status=row["status"],
        work_rvu=row["work_rvu"],
        nonfac_pe_rvu=row["nonfac_pe_rvu"],
        nonfac_na=row["nonfac_na"] == "1",
        fac_pe_rvu=row["fac_pe_rvu"],
        fac_na=row["fac_na"] == "1",
        mp_rvu=row["mp_rvu"],
        nonfac_total=row["nonfac_total"],
        fac_total=row["fac_total"],
        conversion_factor=str(factor),
        amounts=national_amounts(row, factor),
        source_line=int(row["source_line"]),
    )

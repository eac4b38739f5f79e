"""Everything a biller needs about one CPT/HCPCS code: status, indicators in words, national
amounts and RVUs of the current PFS release, MUE and NCCI pairs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..refdata import pfs_indicators as ind
from .code_info import PfsRow, procedure_info
from .national_amount import NationalAmounts, national_amounts
from .ncci_info import MueLimit, NcciEdits, mue_limit, ncci_edits

# Indicators shown for a code, in display order (pfs_rvu column names).
INDICATOR_COLUMNS = ["status", "global_days", "pctc", "mult_proc", "bilateral", "assistant",
                     "co_surgeon", "team_surgery", "phys_supervision", "imaging_family"]


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
    amounts: NationalAmounts | None   # None: the status is not paid under the fee schedule
    source_line: int


@dataclass(frozen=True)
class ProcedureDetail:
    code: str
    code_type: str                    # cpt | hcpcs
    category: str | None
    description: str | None           # None: no plain-language description bundled
    release: str | None               # the PFS release shown; None: no PFS row at all
    effective_date: str | None
    lines: list[RvuLine]
    indicators: list[Indicator]       # of the global row (the first line)
    pctc_modifiers: str               # what 26 and TC do for this code
    add_on: bool
    endo_base: str
    other_releases: list[str]         # other loaded PFS releases holding the code
    mue: MueLimit
    ncci: NcciEdits

    @property
    def status(self) -> str | None:
        return self.lines[0].status if self.lines else None


def procedure_detail(conn: sqlite3.Connection, code: str,
                     as_of: date | None = None) -> ProcedureDetail | None:
    """The code's rows in the newest PFS release in effect on `as_of` (today) that holds it,
    or in its newest release when none is in effect yet."""
    info = procedure_info(conn, code)
    if info is None:
        return None
    today = (as_of or date.today()).isoformat()
    releases: dict[str, list[PfsRow]] = {}
    for row in info.pfs_rows:                   # newest release first
        releases.setdefault(row.release, []).append(row)
    current = next((rows for rows in releases.values() if rows[0].effective_date <= today),
                   next(iter(releases.values()), []))
    lines = [_line(row) for row in current]
    first = current[0].values if current else {}
    indicators = [Indicator(c, ind.INDICATORS[c][0], str(first[c]), ind.meaning(c, str(first[c])))
                  for c in INDICATOR_COLUMNS if first]
    pctc = str(first.get("pctc", ""))
    return ProcedureDetail(
        code=info.code, code_type=info.code_type, category=info.category,
        description=info.description,
        release=current[0].release if current else None,
        effective_date=current[0].effective_date if current else None,
        lines=lines, indicators=indicators,
        pctc_modifiers=ind.PCTC_MODIFIERS.get(pctc, ""),
        add_on=first.get("global_days") == ind.ADD_ON_GLOBAL,
        endo_base=str(first.get("endo_base", "")),
        other_releases=[name for name, rows in releases.items() if rows is not current],
        mue=mue_limit(conn, info.code, as_of), ncci=ncci_edits(conn, info.code, as_of))


def _line(row: PfsRow) -> RvuLine:
    v = row.values
    return RvuLine(
        modifier=str(v["modifier"]), status=str(v["status"]), work_rvu=str(v["work_rvu"]),
        nonfac_pe_rvu=str(v["nonfac_pe_rvu"]), nonfac_na=bool(v["nonfac_na"]),
        fac_pe_rvu=str(v["fac_pe_rvu"]), fac_na=bool(v["fac_na"]), mp_rvu=str(v["mp_rvu"]),
        nonfac_total=str(v["nonfac_total"]), fac_total=str(v["fac_total"]),
        conversion_factor=str(v["conversion_factor"]), amounts=national_amounts(v),
        source_line=int(str(v["source_line"])))

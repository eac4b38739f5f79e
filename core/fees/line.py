"""Price one service line: choose the PFS row, apply GPCIs and the conversion factor, then the
OPPS cap, the payment modifiers, units and the participation rule, keeping every step."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from ..refdata.codes import modifier_codes
from ..refdata.pfs import RvuRow, conversion_factor, rvu_row
from . import data
from .bilateral import price_bilateral_units
from .model import Components, FeeError, LinePrice, LineRequest, Locality, cents
from .modifiers import apply_payment_modifiers, row_modifier
from .status import PAYABLE_STATUSES, status_explanation


def price_line(conn: sqlite3.Connection, request: LineRequest) -> LinePrice:
    """The full breakdown of one line priced on its own (no multiple-procedure rules)."""
    line = price_line_before_participation(conn, request)
    apply_participation(line)
    return line


def price_line_before_participation(conn: sqlite3.Connection, request: LineRequest) -> LinePrice:
    code = request.code.strip().upper()
    modifiers = tuple(m.strip().upper() for m in request.modifiers if m.strip())
    if len(modifiers) > 4:
        raise FeeError(f"a line takes at most 4 modifiers, got {len(modifiers)}")
    if request.units < 1:
        raise FeeError(f"units must be 1 or more, got {request.units}")
    day = request.date_of_service
    release = data.pfs_release(conn, day)
    facility, setting_reason = _setting(conn, request)
    locality, notes = _locality(conn, request)
    if release.note:
        notes.insert(0, release.note)
    row_mod, row_problem = row_modifier(conn, release.name, code, modifiers)
    if row_problem is not None:
        row_mod = ""  # nothing is priced; show the global row whose indicators said no
    row = rvu_row(conn, release.name, code, row_mod)
    unknown = [m for m in modifiers if m not in modifier_codes(conn)]
    line = LinePrice(
        request=request,
        code=code,
        modifiers=modifiers,
        units=request.units,
        facility=facility,
        setting_reason=setting_reason,
        locality=locality,
        release=release.name,
        pfs_row=row_mod,
        source_line=int(row["source_line"]) if row else None,
        status=row["status"] if row else "",
        payable=False,
        explanation="",
        notes=notes,
        indicators=_indicators(row) if row else {},
    )
    line.notes += [f"modifier {m} is not a known modifier: ignored for pricing" for m in unknown]
    if row_problem is not None or row is None:
        line.explanation = (
            row_problem.text if row_problem else f"{code} has no global row in {release.name}"
        )
        return line
    if row["status"] not in PAYABLE_STATUSES:
        line.explanation = status_explanation(row["status"])
        return line
    _apply_formula(conn, line, row, day)
    apply_payment_modifiers(line, row)
    if line.payable and line.units > 1 and not price_bilateral_units(line, row):
        line.adjust(
            f"units x {line.units}", "each unit is paid the per-unit amount", Decimal(line.units)
        )
    if line.payable and line.facility and not line.pfs_row and row["pctc"] == "1":
        _professional_in_facility(conn, line)
    return line


def _professional_in_facility(conn: sqlite3.Connection, line: LinePrice) -> None:
    """PC/TC indicator 1 (RVU read-me, Attachment A) priced globally in a facility setting: the
    facility bills the technical part, so show what the professional component (26) pays."""
    row = rvu_row(conn, line.release, line.code, "26")
    if row is None or row["status"] not in PAYABLE_STATUSES:
        return
    pe, _ = facility_pe(row, True)
    amount = components(
        row.dec("work_rvu"), pe, row.dec("mp_rvu"), line.locality, line.conversion_factor
    ).total
    line.professional_amount = cents(amount)
    line.notes.append(
        f"{line.setting_reason}: in a facility (hospital, ASC, SNF...) the facility bills the "
        f"technical part of this test, so a physician bills only the professional component "
        f"with modifier 26: ${line.professional_amount:,.2f} per unit here (PPRRVU 26 row, "
        f"line {row['source_line']}), beside the global ${line.fee_schedule_amount:,.2f}"
    )


def apply_participation(line: LinePrice) -> None:
    if line.payable and not line.request.participating:
        line.adjust(
            "non-participating 95%",
            "a non-participating provider is paid 95% of the fee schedule amount",
            Decimal("0.95"),
        )


def _setting(conn: sqlite3.Connection, request: LineRequest) -> tuple[bool, str]:
    if request.facility is not None:
        return (
            request.facility,
            "facility rate (chosen)" if request.facility else "non-facility rate (chosen)",
        )
    if request.pos:
        return data.pos_setting(conn, request.pos)
    return False, "non-facility rate (no place of service given)"


def _locality(conn: sqlite3.Connection, request: LineRequest) -> tuple[Locality, list[str]]:
    day = request.date_of_service
    notes: list[str] = []
    key = request.locality
    if request.zip_code:
        found = data.zip_locality(conn, request.zip_code, day)
        key = found.key
        notes.append(f"ZIP {request.zip_code[:5]} is in locality {key} ({found.applied.name})")
        if found.applied.note:
            notes.append(f"ZIP5: {found.applied.note}")
        if found.split:
            notes.append(
                f"ZIP {request.zip_code[:5]} is split between localities by ZIP+4; "
                "check the 9-digit ZIP"
            )
    if not key or key.strip().lower() == "national":
        notes.append("national amount (all GPCIs 1.000): give a locality or ZIP for local pay")
        return data.NATIONAL, notes
    locality = data.locality(conn, key, day)
    if locality.note:
        notes.append(f"GPCI: {locality.note}")
    return locality, notes


def _indicators(row: RvuRow) -> dict[str, str]:
    keys = (
        "pctc",
        "global_days",
        "mult_proc",
        "bilateral",
        "assistant",
        "co_surgeon",
        "team_surgery",
        "endo_base",
        "imaging_family",
    )
    return {key: row[key] for key in keys}


def facility_pe(row: RvuRow, facility: bool) -> tuple[Decimal, bool]:
    """The PE RVU for the setting; (PE, True) when a non-facility NA forces the facility PE."""
    if facility:
        return row.dec("fac_pe_rvu"), False
    if row["nonfac_na"] == "1":
        return row.dec("fac_pe_rvu"), True
    return row.dec("nonfac_pe_rvu"), False


def components(
    work: Decimal, pe: Decimal, mp: Decimal, locality: Locality, cf: Decimal
) -> Components:
    return Components(work * locality.work * cf, pe * locality.pe * cf, mp * locality.mp * cf)


def _apply_formula(conn: sqlite3.Connection, line: LinePrice, row: RvuRow, day: date) -> None:
    pe, forced = facility_pe(row, line.facility)
    if forced:
        line.notes.append(
            "the non-facility PE is NA for this code: it is paid at the facility "
            "rate in every setting"
        )
    found = conversion_factor(conn, day, line.request.qualifying_apm)
    if found is None:
        cf, source = row.dec("conversion_factor"), f"{line.release} file"
    else:
        cf, source = found.value, found.note
    work, mp = row.dec("work_rvu"), row.dec("mp_rvu")
    loc = line.locality
    line.rvu = {"work": work, "pe": pe, "mp": mp}
    line.products = {"work": work * loc.work, "pe": pe * loc.pe, "mp": mp * loc.mp}
    line.conversion_factor = cf
    line.conversion_factor_source = source
    line.components = components(work, pe, mp, loc, cf)
    line.payable = True
    line.fee_schedule_amount = line.amount
    if row["status"] == "T":
        line.notes.append(
            "status T: paid only when no other fee schedule service is billed "
            "the same day by the same provider"
        )
    if row["status"] == "R":
        line.notes.append("status R: restricted coverage, paid only in the cases CMS allows")
    line.opps_cap = opps_cap(row, line.facility, loc, cf)
    if line.opps_cap is not None and line.opps_cap < line.components.total:
        line.adjust_to(
            "OPPS cap",
            "the technical part of this imaging service is capped at the "
            "hospital outpatient (OPPS) payment",
            line.opps_cap,
        )


def opps_cap(row: RvuRow, facility: bool, loc: Locality, cf: Decimal) -> Decimal | None:
    """The OPPS-based cap for one unit, from the RVU file's OPPS columns, or None."""
    opps_pe = row.dec("opps_fac_pe_rvu" if facility else "opps_nonfac_pe_rvu")
    opps_mp = row.dec("opps_mp_rvu")
    if opps_pe == 0 and opps_mp == 0:
        return None
    return (row.dec("work_rvu") * loc.work + opps_pe * loc.pe + opps_mp * loc.mp) * cf

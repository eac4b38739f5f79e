"""Fee schedule amounts as CMS's payment files publish them: per code + modifier + locality,
non-facility and facility, before and after the OPPS cap. Fast enough for every locality."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from ..refdata import localities as loc_data
from ..refdata.pfs import RvuRow, conversion_factor, rvu_row, rvu_rows
from . import data
from .line import components, facility_pe, opps_cap
from .model import FeeError, Locality, cents
from .status import PAYABLE_STATUSES, status_explanation

COLUMNS = [
    "hcpcs",
    "modifier",
    "carrier",
    "locality",
    "nonfacility_fee",
    "facility_fee",
    "opps_nonfacility_fee",
    "opps_facility_fee",
    "status",
    "note",
]
ROW_MODIFIERS = {"", "26", "TC", "53"}


@dataclass(frozen=True)
class ScheduleRow:
    hcpcs: str
    modifier: str
    carrier: str
    locality: str
    nonfacility_fee: Decimal | None
    facility_fee: Decimal | None
    opps_nonfacility_fee: Decimal | None
    opps_facility_fee: Decimal | None
    status: str
    note: str

    def values(self) -> list[object]:
        return [getattr(self, column) for column in COLUMNS]


@dataclass(frozen=True)
class BatchLine:
    hcpcs: str
    modifier: str
    carrier: str
    locality: str
    source: str = ""  # where the line came from, for messages ("line 7")


def price_row(row: RvuRow, loc: Locality, cf: Decimal) -> ScheduleRow:
    status = row["status"]
    base = dict(
        hcpcs=row["hcpcs"],
        modifier=row["modifier"],
        carrier=loc.carrier,
        locality=loc.locality,
        status=status,
    )
    if status not in PAYABLE_STATUSES:
        return ScheduleRow(
            **base,
            nonfacility_fee=None,
            facility_fee=None,
            opps_nonfacility_fee=None,
            opps_facility_fee=None,
            note=status_explanation(status),
        )
    work, mp = row.dec("work_rvu"), row.dec("mp_rvu")
    amounts: dict[bool, Decimal] = {}
    capped: dict[bool, Decimal | None] = {}
    for facility in (False, True):
        pe, _ = facility_pe(row, facility)
        amount = components(work, pe, mp, loc, cf).total
        cap = opps_cap(row, facility, loc, cf)
        amounts[facility] = amount
        capped[facility] = None if cap is None else min(amount, cap)
    note = (
        "non-facility PE is NA: facility rate in every setting" if row["nonfac_na"] == "1" else ""
    )
    return ScheduleRow(
        **base,
        nonfacility_fee=cents(amounts[False]),
        facility_fee=cents(amounts[True]),
        opps_nonfacility_fee=_maybe_cents(capped[False]),
        opps_facility_fee=_maybe_cents(capped[True]),
        note=note,
    )


def _maybe_cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else cents(value)


def _conversion_factor(conn: sqlite3.Connection, day: date, rows: list[RvuRow]) -> Decimal:
    found = conversion_factor(conn, day, qualifying_apm=False)
    if found:
        return found.value
    if rows:
        return rows[0].dec("conversion_factor")
    raise FeeError(f"no conversion factor known for {day.isoformat()}")


def locality_schedule(
    conn: sqlite3.Connection, locality_key: str, day: date
) -> Iterator[ScheduleRow]:
    """Every code and modifier of the release in effect on `day`, priced for one locality."""
    return schedules(conn, [locality_key], day)


def schedules(
    conn: sqlite3.Connection, locality_keys: list[str], day: date
) -> Iterator[ScheduleRow]:
    """The whole schedule of each locality in turn; the release is read once for all."""
    for values in schedule_values(conn, locality_keys, day):
        yield ScheduleRow(*values)  # type: ignore[arg-type]


def schedule_values(
    conn: sqlite3.Connection, locality_keys: list[str], day: date
) -> Iterator[tuple[object, ...]]:
    """The rows of `schedules` as tuples in COLUMNS order, for writing. Each RVU row's figures
    are read once for every locality, and a locality's amounts are the same sums price_row
    works out, in the same order (tests/unit/test_fee_schedule_fast.py compares them cell for
    cell): the 109 localities of a release in a few seconds."""
    release = data.pfs_release(conn, day)
    localities = [data.locality(conn, key, day) for key in locality_keys]
    rows = rvu_rows(conn, release.name)
    cf = _conversion_factor(conn, day, rows)
    prepared = [_prepared(row) for row in rows]
    for loc in localities:
        yield from _locality_values(prepared, loc, cf)


_NA_NOTE = "non-facility PE is NA: facility rate in every setting"
_ZERO = Decimal(0)


def _prepared(row: RvuRow) -> tuple[Any, ...]:
    """What price_row reads of a row: (code, modifier, status, the explanation of a status
    that is not priced, or None and then work, mp, PE non-facility, PE facility, OPPS PE
    non-facility, OPPS PE facility, OPPS MP, note)."""
    status = row["status"]
    head = (row["hcpcs"], row["modifier"], status)
    if status not in PAYABLE_STATUSES:
        return (*head, status_explanation(status))
    return (
        *head,
        None,
        row.dec("work_rvu"),
        row.dec("mp_rvu"),
        facility_pe(row, False)[0],
        facility_pe(row, True)[0],
        row.dec("opps_nonfac_pe_rvu"),
        row.dec("opps_fac_pe_rvu"),
        row.dec("opps_mp_rvu"),
        _NA_NOTE if row["nonfac_na"] == "1" else "",
    )


def _locality_values(
    prepared: list[tuple[Any, ...]], loc: Locality, cf: Decimal
) -> Iterator[tuple[object, ...]]:
    lw, lpe, lmp = loc.work, loc.pe, loc.mp
    carrier, number = loc.carrier, loc.locality
    for item in prepared:
        hcpcs, modifier, status, explanation = item[:4]
        if explanation is not None:
            yield (hcpcs, modifier, carrier, number, None, None, None, None, status, explanation)
            continue
        work, mp, pe_nf, pe_f, opps_pe_nf, opps_pe_f, opps_mp, note = item[4:]
        # as components(...).total and opps_cap(...) work them out
        work_part, mp_part = work * lw * cf, mp * lmp * cf
        nonfacility = work_part + pe_nf * lpe * cf + mp_part
        facility = work_part + pe_f * lpe * cf + mp_part
        yield (
            hcpcs,
            modifier,
            carrier,
            number,
            cents(nonfacility),
            cents(facility),
            _capped(nonfacility, work, opps_pe_nf, opps_mp, lw, lpe, lmp, cf),
            _capped(facility, work, opps_pe_f, opps_mp, lw, lpe, lmp, cf),
            status,
            note,
        )


def _capped(
    amount: Decimal,
    work: Decimal,
    opps_pe: Decimal,
    opps_mp: Decimal,
    lw: Decimal,
    lpe: Decimal,
    lmp: Decimal,
    cf: Decimal,
) -> Decimal | None:
    if opps_pe == _ZERO and opps_mp == _ZERO:
        return None
    cap = (work * lw + opps_pe * lpe + opps_mp * lmp) * cf
    return cents(min(amount, cap))


def all_localities(conn: sqlite3.Connection, day: date) -> list[str]:
    return data.needs(loc_data.all_locality_keys, conn, day)


def price_batch(
    conn: sqlite3.Connection, lines: Iterable[BatchLine], day: date
) -> Iterator[ScheduleRow]:
    """Price each input line; a line that cannot be priced says why in its note."""
    release = data.pfs_release(conn, day)
    localities: dict[str, Locality | FeeError] = {}
    cf: Decimal | None = None
    for line in lines:
        key = f"{line.carrier}-{line.locality}"
        if key not in localities:
            try:
                localities[key] = data.locality(conn, key, day)
            except FeeError as exc:
                localities[key] = exc
        loc = localities[key]
        modifier = line.modifier.strip().upper()
        row = rvu_row(
            conn,
            release.name,
            line.hcpcs.strip().upper(),
            modifier if modifier in ROW_MODIFIERS else "",
        )
        problem = None
        if isinstance(loc, FeeError):
            problem = str(loc)
        elif row is None:
            problem = f"{line.hcpcs} {modifier} is not in {release.name}".replace("  ", " ")
        if problem or row is None or isinstance(loc, FeeError):
            yield ScheduleRow(
                line.hcpcs,
                line.modifier,
                line.carrier,
                line.locality,
                None,
                None,
                None,
                None,
                "error",
                f"{line.source}: {problem}".lstrip(": "),
            )
            continue
        if cf is None:
            cf = _conversion_factor(conn, day, [row])
        priced = price_row(row, loc, cf)
        if modifier not in ROW_MODIFIERS:
            priced = replace(
                priced,
                note=f"modifier {modifier} changes payment: these are the "
                "unmodified amounts; use 'fee' for the adjusted breakdown",
            )
        yield replace(priced, hcpcs=line.hcpcs, modifier=line.modifier)

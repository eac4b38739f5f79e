"""Fee schedule amounts as CMS's payment files publish them: per code + modifier + locality,
non-facility and facility, before and after the OPPS cap. Fast enough for every locality."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ..refdata import localities as loc_data
from ..refdata.pfs import RvuRow, conversion_factor, rvu_row, rvu_rows
from . import data
from .line import components, facility_pe, opps_cap
from .model import FeeError, Locality, cents
from .status import PAYABLE_STATUSES, status_explanation

COLUMNS = ["hcpcs", "modifier", "carrier", "locality", "nonfacility_fee", "facility_fee",
           "opps_nonfacility_fee", "opps_facility_fee", "status", "note"]
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
    source: str = ""        # where the line came from, for messages ("line 7")


def price_row(row: RvuRow, loc: Locality, cf: Decimal) -> ScheduleRow:
    status = row["status"]
    base = dict(hcpcs=row["hcpcs"], modifier=row["modifier"], carrier=loc.carrier,
                locality=loc.locality, status=status)
    if status not in PAYABLE_STATUSES:
        return ScheduleRow(**base, nonfacility_fee=None, facility_fee=None,
                           opps_nonfacility_fee=None, opps_facility_fee=None,
                           note=status_explanation(status))
    work, mp = row.dec("work_rvu"), row.dec("mp_rvu")
    amounts: dict[bool, Decimal] = {}
    capped: dict[bool, Decimal | None] = {}
    for facility in (False, True):
        pe, _ = facility_pe(row, facility)
        amount = components(work, pe, mp, loc, cf).total
        cap = opps_cap(row, facility, loc, cf)
        amounts[facility] = amount
        capped[facility] = None if cap is None else min(amount, cap)
    note = "non-facility PE is NA: facility rate in every setting" if row["nonfac_na"] == "1" \
        else ""
    return ScheduleRow(**base, nonfacility_fee=cents(amounts[False]),
                       facility_fee=cents(amounts[True]),
                       opps_nonfacility_fee=_maybe_cents(capped[False]),
                       opps_facility_fee=_maybe_cents(capped[True]), note=note)


def _maybe_cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else cents(value)


def _conversion_factor(conn: sqlite3.Connection, day: date, rows: list[RvuRow]) -> Decimal:
    found = conversion_factor(conn, day, qualifying_apm=False)
    if found:
        return found.value
    if rows:
        return rows[0].dec("conversion_factor")
    raise FeeError(f"no conversion factor known for {day.isoformat()}")


def locality_schedule(conn: sqlite3.Connection, locality_key: str, day: date
                      ) -> Iterator[ScheduleRow]:
    """Every code and modifier of the release in effect on `day`, priced for one locality."""
    return schedules(conn, [locality_key], day)


def schedules(conn: sqlite3.Connection, locality_keys: list[str], day: date
              ) -> Iterator[ScheduleRow]:
    """The whole schedule of each locality in turn; the release is read once for all."""
    release = data.pfs_release(conn, day)
    localities = [data.locality(conn, key, day) for key in locality_keys]
    rows = rvu_rows(conn, release.name)
    cf = _conversion_factor(conn, day, rows)
    for loc in localities:
        for row in rows:
            yield price_row(row, loc, cf)


def all_localities(conn: sqlite3.Connection, day: date) -> list[str]:
    return data.needs(loc_data.all_locality_keys, conn, day)


def price_batch(conn: sqlite3.Connection, lines: Iterable[BatchLine], day: date
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
        row = rvu_row(conn, release.name, line.hcpcs.strip().upper(),
                          modifier if modifier in ROW_MODIFIERS else "")
        problem = None
        if isinstance(loc, FeeError):
            problem = str(loc)
        elif row is None:
            problem = f"{line.hcpcs} {modifier} is not in {release.name}".replace("  ", " ")
        if problem or row is None or isinstance(loc, FeeError):
            yield ScheduleRow(line.hcpcs, line.modifier, line.carrier, line.locality, None, None,
                              None, None, "error", f"{line.source}: {problem}".lstrip(": "))
            continue
        if cf is None:
            cf = _conversion_factor(conn, day, [row])
        priced = price_row(row, loc, cf)
        if modifier not in ROW_MODIFIERS:
            priced = replace(priced, note=f"modifier {modifier} changes payment: these are the "
                             "unmodified amounts; use 'fee' for the adjusted breakdown")
        yield replace(priced, hcpcs=line.hcpcs, modifier=line.modifier)

"""Whole fee schedules (every code in many localities) are the rows price_row gives, cell for
cell: schedule_values reads each RVU row once for all localities but works out the same sums."""

from __future__ import annotations

from datetime import date

import pytest

from core.fees import data
from core.fees.schedule import (
    COLUMNS,
    _conversion_factor,
    all_localities,
    price_row,
    schedule_values,
    schedules,
)
from core.refdata.pfs import rvu_rows

LOCALITIES = ["01112-05", "13202-01", "02102-01", "05302-99", "national"]


@pytest.mark.parametrize("day", [date(2025, 11, 3), date(2026, 7, 1)])
def test_every_code_in_several_localities_is_what_price_row_gives(conn, day):
    keys = [key for key in LOCALITIES if key == "national" or key in all_localities(conn, day)]
    assert len(keys) >= 4
    rows = rvu_rows(conn, data.pfs_release(conn, day).name)
    cf = _conversion_factor(conn, day, rows)
    today = [
        tuple(price_row(row, data.locality(conn, key, day), cf).values())
        for key in keys
        for row in rows
    ]
    fast = list(schedule_values(conn, keys, day))
    assert len(fast) == len(today) == len(rows) * len(keys) > 10_000
    assert fast == today
    assert [type(v) for v in fast[0]] == [type(v) for v in today[0]]
    priced = [row for row in fast if row[4] is not None]
    assert priced and any(row[6] is not None for row in priced)  # some OPPS-capped rows
    assert [tuple(row.values()) for row in schedules(conn, keys[:1], day)] == today[: len(rows)]
    assert len(COLUMNS) == len(fast[0])

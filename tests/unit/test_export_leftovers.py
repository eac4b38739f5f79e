"""What a killed export leaves is removed at the next export or start (issue 16, item 16): the
.partial-* file beside the target and the workbook writer's temporary sheets (up to hundreds of
MB each, in XLSX_TEMPORARY). A file an export is writing now is touched every moment and is left
alone."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from core.tabular import STALE_PARTIAL, STALE_TEMPORARY, XLSX_TEMPORARY, write_table
from tests.support.faults import cli


def aged(path: Path, seconds: float) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_stale_leftovers_go_at_the_next_export_and_fresh_ones_stay(tmp_path):
    stale = tmp_path / ".partial-k1ll3d.xlsx"
    stale.write_bytes(b"half a workbook")
    aged(stale, STALE_PARTIAL + 60)
    fresh = tmp_path / ".partial-wr1t1ng.xlsx"
    fresh.write_bytes(b"an export running now")
    XLSX_TEMPORARY.mkdir(exist_ok=True)
    sheet = XLSX_TEMPORARY / "tmpk1ll3d"
    sheet.write_bytes(b"<row/>" * 1000)
    aged(sheet, STALE_TEMPORARY + 60)
    mine = tmp_path / ".keep-me"
    mine.write_text("not the app's")
    try:
        write_table(tmp_path / "out.csv", ["code"], [["99213"]])
        assert not stale.exists() and not sheet.exists()
        assert fresh.exists() and mine.exists() and (tmp_path / "out.csv").exists()
    finally:
        sheet.unlink(missing_ok=True)


@pytest.mark.slow
def test_an_export_killed_midway_leaves_nothing_after_the_next_one(built_db, tmp_path):
    before = set(XLSX_TEMPORARY.glob("*"))
    target = tmp_path / "fees.xlsx"
    export = cli(
        "fee", "--locality", "all", "--date", "2026-03-01", "-o", str(target), "--db", str(built_db)
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".partial-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)  # well into writing the rows
    export.send_signal(signal.SIGKILL)
    export.wait(30)
    left = list(tmp_path.glob(".partial-*"))
    sheets = set(XLSX_TEMPORARY.glob("*")) - before
    assert left and not target.exists()  # what the issue saw
    for path in [*left, *sheets]:
        aged(path, STALE_TEMPORARY + 60)  # as at the next day's export

    write_table(tmp_path / "other.csv", ["code"], [["99213"]])

    assert not list(tmp_path.glob(".partial-*"))
    assert not [sheet for sheet in sheets if sheet.exists()]

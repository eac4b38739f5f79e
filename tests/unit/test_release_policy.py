"""The one release policy (core/refdata/releases.py): which release of each source applies on a
date of service, and what is said when none covers it."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import open_readonly, open_writable
from core.refdata.coverage import CURRENT, MISSING, STALE, coverage, release_summary
from core.refdata.releases import covered_until, fiscal_year, release_for, releases


def add_release(path, source, name, effective, end=None):
    conn = open_writable(path)
    conn.execute(
        "INSERT INTO sources (source, release, effective_date, end_date, row_count, "
        "origin, file_name, imported_at) VALUES (?, ?, ?, ?, 1, 'imported', 'f', 'now')",
        (source, name, effective, end),
    )
    conn.close()


@pytest.fixture
def ref(db_path):
    # bundled: RVU25D, RVU26C (2026-07-01), MUE 2026Q2, ZIP5 2026Q1, GPCI2025/2026
    add_release(db_path, "pfs", "RVU26A", "2026-01-01")
    conn = open_readonly(db_path)
    yield conn
    conn.close()


def test_a_yearly_pfs_release_covers_until_the_next_release_of_its_year(ref):
    jan, jul = (release_for(ref, "pfs", date(2026, m, 15)) for m in (3, 8))
    assert jan.name == "RVU26A" and jan.covers and jan.covers_until == date(2026, 6, 30)
    assert jul.name == "RVU26C" and jul.covers and jul.covers_until == date(2026, 12, 31)


def test_pfs_is_never_used_across_a_calendar_year(ref):
    # Pub 100-04 ch.12 s.20: the fee schedule of the year of the date of service
    assert release_for(ref, "pfs", date(2027, 1, 4)) is None
    assert release_for(ref, "pfs", date(2024, 12, 31)) is None


def test_within_a_year_the_nearest_pfs_release_is_used_with_a_note(ref):
    applied = release_for(ref, "pfs", date(2025, 3, 15))  # only RVU25D (October) loaded
    assert applied.name == "RVU25D" and not applied.covers
    assert "no 2025 release covering that date is loaded" in applied.note


def test_quarterly_edits_use_the_newest_earlier_quarter_and_say_so(ref):
    current = release_for(ref, "mue", date(2026, 5, 1))
    assert current.name == "MUE 2026Q2" and current.covers
    later = release_for(ref, "mue", date(2026, 11, 30))
    assert later.name == "MUE 2026Q2" and not later.covers
    assert later.note.startswith("checked against MUE 2026Q2 (to 2026-06-30); no newer")
    # MUE values carry no dates: with nothing earlier the newest is used, labelled as such
    early = release_for(ref, "mue", date(2026, 2, 1))
    assert early.name == "MUE 2026Q2" and "no earlier release is loaded" in early.note


def test_a_crosswalk_with_nothing_earlier_uses_a_later_release_with_a_note(ref):
    applied = release_for(ref, "zip5", date(2025, 11, 3))
    assert applied.name == "ZIP5 2026Q1" and "no earlier release is loaded" in applied.note


def test_fiscal_years_and_icd_coverage():
    assert fiscal_year(date(2026, 9, 30)) == 2026 and fiscal_year(date(2026, 10, 1)) == 2027


def test_coverage_for_today_names_the_file_to_import(ref):
    today = date.today()
    states = {c.source: c for c in coverage(ref, today)}
    assert states["ncci_ptp"].state == MISSING  # never bundled
    assert "ccipra" in states["ncci_ptp"].to_import
    assert all(c.state in (CURRENT, STALE, MISSING) for c in states.values())
    assert all(c.to_import for c in states.values() if c.state != CURRENT)
    assert release_summary(ref, today).startswith("PFS RVU")


def test_every_loaded_release_has_an_end(ref):
    for source in ("pfs", "mue", "zip5", "gpci"):
        for found in releases(ref, source):
            assert covered_until(ref, found) >= date.fromisoformat(found.effective_date)

"""CCYYMMDD dates as CMS and X12 files write them (core/dates.py), one parser for all."""

from datetime import date

import pytest

from core.dates import ccyymmdd, file_date


def test_ccyymmdd_reads_eight_digits_and_says_what_is_wrong():
    assert ccyymmdd("20261130") == date(2026, 11, 30)
    with pytest.raises(ValueError, match="not a CCYYMMDD date"):
        ccyymmdd("2026-11-30")
    with pytest.raises(ValueError, match="not a calendar date"):
        ccyymmdd("20260231")


def test_a_workbook_date_cell_is_a_date_only_in_a_workbook():
    assert file_date(" 20260401 ") == date(2026, 4, 1)
    assert file_date("2026-04-01 00:00:00", sheet=True) == date(2026, 4, 1)
    assert file_date("2026-04-01 00:00:00") is None
    assert file_date("*", sheet=True) is None

"""Timely filing by the book (issue 10): Medicare's one calendar year after the date of service
(42 CFR 424.44(a); Pub 100-04 ch.1 §70), the anniversary itself timely, moved to the next federal
workday when it falls on a weekend or federal holiday (5 U.S.C. 6103, observed Friday/Monday,
Juneteenth from 2021); other payers' limits from their payer profile, none by default."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.scrub.filing_limits import (
    federal_holidays,
    medicare_filing_deadline,
    next_workday,
    non_workday,
)
from core.workspace.payers import COMMERCIAL, PayerProfile
from tests.support.claims import claim, line, run

# The federal holidays as observed each year (month-day), by 5 U.S.C. 6103.
OBSERVED_HOLIDAYS = {
    2020: "01-01 01-20 02-17 05-25 07-03 09-07 10-12 11-11 11-26 12-25",  # no Juneteenth yet
    # New Year's Day 2022 (Saturday) observed on 2021-12-31
    2021: "01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31",
    2022: "01-17 02-21 05-30 06-20 07-04 09-05 10-10 11-11 11-24 12-26",  # no January 1 observed
    2026: "01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 12-25",
    2027: "01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31",
}


@pytest.mark.parametrize("year, month_days", OBSERVED_HOLIDAYS.items())
def test_federal_holidays_by_rule(year, month_days):
    expected = {date.fromisoformat(f"{year}-{day}") for day in month_days.split()}
    assert set(federal_holidays(year)) == expected


@pytest.mark.parametrize(
    "dos, last, moved",
    [
        (date(2025, 11, 3), date(2026, 11, 3), False),  # the anniversary itself, a Tuesday
        (date(2024, 2, 29), date(2025, 2, 28), False),  # leap day: February 28
        (date(2025, 7, 4), date(2026, 7, 6), True),  # Saturday -> Monday
        (date(2025, 7, 3), date(2026, 7, 6), True),  # Friday, Independence Day observed
        (date(2025, 11, 26), date(2026, 11, 27), True),  # Thanksgiving -> Friday
        (date(2025, 1, 19), date(2026, 1, 20), True),  # Martin Luther King Jr. Day -> Tuesday
        (date(2020, 6, 18), date(2021, 6, 21), True),  # Juneteenth 2021 observed on the 18th
        (date(2019, 6, 19), date(2020, 6, 19), False),  # no Juneteenth in 2020
        (date(2020, 12, 31), date(2022, 1, 3), True),  # New Year's Day 2022 seen 2021-12-31
        (date(2026, 12, 24), date(2027, 12, 27), True),  # Christmas 2027 observed on the 24th
    ],
)
def test_medicare_deadline(dos, last, moved):
    deadline, why = medicare_filing_deadline(dos)
    assert deadline == last and next_workday(deadline) == deadline
    assert bool(why) == moved and (not moved or "next federal workday" in why)


def test_non_workdays_are_named():
    assert non_workday(date(2026, 7, 3)) == "Independence Day (observed)"
    assert non_workday(date(2026, 7, 4)) == "Saturday"
    assert non_workday(date(2026, 7, 6)) is None


def filing(conn, dos: date, as_of: date, **claim_fields) -> list:
    checked = run(
        conn,
        claim(line(dos=dos), **claim_fields),
        as_of=as_of,
        payers=[PayerProfile("Acme Health", Decimal(110), COMMERCIAL, 90)],
    )[0]
    return [f for f in checked.findings if f.rule == "TIMELY-FILING"]


def test_medicare_anniversary_and_next_workday_are_timely(conn):
    dos = date(2025, 7, 3)  # last day 2026-07-06: the 3rd is a holiday, then a weekend
    on_time = filing(conn, dos, date(2026, 7, 6))
    assert [f.severity for f in on_time] == ["warning"]
    assert "2026-07-06" in on_time[0].message and "Independence Day" in on_time[0].message
    late = filing(conn, dos, date(2026, 7, 7))
    assert [f.severity for f in late] == ["error"] and "42 CFR 424.44" in late[0].source
    assert "Medicare claim (837 filing indicator SBR09 MB" in late[0].source


def test_other_payers_use_their_profile_limit_or_none(conn):
    dos = date(2025, 11, 3)
    acme = dict(payer="Acme Health", filing_indicator="CI")
    assert [f.severity for f in filing(conn, dos, date(2026, 2, 2), **acme)] == ["error"]
    assert (
        "payer profile 'Acme Health': 90 days"
        in filing(conn, dos, date(2026, 2, 2), **acme)[0].source
    )
    assert [f.severity for f in filing(conn, dos, date(2026, 1, 31), **acme)] == ["warning"]
    assert not filing(conn, dos, date(2025, 12, 1), **acme)
    other = dict(payer="Other Health", filing_indicator="CI")  # no profile: no limit known
    assert not filing(conn, dos, date(2030, 1, 1), **other)

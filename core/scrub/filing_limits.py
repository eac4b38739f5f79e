"""Timely filing deadlines, and the federal holidays they move around.

Medicare (42 CFR 424.44(a); Pub 100-04 ch.1 §70): a claim must be filed no later than one
calendar year after the date of service, so the anniversary itself is timely (DOS March 31,
filed by March 31 of the next year). A date of service on February 29 must be filed by
February 28 (the manual does not spell this case out; Medicare contractors publish it so). When
the last day falls on a Saturday, Sunday or a day that is a non-workday for federal employees
by statute or executive order, the claim is timely on the next workday (Pub 100-04 ch.1 §70).

Federal holidays by rule (5 U.S.C. 6103(a)); a holiday on a Saturday is observed the Friday
before and one on a Sunday the Monday after (6103(b), Executive Order 11582). Juneteenth
(June 19) is a holiday from 2021 (Pub. L. 117-17). Inauguration Day (6103(c)) is a holiday only
for employees in the Washington, DC area and is not counted here.

Other payers: the limit in days from the payer profile, with no weekend or holiday extension
(their contracts differ and none is assumed)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (Monday 0) of the month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def legal_holidays(year: int) -> dict[date, str]:
    """The federal legal public holidays of `year` on their legal dates (5 U.S.C. 6103(a))."""
    days = {
        date(year, 1, 1): "New Year's Day",
        _nth_weekday(year, 1, 0, 3): "Birthday of Martin Luther King, Jr.",
        _nth_weekday(year, 2, 0, 3): "Washington's Birthday",
        _nth_weekday(year, 5, 0, -1): "Memorial Day",
        date(year, 7, 4): "Independence Day",
        _nth_weekday(year, 9, 0, 1): "Labor Day",
        _nth_weekday(year, 10, 0, 2): "Columbus Day",
        date(year, 11, 11): "Veterans Day",
        _nth_weekday(year, 11, 3, 4): "Thanksgiving Day",
        date(year, 12, 25): "Christmas Day",
    }
    if year >= 2021:
        days[date(year, 6, 19)] = "Juneteenth National Independence Day"
    return days


def observed(day: date) -> date:
    """The day a holiday falling on `day` is observed: Saturday -> Friday, Sunday -> Monday."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> dict[date, str]:
    """The days federal employees do not work in `year` because of a holiday: each holiday's
    observed day (New Year's Day on a Saturday is observed on December 31 of the year before)."""
    days: dict[date, str] = {}
    for source_year in (year - 1, year, year + 1):
        for day, name in legal_holidays(source_year).items():
            seen = observed(day)
            if seen.year == year:
                days[seen] = name + (" (observed)" if seen != day else "")
    return days


def non_workday(day: date) -> str | None:
    """Why `day` is not a federal workday, or None when it is one."""
    if day.weekday() >= 5:
        return day.strftime("%A")
    return federal_holidays(day.year).get(day)


def next_workday(day: date) -> date:
    """`day` itself when it is a federal workday, else the next one."""
    while non_workday(day):
        day += timedelta(days=1)
    return day


def one_year_after(dos: date) -> date:
    """The anniversary of the date of service (February 29 -> February 28)."""
    try:
        return dos.replace(year=dos.year + 1)
    except ValueError:
        return date(dos.year + 1, 2, 28)


def medicare_filing_deadline(dos: date) -> tuple[date, str]:
    """Medicare's last day to file a claim for `dos`, and why when it is not the anniversary."""
    anniversary = one_year_after(dos)
    last = next_workday(anniversary)
    if last == anniversary:
        return last, ""
    return last, (
        f"one year after the date of service is {anniversary.isoformat()}, a "
        f"{non_workday(anniversary)}: the next federal workday is timely"
    )


def payer_filing_deadline(dos: date, days: int) -> date:
    """Another payer's last day: `days` after the date of service (no extension assumed)."""
    return dos + timedelta(days=days)

"""Dates as CMS and X12 files write them: CCYYMMDD (X12's D8; CMS's effective and deletion
dates), and in a workbook also the date cell a spreadsheet made of it."""

from __future__ import annotations

from datetime import date


def ccyymmdd(text: str) -> date:
    """The date of eight digits CCYYMMDD; ValueError says which way `text` is not one."""
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError("is not a CCYYMMDD date")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError("is not a calendar date") from None


def file_date(text: str, sheet: bool = False) -> date | None:
    """A CMS file's date cell: CCYYMMDD, or in a workbook (`sheet`) the ISO date a date cell
    reads as; None when it is neither."""
    text = text.strip()
    try:
        return ccyymmdd(text)
    except ValueError:
        pass
    if sheet:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    return None

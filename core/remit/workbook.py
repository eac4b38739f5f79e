"""The denials workbook: Summary (figures and two bar charts: denials by reason, denial rate by
payer), Denied lines, Underpayments and Patterns, for a period.

Formatted like the checked-claims workbook: codes and ids always text (leading zeros kept, and
text that looks like a formula stays text), money with a currency format, dates as dates, the
header row frozen with a filter; written row by row (core.tabular.XlsxWriter) to a temporary
file that is renamed into place (an existing file stays as it was when anything fails)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from core.jobs import Progress, no_progress
from core.tabular import (
    DATE,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    ExportError,
    XlsxWriter,
    write_atomically,
)

from .code_texts import CodeWords, code_words
from .patterns import denial_patterns, summary
from .queries import DENIED, UNDERPAID, Period, WorkItem, to_work

SHEETS = ("Summary", "Denied lines", "Underpayments", "Patterns")
TOP_REASONS = 10
REPORT_EVERY = 500  # rows written between two progress reports
# the line a denied or underpaid row is about, then what is said of it
LINE_COLUMNS = (
    ("payer", TEXT, 24),
    ("paid_on", DATE, 11),
    ("claim_id", TEXT, 14),
    ("patient", TEXT, 20),
    ("service_date", DATE, 11),
    ("code", TEXT, 8),
    ("modifiers", TEXT, 9),
)
DENIED_COLUMNS = (
    *LINE_COLUMNS,
    ("reason", TEXT, 7),
    ("reason_in_words", TEXT, 60),
    ("remarks", TEXT, 12),
    ("denied", MONEY, 11),
    ("expected", MONEY, 11),
)
UNDERPAID_COLUMNS = (
    *LINE_COLUMNS,
    ("paid", MONEY, 11),
    ("expected", MONEY, 11),
    ("underpaid", MONEY, 11),
    ("expected_from", TEXT, 60),
)
PATTERN_COLUMNS = (
    ("payer", TEXT, 24),
    ("code", TEXT, 8),
    ("modifiers", TEXT, 9),
    ("reason", TEXT, 7),
    ("reason_in_words", TEXT, 60),
    ("denied", NUMBER, 8),
    ("billed", NUMBER, 8),
    ("denial_rate", PERCENT, 11),
    ("dollars_denied", MONEY, 14),
)
Column = tuple[str, str, int]


def write_denials_workbook(
    path: Path,
    ws: sqlite3.Connection,
    period: Period,
    written_at: datetime,
    progress: Progress | None = None,
) -> None:
    """ExportError (with a message for the user) when the file cannot be written. A cancel
    (raised by `progress`) leaves no file, and an existing one as it was."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path.name}: the denials workbook is an Excel file; name it .xlsx")
    write_atomically(
        path, lambda temporary: _write(temporary, ws, period, written_at, progress or no_progress)
    )


def _write(
    path: Path, ws: sqlite3.Connection, period: Period, written_at: datetime, progress: Progress
) -> None:
    progress("Reading the denials", 0.0)
    words = code_words(ws)
    items, _ = to_work(ws, period, limit=None)
    with XlsxWriter(path) as xlsx:
        book = _Book(xlsx, progress)
        progress("Writing the summary", 0.1)
        book.summary(ws, period, words, written_at)
        book.table(
            "Denied lines",
            DENIED_COLUMNS,
            (_denied_row(i, words) for i in items if i.kind == DENIED),
            (0.2, 0.5),
        )
        book.table(
            "Underpayments",
            UNDERPAID_COLUMNS,
            (_underpaid_row(i) for i in items if i.kind == UNDERPAID),
            (0.5, 0.7),
        )
        book.table(
            "Patterns",
            PATTERN_COLUMNS,
            (
                (
                    p.payer,
                    p.code,
                    p.modifiers,
                    p.reason,
                    words.reason(p.reason) if p.reason else "",
                    p.denied,
                    p.billed,
                    p.rate,
                    p.dollars,
                )
                for p in denial_patterns(ws, period)
            ),
            (0.7, 0.8),
        )
        progress("Saving the workbook", 0.8)


def _line_cells(item: WorkItem) -> tuple[object, ...]:
    """The LINE_COLUMNS cells of a row."""
    return (
        item.payer,
        item.paid_on,
        item.claim_id,
        item.patient,
        item.service_date,
        item.code,
        item.modifiers,
    )


def _denied_row(item: WorkItem, words: CodeWords) -> tuple[object, ...]:
    reason = words.reason(item.reason) if item.reason else ""
    return (*_line_cells(item), item.reason, reason, item.remarks, item.denied, item.expected)


def _underpaid_row(item: WorkItem) -> tuple[object, ...]:
    return (*_line_cells(item), item.paid, item.expected, item.dollars, item.basis)


class _Book:
    def __init__(self, xlsx: XlsxWriter, progress: Progress = no_progress) -> None:
        self.xlsx = xlsx
        self.progress = progress

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        share: tuple[float, float] = (0.0, 1.0),
    ) -> None:
        data = list(rows)
        sheet = self.xlsx.sheet(
            title, [name for name, _, _ in columns], [width for _, _, width in columns]
        )
        kinds = [kind for _, kind, _ in columns]
        start, end = share
        for number, row in enumerate(data):
            if number % REPORT_EVERY == 0:
                self.progress(
                    f"Writing {title}: {number:,} of {len(data):,} rows",
                    start + (end - start) * number / len(data),
                )
            self.xlsx.row(sheet, number + 1, row, kinds)
        sheet.autofilter(0, 0, len(data), len(columns) - 1)

    def summary(
        self, ws: sqlite3.Connection, period: Period, words: CodeWords, written_at: datetime
    ) -> None:
        figures = summary(ws, period)
        sheet = self.xlsx.sheet("Summary", ("item", "value"), (34, 40, 10, 14, 10))
        rows: list[tuple[str, object, str]] = [
            ("written at", written_at, DATE),
            ("period", period.describe(), TEXT),
            ("remittances", figures.remittances, NUMBER),
            ("claims", figures.claims, NUMBER),
            ("service lines", figures.lines, NUMBER),
            ("paid", figures.paid, MONEY),
            ("denied lines", figures.denied_lines, NUMBER),
            ("dollars denied", figures.denied_dollars, MONEY),
            ("denial rate (lines)", figures.denial_rate, PERCENT),
            ("underpaid lines", figures.underpaid_lines, NUMBER),
            ("dollars underpaid", figures.underpaid_dollars, MONEY),
            ("claims not matched to the worklist", figures.unmatched_claims, NUMBER),
        ]
        for number, (label, value, kind) in enumerate(rows, start=1):
            self._row(sheet, number, ((label, TEXT), (value, kind)))
        reasons = figures.reasons[:TOP_REASONS]
        first = len(rows) + 2  # after a blank row
        self._header(sheet, first, ("denials by reason", "in words", "lines", "dollars"))
        for number, r in enumerate(reasons, start=first + 1):
            self._row(
                sheet,
                number,
                (
                    (f"CARC {r.reason}" if r.reason else "none", TEXT),
                    (words.reason(r.reason) if r.reason else "", TEXT),
                    (r.lines, NUMBER),
                    (r.dollars, MONEY),
                ),
            )
        second = first + len(reasons) + 2
        self._header(
            sheet,
            second,
            ("denial rate by payer", "denied lines", "lines billed", "dollars", "rate"),
        )
        for number, p in enumerate(figures.payers, start=second + 1):
            self._row(
                sheet,
                number,
                (
                    (p.payer, TEXT),
                    (p.denied, NUMBER),
                    (p.billed, NUMBER),
                    (p.dollars, MONEY),
                    (p.rate, PERCENT),
                ),
            )
        if reasons:
            sheet.insert_chart(
                "G2", self._bar("Denials by reason (dollars)", 3, first, len(reasons), "dollars")
            )
        if figures.payers:
            sheet.insert_chart(
                "G20",
                self._bar(
                    "Denial rate by payer (%)", 4, second, len(figures.payers), "% of lines denied"
                ),
            )

    def _row(self, sheet: Any, number: int, cells: Sequence[tuple[object, str]]) -> None:
        """A Summary row: each cell with its own kind."""
        self.xlsx.row(sheet, number, [value for value, _ in cells], [kind for _, kind in cells])

    def _header(self, sheet: Any, number: int, names: Sequence[str]) -> None:
        for column, name in enumerate(names):
            self.xlsx.text(sheet, number, column, name, self.xlsx.bold)

    def _bar(self, title: str, column: int, header_row: int, count: int, axis: str) -> Any:
        """A horizontal bar chart of `column` in the Summary rows under `header_row`, labelled
        by the first column."""
        chart = self.xlsx.book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": ["Summary", header_row, column],
                "categories": ["Summary", header_row + 1, 0, header_row + count, 0],
                "values": ["Summary", header_row + 1, column, header_row + count, column],
            }
        )
        chart.set_title({"name": title})
        chart.set_x_axis({"name": axis})  # the value axis of a bar chart
        chart.set_legend({"none": True})
        chart.set_size({"width": 605, "height": 283})
        return chart


__all__ = ["SHEETS", "write_denials_workbook"]

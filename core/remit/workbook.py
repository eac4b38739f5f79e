"""The denials workbook: Summary (figures and two bar charts: denials by reason, denial rate by
payer), Denied lines, Underpayments and Patterns, for a period.

Formatted like the checked-claims workbook: codes and ids always text (leading zeros kept, and
text that looks like a formula stays text), money with a currency format, dates as dates, the
header row frozen with a filter; written in openpyxl's write-only mode to a temporary file that
is renamed into place (an existing file stays as it was when anything fails)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import suppress
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.jobs import Progress, no_progress
from core.tabular import MONEY_FORMAT, ExportError, write_atomically

from .code_texts import CodeWords, code_words
from .patterns import denial_patterns, summary
from .queries import DENIED, UNDERPAID, Period, WorkItem, to_work

SHEETS = ("Summary", "Denied lines", "Underpayments", "Patterns")
TEXT, MONEY, DATE, NUMBER, PERCENT = "text", "money", "date", "number", "percent"
DATE_FORMAT = "mm/dd/yyyy"
PERCENT_FORMAT = '0.0"%"'
TOP_REASONS = 10
REPORT_EVERY = 500           # rows written between two progress reports
DENIED_COLUMNS = (("payer", TEXT, 24), ("paid_on", DATE, 11), ("claim_id", TEXT, 14),
                  ("patient", TEXT, 20), ("service_date", DATE, 11), ("code", TEXT, 8),
                  ("modifiers", TEXT, 9), ("reason", TEXT, 7), ("reason_in_words", TEXT, 60),
                  ("remarks", TEXT, 12), ("denied", MONEY, 11), ("expected", MONEY, 11))
UNDERPAID_COLUMNS = (("payer", TEXT, 24), ("paid_on", DATE, 11), ("claim_id", TEXT, 14),
                     ("patient", TEXT, 20), ("service_date", DATE, 11), ("code", TEXT, 8),
                     ("modifiers", TEXT, 9), ("paid", MONEY, 11), ("expected", MONEY, 11),
                     ("underpaid", MONEY, 11), ("expected_from", TEXT, 60))
PATTERN_COLUMNS = (("payer", TEXT, 24), ("code", TEXT, 8), ("modifiers", TEXT, 9),
                   ("reason", TEXT, 7), ("reason_in_words", TEXT, 60), ("denied", NUMBER, 8),
                   ("billed", NUMBER, 8), ("denial_rate", PERCENT, 11),
                   ("dollars_denied", MONEY, 14))
Column = tuple[str, str, int]


def write_denials_workbook(path: Path, ws: sqlite3.Connection, period: Period,
                           written_at: datetime, progress: Progress | None = None) -> None:
    """ExportError (with a message for the user) when the file cannot be written. A cancel
    (raised by `progress`) leaves no file, and an existing one as it was."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path.name}: the denials workbook is an Excel file; name it .xlsx")
    write_atomically(path, lambda temporary: _write(temporary, ws, period, written_at,
                                                    progress or no_progress))


def _write(path: Path, ws: sqlite3.Connection, period: Period, written_at: datetime,
           progress: Progress) -> None:
    progress("Reading the denials", 0.0)
    words = code_words(ws)
    items, _ = to_work(ws, period, limit=None)
    book = _Book(progress)
    try:
        progress("Writing the summary", 0.1)
        book.summary(ws, period, words, written_at)
        book.table("Denied lines", DENIED_COLUMNS,
                   (_denied_row(i, words) for i in items if i.kind == DENIED), (0.2, 0.5))
        book.table("Underpayments", UNDERPAID_COLUMNS,
                   (_underpaid_row(i) for i in items if i.kind == UNDERPAID), (0.5, 0.7))
        book.table("Patterns", PATTERN_COLUMNS, (
            (p.payer, p.code, p.modifiers, p.reason,
             words.reason(p.reason) if p.reason else "", p.denied, p.billed, p.rate,
             p.dollars) for p in denial_patterns(ws, period)), (0.7, 0.8))
        progress("Saving the workbook", 0.8)
        book.save(path)
    except BaseException:
        book.discard()
        raise


def _denied_row(item: WorkItem, words: CodeWords) -> tuple[object, ...]:
    return (item.payer, item.paid_on, item.claim_id, item.patient, item.service_date, item.code,
            item.modifiers, item.reason, words.reason(item.reason) if item.reason else "",
            item.remarks, item.denied, item.expected)


def _underpaid_row(item: WorkItem) -> tuple[object, ...]:
    return (item.payer, item.paid_on, item.claim_id, item.patient, item.service_date, item.code,
            item.modifiers, item.paid, item.expected, item.dollars, item.basis)


class _Book:
    def __init__(self, progress: Progress = no_progress) -> None:
        self.book = Workbook(write_only=True)
        self.progress = progress
        self._protos: dict[str, Any] = {}

    def save(self, path: Path) -> None:
        self.book.save(path)

    def discard(self) -> None:
        """After a failure: close every write-only sheet and delete its temporary file."""
        for sheet in self.book.worksheets:
            writer = getattr(sheet, "_writer", None)
            if writer is None:
                continue
            with suppress(Exception):
                if not sheet.closed:
                    sheet.close()
            with suppress(OSError, ValueError):
                writer.cleanup()

    def _sheet(self, title: str, columns: Sequence[Column], rows: int | None) -> Any:
        sheet = self.book.create_sheet(title)
        sheet.freeze_panes = "A2"
        if rows is not None:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
        for index, (_, _, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        return sheet

    def table(self, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]],
              share: tuple[float, float] = (0.0, 1.0)) -> None:
        data = list(rows)
        sheet = self._sheet(title, columns, len(data))
        sheet.append([self._styled(sheet, name, "bold") for name, _, _ in columns])
        kinds = [kind for _, kind, _ in columns]
        start, end = share
        for number, row in enumerate(data):
            if number % REPORT_EVERY == 0:
                self.progress(f"Writing {title}: {number:,} of {len(data):,} rows",
                              start + (end - start) * number / len(data))
            sheet.append([self._cell(sheet, value, kind)
                          for value, kind in zip(row, kinds, strict=True)])

    def summary(self, ws: sqlite3.Connection, period: Period, words: CodeWords,
                written_at: datetime) -> None:
        figures = summary(ws, period)
        sheet = self._sheet("Summary", (("item", TEXT, 34), ("value", TEXT, 40),
                                        ("lines", NUMBER, 10), ("dollars", MONEY, 14),
                                        ("rate", PERCENT, 10)), None)
        rows: list[tuple[str, object, str]] = [
            ("written at", written_at, "datetime"), ("period", period.describe(), TEXT),
            ("remittances", figures.remittances, NUMBER), ("claims", figures.claims, NUMBER),
            ("service lines", figures.lines, NUMBER), ("paid", figures.paid, MONEY),
            ("denied lines", figures.denied_lines, NUMBER),
            ("dollars denied", figures.denied_dollars, MONEY),
            ("denial rate (lines)", figures.denial_rate, PERCENT),
            ("underpaid lines", figures.underpaid_lines, NUMBER),
            ("dollars underpaid", figures.underpaid_dollars, MONEY),
            ("claims not matched to the worklist", figures.unmatched_claims, NUMBER)]
        sheet.append([self._styled(sheet, "item", "bold"), self._styled(sheet, "value", "bold")])
        for label, value, kind in rows:
            sheet.append([self._cell(sheet, label, TEXT), self._cell(sheet, value, kind)])
        sheet.append([])
        reasons = figures.reasons[:TOP_REASONS]
        first = len(rows) + 3
        sheet.append([self._styled(sheet, name, "bold")
                      for name in ("denials by reason", "in words", "lines", "dollars")])
        for r in reasons:
            sheet.append([self._cell(sheet, f"CARC {r.reason}" if r.reason else "none", TEXT),
                          self._cell(sheet, words.reason(r.reason) if r.reason else "", TEXT),
                          r.lines, self._cell(sheet, r.dollars, MONEY)])
        sheet.append([])
        second = first + len(reasons) + 2
        sheet.append([self._styled(sheet, name, "bold")
                      for name in ("denial rate by payer", "denied lines", "lines billed",
                                   "dollars", "rate")])
        for p in figures.payers:
            sheet.append([self._cell(sheet, p.payer, TEXT), p.denied,
                          p.billed, self._cell(sheet, p.dollars, MONEY),
                          self._cell(sheet, p.rate, PERCENT)])
        if reasons:
            sheet.add_chart(_bar("Denials by reason (dollars)", sheet, 4, first, len(reasons),
                                 "dollars"), "G2")
        if figures.payers:
            sheet.add_chart(_bar("Denial rate by payer (%)", sheet, 5, second,
                                 len(figures.payers), "% of lines denied"), "G20")

    def _cell(self, sheet: Any, value: object, kind: str) -> object:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            if text[:1] not in ("=", "+", "-", "@", "#"):
                return text
            forced = WriteOnlyCell(sheet, value=text)
            forced.data_type = "s"           # "=HYPERLINK(...)" stays the text it was
            return forced
        if kind == TEXT:
            return self._cell(sheet, str(value), TEXT)
        if isinstance(value, Decimal):
            if kind in (MONEY, PERCENT):
                return self._styled(sheet, float(value), kind)
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, datetime):
            return self._styled(sheet, value, "datetime")
        if isinstance(value, date):
            return self._styled(sheet, value, DATE)
        return value

    def _styled(self, sheet: Any, value: object, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        proto = self._protos.get(style)
        if proto is not None:
            cell._style = copy(proto)
            return cell
        if style == "bold":
            cell.font = Font(bold=True)
        elif style == MONEY:
            cell.number_format = MONEY_FORMAT
        elif style == PERCENT:
            cell.number_format = PERCENT_FORMAT
        elif style == DATE:
            cell.number_format = DATE_FORMAT
        else:
            cell.number_format = "yyyy-mm-dd hh:mm"
        self._protos[style] = copy(cell._style)
        return cell


def _bar(title: str, sheet: Any, column: int, header_row: int, count: int,
         axis: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.title = axis
    chart.legend = None
    chart.height, chart.width = 7.5, 16
    data = Reference(sheet, min_col=column, min_row=header_row, max_row=header_row + count)
    labels = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    return chart


__all__ = ["SHEETS", "write_denials_workbook"]

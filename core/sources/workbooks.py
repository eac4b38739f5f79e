"""Workbooks (.xlsx), read with openpyxl in read-only mode, one row at a time, as records of
text: each cell becomes the text a CSV of the same sheet would hold: numbers exactly as written
(33.4009 stays "33.4009", 2 is "2", never "2.0"), dates as ISO dates, empty cells as ""."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .source_file import Record, SourceError
from .tables import HEAD_ROWS, MAX_UNCOMPRESSED, Head, Origin, Table, too_big


class SheetTable(Table):
    def __init__(self, origin: Origin, sheet: str, rows: int = 0, book: Any = None):
        super().__init__(origin)
        self.sheet = sheet
        self._rows = rows
        self._book = book       # the workbook recognition opened (loading it is the slow part)

    def records(self, delimiter: str = ",", quoting: bool = True) -> Iterator[Record]:
        book, self._book = self._book or open_workbook(self.origin), None
        try:
            sheet = book[self.sheet]
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield Record(number, [cell_text(value) for value in row])
        finally:
            book.close()

    def size_hint(self) -> int:
        return self._rows

    def release(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None


def open_workbook(origin: Origin):
    """An openpyxl workbook in read-only mode, after checking its uncompressed size."""
    import openpyxl  # only when a workbook is read: it is slow to import

    # from memory: a workbook is compressed (a few MB), and openpyxl would refuse a renamed
    # file's extension (download.dat) and keep a file handle open until the book is closed
    source = io.BytesIO(origin.read_bytes())
    try:
        with zipfile.ZipFile(source) as archive:
            size = sum(info.file_size for info in archive.infolist())
        if size > MAX_UNCOMPRESSED:
            raise too_big(origin, size)
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except SourceError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise origin.error(f"the Excel workbook cannot be read ({exc}); open it in Excel, save "
                           "it again as .xlsx and import that") from exc


def cell_text(value: object) -> str:
    """A cell as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # shortest exact text: 33.4009, not 33.40089...
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def workbook_heads(origin: Origin) -> list[tuple[SheetTable, Head]]:
    """Every sheet of a workbook with its first rows. The sheets keep the open workbook for
    reading their rows later; release() the one not read."""
    book = open_workbook(origin)
    try:
        found = []
        for sheet in book.worksheets:
            rows = sheet.max_row or 0
            sheet.reset_dimensions()
            rows_read = itertools.islice(sheet.iter_rows(values_only=True), HEAD_ROWS)
            head = [Record(n, [cell_text(v) for v in row])
                    for n, row in enumerate(rows_read, start=1)]
            found.append((SheetTable(origin, sheet.title, rows, book), Head(head, head, [])))
        return found
    except BaseException:
        book.close()
        raise

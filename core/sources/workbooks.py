"""Workbooks (.xlsx), read with openpyxl in read-only mode, one row at a time, as records of
text: each cell becomes the text a CSV of the same sheet would hold: numbers exactly as written
(33.4009 stays "33.4009", 2 is "2", never "2.0"), dates as ISO dates, empty cells as ""."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any
from xml.etree import ElementTree

from .source_file import Record, SourceError
from .tables import HEAD_ROWS, MAX_UNCOMPRESSED, Head, Origin, Table, too_big


class SheetTable(Table):
    def __init__(self, origin: Origin, sheet: str, rows: int = 0, book: Any = None):
        super().__init__(origin)
        self.sheet = sheet
        self._rows = rows
        self._book = book  # the workbook recognition opened (loading it is the slow part)

    def records(self, delimiter: str = ",", quoting: bool = True) -> Iterator[Record]:
        book, self._book = self._book or open_workbook(self.origin), None
        number = 0
        try:
            sheet = book[self.sheet]
            self._refuse_uncalculated(sheet)
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield Record(number, [cell_text(value) for value in row])
        except SourceError:
            raise
        except Exception as exc:  # openpyxl and the zip module raise many kinds on damage
            raise self.error(
                f"the sheet cannot be read past this row ({type(exc).__name__}: "
                f"{exc}); open the workbook in Excel, save it again as .xlsx and "
                "import that",
                number + 1,
            ) from exc
        finally:
            book.close()

    def _refuse_uncalculated(self, sheet: Any) -> None:
        """A formula saved without its value (by a program that does not calculate, such as a
        script) reads as an empty cell: a figure would be taken as 0 or a code as missing.
        Refused at the first such cell."""
        with sheet._get_source() as source:  # the sheet's XML in the workbook
            cell = formula_without_value(source)
        if cell:
            row = int("".join(c for c in cell if c.isdigit()) or 0) or None
            raise self.error(
                f"cell {cell} holds a formula whose value was never calculated "
                "(the workbook was saved by a program that does not calculate "
                "formulas); open it in Excel or LibreOffice, save it again and "
                "import that",
                row,
            )

    def size_hint(self) -> int:
        return self._rows

    def release(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None


def open_workbook(origin: Origin) -> Any:
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
        raise origin.error(
            f"the Excel workbook cannot be read ({exc}); open it in Excel, save "
            "it again as .xlsx and import that"
        ) from exc


def hidden_sheets(origin: Origin) -> list[tuple[str, Head]]:
    """The hidden sheets of a workbook with their first rows (to say why nothing was found)."""
    book = open_workbook(origin)
    try:
        heads = [
            (sheet.title, _head_rows(sheet))
            for sheet in book.worksheets
            if sheet.sheet_state != "visible"
        ]
    finally:
        book.close()
    return [(title, Head(rows, rows, [])) for title, rows in heads]


def _head_rows(sheet: Any) -> list[Record]:
    sheet.reset_dimensions()
    rows_read = itertools.islice(sheet.iter_rows(values_only=True), HEAD_ROWS)
    return [Record(n, [cell_text(v) for v in row]) for n, row in enumerate(rows_read, start=1)]


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


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def formula_without_value(source: IO[bytes]) -> str | None:
    """The first cell of a sheet's XML holding a formula but no value ("C12"), or None. Most
    CMS workbooks have no formula at all: their XML is only searched for one."""
    head = source.read(1 << 20)
    found = bool(_FORMULA.search(head))
    while not found and (chunk := source.read(1 << 20)):
        found = bool(_FORMULA.search(head[-8:] + chunk))
        head = chunk
    if not found:
        return None
    source.seek(0)
    for _, element in ElementTree.iterparse(source):
        if element.tag.endswith("}c") or element.tag == "c":
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children.get("v")
            if "f" in children and (value is None or not (value.text or "").strip()):
                return element.get("r") or "?"
            element.clear()
    return None


def workbook_heads(origin: Origin) -> list[tuple[SheetTable, Head]]:
    """Every visible sheet of a workbook with its first rows (a hidden sheet is not imported:
    hidden_sheets gives the others). The sheets keep the open workbook for
    reading their rows later; release() the one not read."""
    book = open_workbook(origin)
    try:
        found = []
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            rows = sheet.max_row or 0
            head = _head_rows(sheet)
            found.append((SheetTable(origin, sheet.title, rows, book), Head(head, head, [])))
        return found
    except BaseException:
        book.close()
        raise

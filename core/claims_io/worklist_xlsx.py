"""The sheets of an .xlsx worklist, read with python-calamine (Rust; several times faster than
openpyxl), checked first for what would make them unsafe or wrong to read:

- a workbook whose parts would unpack past MAX_UNPACKED (or its shared strings past
  MAX_SHARED_STRINGS) is refused: a few MB of zip can unpack to gigabytes (a zip bomb). Each
  part is unpacked once, a block at a time, to check that it is what its zip entry declares;
- a formula cell saved without its result (a program that does not calculate wrote the file)
  would read as blank, losing a charge or merging a row into the claim above: each becomes an
  Unreadable cell (sheet_reader.py), reported with its sheet, row and column;
- hidden and very hidden sheets are skipped: what the biller does not see in Excel is not
  billed. A hidden sheet that holds a worklist is named in a notice (worklist_table.py).

A workbook calamine cannot parse (a damaged sheet) is read with openpyxl instead, which keeps
the rows before the damage."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .sheet_reader import Unreadable

MAX_UNPACKED = 512 * 1024 * 1024  # every part of the workbook, unpacked
MAX_SHARED_STRINGS = 128 * 1024 * 1024  # xl/sharedStrings.xml, unpacked
BLOCK = 1 << 20
NO_RESULT = (
    "a formula saved without its result (the program that wrote the file does not "
    "calculate formulas), so its value is unknown: open the file in Excel or "
    "LibreOffice and save it, or type the value instead of the formula"
)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA = re.compile(rb"<f[\s>/]")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]+)"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]")
_STRING_RESULT = re.compile(rb'\st="str"')
Rows = Iterator[tuple[int, tuple[object, ...]]]


class UnsafeWorkbook(Exception):
    """The workbook is refused before it is read (the message says why and what to do)."""


@dataclass
class SheetRows:
    """One sheet: its name, whether Excel hides it ('' when shown), its rows."""

    name: str | None
    rows: Rows
    hidden: str = ""


@dataclass
class _Part:
    name: str  # sheet name
    path: str  # its part in the zip: xl/worksheets/sheet1.xml
    state: str  # visible | hidden | veryHidden
    unreadable: dict[int, dict[int, Unreadable]] = field(default_factory=dict)


class OpenWorkbook:
    """An open workbook's sheets (in workbook order); close() when done."""

    def __init__(self, sheets: list[SheetRows], close: Callable[[], None]) -> None:
        self.sheets = sheets
        self.close = close


def open_workbook(path: Path) -> OpenWorkbook:
    """Check the workbook (UnsafeWorkbook for a zip bomb; zipfile.BadZipFile, KeyError,
    ValueError, SyntaxError or OSError when it is no workbook at all) and open its sheets."""
    parts = _check(path)
    try:
        return _calamine_sheets(path, parts)
    except Exception:  # calamine's errors are many: openpyxl reads up to a damage, or says
        return _openpyxl_workbook(path, parts)


def _calamine_sheets(path: Path, parts: list[_Part]) -> OpenWorkbook:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        sheets = [(part, book.get_sheet_by_name(part.name)) for part in parts]
    except BaseException:
        book.close()
        raise
    return OpenWorkbook(
        [
            SheetRows(part.name, _calamine_rows(sheet, part), _hidden(part.state))
            for part, sheet in sheets
        ],
        book.close,
    )


def _hidden(state: str) -> str:
    return {"hidden": "hidden", "veryHidden": "very hidden"}.get(state, "")


def _calamine_rows(sheet: Any, part: _Part) -> Rows:
    """The sheet's rows numbered as Excel numbers them, every row starting at column A.
    calamine gives rows from row 1 but columns from the first one used."""
    start = sheet.start
    skipped = (None,) * start[1] if start and sheet.height else ()
    unreadable = part.unreadable
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        row = (*skipped, *cells) if skipped else tuple(cells)
        if number in unreadable:
            row = _mark(row, unreadable.pop(number))
        yield number, row
    for number in sorted(unreadable):  # rows calamine saw as empty
        yield number, _mark((), unreadable[number])


def _mark(row: tuple[object, ...], cells: dict[int, Unreadable]) -> tuple[object, ...]:
    width = max(len(row), max(cells) + 1)
    marked = list(row) + [None] * (width - len(row))
    for index, cell in cells.items():
        marked[index] = cell
    return tuple(marked)


def _openpyxl_workbook(path: Path, parts: list[_Part]) -> OpenWorkbook:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    by_name = {part.name: part for part in parts}
    sheets = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
        part = by_name.get(sheet.title) or _Part(sheet.title, "", sheet.sheet_state)
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        sheets.append(SheetRows(sheet.title, _marked(rows, part), _hidden(part.state)))
    return OpenWorkbook(sheets, book.close)


def _marked(rows: Iterator[tuple[int, tuple[object, ...]]], part: _Part) -> Rows:
    for number, cells in rows:
        found = part.unreadable.get(number)
        yield number, (_mark(cells, found) if found else cells)


def _check(path: Path) -> list[_Part]:
    """The workbook's sheets (name, part, state) with their formula cells that have no saved
    result, after checking every part unpacks to what it declares and within the limits."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(item.file_size for item in members)
        strings = sum(
            item.file_size
            for item in members
            if item.filename.lower().endswith("sharedstrings.xml")
        )
        if total > MAX_UNPACKED or strings > MAX_SHARED_STRINGS:
            what = (
                f"its shared strings unpack to {strings / 2**20:,.0f} MB"
                if strings > MAX_SHARED_STRINGS
                else f"it unpacks to {total / 2**20:,.0f} MB"
            )
            raise UnsafeWorkbook(
                f"refused: {what}, more than a worklist holds (at most "
                f"{MAX_UNPACKED // 2**20} MB, shared strings {MAX_SHARED_STRINGS // 2**20} "
                "MB): a damaged or malicious file; split the worklist into smaller workbooks, "
                "or save it as CSV"
            )
        parts = _sheet_parts(archive)
        by_path = {part.path: part for part in parts}
        for item in members:
            part = by_path.get(item.filename)
            _unpack(archive, item, part)
    return parts


def _unpack(archive: zipfile.ZipFile, item: zipfile.ZipInfo, part: _Part | None) -> None:
    """Unpack the part a block at a time: zipfile stops at the declared size and checks the
    CRC, so a part that unpacks to more than it declares raises BadZipFile here. A sheet's
    formula cells without a saved result are noted on the way."""
    pending = b""
    with archive.open(item) as stream:
        while block := stream.read(BLOCK):
            if part is None:
                continue
            pending += block
            cut = pending.rfind(b"</c>")
            if cut < 0:
                continue
            _formulas(pending[: cut + 4], part)
            pending = pending[cut + 4 :]


def _formulas(xml: bytes, part: _Part) -> None:
    """Note the cells of `xml` (whole <c> elements) with a formula and no saved result."""
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b"<c ", 0, match.start())
        end = xml.find(b"</c>", match.end())
        if start < 0 or end < 0:
            continue
        cell = xml[start:end]
        tag_end = cell.find(b">")
        ref = _CELL_REF.search(cell, 0, tag_end)
        if ref is None or _VALUE.search(cell) or _STRING_RESULT.search(cell, 0, tag_end):
            continue
        column = 0
        for letter in ref[1]:
            column = column * 26 + letter - 64
        part.unreadable.setdefault(int(ref[2]), {})[column - 1] = Unreadable(NO_RESULT)


def _sheet_parts(archive: zipfile.ZipFile) -> list[_Part]:
    """(name, part, state) of each sheet, from xl/workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts.append(_Part(sheet.get("name", ""), _normalize(path), sheet.get("state", "visible")))
    return parts


def _normalize(path: str) -> str:
    """xl/worksheets/../worksheets/sheet1.xml -> xl/worksheets/sheet1.xml"""
    kept: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if kept:
                kept.pop()
        elif piece not in ("", "."):
            kept.append(piece)
    return "/".join(kept)

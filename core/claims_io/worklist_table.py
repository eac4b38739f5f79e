"""Worklists from .csv and .xlsx: one row per service line, claim-level fields repeated (or left
blank on a claim's later rows). Headers are found in the first rows of each sheet, in any case,
order and alias (see columns.py); sheets without a worklist header (an instructions sheet) are
skipped. Every unreadable cell is reported with its file, sheet, row and column."""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar
from zipfile import BadZipFile

from core.claims.model import MAX_MODIFIERS, Claim, Source
from core.jobs import Progress, no_progress
from core.paths import command

from . import values as v
from .claim_builder import Cell, ClaimAssembler, LineDraft, RowValues
from .columns import CLAIM_LEVEL, MODIFIER_COLUMNS, REQUIRED, HeaderMap, map_header
from .problems import Problem

HEADER_SEARCH_ROWS = 20
PROGRESS_EVERY = 500     # rows between two progress reports
T = TypeVar("T")
# what a damaged file raises while its rows are read (zip, XML, CSV)
DAMAGED = (BadZipFile, KeyError, SyntaxError, EOFError, zlib.error, csv.Error)
Rows = Iterable[tuple[int, tuple[object, ...]]]
_CLAIM_PARSERS: dict[str, Callable[[object], object]] = {
    "payer": v.text, "patient_id": v.text, "patient_dob": v.parse_date,
    "patient_sex": v.parse_sex, "billing_npi": v.text, "rendering_npi": v.text,
    "pos": v.parse_pos, "service_zip": v.parse_zip,
    **{f"dx{n}": v.normalize_icd10 for n in range(1, 13)},
}


class NotAWorklist(Exception):
    """The file cannot be read as a worklist at all (the message says why and what to do)."""


def read_csv(path: Path, problems: list[Problem],
             progress: Progress = no_progress) -> list[Claim]:
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")   # Excel's "CSV" on Windows
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(content[:8192], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    records = csv.reader(io.StringIO(content, newline=""), dialect)
    rows = ((number, tuple(record)) for number, record in enumerate(records, start=1))
    total = max(content.count("\n"), 1)
    try:
        return _read_sheets(path, [(None, rows)], problems,
                            lambda row: progress(f"Reading {path.name}", min(row / total, 1.0)))
    except csv.Error as exc:        # in the header rows
        raise NotAWorklist(f"cannot be read as CSV ({exc}): save it again as CSV or .xlsx") \
            from exc


def read_xlsx(path: Path, problems: list[Problem],
              progress: Progress = no_progress) -> list[Claim]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise NotAWorklist(f"cannot be opened as an Excel workbook ({exc}): save it from "
                           "Excel as .xlsx and try again") from exc
    try:
        sheets: list[tuple[str | None, Rows]] = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()   # some writers record wrong dimensions; read every row
            sheets.append((sheet.title, enumerate(sheet.iter_rows(values_only=True), start=1)))
        return _read_sheets(path, sheets, problems,
                            lambda row: progress(f"Reading {path.name}: row {row:,}", 0.5))
    except DAMAGED as exc:
        raise NotAWorklist(f"the workbook is damaged ({exc}): open it in Excel and save it "
                           "again as .xlsx") from exc
    finally:
        book.close()


def _read_sheets(path: Path, sheets: list[tuple[str | None, Rows]], problems: list[Problem],
                 on_rows: Callable[[int], None]) -> list[Claim]:
    assembler = ClaimAssembler(path.name, problems)
    found_header = False
    closest: tuple[str | None, int, HeaderMap] | None = None
    for sheet, rows in sheets:
        iterator = iter(rows)
        header = _find_header(iterator)
        if header is None:
            continue
        row_number, mapping = header
        if mapping.missing:
            if closest is None or len(mapping.fields) > len(closest[2].fields):
                closest = (sheet, row_number, mapping)
            continue
        found_header = True
        _report_duplicates(path.name, sheet, row_number, mapping, problems)
        reader = _SheetReader(path.name, sheet, mapping, assembler, problems)
        try:
            reader.read(iterator, on_rows)
        except DAMAGED as exc:
            problems.append(Problem(
                path.name, f"the file is damaged after row {reader.last_row} ({exc}): the "
                "rows above are loaded, the rest is not; save the file again from the program "
                "that made it", sheet=sheet, row=reader.last_row + 1))
    if not found_header:
        raise NotAWorklist(_no_header_message(closest))
    return assembler.claims()


def _find_header(rows: Iterator[tuple[int, tuple[object, ...]]]) -> tuple[int, HeaderMap] | None:
    """The first row (of the first few) that names the required columns, else the row naming the
    most columns (for the message); None for a sheet with no recognizable header at all."""
    best: tuple[int, HeaderMap] | None = None
    for number, cells in rows:
        mapping = map_header(cells)
        if not mapping.missing:
            return number, mapping
        if mapping.fields and (best is None or len(mapping.fields) > len(best[1].fields)):
            best = number, mapping
        if number >= HEADER_SEARCH_ROWS:
            break
    return best


def _no_header_message(closest: tuple[str | None, int, HeaderMap] | None) -> str:
    needed = ", ".join(REQUIRED)
    if closest is None:
        return (f"no worklist header row found: a worklist needs columns {needed} (or aliases "
                "such as 'Claim #', 'Date of Service', 'CPT'); start from the template "
                f"('{command('template -o claims_template.xlsx')}')")
    sheet, row, mapping = closest
    where = f"sheet {sheet}, row {row}" if sheet else f"row {row}"
    return (f"the header row ({where}) has no column for {', '.join(mapping.missing)}: "
            f"a worklist needs {needed}; rename or add the column")


def _report_duplicates(file: str, sheet: str | None, row: int, mapping: HeaderMap,
                       problems: list[Problem]) -> None:
    for index, name in mapping.duplicates:
        used = mapping.headers[mapping.fields[name]]
        problems.append(Problem(
            file, f"this column and '{used}' both read as {name}: only '{used}' is used; "
            "rename or delete one of them", sheet=sheet, row=row,
            column=mapping.headers[index], column_number=index + 1))


class _SheetReader:
    """Turns the data rows of one sheet into RowValues for the assembler."""

    def __init__(self, file: str, sheet: str | None, mapping: HeaderMap,
                 assembler: ClaimAssembler, problems: list[Problem]) -> None:
        self.file, self.sheet, self.mapping = file, sheet, mapping
        self.assembler, self.problems = assembler, problems
        self.previous_claim = ""
        self.last_row = 0
        self.last_claim_cells: tuple[str, dict[str, Cell]] = ("", {})

    def read(self, rows: Iterator[tuple[int, tuple[object, ...]]],
             on_rows: Callable[[int], None]) -> None:
        """Read the data rows; on_rows(row number) every PROGRESS_EVERY rows."""
        for number, cells in rows:
            self.last_row = number
            if number % PROGRESS_EVERY == 0:
                on_rows(number)
            if all(cell is None or (isinstance(cell, str) and not cell.strip())
                   for cell in cells):
                continue
            self._row(number, cells)

    def _cell(self, cells: tuple[object, ...], name: str) -> object:
        index = self.mapping.fields.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def _problem(self, number: int, name: str, claim_id: str, message: str) -> None:
        index = self.mapping.fields[name]
        self.problems.append(Problem(
            self.file, message, sheet=self.sheet, row=number, column=self.mapping.headers[index],
            column_number=index + 1, claim_id=claim_id or None))

    def _row(self, number: int, cells: tuple[object, ...]) -> None:
        claim_id = v.text(self._cell(cells, "claim_id")) or self.previous_claim
        if not claim_id:
            self._problem(number, "claim_id", "", "no claim id: give every row its claim's id "
                          "(rows with the same id are one claim)")
            return
        self.previous_claim = claim_id
        count = len(self.problems)
        claim_cells = self._claim_cells(number, cells, claim_id)
        line = self._line(number, cells, claim_id)
        source = Source(self.file, self.sheet, number)
        self.assembler.add(RowValues(source, claim_id, claim_cells, line,
                                     had_problems=len(self.problems) > count))

    def _claim_cells(self, number: int, cells: tuple[object, ...],
                     claim_id: str) -> dict[str, Cell]:
        found: dict[str, Cell] = {}
        same_claim = claim_id == self.last_claim_cells[0]
        previous = self.last_claim_cells[1]
        for name in CLAIM_LEVEL:
            index = self.mapping.fields.get(name)
            if index is None:
                continue
            raw = cells[index] if index < len(cells) else None
            if raw is None or raw == "":
                continue
            if same_claim and name in previous and previous[name].raw_value == raw:
                found[name] = previous[name]      # repeated on the claim's rows: parsed once
                continue
            try:
                value = _CLAIM_PARSERS[name](raw)
            except v.BadValue as exc:
                self._problem(number, name, claim_id, f"{exc} (claim {claim_id})")
                continue
            if value not in (None, ""):
                found[name] = Cell(value, self.mapping.headers[index], index + 1, v.text(raw),
                                   raw_value=raw)
        self.last_claim_cells = (claim_id, found)
        return found

    def _line(self, number: int, cells: tuple[object, ...], claim_id: str) -> LineDraft | None:
        failed = False

        def read(name: str, parse: Callable[[object], T], blank: T) -> T:
            nonlocal failed
            if name not in self.mapping.fields:
                return blank
            try:
                return parse(self._cell(cells, name))
            except v.BadValue as exc:
                failed = True
                self._problem(number, name, claim_id, f"{exc}; this line is not loaded")
                return blank

        dos = read("dos", v.parse_date, None)
        no_strings: tuple[str, ...] = ()
        no_pointers: tuple[int, ...] = ()
        code, modifiers = read("hcpcs", v.parse_procedure, ("", no_strings))
        units = read("units", v.parse_units, None)
        charge = read("charge", v.parse_money, None)
        pointers = read("dx_pointers", v.parse_pointers, no_pointers)
        line_pos = read("line_pos", v.parse_pos, "")
        for name in ("modifiers", *MODIFIER_COLUMNS):
            modifiers += read(name, v.parse_modifiers, no_strings)
        if failed:
            return None
        for name, given in (("dos", dos), ("hcpcs", code)):
            if not given:
                what = "date of service" if name == "dos" else "procedure code"
                self._problem(number, name, claim_id, f"no {what}: every service line needs "
                              "one; this line is not loaded")
                return None
        if len(modifiers) > MAX_MODIFIERS:
            column = "modifiers" if "modifiers" in self.mapping.fields else "hcpcs"
            self._problem(number, column, claim_id, f"{len(modifiers)} modifiers "
                          f"({' '.join(modifiers)}): a line takes at most {MAX_MODIFIERS}; "
                          "this line is not loaded")
            return None
        assert dos is not None
        return LineDraft(dos=dos, code=code, modifiers=modifiers, units=units, charge=charge,
                         pointers=pointers, pos=line_pos)

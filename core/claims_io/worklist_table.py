"""Worklists from .csv and .xlsx: one row per service line, claim-level fields repeated (or left
blank on a claim's later rows). Headers are found in the first rows of each sheet, in any case,
order and alias (see columns.py); sheets without a worklist header (an instructions sheet) are
skipped. Every unreadable cell is reported with its file, sheet, row and column.

The rows come from worklist_csv.py (read a block at a time) and worklist_xlsx.py (python-calamine,
openpyxl for what it cannot read); sheet_reader.py parses them and claim_builder.py makes claims,
handed out one by one (`iter_csv`, `iter_xlsx`)."""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from zipfile import BadZipFile

from core.claims.model import Claim
from core.jobs import Progress, no_progress
from core.paths import command

from .claim_builder import ClaimAssembler
from .columns import REQUIRED, HeaderMap, map_header
from .problems import Problem
from .sheet_reader import SheetReader
from .worklist_xlsx import SheetRows

HEADER_SEARCH_ROWS = 20
# what a damaged file raises while its rows are read (zip, XML, CSV)
DAMAGED = (BadZipFile, KeyError, SyntaxError, EOFError, zlib.error, csv.Error)


class NotAWorklist(Exception):
    """The file cannot be read as a worklist at all (the message says why and what to do)."""


def iter_csv(
    path: Path,
    problems: list[Problem],
    progress: Progress = no_progress,
    streaming: bool = False,
    finished_before: Callable[[str], bool] | None = None,
) -> Iterator[Claim]:
    """The claims of a CSV worklist in file order; `streaming` (claim_builder) hands each out
    as soon as it is finished, reading the file a block at a time."""
    from .worklist_csv import csv_rows

    with csv_rows(path) as (rows, position, size):

        def on_rows(row: int) -> None:
            progress(f"Reading {path.name}", min(position() / size, 1.0) if size else 1.0)

        try:
            yield from read_sheets(
                path, [SheetRows(None, rows)], problems, on_rows, streaming, finished_before
            )
        except csv.Error as exc:  # in the header rows
            raise NotAWorklist(
                f"cannot be read as CSV ({exc}): save it again as CSV or .xlsx"
            ) from exc


def iter_xlsx(
    path: Path,
    problems: list[Problem],
    progress: Progress = no_progress,
    streaming: bool = False,
    finished_before: Callable[[str], bool] | None = None,
) -> Iterator[Claim]:
    from openpyxl.utils.exceptions import InvalidFileException

    from .worklist_xlsx import UnsafeWorkbook, open_workbook

    try:
        book = open_workbook(path)
    except UnsafeWorkbook as exc:
        raise NotAWorklist(str(exc)) from exc
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
        raise NotAWorklist(
            f"cannot be opened as an Excel workbook ({exc}): save it from "
            "Excel as .xlsx and try again"
        ) from exc
    try:
        yield from read_sheets(
            path,
            book.sheets,
            problems,
            lambda row: progress(f"Reading {path.name}: row {row:,}", 0.5),
            streaming,
            finished_before,
        )
    except DAMAGED as exc:
        raise NotAWorklist(
            f"the workbook is damaged ({exc}): open it in Excel and save it again as .xlsx"
        ) from exc
    finally:
        book.close()


def read_sheets(
    path: Path,
    sheets: Iterable[SheetRows],
    problems: list[Problem],
    on_rows: Callable[[int], None],
    streaming: bool = False,
    finished_before: Callable[[str], bool] | None = None,
) -> Iterator[Claim]:
    """The claims of the file's sheets; sheets without a worklist header are skipped, and a file
    with none raises NotAWorklist (before any claim is given). A hidden sheet is not read: when
    it holds a worklist, a notice says so."""
    assembler = ClaimAssembler(path.name, problems, streaming, finished_before)
    found_header = False
    hidden: list[tuple[str, Problem]] = []
    closest: tuple[str | None, int, HeaderMap] | None = None
    for sheet in sheets:
        name, iterator = sheet.name, iter(sheet.rows)
        header = _find_header(iterator)
        if header is None:
            continue
        row_number, mapping = header
        if mapping.missing:
            if closest is None or len(mapping.fields) > len(closest[2].fields):
                closest = (name, row_number, mapping)
            continue
        if sheet.hidden:
            notice = Problem(
                path.name,
                f"sheet '{name}' is {sheet.hidden} in Excel, so its rows are not "
                "loaded: a worklist is checked as the biller sees it. If its claims are to be "
                "checked, unhide the sheet (right-click a sheet tab, Unhide) and save",
                sheet=name,
                row=row_number,
            )
            hidden.append((f"'{name}' ({sheet.hidden})", notice))
            problems.append(notice)
            continue
        found_header = True
        _report_duplicates(path.name, name, row_number, mapping, problems)
        reader = SheetReader(path.name, name, mapping, assembler, problems)
        try:
            for _ in reader.read(iterator, on_rows):
                yield from assembler.finished()
        except DAMAGED as exc:
            problems.append(
                Problem(
                    path.name,
                    f"the file is damaged after row {reader.last_row} ({exc}): the "
                    "rows above are loaded, the rest is not; save the file again from the program "
                    "that made it",
                    sheet=name,
                    row=reader.last_row + 1,
                )
            )
        yield from assembler.finished()
    if not found_header:
        if hidden:
            for _, notice in hidden:  # the one message below says it
                problems.remove(notice)
            names = ", ".join(name for name, _ in hidden)
            raise NotAWorklist(
                f"the worklist is on hidden sheet {names}: unhide it in Excel "
                "(right-click a sheet tab, Unhide), save, and load the file "
                "again"
            )
        raise NotAWorklist(_no_header_message(closest))
    yield from assembler.claims()


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
        return (
            f"no worklist header row found: a worklist needs columns {needed} (or aliases "
            "such as 'Claim #', 'Date of Service', 'CPT'); start from the template "
            f"('{command('template -o claims_template.xlsx')}')"
        )
    sheet, row, mapping = closest
    where = f"sheet {sheet}, row {row}" if sheet else f"row {row}"
    return (
        f"the header row ({where}) has no column for {', '.join(mapping.missing)}: "
        f"a worklist needs {needed}; rename or add the column"
    )


def _report_duplicates(
    file: str, sheet: str | None, row: int, mapping: HeaderMap, problems: list[Problem]
) -> None:
    for index, name in mapping.duplicates:
        used = mapping.headers[mapping.fields[name]]
        problems.append(
            Problem(
                file,
                f"this column and '{used}' both read as {name}: only '{used}' is used; "
                "rename or delete one of them",
                sheet=sheet,
                row=row,
                column=mapping.headers[index],
                column_number=index + 1,
            )
        )

"""Write rows to CSV or Excel safely: a temporary file renamed into place, codes kept as text,
money as numbers with a currency format, dates as dates, text that looks like a formula kept as
text; in Excel a bold frozen header with a filter and the column widths asked for."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from openpyxl import Workbook

MONEY_FORMAT = '"$"#,##0.00'
DATE_FORMAT = "mm/dd/yyyy"
T = TypeVar("T")
# What a spreadsheet opening a CSV reads as a formula (Excel; LibreOffice when it evaluates
# formulas): a cell starting with one of these. OWASP's "CSV Injection".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")
CSV_GUARD = "'"
PARTIAL = ".partial-"       # the temporary file beside the target, renamed into place at the end


class ExportError(Exception):
    """The file could not be written (open in another program, no permission, full disk)."""


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
                sheet: str = "Sheet1", money_columns: Iterable[str] = (),
                widths: Mapping[str, int] | None = None) -> int:
    """Write a CSV or an .xlsx (by the file's suffix); returns the number of data rows.
    `widths`: Excel column widths by header (others fit their header)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"{path.name}: write to a .csv or .xlsx file")
    if suffix == ".csv":
        return write_atomically(path, lambda temporary: _write_csv(temporary, header, rows))
    return write_atomically(path, lambda temporary: _write_xlsx(
        temporary, header, list(rows), sheet, set(money_columns), widths or {}))


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Call write(temporary) on a file beside `path`, then rename it into place: a failure never
    leaves a half-written file, and an existing file stays as it was until the end."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    remove_stale_files(folder)
    try:
        handle, temporary = tempfile.mkstemp(suffix=path.suffix, dir=folder, prefix=PARTIAL)
    except OSError as exc:              # a read-only folder or disk, no permission, full
        raise ExportError(f"{path.name} cannot be written in {folder} "
                          f"({exc.strerror or exc}): choose another folder") from exc
    os.close(handle)
    try:
        result = write(Path(temporary))
        os.chmod(temporary, _file_mode(path))  # mkstemp makes it private; exports are not
        os.replace(temporary, path)
    except PermissionError as exc:
        raise ExportError(f"{path.name} cannot be written: it may be open in another program "
                          "(close it and try again)") from exc
    except OSError as exc:
        raise ExportError(f"{path.name} cannot be written: {exc.strerror}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return result


# A file an export is writing is touched every moment; one untouched this long was left by an
# export that was killed (a crash, kill -9, a power cut) and is removed at the next export or
# start of the app. The temporary folder is shared with other programs: longer there.
STALE_PARTIAL = 10 * 60
STALE_TEMPORARY = 60 * 60


def remove_stale_files(folder: Path | None = None) -> list[Path]:
    """Remove what killed exports left: the .partial-* files beside a target in `folder`, and
    the temporary sheets openpyxl writes for a write-only workbook (openpyxl.*.xml in the
    temporary folder, up to hundreds of MB each) that belong to this user. Returns them."""
    now = time.time()
    found = [(p, STALE_PARTIAL) for p in folder.glob(f"{PARTIAL}*")] if folder else []
    temporary = Path(tempfile.gettempdir())
    found += [(p, STALE_TEMPORARY) for p in temporary.glob("openpyxl.*.xml")]
    removed = []
    for stale, age in found:
        with suppress(OSError):             # gone meanwhile, or not ours to remove
            status = stale.stat()
            mine = not hasattr(os, "getuid") or status.st_uid == os.getuid()
            if mine and now - status.st_mtime > age and stale.is_file():
                stale.unlink()
                removed.append(stale)
    return removed


def discard_write_only(book: Workbook) -> None:
    """After a failure or a cancel: finish every sheet of a write-only workbook and delete the
    temporary file openpyxl keeps for each until the workbook is saved."""
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with suppress(Exception):
            if not sheet.closed:
                sheet.close()
        with suppress(OSError, ValueError):
            writer.cleanup()


def _file_mode(path: Path) -> int:
    """The existing file's permissions, or what a new file normally gets (0666 less umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def csv_text(value: str) -> str:
    """Text as a CSV cell that a spreadsheet shows as that text, never runs: text starting
    like a formula ("=HYPERLINK(...)", "+cmd|...", "@SUM(...)", "-2+3", a tab) gets a leading
    apostrophe, which Excel and LibreOffice show and do not evaluate (OWASP's advice); a plain
    number such as "-12.50" stays as it is. Every CSV the app writes goes through here, as
    every xlsx writes text as a string cell (and the worklist reader drops the apostrophe
    again: core.claims_io.values.text)."""
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return CSV_GUARD + value
    return value


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    return "" if value is None else str(value)


def _csv_cell(value: object) -> str:
    if isinstance(value, str):
        return csv_text(value)
    return _text(value)


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([csv_text(name) for name in header])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, header: Sequence[str], rows: list[Sequence[object]],
                sheet: str, money: set[str], widths: Mapping[str, int]) -> int:
    from openpyxl import Workbook  # only when writing .xlsx: it takes a while to import
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for index, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = widths.get(name, len(name) + 4)
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    money_index = {i for i, name in enumerate(header) if name in money}
    count = 0
    for row in rows:
        out = []
        for index, value in enumerate(row):
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(ws, value=float(value) if index in money_index else value)
                if index in money_index:
                    cell.number_format = MONEY_FORMAT
            elif isinstance(value, date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = DATE_FORMAT
            else:
                cell = WriteOnlyCell(ws, value=_text(value))
                cell.data_type = "s"  # codes keep leading zeros; "=..." stays text
            out.append(cell)
        ws.append(out)
        count += 1
    book.save(path)
    return count

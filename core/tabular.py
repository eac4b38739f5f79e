"""Write rows to CSV or Excel safely: a temporary file renamed into place, codes kept as text,
money as numbers with a currency format, dates as dates, text that looks like a formula kept as
text; in Excel a bold frozen header with a filter and the column widths asked for."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

MONEY_FORMAT = '"$"#,##0.00'
DATE_FORMAT = "mm/dd/yyyy"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = '0.0"%"'
# the kinds of column XlsxWriter.write tells apart
TEXT, MONEY, DATE, NUMBER, PERCENT = "text", "money", "date", "number", "percent"
T = TypeVar("T")
_ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # XML cannot carry them
# What a spreadsheet opening a CSV reads as a formula (Excel; LibreOffice when it evaluates
# formulas): a cell starting with one of these. OWASP's "CSV Injection".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")
CSV_GUARD = "'"
PARTIAL = ".partial-"  # the temporary file beside the target, renamed into place at the end
# Per user where users share the temporary folder (Windows gives each user their own)
_USER = getattr(os, "getuid", str)()
XLSX_TEMPORARY = Path(tempfile.gettempdir()) / f"billing-assistant-xlsx-{_USER}"


class ExportError(Exception):
    """The file could not be written (open in another program, no permission, full disk)."""


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    sheet: str = "Sheet1",
    money_columns: Iterable[str] = (),
    widths: Mapping[str, int] | None = None,
) -> int:
    """Write a CSV or an .xlsx (by the file's suffix); returns the number of data rows.
    `widths`: Excel column widths by header (others fit their header)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"{path.name}: write to a .csv or .xlsx file")
    if suffix == ".csv":
        return write_atomically(path, lambda temporary: _write_csv(temporary, header, rows))
    return write_atomically(
        path,
        lambda temporary: _write_xlsx(
            temporary, header, list(rows), sheet, set(money_columns), widths or {}
        ),
    )


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Call write(temporary) on a file beside `path`, then rename it into place: a failure never
    leaves a half-written file, and an existing file stays as it was until the end."""
    with atomic_path(path) as temporary:
        return write(temporary)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write; renamed into place when the block ends without
    an error, deleted when it fails (ExportError says why, for the user)."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    remove_stale_files(folder)
    try:
        handle, temporary = tempfile.mkstemp(suffix=path.suffix, dir=folder, prefix=PARTIAL)
    except OSError as exc:  # a read-only folder or disk, no permission, full
        raise ExportError(
            f"{path.name} cannot be written in {folder} "
            f"({exc.strerror or exc}): choose another folder"
        ) from exc
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, _file_mode(path))  # mkstemp makes it private; exports are not
        os.replace(temporary, path)
    except PermissionError as exc:
        raise ExportError(
            f"{path.name} cannot be written: it may be open in another program "
            "(close it and try again)"
        ) from exc
    except OSError as exc:
        raise ExportError(f"{path.name} cannot be written: {exc.strerror}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def literal_text(value: str) -> str:
    """Text as a cell holds it: the characters XML cannot carry are dropped. Every xlsx writer
    of the app writes text through here and as a string cell (XlsxWriter.text), so text that
    looks like a formula ("=HYPERLINK(...)", "+1+2", "@SUM(...)"), an error value ("#N/A"), a
    number ("00123") or a link stays the literal text it was."""
    return _ILLEGAL_XML.sub("", value)


class XlsxWriter:
    """The one way the app writes a workbook of data: an xlsxwriter workbook written row by
    row (constant memory: a million rows cost no more than one), with text always as text
    (literal_text), money as a number with a currency format, dates as dates, a bold header,
    fills by name. Its temporary sheet files go to XLSX_TEMPORARY (removed when it closes or
    is discarded, and by remove_stale_files after a kill)."""

    def __init__(self, path: Path, fills: Mapping[str, str] | None = None) -> None:
        import xlsxwriter  # only when writing .xlsx

        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": True,
                "tmpdir": str(_xlsx_temporary()),
            },
        )
        add = self.book.add_format
        self.bold = add({"bold": True})
        self.money = add({"num_format": MONEY_FORMAT})
        self.date = add({"num_format": DATE_FORMAT})
        self.datetime = add({"num_format": DATETIME_FORMAT})
        self.percent = add({"num_format": PERCENT_FORMAT})
        self.fills = {
            name: add({"pattern": 1, "bg_color": f"#{colour}"})
            for name, colour in (fills or {}).items()
        }
        self._number_styles = {MONEY: self.money, PERCENT: self.percent}

    def sheet(self, title: str, headers: Sequence[str], widths: Sequence[float]) -> Any:
        """A sheet with `headers` in bold on a frozen first row and the column widths."""
        sheet = self.book.add_worksheet(title)
        sheet.freeze_panes(1, 0)
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        for index, name in enumerate(headers):
            sheet.write_string(0, index, literal_text(name), self.bold)
        return sheet

    def text(self, sheet: Any, row: int, column: int, value: str, style: Any = None) -> None:
        """Text as a string cell: never a formula, an error value, a number or a link."""
        sheet.write_string(row, column, literal_text(value), style)

    def write(
        self, sheet: Any, row: int, column: int, value: object, kind: str = TEXT, style: Any = None
    ) -> None:
        """One cell by its column's kind: nothing for None or ""; text (a string, or anything
        in a TEXT column) as text; money and percentages as numbers with their format; other
        numbers as numbers; dates and times with their formats."""
        if value is None or value == "":
            return
        if isinstance(value, str) or kind == TEXT:
            self.text(sheet, row, column, str(value), style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, style)
        elif isinstance(value, Decimal | int | float):
            if isinstance(value, Decimal):
                whole = kind == NUMBER and value == value.to_integral_value()
                value = int(value) if whole else float(value)
            sheet.write_number(row, column, value, style or self._number_styles.get(kind))
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value, style or self.datetime)
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, style or self.date)
        else:
            self.text(sheet, row, column, str(value), style)

    def row(self, sheet: Any, number: int, values: Sequence[object], kinds: Sequence[str]) -> None:
        """A row of cells, each by its column's kind (write)."""
        for column, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            self.write(sheet, number, column, value, kind)

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        """Finish the file, or after a failure or a cancel write nothing (discard)."""
        if error is None:
            self.close()
        else:
            self.discard()

    def close(self) -> None:
        """Finish the file. A disk that is full or shut is the OSError it was (xlsxwriter
        wraps it in its FileCreateError), so callers name it as for any other file."""
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.book.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise OSError(str(exc)) from exc

    def discard(self) -> None:
        """After a failure or a cancel: delete the sheets' temporary files, write nothing."""
        for sheet in self.book.worksheets():
            with suppress(OSError, ValueError, AttributeError):
                sheet._opt_close()
            with suppress(OSError, TypeError):
                os.unlink(sheet.row_data_filename)
        self.book.fileclosed = True  # nothing is written when it is collected


def _xlsx_temporary() -> Path:
    """The folder of this user's temporary sheet files (private: they hold claim data)."""
    XLSX_TEMPORARY.mkdir(mode=0o700, exist_ok=True)
    return XLSX_TEMPORARY


# A file an export is writing is touched every moment; one untouched this long was left by an
# export that was killed (a crash, kill -9, a power cut) and is removed at the next export or
# start of the app. The temporary folder is shared with other programs: longer there.
STALE_PARTIAL = 10 * 60
STALE_TEMPORARY = 60 * 60


def remove_stale_files(folder: Path | None = None) -> list[Path]:
    """Remove what killed exports left: the .partial-* files beside a target in `folder`, and
    the temporary sheet files of XlsxWriter (up to hundreds of MB each) in XLSX_TEMPORARY.
    Returns them."""
    now = time.time()
    found = [(p, STALE_PARTIAL) for p in folder.glob(f"{PARTIAL}*")] if folder else []
    found += [(p, STALE_TEMPORARY) for p in XLSX_TEMPORARY.glob("*")]
    removed = []
    for stale, age in found:
        with suppress(OSError):  # gone meanwhile, or not ours to remove
            status = stale.stat()
            mine = not hasattr(os, "getuid") or status.st_uid == os.getuid()
            if mine and now - status.st_mtime > age and stale.is_file():
                stale.unlink()
                removed.append(stale)
    return removed


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


def _write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: list[Sequence[object]],
    title: str,
    money: set[str],
    widths: Mapping[str, int],
) -> int:
    with XlsxWriter(path) as xlsx:
        sheet = xlsx.sheet(title, header, [widths.get(name, len(name) + 4) for name in header])
        kinds = [MONEY if name in money else NUMBER for name in header]
        for number, row in enumerate(rows, start=1):
            xlsx.row(sheet, number, row, kinds)
        sheet.autofilter(0, 0, len(rows), len(header) - 1)
    return len(rows)


class FastRows:
    """Data rows written straight into one sheet of an XlsxWriter, in the XML xlsxwriter itself
    writes for them (tests/unit/test_tabular_xlsx.py compares the two byte for byte), without
    xlsxwriter's per-cell bookkeeping: measured about 4x faster on the checked-claims workbook.

    A row is a list of (column, kind, value, style): kind "text" (literal_text, a string cell),
    "number", "date" or "bool"; style an XlsxWriter format or None. Rows come in increasing
    order, after whatever xlsxwriter wrote itself (the header)."""

    def __init__(self, xlsx: XlsxWriter, sheet: Any) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self.sheet = sheet
        self._letters = [xl_col_to_name(n) for n in range(128)]
        self._styles: dict[int, str] = {}
        self._serials: dict[date, float] = {}
        self._convert = sheet._convert_date_time
        self._last_row = 0

    def row(self, number: int, cells: Sequence[tuple[int, str, object, Any]]) -> None:
        if not cells:
            return
        sheet = self.sheet
        sheet._write_single_row(number)  # xlsxwriter's own row (the header) goes out first
        parts = [f'<row r="{number + 1}">']
        name = str(number + 1)
        letters = self._letters
        for column, kind, value, style in cells:
            s = self._style(style) if style is not None else ""
            ref = letters[column] + name
            if kind == "text":
                parts.append(_inline_string(ref, s, literal_text(str(value))))
            elif kind == "bool":
                parts.append(f'<c r="{ref}"{s} t="b"><v>{int(bool(value))}</v></c>')
            else:
                if kind == "date":
                    value = self._serial(value)  # type: ignore[arg-type]
                parts.append(f'<c r="{ref}"{s}><v>{value:.16G}</v></c>')
        parts.append("</row>")
        sheet.fh.write("".join(parts))
        sheet._check_dimensions(number, cells[0][0])
        sheet._check_dimensions(number, cells[-1][0])

    def _style(self, style: Any) -> str:
        index = id(style)
        found = self._styles.get(index)
        if found is None:
            found = self._styles[index] = f' s="{style._get_xf_index()}"'
        return found

    def _serial(self, day: date) -> float:
        found = self._serials.get(day)
        if found is None:
            if len(self._serials) > 100_000:
                self._serials.clear()
            found = self._serials[day] = self._convert(day)
        return found


_TEXT_ESCAPE = re.compile(r"[&<>\r\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _inline_string(ref: str, style: str, text: str) -> str:
    """An inline string cell as xlsxwriter writes it in constant memory mode."""
    if len(text) > 16383:  # xlsxwriter's limit: 32767 UTF-16 units
        from xlsxwriter.utility import _utf16_len, _utf16_truncate

        if _utf16_len(text) > 32767:
            text = _utf16_truncate(text, 32767)
    if _TEXT_ESCAPE.search(text):
        text = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text)
        text = (
            text.replace("\r", "_x000D_")
            .replace("\ufffe", "_xFFFE_")
            .replace("\uffff", "_xFFFF_")
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
        )
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{preserve}>{text}</t></is></c>'

"""Errors that say where and what to do, text decoding, and the cell checks every format shares.

Reading a file (csv, txt, xlsx, a member of a zip) is core.sources.tables' job; the helpers here
take the Table being read so that their errors name its file, sheet and line or row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol

from .. import text_files


class SourceError(Exception):
    """A release file cannot be imported. The message names the file (and the sheet, for a
    workbook), the line or row, the column, and the fix."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        name: str | None = None,
        sheet: str | None = None,
    ):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.sheet = sheet
        self.reason = message
        self.name = name or self.path.name
        where = self.name
        if sheet:
            where += f", sheet {sheet}"
        if line is not None:
            where += f", {'row' if sheet else 'line'} {line}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


class Located(Protocol):
    """What a cell check needs to build its error: anything with error() (a Table)."""

    def error(
        self, message: str, line: int | None = None, column: str | None = None
    ) -> SourceError: ...


_NOT_TEXT = (
    "the file contains NUL bytes: it is binary or UTF-16 without a byte-order mark; "
    "save it as CSV (UTF-8 or Windows-1252) and import it again"
)


def text_encoding(path: Path | str, head: bytes, name: str | None = None) -> str:
    """core.text_files.text_encoding, or SourceError naming the file when it is not text."""
    encoding = text_files.text_encoding(head)
    if encoding is None:
        raise SourceError(path, _NOT_TEXT, line=1, name=name)
    return encoding


def decode_text(path: Path | str, data: bytes, name: str | None = None) -> str:
    """core.text_files.decode, or SourceError naming the file when it is not text."""
    text = text_files.decode(data)
    if text is None:
        raise SourceError(path, _NOT_TEXT, line=1, name=name)
    return text


def read_text(path: Path) -> str:
    """A whole text file on disk, decoded as decode_text does."""
    return decode_text(path, path.read_bytes())


@dataclass(frozen=True)
class Record:
    line: int  # 1-based line (text) or row (sheet) where the record starts
    fields: list[str]

    def is_blank(self) -> bool:
        return not any(field.strip() for field in self.fields)


class BadCsv(ValueError):
    """A record the csv module cannot read: a stray quote that runs a cell on for thousands of
    lines, or a line far too long (over 128 KiB in one cell)."""

    def __init__(self, line: int, why: str):
        self.line = line
        super().__init__(
            f'the record starting here cannot be read as CSV ({why}): a stray quote (") '
            "makes a cell run on over many lines, or a line is far too long; check the file "
            "or download it again"
        )


def records(text: str | Iterable[str], delimiter: str = ",") -> Iterator[Record]:
    """CSV records with the line each starts on (quoted cells may span lines), from a text or
    its lines (with their line breaks). BadCsv for a record that cannot be read."""
    lines = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(lines, delimiter=delimiter)
    next_line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadCsv(next_line, str(exc)) from exc
        yield Record(next_line, fields)
        next_line = reader.line_num + 1


def decimal_field(src: Located, line: int, column: str, value: str) -> str:
    """Validate a numeric cell and return its canonical text ('1.3' and '1.30' both fine)."""
    text = value.strip()
    if text == "":
        return "0.00"
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise src.error(f"'{value}' is not a number", line, column) from None
    if not number.is_finite():
        raise src.error(f"'{value}' is not a number", line, column)
    return str(_at_least_cents(number))


def _at_least_cents(number: Decimal) -> Decimal:
    # Excel re-saves "1.30" as "1.3": print every figure with two decimals at least.
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return number.quantize(Decimal("0.01"))
    return number


def choice_field(src: Located, line: int, column: str, value: str, allowed: set[str]) -> str:
    text = value.strip()
    if text not in allowed:
        expected = ", ".join(sorted(a or "blank" for a in allowed))
        raise src.error(f"'{value}' is not a valid value (expected {expected})", line, column)
    return text


def normalize_code(value: str) -> str:
    """HCPCS code as CMS prints it; Excel turns anesthesia code 00100 into 100."""
    code = value.strip().upper()
    if code.isdigit() and len(code) < 5:
        code = code.zfill(5)
    return code


def padded(value: str, width: int) -> str:
    """Zero-pad numeric indicator text that Excel stripped ('9' -> '09', '90' -> '090')."""
    text = value.strip()
    return text.zfill(width) if text.isdigit() else text

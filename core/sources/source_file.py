"""Reading CMS release files: encodings, line numbers, and errors that say where and what to do."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path


class SourceError(Exception):
    """A release file cannot be imported. The message names the file, the line and the fix."""

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 column: str | None = None):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.reason = message
        where = self.path.name
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


_BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or zip archive; open it in Excel and save it as CSV, "
                   "or unzip the CMS download and import the .csv/.txt inside",
    b"%PDF": "a PDF document (the release read-me?); import the .csv or .txt data file instead",
    b"\xd0\xcf\x11\xe0": "an old-format Excel workbook (.xls); save it as CSV first",
}


def read_text(path: Path) -> str:
    """Decode a release file as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read the file ({exc.strerror})") from exc
    if not data.strip(b" \t\r\n\x1a"):
        raise SourceError(path, "the file is empty; download the release again")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise SourceError(path, f"this is {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise SourceError(
            path, "the file contains NUL bytes: it is binary or UTF-16 without a byte-order mark; "
                  "save it as CSV (UTF-8 or Windows-1252) and import it again", line=1)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\x1a", "")  # DOS end-of-file marker left by old tools and Excel


@dataclass(frozen=True)
class Record:
    line: int           # 1-based line where the record starts
    fields: list[str]

    def is_blank(self) -> bool:
        return not any(field.strip() for field in self.fields)


def records(text: str, delimiter: str = ",") -> Iterator[Record]:
    """CSV records with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next_line = 1
    for fields in reader:
        yield Record(next_line, fields)
        next_line = reader.line_num + 1


def decimal_field(path: Path, line: int, column: str, value: str) -> str:
    """Validate a numeric cell and return its canonical text ('1.3' and '1.30' both fine)."""
    text = value.strip()
    if text == "":
        return "0.00"
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise SourceError(path, f"'{value}' is not a number", line, column) from None
    if not number.is_finite():
        raise SourceError(path, f"'{value}' is not a number", line, column)
    return str(_at_least_cents(number))


def _at_least_cents(number: Decimal) -> Decimal:
    # Excel re-saves "1.30" as "1.3": print every figure with two decimals at least.
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return number.quantize(Decimal("0.01"))
    return number


def choice_field(path: Path, line: int, column: str, value: str, allowed: set[str]) -> str:
    text = value.strip()
    if text not in allowed:
        expected = ", ".join(sorted(a or "blank" for a in allowed))
        raise SourceError(path, f"'{value}' is not a valid value (expected {expected})", line,
                          column)
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

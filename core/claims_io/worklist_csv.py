"""The rows of a CSV worklist, read a block at a time (a million-claim file is never held).

UTF-8 (with or without Excel's byte-order mark), UTF-16 with one (Excel's "Unicode Text"), else
Windows-1252 (Excel's "CSV" on Windows): core.text_files.file_encoding checks the whole file as
UTF-8 first, a block at a time, so a character that is not UTF-8 far down the file still picks
Windows-1252 for all of it. The delimiter (, ; tab |) is sniffed from the first 8 KB."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.text_files import file_encoding

CsvRows = tuple[Iterator[tuple[int, tuple[str, ...]]], Callable[[], int], int]


@contextmanager
def csv_rows(path: Path) -> Iterator[CsvRows]:
    """(rows, position, size): rows as (1-based row number, cells); position() is how many bytes
    of the file's `size` have been read so far (for progress)."""
    encoding = file_encoding(path) or "utf-8-sig"  # loader.kind_of has refused binary
    size = path.stat().st_size
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        sample = text.read(8192)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
        except csv.Error:
            dialect = csv.excel
        text.seek(0)
        records = csv.reader(text, dialect)
        rows = ((number, tuple(record)) for number, record in enumerate(records, start=1))
        yield rows, raw.tell, size

"""The rows of a CSV worklist, read a block at a time (a million-claim file is never held).

UTF-8 (with or without Excel's byte-order mark), else Windows-1252 (Excel's "CSV" on Windows):
the whole file is checked as UTF-8 first, a block at a time, so a character that is not UTF-8
far down the file still picks Windows-1252 for all of it. The delimiter (, ; tab |) is sniffed
from the first 8 KB."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BLOCK = 1 << 20
CsvRows = tuple[Iterator[tuple[int, tuple[str, ...]]], Callable[[], int], int]


def encoding_of(path: Path) -> str:
    """utf-8-sig when every byte of the file decodes as UTF-8, else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


@contextmanager
def csv_rows(path: Path) -> Iterator[CsvRows]:
    """(rows, position, size): rows as (1-based row number, cells); position() is how many bytes
    of the file's `size` have been read so far (for progress)."""
    encoding = encoding_of(path)
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

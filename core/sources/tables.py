"""One reading layer for every CMS file: .csv, .txt and .xlsx, on disk or inside CMS's .zip
download. A format module reads records (the line or row number and the cells as text) the
same way whatever the container, and its errors name the file, the sheet and the line or row.
Workbooks are read by core.sources.workbooks. Zip members and workbooks whose uncompressed size
is above MAX_UNCOMPRESSED are refused before anything is decompressed (a "zip bomb" would
otherwise fill the memory or the disk).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..text_files import CP1252_FALLBACK
from .source_file import (
    BadCsv,
    Record,
    SourceError,
    decode_text,
    records,
    text_encoding,
)

MAX_UNCOMPRESSED = 200 * 1024 * 1024
SEPARATOR = " \u203a "  # "download.zip › PPRRVU2026_Jan_nonQPP.csv"
HEAD_BYTES = 64 * 1024  # what recognition reads of a text file
HEAD_ROWS = 60

_ZIP = b"PK\x03\x04"
_REFUSED_SIGNATURES = {
    b"%PDF": "a PDF document (the release read-me?); import the .csv, .txt or .xlsx data file",
    b"\xd0\xcf\x11\xe0": "an old-format Excel workbook (.xls); save it as .xlsx or CSV first",
}


@dataclass(frozen=True)
class Origin:
    """Where a file's bytes are: a file on disk, or a member of a zip on disk."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        if self.member is None:
            return self.path.name
        return f"{self.path.name}{SEPARATOR}{self.member}"

    def error(self, message: str, line: int | None = None) -> SourceError:
        return SourceError(self.path, message, line, name=self.name)

    def read_bytes(self, limit: int | None = None) -> bytes:
        """The whole content; a zip member is refused past MAX_UNCOMPRESSED (or `limit`)."""
        try:
            if self.member is None:
                return self.path.read_bytes()
            with zipfile.ZipFile(self.path) as archive:
                return _read_member(self, archive, limit or MAX_UNCOMPRESSED)
        except OSError as exc:
            raise self.error(f"cannot read the file ({exc.strerror or exc})") from exc
        except zipfile.BadZipFile as exc:
            raise self.error(f"the zip archive is damaged ({exc}); download it again") from exc

    def size(self) -> int:
        """How many bytes the content has (a zip member: as its archive declares)."""
        try:
            if self.member is None:
                return self.path.stat().st_size
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self.member).file_size
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            raise self.error(f"cannot read the file ({exc})") from exc

    @contextlib.contextmanager
    def open_binary(self) -> Iterator[IO[bytes]]:
        """The content as a binary stream (a zip member past MAX_UNCOMPRESSED is refused; the
        zip module stops at the size the archive declares)."""
        if self.member is None:
            with self.path.open("rb") as handle:
                yield handle
            return
        with zipfile.ZipFile(self.path) as archive:
            info = archive.getinfo(self.member)
            if info.file_size > MAX_UNCOMPRESSED:
                raise too_big(self, info.file_size)
            with archive.open(info) as handle:
                yield handle

    def damage(self) -> str | None:
        """What is wrong with a zip member whose bytes fail their checksum (a download with a
        hole in it reads as garbage until the end, where the zip module notices), or None."""
        if self.member is None:
            return None
        try:
            with self.open_binary() as handle:
                while handle.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            return f"the zip archive is damaged ({exc}); download it again"
        except (OSError, SourceError):
            return None
        return None

    def read_head(self, size: int = HEAD_BYTES) -> bytes:
        try:
            if self.member is None:
                with self.path.open("rb") as handle:
                    return handle.read(size)
            with zipfile.ZipFile(self.path) as archive:
                declared = archive.getinfo(self.member).file_size
                if declared > MAX_UNCOMPRESSED:  # refused before it is even recognized
                    raise too_big(self, declared)
                with archive.open(self.member) as handle:
                    return handle.read(size)
        except OSError as exc:
            raise self.error(f"cannot read the file ({exc.strerror or exc})") from exc
        except (zipfile.BadZipFile, RuntimeError) as exc:
            raise self.error(f"the zip archive is damaged or encrypted ({exc})") from exc


def _read_member(origin: Origin, archive: zipfile.ZipFile, limit: int) -> bytes:
    info = archive.getinfo(origin.member or "")
    if info.file_size > limit:
        raise too_big(origin, info.file_size)
    chunks, total = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > limit:  # the header understated the size: stop at the limit anyway
                raise too_big(origin, total)
            chunks.append(chunk)
    return b"".join(chunks)


def too_big(origin: Origin, size: int) -> SourceError:
    return origin.error(
        f"it unpacks to more than {MAX_UNCOMPRESSED // 2**20} MB ({size / 2**20:,.0f} MB or more): "
        "that is not a CMS release file (a damaged or malicious archive?); nothing was read"
    )


def sniff(origin: Origin, head: bytes) -> str:
    """'zip', 'workbook' or 'text', from the content (a renamed file is still recognized)."""
    if not head.strip(b" \t\r\n\x1a"):
        raise origin.error("the file is empty; download the release again")
    for signature, what in _REFUSED_SIGNATURES.items():
        if head.startswith(signature):
            raise origin.error(f"this is {what}")
    if not head.startswith(_ZIP):
        return "text"
    data = origin.read_bytes() if origin.member is not None else None
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else origin.path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise origin.error(
            "this is an Excel workbook or zip archive that cannot be opened "
            "(damaged or incomplete download?); download it again"
        ) from exc
    return "workbook" if "xl/workbook.xml" in names else "zip"


def zip_members(path: Path) -> list[Origin]:
    """The files inside a CMS zip download, in the archive's order (folders left out)."""
    origin = Origin(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise origin.error(f"the zip archive cannot be opened ({exc}); download it again") from exc
    return [
        Origin(path, info.filename)
        for info in infos
        if not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]


class Table:
    """One table of records: a text file, or one sheet of a workbook."""

    sheet: str | None = None

    def __init__(self, origin: Origin):
        self.origin = origin

    @property
    def name(self) -> str:
        return self.origin.name

    @property
    def path(self) -> Path:
        return self.origin.path

    @property
    def is_sheet(self) -> bool:
        return self.sheet is not None

    def at(self, line: int) -> str:
        """'line 12' in a text file, 'row 12' in a sheet."""
        return f"{'row' if self.is_sheet else 'line'} {line}"

    def error(
        self, message: str, line: int | None = None, column: str | None = None
    ) -> SourceError:
        return SourceError(
            self.origin.path, message, line, column, name=self.origin.name, sheet=self.sheet
        )

    def records(self, delimiter: str = ",", quoting: bool = True) -> Iterator[Record]:
        raise NotImplementedError

    def size_hint(self) -> int:
        """Roughly how many lines or rows (for progress)."""
        raise NotImplementedError

    def release(self) -> None:
        """Forget what was read (a zip's members are read one at a time)."""


class TextTable(Table):
    """A text file (or zip member). Its lines and records are read as they are used, so a
    million-line NCCI part is never held whole; `text` reads it whole for the parsers that
    need it."""

    def __init__(self, origin: Origin):
        super().__init__(origin)
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            data = self.origin.read_bytes()
            if not data.strip(b" \t\r\n\x1a"):
                raise self.origin.error("the file is empty; download the release again")
            self._text = decode_text(self.origin.path, data, self.origin.name)
        return self._text

    def _stream(self) -> Iterator[str]:
        """The decoded lines with their line breaks, read from the file as they are used."""
        origin = self.origin
        encoding = text_encoding(origin.path, origin.read_head(4096), origin.name)
        try:
            with origin.open_binary() as raw:
                text = io.TextIOWrapper(raw, encoding=encoding, errors=CP1252_FALLBACK, newline="")
                for line in text:
                    yield line.replace("\x1a", "") if "\x1a" in line else line
        except OSError as exc:
            raise origin.error(f"cannot read the file ({exc.strerror or exc})") from exc
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise origin.error(f"the zip archive is damaged ({exc}); download it again") from exc

    def lines(self) -> Iterator[tuple[int, str]]:
        for number, line in enumerate(self._stream(), start=1):
            yield number, line.rstrip("\r\n")

    def head_lines(self, count: int) -> list[str]:
        return [line for _, line in itertools.islice(self.lines(), count)]

    def records(self, delimiter: str = ",", quoting: bool = True) -> Iterator[Record]:
        if quoting:
            return self._read(records(self._stream(), delimiter))
        return (Record(n, line.split(delimiter)) for n, line in self.lines())

    def _read(self, found: Iterator[Record]) -> Iterator[Record]:
        try:
            yield from found
        except BadCsv as exc:
            raise self.error(str(exc), exc.line) from exc

    def size_hint(self) -> int:
        head = self.origin.read_head()
        return self.origin.size() * max(head.count(b"\n"), 1) // max(len(head), 1) + 1

    def release(self) -> None:
        self._text = None


@dataclass(frozen=True)
class Head:
    """The first lines or rows of a table, for recognizing which CMS file it is."""

    records: list[Record]  # comma-separated records (text) or rows (sheet)
    tab_records: list[Record]  # tab-separated records (text) or rows (sheet)
    lines: list[str]  # raw lines (text only: fixed-width layouts)


def text_head(origin: Origin, head: bytes) -> Head:
    text = decode_text(origin.path, head, origin.name)
    lines = text.splitlines()[:HEAD_ROWS]
    if len(head) >= HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last one may be cut
    sample = "\n".join(lines)
    return Head(
        _safe_records(sample, ","),
        [Record(n, line.split("\t")) for n, line in enumerate(lines, 1)],
        lines,
    )


def _safe_records(text: str, delimiter: str) -> list[Record]:
    out: list[Record] = []
    with contextlib.suppress(Exception):  # a cut-off quoted cell in the sample is no error yet
        out.extend(records(text, delimiter))
    return out

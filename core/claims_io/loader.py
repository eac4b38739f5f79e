"""One entry for getting claims in: `load_worklist(paths)` reads each file with the reader its
content calls for (an .xlsx is a zip, an 837 starts with ISA, anything else that is text is
read as CSV) and returns every claim it could read with every problem it found. Progress
(core.jobs) is reported per file and every few hundred rows; Cancelled raised from it stops."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from core.claims.model import Claim
from core.jobs import Progress
from core.text_files import text_encoding

from .problems import LoadResult, Problem
from .stream import WorklistStream
from .worklist_table import NotAWorklist, iter_csv, iter_xlsx
from .x12_837 import read_837
from .x12_segments import X12SyntaxError

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # legacy .xls, or any password-protected Office file
_BOM = b"\xef\xbb\xbf"


def load_worklist(paths: Iterable[Path | str], progress: Progress | None = None) -> LoadResult:
    """Every claim of the files (all held: WorklistStream reads them one at a time)."""
    stream = WorklistStream(paths, progress, streaming=False)
    claims = tuple(stream())
    return LoadResult(claims, tuple(stream.problems), tuple(stream.files_read))


def expand(paths: Iterable[Path | str], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))  # ~$: Excel's lock files
                if p.is_file() and not p.name.startswith((".", "~$"))
            )
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), "file not found: check the name and folder"))
    return files


def kind_of(path: Path, head: bytes) -> str:
    """'xlsx', '837', 'csv' (any text: UTF-8, UTF-16, Windows-1252), or a reason the file is none
    of them."""
    if not head:
        return "the file is empty"
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return (
            "an old Excel .xls or a password-protected workbook: open it in Excel and "
            "save it as .xlsx (without a password)"
        )
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"ISA"):
        return "837"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "named .xlsx but not an Excel workbook (it is not a zip): save it again as .xlsx"
    if text_encoding(head) is None:
        return (
            "not a worklist: a binary file, neither .xlsx, .csv nor an X12 837 "
            "(which starts with ISA)"
        )
    return "csv"


READ_ERRORS = (NotAWorklist, X12SyntaxError, OSError)


def file_claims(
    path: Path,
    problems: list[Problem],
    progress: Progress,
    streaming: bool = False,
    finished_before: Callable[[str], bool] | None = None,
) -> Iterator[Claim]:
    """The file's claims, read as its content calls for; raises one of READ_ERRORS when it
    cannot be read as a worklist or an 837 at all."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = kind_of(path, head)
    if kind == "xlsx":
        yield from iter_xlsx(path, problems, progress, streaming, finished_before)
    elif kind == "837":
        yield from read_837(path, problems)
    elif kind == "csv":
        yield from iter_csv(path, problems, progress, streaming, finished_before)
    else:
        raise NotAWorklist(kind)


def unreadable(path: Path, exc: Exception) -> Problem:
    if isinstance(exc, OSError):
        return Problem(path.name, f"cannot be read: {exc.strerror or exc}")
    return Problem(path.name, str(exc))

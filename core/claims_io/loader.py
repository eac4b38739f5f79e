"""One entry for getting claims in: `load_worklist(paths)` reads each file with the reader its
content calls for (an .xlsx is a zip, an 837 starts with ISA, anything else that is text is
read as CSV) and returns every claim it could read with every problem it found. Progress
(core.jobs) is reported per file and every few hundred rows; Cancelled raised from it stops."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from core.claims.model import Claim
from core.jobs import Progress, no_progress, share

from .problems import LoadResult, Problem
from .worklist_table import NotAWorklist, read_csv, read_xlsx
from .x12_837 import read_837
from .x12_segments import X12SyntaxError

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"     # legacy .xls, or any password-protected Office file
_BOM = b"\xef\xbb\xbf"


def load_worklist(paths: Iterable[Path | str], progress: Progress | None = None) -> LoadResult:
    report = progress or no_progress
    claims: list[Claim] = []
    problems: list[Problem] = []
    read: list[str] = []
    files = _expand(paths, problems)
    for number, path in enumerate(files):
        part = share(report, number / len(files), (number + 1) / len(files))
        part(f"Reading {path.name}", 0.0)
        found = _load_file(path, problems, part)
        if found is not None:
            read.append(str(path))
            claims.extend(found)
    _report_repeated_ids(claims, problems)
    report(f"Read {len(claims)} claims", 1.0)
    return LoadResult(tuple(claims), tuple(problems), tuple(read))


def _expand(paths: Iterable[Path | str], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*"))     # ~$: Excel's lock files
                         if p.is_file() and not p.name.startswith((".", "~$")))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), "file not found: check the name and folder"))
    return files


def kind_of(path: Path, head: bytes) -> str:
    """'xlsx', '837', 'csv', or a reason the file is none of them."""
    if not head:
        return "the file is empty"
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return ("an old Excel .xls or a password-protected workbook: open it in Excel and "
                "save it as .xlsx (without a password)")
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"ISA"):
        return "837"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "named .xlsx but not an Excel workbook (it is not a zip): save it again as .xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ("a UTF-16 text file (Excel's 'Unicode Text'), which the app does not read: "
                "save it in Excel as 'CSV UTF-8' or as .xlsx and open that")
    if b"\x00" in head:
        return ("not a worklist: a binary file, neither .xlsx, .csv nor an X12 837 "
                "(which starts with ISA)")
    return "csv"


def _load_file(path: Path, problems: list[Problem], progress: Progress) -> list[Claim] | None:
    """The file's claims, or None when it could not be read as a worklist or an 837 at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        kind = kind_of(path, head)
        if kind == "xlsx":
            return read_xlsx(path, problems, progress)
        if kind == "837":
            return read_837(path, problems)
        if kind == "csv":
            return read_csv(path, problems, progress)
        problems.append(Problem(path.name, kind))
    except (NotAWorklist, X12SyntaxError) as exc:
        problems.append(Problem(path.name, str(exc)))
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot be read: {exc.strerror or exc}"))
    return None


def _report_repeated_ids(claims: list[Claim], problems: list[Problem]) -> None:
    """The same claim id read more than once (two files, or twice in one 837) is kept each time
    and reported once per id, at its second occurrence."""
    by_id: dict[str, list[Claim]] = {}
    for claim in claims:
        by_id.setdefault(claim.claim_id, []).append(claim)
    for claim_id, same in by_id.items():
        if len(same) < 2:
            continue
        first, second = same[0].source, same[1].source
        more = len(same) - 2
        others = f" and {more} more time{'s' if more > 1 else ''}" if more else ""
        problems.append(Problem(
            second.file, f"claim id {claim_id} was already read from {first.describe()}; it is "
            f"here too{others}: each is kept as its own claim; give different claims their own "
            "ids, or remove the copies", sheet=second.sheet, row=second.row,
            claim_id=claim_id, kind=second.kind))

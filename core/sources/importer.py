"""Import CMS release files, recognized by their content, each in one transaction.

A file may be .csv, .txt or .xlsx (core.sources.tables reads them all alike), or CMS's .zip
download: each member the app recognizes is imported, the others are reported as skipped."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from ..db import DatabaseError, analyze, damage, database_path, storage_error
from ..jobs import Cancelled, Progress, no_progress
from ..paths import command
from . import (
    anesthesia,
    aoc,
    gpci,
    hcpcs,
    icd10_import,
    icd10_order,
    locality,
    mue,
    ncci,
    oppscap,
    pfs,
    zip5,
)
from .loaders import (
    ImportOptions,
    Loader,
    load_anesthesia,
    load_aoc,
    load_gpci,
    load_hcpcs,
    load_locality,
    load_mue,
    load_oppscap,
    load_zip5,
)
from .ncci_store import load_ncci
from .pfs_loader import load_pfs
from .source_file import SourceError
from .store import CutShort, LoadedRelease
from .tables import Head, Origin, Table, TextTable, sniff, text_head, zip_members
from .workbooks import hidden_sheets, workbook_heads

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "ImportOptions",
    "Progress",
    "ReleaseFile",
    "import_file",
    "import_paths",
    "recognize",
    "release_files",
]

# Import order when several files come at once: later kinds may depend on earlier ones.
KINDS = [
    "pfs",
    "gpci",
    "locality",
    "anesthesia",
    "oppscap",
    "zip5",
    "ncci_ptp",
    "mue",
    "aoc",
    "hcpcs",
    "icd10cm_order",
    "icd10cm_addenda",
]
KIND_NAMES = {
    "pfs": "PFS relative value file (PPRRVU)",
    "gpci": "GPCI file",
    "locality": "locality/county file (LOCCO)",
    "anesthesia": "anesthesia conversion factors (ANES)",
    "oppscap": "OPPS payment caps (OPPSCAP)",
    "zip5": "ZIP code to locality file (ZIP5)",
    "ncci_ptp": "NCCI practitioner PTP edits",
    "mue": "practitioner MUE table",
    "aoc": "NCCI add-on code edits (AOC)",
    "hcpcs": "HCPCS Level II file (ANWEB)",
    "icd10cm_order": "ICD-10-CM order file (icd10cm-order-YYYY.txt)",
    "icd10cm_addenda": "ICD-10-CM addenda (icd10cm_order_addenda_YYYY.txt)",
}
_LOADERS: dict[str, Loader] = {
    "pfs": load_pfs,
    "gpci": load_gpci,
    "locality": load_locality,
    "anesthesia": load_anesthesia,
    "oppscap": load_oppscap,
    "zip5": load_zip5,
    "ncci_ptp": load_ncci,
    "mue": load_mue,
    "aoc": load_aoc,
    "hcpcs": load_hcpcs,
    "icd10cm_order": icd10_import.load_order,
    "icd10cm_addenda": icd10_import.load_addenda,
}
OnSkip = Callable[[Path | str, str], None]
log = logging.getLogger("billing.import")
# The page cache of an importing connection (SQLite's default is 2 MB): the indexes an import
# builds are sorted in it.
IMPORT_CACHE_KIB = 32 * 1024


@dataclass(frozen=True)
class ReleaseFile:
    table: Table  # the text file or the sheet that holds the release
    kind: str

    @property
    def path(self) -> Path:
        return self.table.path

    @property
    def name(self) -> str:
        return self.table.name


def _kind_of(head: Head) -> str | None:
    # Fixed-width and tab-separated layouts are told apart by their lines, CSV ones by records.
    checks = [
        ("zip5", lambda: zip5.looks_like(head)),
        ("ncci_ptp", lambda: ncci.looks_like(head)),
        ("hcpcs", lambda: hcpcs.looks_like(head)),
        ("pfs", lambda: pfs.looks_like(head.records)),
        ("gpci", lambda: gpci.looks_like(head.records)),
        ("locality", lambda: locality.looks_like(head.records)),
        ("anesthesia", lambda: anesthesia.looks_like(head.records)),
        ("oppscap", lambda: oppscap.looks_like(head.records)),
        ("mue", lambda: mue.looks_like(head.records)),
        ("aoc", lambda: aoc.looks_like(head.records)),
        ("icd10cm_order", lambda: icd10_order.looks_like_order(head.lines)),
        ("icd10cm_addenda", lambda: icd10_order.looks_like_addenda(head.lines)),
    ]
    return next((kind for kind, matches in checks if matches()), None)


def _not_known(origin: Origin) -> SourceError:
    known = "; ".join(KIND_NAMES.values())
    return origin.error(f"not a CMS release file this app knows (expected one of: {known})")


def _recognize_origin(origin: Origin, head: bytes | None = None) -> ReleaseFile:
    data = origin.read_head() if head is None else head
    container = sniff(origin, data)
    if container == "zip":
        raise origin.error("a zip inside the zip: extract it and import the files inside")
    if container == "workbook":
        sheets = workbook_heads(origin)
        for sheet, sheet_head in sheets:
            kind = _kind_of(sheet_head)
            if kind:
                return ReleaseFile(sheet, kind)
        for sheet, _ in sheets:
            sheet.release()  # they share the workbook: close it
        hidden = [name for name, head in hidden_sheets(origin) if _kind_of(head)]
        if hidden:
            raise origin.error(
                f"the release in this workbook is on the hidden sheet "
                f"'{hidden[0]}', and hidden sheets are not imported (they often "
                "hold old or working data): if it is the one to import, unhide "
                "it in Excel (or save it as CSV) and import again"
            )
        raise _not_known(origin)
    kind = _kind_of(text_head(origin, data))
    if kind is None:
        raise _not_known(origin)
    return ReleaseFile(TextTable(origin), kind)


def release_files(path: Path) -> tuple[list[ReleaseFile], list[tuple[str, str]]]:
    """The release files in one file on disk: itself, or the members of a CMS zip download
    it recognizes, with the (member, reason) of those it skipped."""
    origin = Origin(path)
    head = origin.read_head()
    if sniff(origin, head) != "zip":
        return [_recognize_origin(origin, head)], []
    found: list[ReleaseFile] = []
    skipped: list[tuple[str, str]] = []
    members = zip_members(path)
    for member in members:
        try:
            found.append(_recognize_origin(member))
        except SourceError as exc:
            skipped.append((member.name, exc.reason))
    if not found:
        listed = ", ".join(m.member or "" for m in members[:8]) or "nothing"
        more = f" and {len(members) - 8} more" if len(members) > 8 else ""
        raise origin.error(
            f"no CMS release file this app knows inside the zip (it holds "
            f"{listed}{more}); import the CMS download itself or its files"
        )
    return found, skipped


def recognize(path: Path) -> ReleaseFile:
    """Read a file's beginning and tell which CMS release file it is, from its content alone."""
    found, _ = release_files(path)
    if len(found) != 1:
        raise Origin(path).error(
            f"the zip holds {len(found)} release files: import it whole "
            f"({command('import-cms')} or File > Import)"
        )
    return found[0]


def import_file(
    conn: sqlite3.Connection,
    release_file: ReleaseFile,
    *,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> LoadedRelease:
    """Parse the whole file first, then write it in one transaction (all or nothing)."""
    loader = _LOADERS[release_file.kind]
    report = progress or no_progress
    report(f"reading {release_file.name}", 0.0)
    chosen = replace(options or ImportOptions(), source_path=str(release_file.path.resolve()))
    try:
        loaded = loader(conn, release_file.table, chosen, report)
    except CutShort as exc:
        raise release_file.table.error(str(exc)) from exc
    except SourceError as exc:
        damage = release_file.table.origin.damage()  # the file's fault, or the zip's?
        if damage:
            raise release_file.table.origin.error(damage) from exc
        raise
    except sqlite3.Error as exc:  # the database, not the file: a full disk, a read-only one
        raise release_file.table.error(
            str(
                storage_error(exc, database_path(conn), "cannot store it in the reference database")
            )
        ) from exc
    finally:
        release_file.table.release()
    committed(report, f"loaded {release_file.name}", 1.0)
    return loaded


def committed(progress: Progress, message: str, fraction: float) -> None:
    """Report progress once a file's transaction is committed. A cancel pressed while it was
    being written (nothing checks it then) cannot undo it any more: it is not raised here,
    where it would make the caller say that nothing was written, but at the next file."""
    with suppress(Cancelled):
        progress(message, fraction)


def _order(release_file: ReleaseFile) -> tuple[int, bool]:
    # a QPP PPRRVU after the non-QPP one of its release: it then only adds its CF
    qpp = release_file.kind == "pfs" and pfs.qpp_marking([release_file.name]) is True
    return KINDS.index(release_file.kind), qpp


def _stopped(release_files: list[ReleaseFile]) -> list[SourceError]:
    """The files an import stopped (cancelled, interrupted) before: the ones before them were
    imported, and the report must say which were not."""
    for release_file in release_files:
        release_file.table.release()
    return [
        release_file.table.error(
            "the import was stopped before this file "
            "was done (the files listed as loaded were imported)"
        )
        for release_file in release_files
    ]


def import_paths(
    conn: sqlite3.Connection,
    paths: Iterable[Path],
    *,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    on_skip: OnSkip | None = None,
) -> tuple[list[LoadedRelease], list[SourceError]]:
    """Import files, CMS zip downloads and directories. Files named directly must be release
    files (or zips holding some); unknown files met inside a directory or a zip are skipped
    (and reported through on_skip). A failing file does not stop the others and leaves the
    database as it was."""
    found: list[ReleaseFile] = []
    errors: list[SourceError] = []
    skip = on_skip or (lambda where, why: None)
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                try:
                    files, skipped = release_files(child)
                except SourceError as exc:
                    skip(child, exc.reason)
                    continue
                found.extend(files)
                for member, why in skipped:
                    skip(member, why)
        elif not path.exists():
            errors.append(SourceError(path, "no such file or directory"))
        else:
            try:
                files, skipped = release_files(path)
            except SourceError as exc:
                errors.append(exc)
                continue
            found.extend(files)
            for member, why in skipped:
                skip(member, why)
    found.sort(key=_order)
    loaded: list[LoadedRelease] = []
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    for number, release_file in enumerate(found):
        try:
            loaded.append(import_file(conn, release_file, options=options, progress=progress))
        except SourceError as exc:
            errors.append(exc)
        except DatabaseError as exc:  # the database, not the file (it rolled back)
            errors.append(release_file.table.error(str(exc)))
        except (Cancelled, KeyboardInterrupt):
            if not loaded:
                raise  # nothing was written: the caller says so
            errors.extend(_stopped(found[number:]))
            progress = None  # it would raise Cancelled again
            break
        except Exception as exc:  # a bug met on this file: the others are still imported
            log.exception("import of %s failed unexpectedly", release_file.name)
            errors.append(
                release_file.table.error(
                    f"an unexpected problem stopped its import ({type(exc).__name__}: {exc}); "
                    "nothing from it was written: send the app's log to your support contact"
                )
            )
    if loaded:
        committed(
            progress or no_progress, "updating the statistics of the tables imported into", 1.0
        )
        analyze(conn, (release.table for release in loaded))
        check_after_import(conn, loaded)
    return loaded, errors


def check_after_import(conn: sqlite3.Connection, loaded: list[LoadedRelease]) -> None:
    """A quick check of every page once the files are in: a page the disk flipped (in this
    import or long before) is said now, not met by a lookup some day. The files stay imported
    (they are not the fault): the message says so and how to rebuild keeping them."""
    found = damage(conn)
    if found is None:
        return
    names = ", ".join(release.file_name for release in loaded)
    raise DatabaseError(
        f"{names} {'was' if len(loaded) == 1 else 'were'} imported, but the reference database "
        f"{database_path(conn)} is damaged ({found}): rebuild it, keeping your imports, with "
        f"'{command('build-db --keep-imports')}'"
    )

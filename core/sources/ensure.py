"""Make sure the user's reference database is there and matches the bundled data: copy the
prebuilt one the packaged app ships (core.paths.PREBUILT_DB), or build it from resources/.

Kept apart from build.py so that every CLI command and the GUI can check the database without
importing the build and its importers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from ..db import (
    SCHEMA_VERSION,
    SIDE_FILES,
    connect_readonly,
    damage,
    discard,
    get_meta,
    move_into_place,
    open_writable,
    storage_error,
)
from ..jobs import Progress
from ..paths import PREBUILT_DB, command
from ..words import plural
from . import bundle


def ensure_reference_db(
    path: Path, progress: Progress | None = None, prebuilt: Path | None = None, check: bool = False
) -> str | None:
    """Make sure the database at `path` exists, can be read and matches the bundled sources.

    Installs it when missing; replaces it when the bundle changed and nothing was imported into
    it; upgrades a database of an earlier schema that holds imported releases in place. A
    damaged one is set aside (never deleted) and rebuilt, with the releases imported into it
    imported again from their files where they still are. `check`: check every page too (a
    quick check: after the app did not close cleanly). Returns a warning for the user when the
    database is stale but holds imported releases, or was damaged."""
    current = bundle.current_fingerprint()
    wanted = current.value
    if path.exists():
        state = _inspect(path, check)
        if isinstance(state, str):
            return _repair(path, state, progress)
        built_from, imported, version = state
        if built_from == wanted:
            bundle.keep_fingerprint(current)
            return None
        if imported:
            if version != SCHEMA_VERSION:
                open_writable(path).close()  # upgraded in place, imports kept
            return (
                "The bundled reference data has changed since this database was built. "
                f"Run '{command('build-db --keep-imports')}' (it imports your CMS releases "
                "again from their files)."
            )
    if not copy_prebuilt(path, wanted, prebuilt or PREBUILT_DB, progress):
        from .build import build_reference_db  # imports every importer: only when needed

        build_reference_db(path, progress)
    return None


def _repair(path: Path, problem: str, progress: Progress | None) -> str:
    """Set a damaged database aside and rebuild it keeping the imports it had; what to say."""
    from .rebuild import rebuild_keeping_imports  # the build and every importer: only now

    kept = set_aside(path)
    rebuilt = rebuild_keeping_imports(path, progress, imports_from=kept)
    said = (
        f"The reference database {path} was damaged ({problem}). It was kept as "
        f"{kept.name} and a new one was made from the bundled data"
    )
    if rebuilt.loaded:
        said += (
            f", with {plural(len(rebuilt.loaded), 'release')} you had imported imported "
            "again from their files"
        )
    said += "."
    missing = [line for line in rebuilt.lines() if not line.startswith("imported again")]
    if missing:
        said += (
            " Not all of your imports are back: "
            + " ".join(f"{line}." for line in missing)
            + f" ('{command('import-cms')} FILE')"
        )
    return said


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and what SQLite kept beside it) out of the way, keeping it
    for a support request or a rescue: reference.sqlite.damaged-20261130-084500."""
    kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        for suffix in ("", *SIDE_FILES):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
    except OSError as exc:
        raise storage_error(exc, path, "cannot set the damaged reference database aside") from exc
    return kept


def copy_prebuilt(
    path: Path, wanted: str, prebuilt: Path, progress: Progress | None = None
) -> bool:
    """Copy the database built when the app was packaged, if it was built from this bundle.
    False when there is none (a checkout) or it is of another bundle."""
    if not prebuilt.is_file():
        return False
    state = _inspect(prebuilt)
    if isinstance(state, str) or state[0] != wanted:
        return False
    if progress:
        progress("copying the reference database", 0.1)
    partial = path.with_name(path.name + ".copying")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prebuilt, partial)
        move_into_place(partial, path)
    except OSError as exc:
        discard(partial)
        raise storage_error(exc, path, "cannot copy the reference database") from exc
    if progress:
        progress("reference database ready", 1.0)
    return True


def _inspect(path: Path, check: bool = False) -> tuple[str | None, int, str | None] | str:
    """The bundle fingerprint a database was built from, how many releases were imported into
    it and its schema version; or what is wrong when it cannot be read (or, with `check`,
    when a page of it is damaged)."""
    try:
        if _cut_short(path):
            return "the file is shorter than the database it holds: cut short"
        conn = connect_readonly(path)
        try:
            found = damage(conn) if check else None
            if found:
                return found
            built_from = get_meta(conn, "bundle_fingerprint")
            version = get_meta(conn, "schema_version")
            imported = conn.execute(
                "SELECT COUNT(*) FROM sources WHERE origin = 'imported'"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return str(exc)
        raise storage_error(exc, path, "cannot read the reference database") from exc
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return built_from, imported, version


def _cut_short(path: Path) -> bool:
    """Whether the file holds fewer pages than its header says (a copy or a disk that stopped
    midway), read from the header itself: SQLite would only fail on the first missing page.
    Pages not yet copied back from a -wal file are not in it: only checked without one."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return False
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False  # not a database at all: SQLite says so
    if header[24:28] != header[92:96]:
        return False  # the page count in the header is not kept up
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    return path.stat().st_size < pages * (65536 if page_size == 1 else page_size)

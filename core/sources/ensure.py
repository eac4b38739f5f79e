"""Make sure the user's reference database is there and matches the bundled data: copy the
prebuilt one the packaged app ships (core.paths.PREBUILT_DB), or build it from resources/.

Kept apart from build.py so that every CLI command and the GUI can check the database without
importing the build and its importers."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from ..db import DatabaseError, get_meta
from ..jobs import Progress
from ..paths import PREBUILT_DB, command
from . import bundle


def ensure_reference_db(path: Path, progress: Progress | None = None,
                        prebuilt: Path | None = None) -> str | None:
    """Make sure the database at `path` exists and matches the bundled sources.

    Installs it when missing; replaces it when the bundle changed and nothing was imported into
    it. Returns a warning for the user when it is stale but holds imported releases."""
    wanted = bundle.fingerprint()
    if path.exists():
        built_from, imported = _built_from(path)
        if built_from == wanted:
            return None
        if imported:
            return ("The bundled reference data has changed since this database was built. Run "
                    f"'{command('build-db')}' and import your CMS releases again.")
    if not copy_prebuilt(path, wanted, prebuilt or PREBUILT_DB, progress):
        from .build import build_reference_db  # imports every importer: only when needed

        build_reference_db(path, progress)
    return None


def copy_prebuilt(path: Path, wanted: str, prebuilt: Path,
                  progress: Progress | None = None) -> bool:
    """Copy the database built when the app was packaged, if it was built from this bundle.
    False when there is none (a checkout) or it is of another bundle."""
    if not prebuilt.is_file() or _built_from(prebuilt)[0] != wanted:
        return False
    if progress:
        progress("copying the reference database", 0.1)
    partial = path.with_name(path.name + ".copying")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prebuilt, partial)
    flush_to_disk(partial)
    os.replace(partial, path)
    if progress:
        progress("reference database ready", 1.0)
    return True


def flush_to_disk(path: Path) -> None:
    """Make sure a file's bytes are on disk before it is renamed into place."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _built_from(path: Path) -> tuple[str | None, int]:
    """The bundle fingerprint a database was built from and how many releases were imported."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            built_from = get_meta(conn, "bundle_fingerprint")
            imported = conn.execute(
                "SELECT COUNT(*) FROM sources WHERE origin = 'imported'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable reference database ({exc}); delete it "
                            f"or run '{command('build-db')}'") from exc
    return built_from, imported

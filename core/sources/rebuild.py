"""Rebuild the reference database keeping the user's imports: build it afresh from the bundled
data, then import again every release that was imported into it whose file is still where it
was imported from (source_files records the full path of each). The old database stays in
place until the new one is complete; a damaged one is read for what was imported as far as it
can be, then set aside by the caller.

`build-db --keep-imports` on the command line, Rebuild... on the Data tab, and the start-up
repair of a damaged database (core.sources.ensure) run it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..db import connect_readonly, discard, has_table, move_into_place, open_writable
from ..jobs import Progress, no_progress, share
from .build import build_reference_db
from .importer import import_paths
from .store import LoadedRelease


@dataclass
class RecordedImports:
    """What was imported into a database: the files still there to import again, the
    releases whose files are gone (release, path) and those imported before paths were
    recorded."""

    present: list[Path] = field(default_factory=list)
    gone: list[tuple[str, str]] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)
    unreadable: str = ""  # why the old database could not be read for them


@dataclass
class RebuildReport:
    path: Path
    recorded: RecordedImports
    loaded: list[LoadedRelease]
    errors: list[str]  # files still there that could not be imported again

    def complete(self) -> bool:
        """Whether every release imported before is back."""
        recorded = self.recorded
        return not (recorded.gone or recorded.unrecorded or recorded.unreadable or self.errors)

    def lines(self) -> list[str]:
        """What the user should know, one line each."""
        said = [f"imported again: {release.summary()}" for release in self.loaded]
        said += [f"not imported again: {error}" for error in self.errors]
        said += [
            f"not imported again: {release}: its file {path} is not there any more; import it again"
            for release, path in self.recorded.gone
        ]
        said += [
            f"not imported again: {release}: it was imported before the app recorded "
            "where files come from; import it again"
            for release in self.recorded.unrecorded
        ]
        if self.recorded.unreadable:
            said.append(
                "the releases imported into the old database could not be read from "
                f"it ({self.recorded.unreadable}): import them again"
            )
        return said


def recorded_imports(path: Path) -> RecordedImports:
    """The imported releases of the database at `path` and their files (read as far as a
    damaged database allows)."""
    found = RecordedImports()
    if not path.exists():
        return found
    try:
        conn = connect_readonly(path)
        try:
            releases = conn.execute(
                "SELECT source, release FROM sources WHERE origin = "
                "'imported' ORDER BY effective_date"
            ).fetchall()
            paths: dict[tuple[str, str], list[str]] = {}
            if has_table(conn, "source_files"):
                for source, release, file_path in conn.execute(
                    "SELECT source, release, path FROM source_files ORDER BY imported_at"
                ):
                    paths.setdefault((source, release), []).append(file_path)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        found.unreadable = str(exc)
        return found
    for source, release in releases:
        files = paths.get((source, release))
        if not files:
            found.unrecorded.append(release)
            continue
        for file_path in files:
            if Path(file_path).is_file():
                if Path(file_path) not in found.present:
                    found.present.append(Path(file_path))
            else:
                found.gone.append((release, file_path))
    return found


def rebuild_keeping_imports(
    path: Path, progress: Progress | None = None, imports_from: Path | None = None
) -> RebuildReport:
    """Build the database at `path` afresh and import again the releases imported into it
    (or into `imports_from`: a damaged database set aside) whose files are still there. The
    database at `path` is replaced only once the new one is complete and checked."""
    report = progress or no_progress
    recorded = recorded_imports(imports_from or path)
    partial = path.with_name(path.name + ".rebuilding")
    try:
        discard(partial)  # what a killed rebuild left
        build_reference_db(partial, share(report, 0.0, 0.5))
        loaded: list[LoadedRelease] = []
        errors: list[str] = []
        if recorded.present:
            conn = open_writable(partial)
            try:
                loaded, failed = import_paths(
                    conn, recorded.present, progress=share(report, 0.5, 0.98)
                )
            finally:
                conn.close()
            errors = [str(error) for error in failed]
        move_into_place(partial, path)
    except BaseException:
        discard(partial)
        raise
    report("reference database rebuilt", 1.0)
    return RebuildReport(path, recorded, loaded, errors)

"""Damaged pages are found and the database rebuilt keeping the user's imports (issue 16,
item 15): every import ends with a quick check of every page, and `build-db --keep-imports`
(the Data tab's Rebuild...) builds the database afresh and imports again every release whose
recorded file is still there, saying which could not be. Before, a page flipped on disk gave
tracebacks or went unnoticed, and a rebuild lost every import."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from core.db import DatabaseError, open_writable
from core.sources.importer import import_paths
from core.sources.rebuild import rebuild_keeping_imports, recorded_imports
from tests.conftest import cms_file
from tests.support.faults import big_ptp, run_cli
from tests.support.imports import import_all

MUE = "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"


def flip_a_page(db: Path, table: str) -> None:
    """Garble the first page of `table` on disk, as a failing disk does."""
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xa5" * size)


def imported(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT source, release FROM sources WHERE origin = 'imported' ORDER BY source, release"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def downloads(tmp_path: Path) -> list[Path]:
    """The user's own copies of CMS files (a GPCI file, an NCCI part)."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    gpci = shutil.copyfile(cms_file("pfs2026", "GPCI2026.csv"), folder / "GPCI2026.csv")
    return [Path(gpci), big_ptp(folder, 2_000)]


def test_an_import_records_the_full_path_of_each_file(db_path, downloads):
    loaded, errors, _ = import_all(db_path, *downloads)
    assert errors == [] and len(loaded) == 2
    found = recorded_imports(db_path)
    assert sorted(found.present) == sorted(p.resolve() for p in downloads)
    assert found.gone == [] and found.unrecorded == []


@pytest.mark.slow
def test_rebuild_keeps_the_imports_whose_files_are_there_and_names_the_others(db_path, downloads):
    import_all(db_path, *downloads)
    before = imported(db_path)
    assert before == [("gpci", "GPCI2026"), ("ncci_ptp", "NCCI PTP 2025Q4")]

    rebuilt = rebuild_keeping_imports(db_path)

    assert rebuilt.complete() and imported(db_path) == before
    assert [line.split(",")[0] for line in rebuilt.lines()] == [
        "imported again: gpci: GPCI2026",
        "imported again: ncci_ptp: NCCI PTP 2025Q4",
    ]

    downloads[1].unlink()  # the NCCI part was deleted since
    rebuilt = rebuild_keeping_imports(db_path)
    assert not rebuilt.complete() and imported(db_path) == [("gpci", "GPCI2026")]
    assert rebuilt.lines()[1] == (
        f"not imported again: NCCI PTP 2025Q4: its file {downloads[1].resolve()} is not there "
        "any more; import it again"
    )


@pytest.mark.slow
def test_build_db_keep_imports_on_the_command_line(db_path, downloads):
    import_all(db_path, downloads[0])

    result = run_cli("build-db", "--keep-imports", "--db", str(db_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f"rebuilt {db_path}",
        "  imported again: gpci: GPCI2026, 109 rows into gpci, effective 2026-01-01 to 2026-12-31",
    ]
    assert "Traceback" not in result.stderr


def test_a_page_flipped_on_disk_is_found_by_the_next_import(db_path, downloads):
    """The import itself went well: it stays, and the message says how to rebuild."""
    flip_a_page(db_path, "icd10cm")  # a table the import does not touch
    conn = open_writable(db_path)
    try:
        with pytest.raises(DatabaseError) as caught:
            import_paths(conn, [downloads[0]])
    finally:
        conn.close()
    message = str(caught.value)
    assert message.startswith(
        f"GPCI2026.csv was imported, but the reference database {db_path} is damaged ("
    )
    assert message.endswith(
        "rebuild it, keeping your imports, with 'python main.py build-db --keep-imports'"
    )

    result = run_cli("import-cms", str(downloads[1]), "--db", str(db_path))
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        line for line in result.stderr.splitlines() if "build-db --keep-imports" in line
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_flipped_page_is_repaired_by_a_rebuild_keeping_the_imports(db_path, downloads):
    import_all(db_path, downloads[0])
    flip_a_page(db_path, "icd10cm")

    rebuilt = rebuild_keeping_imports(db_path)

    assert rebuilt.complete() and imported(db_path) == [("gpci", "GPCI2026")]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()

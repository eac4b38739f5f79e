"""A process killed in the middle of an import (kill -9, SIGTERM) or of the first-launch build
leaves a database the app starts on and answers lookups from, with the release either wholly
there or not at all; and the app keeps answering lookups while an import runs."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from core.db import open_readonly
from core.sources.ensure import ensure_reference_db
from tests.support.faults import big_ptp, cli, run_cli, signal_when

ROWS = 200_000
RELEASE = "NCCI PTP 2025Q4"


@pytest.fixture(scope="module")
def part(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_ptp(tmp_path_factory.mktemp("ncci"), ROWS)


def ncci_state(db: Path) -> tuple[int, int | None]:
    """(edits of the release in the database, row count its sources row records)."""
    conn = open_readonly(db)
    try:
        edits = conn.execute(
            "SELECT COUNT(*) FROM ncci_edits WHERE release = ?", (RELEASE,)
        ).fetchone()[0]
        row = conn.execute("SELECT row_count FROM sources WHERE release = ?", (RELEASE,)).fetchone()
        return edits, row[0] if row else None
    finally:
        conn.close()


def assert_the_app_starts_and_answers(db: Path) -> None:
    """What the app does on start-up (ensure the database, open it read-only), then a lookup and
    a fee in a separate process, as a biller would run them."""
    assert ensure_reference_db(db) is None  # kept: neither rebuilt nor set aside
    open_readonly(db).close()
    looked_up = run_cli("lookup", "99213", "--db", str(db), "--json")
    assert looked_up.returncode == 0, looked_up.stderr
    assert json.loads(looked_up.stdout)["results"][0]["code"] == "99213"
    fee = run_cli("fee", "99213", "--date", "2026-05-01", "--db", str(db))
    assert fee.returncode == 0 and "$95.19" in fee.stdout, fee.stderr


def assert_all_or_nothing(db: Path) -> None:
    edits, recorded = ncci_state(db)
    assert (edits, recorded) in ((0, None), (ROWS, ROWS)), (edits, recorded)


# Moments of the import, by the progress lines the CLI prints (one per 20%) on stderr: reading
# and inserting the edits (the 2nd and 4th 'reading' lines: 20% and 60% of the file), building
# the indexes, and once it is committed ('loaded'), while the statistics are updated.
MOMENTS = {
    "inserting, 20%": ("reading", 2),
    "inserting, 60%": ("reading", 4),
    "indexing": ("indexing", 1),
    "committed": ("loaded", 1),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_kill_9_during_an_import_leaves_a_database_the_app_starts_on(db_path, part, moment):
    says, times = MOMENTS[moment]
    importing = cli("import-cms", str(part), "--db", str(db_path))
    signal_when(importing, says, signal.SIGKILL, times)
    assert importing.wait(30) == -signal.SIGKILL

    assert_all_or_nothing(db_path)
    assert_the_app_starts_and_answers(db_path)
    again = run_cli("import-cms", str(part), "--db", str(db_path))
    assert again.returncode == 0, again.stderr
    assert ncci_state(db_path) == (ROWS, ROWS)


@pytest.mark.slow
def test_kill_9_at_any_moment_of_an_import(db_path, part, tmp_path):
    """Ten moments spread over the whole import, from its start to its last statistics."""
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(db_path, pristine)
    started = time.monotonic()
    whole = run_cli("import-cms", str(part), "--db", str(pristine))
    took = time.monotonic() - started
    assert whole.returncode == 0, whole.stderr
    for step in range(10):
        db = tmp_path / f"killed-{step}.sqlite"
        shutil.copyfile(db_path, db)
        importing = cli("import-cms", str(part), "--db", str(db))
        time.sleep(took * (step + 0.5) / 10)
        importing.kill()
        importing.wait(30)
        assert_all_or_nothing(db)
        assert_the_app_starts_and_answers(db)


def test_sigterm_during_an_import_rolls_it_back_and_says_so(db_path, part):
    importing = cli("import-cms", str(part), "--db", str(db_path))
    signal_when(importing, "reading", signal.SIGTERM, times=2)
    _, stderr = importing.communicate(timeout=60)

    assert importing.returncode == 143
    assert stderr.splitlines()[-1] == "interrupted: nothing was written"
    assert "Traceback" not in stderr
    assert ncci_state(db_path) == (0, None)
    assert_the_app_starts_and_answers(db_path)


def test_lookups_answer_at_once_while_an_import_writes(db_path, part):
    """Before WAL mode a reader waited for the importer's lock for 5 s, then failed with
    'database is locked'."""
    reader = open_readonly(db_path)
    importing = cli("import-cms", str(part), "--db", str(db_path))
    signal_when(importing, "reading", signal.SIGSTOP, 2)  # frozen in the middle of its writes
    try:
        started = time.monotonic()
        found = reader.execute("SELECT COUNT(*) FROM pfs_rvu WHERE hcpcs = '99213'").fetchone()
        assert found[0] > 0 and time.monotonic() - started < 0.5
        fresh = open_readonly(db_path)  # a new connection: the app's next start
        assert fresh.execute("SELECT COUNT(*) FROM ncci_ptp").fetchone()[0] == 0
        fresh.close()
    finally:
        importing.send_signal(signal.SIGCONT)
    assert importing.wait(120) == 0, importing.stderr.read() if importing.stderr else ""
    reader.close()
    assert ncci_state(db_path) == (ROWS, ROWS)


@pytest.mark.parametrize("moment", ["loading", "building the search index"])
def test_kill_9_during_the_first_launch_build_leaves_nothing_half_built(tmp_path, moment):
    db = tmp_path / "home" / "reference.sqlite"
    building = cli("build-db", "--db", str(db))
    signal_when(building, moment, signal.SIGKILL)
    building.wait(30)

    assert not db.exists()  # never half a database in its place
    assert ensure_reference_db(db) is None  # the next start builds it afresh
    assert sorted(p.name for p in db.parent.iterdir()) == ["reference.sqlite"]
    assert_the_app_starts_and_answers(db)


def test_a_journal_left_by_an_import_killed_before_wal_mode_is_rolled_back(db_path):
    """Databases of earlier versions imported with a rollback journal: a kill -9 left it hot,
    and a read-only open failed ('attempt to write a readonly database'), so the app did not
    start. The journal written here is the one SQLite leaves: a transaction never committed."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1")  # spill: pages change in the file itself
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM pfs_rvu")
    journal = db_path.with_name(db_path.name + "-journal")
    shutil.copyfile(journal, journal.with_suffix(".kept"))
    shutil.copyfile(db_path, db_path.with_suffix(".torn"))
    conn.execute("ROLLBACK")
    conn.close()
    shutil.copyfile(db_path.with_suffix(".torn"), db_path)  # as the killed process left it
    shutil.copyfile(journal.with_suffix(".kept"), journal)

    assert_the_app_starts_and_answers(db_path)
    assert not journal.exists()


def test_a_zip_damaged_in_the_middle_of_a_part_writes_nothing(db_path, part, tmp_path):
    """The part is read from the zip as it is imported: the damage is met after thousands of
    edits were inserted, and the whole part is rolled back with one line naming the zip."""
    download = tmp_path / "ncci-2025q4.zip"
    with zipfile.ZipFile(download, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(part, part.name)
    data = bytearray(download.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # a download with a hole in it
    download.write_bytes(bytes(data))

    result = run_cli("import-cms", str(download), "--db", str(db_path))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert (
        len(errors) == 1
        and errors[0].startswith(f"error: {download.name} \u203a {part.name}: ")
        and "download it again" in errors[0]
    )
    assert ncci_state(db_path) == (0, None)

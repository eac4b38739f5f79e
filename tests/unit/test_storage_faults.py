"""A disk that fills up, a folder that cannot be written and a damaged database: each is said
in one line (what, where, what to do), never a traceback, and nothing that was there is lost.

The full disk is a small tmpfs and the read-only folder a read-only bind mount, each in a
mount namespace of the test's own (tests/support/faults.py: `unshare -rm`): chmod cannot make
a folder read-only for root, and these tests run as root here."""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.db import DatabaseError, open_readonly, open_writable
from core.sources.ensure import ensure_reference_db
from core.sources.importer import import_paths
from tests.conftest import PROJECT_ROOT
from tests.support.faults import big_ptp, in_namespace, run_cli

PY = shlex.quote(sys.executable)


def one_error_line(stderr: str) -> str:
    """The one line a failed command prints (progress lines aside); never a traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    return errors[0]


# ---------------------------------------------------------------- a full disk


def test_a_disk_filling_up_during_an_import_is_said_and_changes_nothing(built_db, tmp_path):
    part = big_ptp(tmp_path / "files", 200_000)
    disk = tmp_path / "disk"
    disk.mkdir()
    size_mb = built_db.stat().st_size // 2**20 + 8  # the database and 8 MB to spare
    result = in_namespace(f"""
        mount -t tmpfs -o size={size_mb}m tmpfs {disk}
        cp {built_db} {disk}/reference.sqlite
        set +e
        {PY} main.py import-cms {part} --db {disk}/reference.sqlite 2> {disk}/import.err
        echo "exit $?"
        set -e
        cat {disk}/import.err >&2
        {PY} main.py lookup 99213 --db {disk}/reference.sqlite --json
        {PY} main.py releases --db {disk}/reference.sqlite --json
    """)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("exit 2\n")
    assert one_error_line(result.stderr) == (
        f"error: {part.name}: cannot store it in the reference database: the disk holding "
        f"{disk} is full; free some space and try again (nothing from this file was written)"
    )
    lookup_json, releases_json = out[len("exit 2\n") :].split("\n}\n", 1)
    assert json.loads(lookup_json + "}")["results"][0]["code"] == "99213"
    releases = json.loads(releases_json)["releases"]
    assert not [r for r in releases if r["source"] == "ncci_ptp"]


def test_a_full_disk_at_the_first_launch_build_leaves_no_half_built_file(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    result = in_namespace(f"""
        mount -t tmpfs -o size=16m tmpfs {disk}
        set +e
        BILLING_ASSISTANT_HOME={disk}/home {PY} main.py lookup 99213
        echo "exit $?"
        ls -A {disk}/home
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["exit", "2"]  # and the home folder is empty
    assert one_error_line(result.stderr) == (
        f"error: cannot build the reference database: the disk holding {disk}/home is full; "
        "free some space and try again"
    )


# ---------------------------------------------------------------- a read-only folder


def read_only_home(tmp_path: Path, db: Path, script: str) -> str:
    """`script` run with BILLING_ASSISTANT_HOME a read-only folder holding `db`."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(db, home / "reference.sqlite")
    result = in_namespace(f"""
        mount --bind {home} {home}
        mount -o remount,bind,ro {home}
        export BILLING_ASSISTANT_HOME={home}
        touch {home}/probe 2>/dev/null && echo "the folder is writable" >&2 && exit 99
        {script}
    """)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wal_mode_copy(db_path: Path) -> Path:
    """The database as an import leaves it: in WAL mode (its -wal removed on close)."""
    open_writable(db_path).close()
    assert db_path.read_bytes()[18:20] == b"\x02\x02"  # the WAL file format bytes
    return db_path


@pytest.mark.parametrize("mode", ["as built", "after an import (WAL)"])
def test_lookups_work_from_a_read_only_folder(db_path, tmp_path, mode):
    db = wal_mode_copy(db_path) if mode != "as built" else db_path
    out = read_only_home(
        tmp_path,
        db,
        f"""
        {PY} main.py lookup 99213 --json
        {PY} main.py fee 99213 --date 2026-05-01
    """,
    )
    assert '"code": "99213"' in out and "$95.19" in out


def test_an_import_into_a_read_only_folder_is_refused_in_one_line(db_path, tmp_path):
    part = big_ptp(tmp_path / "files", 10)
    out = read_only_home(
        tmp_path,
        db_path,
        f"""
        set +e
        {PY} main.py import-cms {part} 2> {tmp_path}/import.err
        echo "exit $?"
    """,
    )
    assert out.split() == ["exit", "2"]
    home = tmp_path / "home"
    assert one_error_line((tmp_path / "import.err").read_text()) == (
        f"error: cannot open the reference database: {home} cannot be written (a read-only "
        "folder or disk, or no permission); make it writable, or point the app at another "
        "folder with the BILLING_ASSISTANT_HOME environment variable"
    )


# ---------------------------------------------------------------- a damaged database


def test_a_reference_database_that_is_not_one_is_set_aside_and_made_again(built_db, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    damaged = home / "reference.sqlite"
    damaged.write_bytes(b"this is not a database, " * 4096)

    result = run_cli(
        "lookup", "99213", "--json", env={**_env(), "BILLING_ASSISTANT_HOME": str(home)}
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["code"] == "99213"
    kept = [p for p in home.iterdir() if p.name.startswith("reference.sqlite.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == [
        f"warning: The reference database {damaged} was damaged (file is not a database). It "
        f"was kept as {kept[0].name} and a new one was made from the bundled data. Not all of "
        "your imports are back: the releases imported into the old database could not be read "
        "from it (file is not a database): import them again. ('python main.py import-cms "
        "FILE')"
    ]


def test_a_database_cut_short_is_set_aside_not_used(built_db, tmp_path):
    db = tmp_path / "reference.sqlite"
    data = built_db.read_bytes()
    db.write_bytes(data[: len(data) // 2])  # a copy or a disk that stopped midway

    warning = ensure_reference_db(db)

    assert warning and "cut short" in warning and "was kept as reference.sqlite.damaged-" in warning
    conn = open_readonly(db)
    assert conn.execute("SELECT COUNT(*) FROM pfs_rvu").fetchone()[0] > 0
    conn.close()


def test_a_damaged_page_met_by_a_command_is_one_line(db_path):
    """A page garbled in the middle is not seen at start-up (checking every page would take
    seconds at each launch); the command that meets it says so in one line."""
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'pfs_rvu'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * size)

    result = run_cli("fee", "99213", "--db", str(db_path))

    assert result.returncode == 2
    assert one_error_line(result.stderr).startswith(
        f"error: cannot read the reference database: {db_path} is damaged ("
    )


def test_importing_into_a_file_that_is_not_a_database_says_so(tmp_path):
    bad = tmp_path / "reference.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseError) as caught:
        import_paths(open_writable(bad), [])
    assert str(caught.value).startswith(
        f"cannot open the reference database: {bad} is not a "
        "database file (file is not a database); check that "
        "--db names the reference database (reference.sqlite)"
    )
    assert bad.read_bytes() == b"garbage" * 1000


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "BILLING_ASSISTANT_HOME"} | {
        "PYTHONPATH": str(PROJECT_ROOT)
    }


def test_a_damaged_workspace_is_named_with_what_to_do_keeping_it(db_path, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    workspace = home / "workspace.sqlite"
    workspace.write_bytes(b"\0garbage" * 2048)

    result = run_cli("payer", "list", env={**_env(), "BILLING_ASSISTANT_HOME": str(home)})

    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        f"error: cannot read your workspace: {workspace} is damaged (file is not a database); "
        "rename it to keep it (it holds your worklist, payer profiles and remittances: your "
        "support contact may rescue them) and run the command again: a new, empty workspace "
        "is made"
    )
    assert workspace.read_bytes().startswith(b"\0garbage")  # never deleted or replaced


def test_a_log_on_a_full_disk_prints_no_traceback(tmp_path):
    """/dev/full answers every write with ENOSPC: a real full device."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    script = (
        "import logging; from pathlib import Path; from core.logs import setup_logging; "
        "setup_logging(Path('/dev/full')); "
        "logging.getLogger('billing.test').error('a message that cannot be written'); "
        "print('still running')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout == "still running\n"
    assert result.stderr == ""


def test_a_full_disk_while_copying_the_prebuilt_database(built_db, tmp_path):
    """The packaged app's first launch copies the database it ships into the data folder."""
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "first_launch.py"
    script.write_text(
        "from pathlib import Path\n"
        "from core.db import DatabaseError\n"
        "from core.sources.ensure import ensure_reference_db\n"
        "try:\n"
        f"    ensure_reference_db(Path('{disk}/home/reference.sqlite'), "
        f"prebuilt=Path('{built_db}'))\n"
        "except DatabaseError as exc:\n"
        "    print(exc)\n"
    )
    result = in_namespace(f"""
        mount -t tmpfs -o size=16m tmpfs {disk}
        {PY} {script}
        ls -A {disk}/home
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"cannot copy the reference database: the disk holding {disk}/home is full; free "
        "some space and try again\n"
    )  # and no partial copy left

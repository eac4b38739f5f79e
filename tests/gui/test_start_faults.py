"""The desktop app started on faults (issue 16, items 3, 12, 13, 15), as a user starts it
(`python main.py`, offscreen, in a smoke run that prints its start-up messages and quits once
the window is shown):

- a damaged workspace is set aside with a dated name, said, and a new one made (item 3);
- a second app on the same workspace says the first one is open and quits; a lock left by a
  killed app is taken over (item 12);
- after an unclean shutdown the reference database is checked page by page, and a damaged one
  rebuilt with the user's imports (item 15);
- the workspace is private to its owner (item 13).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, cms_file

pytestmark = pytest.mark.slow  # each test starts the real app in a subprocess


def env(home: Path, smoke: bool = True) -> dict[str, str]:
    extra = {"BILLING_ASSISTANT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if smoke:
        extra["BILLING_ASSISTANT_SMOKE"] = "1"
    return {k: v for k, v in os.environ.items() if k != "BILLING_ASSISTANT_SMOKE"} | extra


def launch(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py"],
        cwd=PROJECT_ROOT,
        env=env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def start(home: Path) -> subprocess.Popen[str]:
    """The app started for good (no smoke run); returns once its window is up."""
    app = subprocess.Popen(
        [sys.executable, "main.py"],
        cwd=PROJECT_ROOT,
        env=env(home, smoke=False),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    log = home / "logs" / "billing-assistant.log"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists() and "remittances read: done" in log.read_text():
            return app
        if app.poll() is not None:
            pytest.fail(f"the app ended: {app.communicate()}")
        time.sleep(0.1)
    app.kill()
    pytest.fail("the app's window did not come up")


@pytest.fixture
def home(built_db: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copyfile(built_db, folder / "reference.sqlite")
    return folder


def test_a_damaged_workspace_is_set_aside_said_and_made_again(home):
    workspace = home / "workspace.sqlite"
    workspace.write_bytes(b"\0not a workspace" * 1024)

    result = launch(home)

    assert result.returncode == 0, result.stderr[-2000:]
    kept = sorted(home.glob("workspace.sqlite.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\0not a workspace")
    assert result.stdout.splitlines() == [
        "window shown",
        f"warning: Your workspace {workspace} was damaged (file is not a database). It was "
        f"kept as {kept[0]} (your saved worklist, payer profiles and remittances are in it: "
        "your support contact may rescue them) and a new, empty workspace was made. Open your "
        "last saved worklist file again to go on.",
    ]
    with sqlite3.connect(workspace) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert "Traceback" not in result.stderr


def test_a_second_app_on_the_same_workspace_says_so_and_quits(home):
    first = start(home)
    try:
        second = launch(home)
        assert second.returncode == 2, second.stderr[-2000:]
        assert second.stdout.startswith(
            f"already running: Billing Assistant is already open with your workspace "
            f"({home / 'workspace.sqlite'}, process {first.pid}"
        )
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(60)
    assert first.returncode == 143
    assert not (home / "workspace.sqlite.lock").exists()  # released on the way out
    assert launch(home).stdout.splitlines() == ["window shown"]


def test_after_a_kill_the_reference_database_is_checked_and_rebuilt_with_the_imports(home):
    gpci = cms_file("pfs2026", "GPCI2026.csv")
    local = home.parent / "downloads" / gpci.name
    local.parent.mkdir()
    shutil.copyfile(gpci, local)
    imported = subprocess.run(
        [sys.executable, "main.py", "import-cms", str(local)],
        cwd=PROJECT_ROOT,
        env=env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr
    app = start(home)
    app.kill()  # kill -9: the lock file stays behind
    app.wait(30)
    assert (home / "workspace.sqlite.lock").exists()
    flip_a_page(home / "reference.sqlite", "icd10cm")  # a page the disk garbled meanwhile

    result = launch(home)

    assert result.returncode == 0, result.stderr[-2000:]
    kept = sorted(home.glob("reference.sqlite.damaged-*[0-9]"))  # with its -wal and -shm
    assert len(kept) == 1
    shown, warning = result.stdout.splitlines()
    assert warning.startswith(
        f"warning: The reference database {home / 'reference.sqlite'} was damaged ("
    )
    assert warning.endswith(
        f"It was kept as {kept[0].name} and a new one was made from the "
        "bundled data, with 1 release you had imported imported again "
        "from their files."
    )
    assert shown == "window shown"
    with sqlite3.connect(home / "reference.sqlite") as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert conn.execute("SELECT origin FROM sources WHERE release = 'GPCI2026'").fetchall() == [
            ("imported",)
        ]


def test_a_clean_start_does_not_check_every_page(home):
    """The check runs only after an unclean shutdown: a page garbled in a table no start-up
    reads is not looked for at each launch (the command or the tab that meets it says so)."""
    assert launch(home).stdout.splitlines() == ["window shown"]
    flip_a_page(home / "reference.sqlite", "icd10cm")
    assert launch(home).stdout.splitlines() == ["window shown"]
    assert not list(home.glob("reference.sqlite.damaged-*"))


def test_the_workspace_is_private_to_its_owner_and_an_old_one_is_tightened(home):
    assert launch(home).returncode == 0
    workspace = home / "workspace.sqlite"
    assert mode(home) == 0o700 and mode(workspace) == 0o600
    assert mode(home / "settings.ini") == 0o644  # no patient data: normal modes
    assert mode(home / "logs" / "billing-assistant.log") == 0o644

    os.chmod(home, 0o755)  # made by an earlier version
    os.chmod(workspace, 0o644)
    wal = home / "workspace.sqlite-wal"
    wal.write_bytes(b"")
    os.chmod(wal, 0o644)
    assert launch(home).returncode == 0
    assert (mode(home), mode(workspace), mode(wal)) == (0o700, 0o600, 0o600)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def flip_a_page(db: Path, table: str) -> None:
    """Garble one page of `table` on disk, as a failing disk does."""
    with sqlite3.connect(db) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xa5" * size)

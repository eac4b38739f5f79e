"""The packaged app: packaging/build.py builds the one folder with PyInstaller (about a minute
on two cores), and its programs run on their own: the command line, the window (offscreen),
and the first launch copies the prebuilt database instead of building one."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.db import get_meta
from tests.conftest import PROJECT_ROOT
from tests.support.worklists import x12_file

pytestmark = pytest.mark.slow
EXE = ".exe" if os.name == "nt" else ""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip(
        "PyInstaller",
        reason='PyInstaller is not installed: pip install -e ".[package]" (the test extra has it)',
    )
    out = tmp_path_factory.mktemp("packaged")
    subprocess.run(
        [
            sys.executable,
            "packaging/build.py",
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=PROJECT_ROOT,
        check=True,
        timeout=1800,
    )
    return out / "dist" / "billing-assistant"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def run(
    folder: Path, home: Path, program: str, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a packaged program from outside the checkout, with its own data folder."""
    result = subprocess.run(
        [str(folder / f"{program}{EXE}"), *args],
        cwd=home,
        env={**os.environ, "BILLING_ASSISTANT_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def built_at(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return get_meta(conn, "built_at")
    finally:
        conn.close()


def test_the_folder_holds_both_programs_and_the_prebuilt_database(folder):
    assert (folder / f"billing-assistant{EXE}").is_file()
    assert (folder / f"billing-assistant-gui{EXE}").is_file()
    assert (folder / "_internal" / "resources" / "reference.sqlite").is_file()


def test_the_first_lookup_copies_the_prebuilt_database(folder, home):
    result = run(folder, home, "billing-assistant", "lookup", "77011", "--json")
    assert json.loads(result.stdout)["results"][0]["code"] == "77011"
    assert "copying the reference database" in result.stderr
    prebuilt = folder / "_internal" / "resources" / "reference.sqlite"
    assert built_at(home / "reference.sqlite") == built_at(prebuilt)


def test_help_names_the_installed_command(folder, home):
    assert run(folder, home, "billing-assistant", "--help").stdout.startswith(
        "usage: billing-assistant "
    )


def test_fee_on_a_date_the_bundled_data_covers(folder, home):
    result = run(
        folder, home, "billing-assistant", "fee", "99213", "--date", "2025-11-03", "--json"
    )
    fee = json.loads(result.stdout)
    assert (fee["release"], fee["amount"], fee["conversion_factor"]) == (
        "RVU25D",
        "88.95",
        "32.3465",
    )


def test_scrub_a_sample_837(folder, home):
    sample = x12_file("imsweb_x12-parser", "x12_complex.txt")
    result = run(
        folder, home, "billing-assistant", "scrub", str(sample), "--json", "--as-of", "2025-12-01"
    )
    claims = json.loads(result.stdout)["claims"]
    assert len(claims) == 6 and {c["status"] for c in claims} == {"errors"}


@pytest.mark.parametrize("program", ["billing-assistant-gui", "billing-assistant"])
def test_the_window_opens_offscreen_and_the_app_exits_cleanly(folder, home, program):
    result = run(folder, home, program, QT_QPA_PLATFORM="offscreen", BILLING_ASSISTANT_SMOKE="1")
    assert result.stdout.splitlines() == ["window shown"]

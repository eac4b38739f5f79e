"""A lookup starts fast because the CLI imports only what the command needs (issue 14): no
spreadsheet library, no importers or build, no Qt, no ICD-10-CM package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

HEAVY = (
    "openpyxl",
    "sqlite_utils",
    "PySide6",
    "simple_icd_10_cm",
    "core.sources.build",
    "core.sources.importer",
    "xlsxwriter",
    "python_calamine",
    "core.remit.x12_835",  # the remit commands' handlers load only for a remit command
    "core.remit.importing",
)


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


@pytest.mark.parametrize(
    "args",
    [
        ("lookup", "77011", "--json"),
        ("fee", "99213", "--date", "2025-11-03", "--json"),
        ("releases", "--date", "2025-11-03"),
        ("--help",),
    ],
)
def test_a_command_imports_only_what_it_needs(built_db, args):
    db = () if args == ("--help",) else ("--db", str(built_db))
    modules = imported_modules(*args, *db)
    assert "cli" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY] == []

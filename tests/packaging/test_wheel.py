"""`pip wheel .` builds a wheel that works on its own: it carries the schemas and resources/,
installs the `billing-assistant` commands, and builds its database from the installed data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=600, **kwargs
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, PROJECT_ROOT)
    [built] = out.glob("billing_assistant-*.whl")
    return built


def test_the_wheel_carries_the_schemas_resources_and_commands(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "main.py",
        "core/schema.sql",
        "core/workspace/schema.sql",
        "resources/modifiers.csv",
        "resources/cms/releases.csv",
        "resources/icd10cm/releases.csv",
        "resources/carc_categories.csv",
    } <= names
    assert any(n.startswith("resources/procedure_codes/") for n in names)
    assert not [n for n in names if n.startswith(("resources/tools", "tests/"))]
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "billing-assistant = main:console_main" in text
    assert "billing-assistant-gui = main:gui_main" in text


def test_the_installed_wheel_runs_away_from_the_checkout(wheel, tmp_path):
    # A fresh environment with only the wheel installed; its dependencies come from this test
    # environment's site-packages (a plain path: the checkout's editable install stays out).
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel)

    where = tmp_path / "elsewhere"
    where.mkdir()
    env = {**os.environ, "BILLING_ASSISTANT_HOME": str(tmp_path / "home")}
    located = run(python, "-c", "import core.paths as p; print(p.RESOURCES)", cwd=where, env=env)
    assert Path(located.stdout.strip()) == site / "resources"

    command = bin_dir / "billing-assistant"
    usage = run(command, "--help", cwd=where, env=env).stdout
    assert usage.startswith("usage: billing-assistant ")
    found = json.loads(run(command, "lookup", "77011", "--json", cwd=where, env=env).stdout)
    assert found["results"][0]["code"] == "77011"
    assert (tmp_path / "home" / "reference.sqlite").is_file()  # built from the installed data

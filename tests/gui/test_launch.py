"""The real app starts: `python main.py` opens its window (offscreen) and exits cleanly, and the
system libraries Qt's X11 plugin needs on Linux are installed (README, 'Linux')."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

# The README's apt command installs these; .ci/run does too.
README_APT_HINT = "see README.md, 'Linux': sudo apt-get install libxcb-cursor0 libxcb-icccm4 ..."


def launch(home: Path, command: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BILLING_ASSISTANT_HOME": str(home),
        "BILLING_ASSISTANT_SMOKE": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        command or [sys.executable, "main.py"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_main_py_opens_the_window_and_exits_cleanly(built_db, tmp_path):
    shutil.copyfile(built_db, tmp_path / "reference.sqlite")
    result = launch(tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["window shown"]


@pytest.mark.slow
def test_the_first_launch_builds_the_database_then_opens_the_window(tmp_path):
    result = launch(tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "window shown" in result.stdout
    assert (tmp_path / "reference.sqlite").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is Linux's")
def test_the_x11_platform_plugin_finds_every_system_library_it_needs():
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists() or shutil.which("ldd") is None:
        pytest.skip(f"no {plugin.name} or no ldd to check it with")
    linked = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    missing = [line.split()[0] for line in linked.stdout.splitlines() if "not found" in line]
    assert missing == [], f"the app's window cannot open on X11 without them ({README_APT_HINT})"


def test_the_readme_and_ci_install_the_same_libraries():
    readme = re.search(r"sudo apt-get install (.+)", (PROJECT_ROOT / "README.md").read_text())
    ci = re.search(r'QT_LIBS="([^"]+)"', (PROJECT_ROOT / ".ci" / "run").read_text())
    assert readme and ci
    assert readme.group(1).split() == ci.group(1).split()

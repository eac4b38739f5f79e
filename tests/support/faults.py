"""Helpers for the fault tests: a big NCCI part to import, the real CLI in a subprocess that
can be killed at a chosen moment, and the Linux mount namespaces that give a test a small
tmpfs (a full disk) or a read-only folder without being root outside the test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.support.cms_layouts import ptp_line, write_ptp

MISUSE = "Misuse of column two code with column one code"


def edit_lines(count: int) -> Iterator[str]:
    """`count` NCCI edits sorted as CMS sorts them (column 1, then column 2)."""
    for i in range(count):
        column1, column2 = f"{10021 + i // 400:05d}", f"{20000 + i % 400:05d}"
        yield ptp_line(column1, column2, False, "20250101", "*", "1", MISUSE)


def big_ptp(folder: Path, rows: int, name: str = "ccipra-v313r0-f1.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_ptp(folder / name, edit_lines(rows))


def cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen[str]:
    """The real command line (python main.py ...), started, not waited for."""
    return subprocess.Popen(
        [sys.executable, "main.py", *args],
        cwd=PROJECT_ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def run_cli(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=PROJECT_ROOT,
        text=True,
        capture_output=True,
        timeout=timeout,
        **kwargs,
    )


def signal_when(
    process: subprocess.Popen[str], says: str, sig: int = signal.SIGKILL, times: int = 1
) -> list[str]:
    """Send `sig` to the process as soon as the `times`th line of its stderr (its progress
    lines) contains `says`; the lines read until then. Fails when it ends without saying it."""
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        times -= says in line
        if times == 0:
            process.send_signal(sig)
            break
    else:
        process.wait()
        pytest.fail(f"the process ended without saying {says!r}: {''.join(lines)[-2000:]}")
    return lines


def namespaces_available() -> bool:
    """Whether `unshare` can give a test its own mount namespace (root, or user namespaces)."""
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


def in_namespace(script: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of its own user and mount namespaces (`unshare -rm`): its
    mounts (a small tmpfs, a read-only bind) are seen by it and its children only and vanish
    when it ends. Skips the test where Linux does not allow it."""
    if not namespaces_available():
        pytest.skip(
            "no mount namespace here (unshare -rm failed): a full disk or read-only "
            "folder cannot be made without touching the machine's mounts"
        )
    return subprocess.run(
        ["unshare", "-rm", "sh", "-euc", script],
        cwd=PROJECT_ROOT,
        text=True,
        capture_output=True,
        timeout=timeout,
    )

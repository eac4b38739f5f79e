"""LibreOffice, the real spreadsheet program, run headless to convert files (the tests that use
it are skipped where it is not installed: SOFFICE is None)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(
    files: list[Path], to: str, outdir: Path, profile: Path, *, infilter: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Convert `files` with LibreOffice's filter `to` into `outdir`, reading them with
    `infilter` where given; `profile` is a private profile folder (no clash with a running
    LibreOffice). Fails the test when LibreOffice exits with an error."""
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result

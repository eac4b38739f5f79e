"""Build the one-folder app: dist/billing-assistant/ with the programs billing-assistant
(console) and billing-assistant-gui (windowed), and the reference database prebuilt inside,
so that the first launch copies it instead of building it.

    pip install -e ".[package]"
    python packaging/build.py [--dist DIR] [--work DIR]

Runs on Linux and Windows (PyInstaller builds for the system it runs on); prints the build
time and the folder's size. The Windows installer is made from the folder afterwards:
packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "billing-assistant.spec"
NAME = "billing-assistant"
CONTENTS = "_internal"  # the spec's contents_directory


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller, then let the built program build its own database into the folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is not installed: pip install -e ".[package]"')
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
    )
    folder = dist / NAME
    exe = ".exe" if os.name == "nt" else ""
    database = folder / CONTENTS / "resources" / "reference.sqlite"
    # the frozen program builds it: its bundle fingerprint is the one the app will compare
    subprocess.run(
        [str(folder / f"{NAME}{exe}"), "build-db", "--db", str(database)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the folder goes (default dist/)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's scratch folder (default build/pyinstaller/)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    folder = build(args.dist.resolve(), args.work.resolve())
    seconds = time.perf_counter() - started
    print(f"built {folder} in {seconds:.0f} s: {folder_size(folder) / 1e6:.0f} MB")
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Databases built once for many tests (per session or module): each test that writes works on
its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path


def private_copy(database: Path, folder: Path, name: str = "reference.sqlite") -> Path:
    """A copy of `database` in `folder` (a test's tmp_path), free to write to: the database
    built once stays as it was for the next test."""
    return Path(shutil.copyfile(database, folder / name))

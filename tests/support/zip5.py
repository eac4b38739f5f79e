"""A reference database with a ZIP5 file imported, so lines are priced in their ZIP's locality:
ZIP 10001 is Manhattan (13202-01), 90210 is Beverly Hills (01182-18), as CMS's ZIP5_OCT2025.txt
has them."""

from __future__ import annotations

from pathlib import Path

from tests.support.imports import import_all

MANHATTAN_ZIP = "10001"
ZIP5_LINES = [
    "NY100011320201 Z9   0 A" + " " * 52 + "20254",
    "CA902100118218 Z9   0 A" + " " * 52 + "20254",
]


def import_zip5(db_path: Path, folder: Path, lines: list[str] = ZIP5_LINES) -> Path:
    """Write the ZIP5 lines in CMS's layout and import them into `db_path` (a writable copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ZIP5_OCT2025.txt").write_text("\n".join(lines) + "\n")
    loaded, errors, _ = import_all(db_path, folder)
    assert errors == [] and [r.source for r in loaded] == ["zip5"]
    return db_path

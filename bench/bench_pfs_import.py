"""Import of a full PFS release: PPRRVU2025_Oct.csv + GPCI2025.csv + ZIP5 (target < 15 s)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import CMS_DIR, peak_rss_mb, require_cms, timed

from core.db import open_writable
from core.sources.build import build_reference_db
from core.sources.importer import import_paths


def main() -> None:
    require_cms()
    files = [
        CMS_DIR / "pfs" / "PPRRVU2025_Oct.csv",
        CMS_DIR / "pfs" / "GPCI2025.csv",
        CMS_DIR / "zip" / "ZIP5_OCT2025.txt",
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reference.sqlite"
        build_reference_db(path)
        conn = open_writable(path)
        with timed("import PPRRVU2025_Oct + GPCI2025 + ZIP5_OCT2025", target_seconds=15):
            loaded, errors = import_paths(conn, files)
        conn.close()
        assert not errors, errors
        for release in loaded:
            print(f"  {release.summary()}")
        print(f"  peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

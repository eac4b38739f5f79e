"""Build of the bundled reference database (target < 30 s)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import peak_rss_mb, timed

from core.sources.build import build_reference_db


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reference.sqlite"
        with timed("build bundled reference database", target_seconds=30):
            report = build_reference_db(path)
        size = path.stat().st_size / 1e6
        rows = sum(report.tables.values())
        print(
            f"  {rows:,} rows in {len(report.tables)} tables, {size:.1f} MB, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()

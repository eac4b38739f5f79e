"""CMS files as CMS ships them: an .xlsx MUE table, and every real CMS file zipped into one
download, through the real importer; plus the build of the bundled database they feed.

    python bench/bench_cms_import.py

Targets: the build under 30 s (it runs on first launch), the MUE workbook under 5 s, the whole
zip (two PPRRVU releases of 2025, RVU26C, GPCIs, LOCCO, ANES, OPPSCAP, two ZIP5s, MUE csv and
xlsx, add-on code edits, HCPCS Level II: about 208,000 rows) under 60 s.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from _common import CMS_DIR, peak_rss_mb, require_cms, timed

from core.db import open_writable
from core.sources.build import build_reference_db
from core.sources.importer import import_paths

MUE_XLSX = CMS_DIR / "ncci" / "MCR_MUE_PractitionerServices_Eff_04-01-2026.xlsx"


def zip_everything(target: Path) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in CMS_DIR.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(CMS_DIR).as_posix())
    return target


def main() -> None:
    require_cms()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        database = work / "reference.sqlite"
        with timed("build bundled reference database", target_seconds=30):
            report = build_reference_db(database)
        print(f"  {sum(report.tables.values()):,} rows, {database.stat().st_size / 1e6:.1f} MB")
        conn = open_writable(database)
        try:
            with timed(f"import {MUE_XLSX.name}", target_seconds=5):
                loaded, errors = import_paths(conn, [MUE_XLSX])
            assert not errors, errors
            print(f"  {loaded[0].summary()}")
            download = zip_everything(work / "cms-download.zip")
            print(f"zip of {CMS_DIR}: {download.stat().st_size / 1e6:.1f} MB")
            skipped: list[str] = []
            with timed("import the whole CMS zip", target_seconds=60):
                loaded, errors = import_paths(
                    conn, [download], on_skip=lambda where, why: skipped.append(str(where))
                )
        finally:
            conn.close()
        assert not errors, errors
        rows = sum(r.row_count for r in loaded)
        print(
            f"  {len(loaded)} files, {rows:,} rows; skipped {len(skipped)}: "
            + ", ".join(s.split(" \u203a ")[-1] for s in skipped)
        )
        for release in loaded:
            print(f"  {release.summary()}")
        print(f"  peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

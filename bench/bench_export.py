"""Checked claims to Excel: the generated worklist of 10,000 claims / ~35,000 service lines
(bench_claims_io's) is loaded and scrubbed, then only the export is timed (target < 5 s, peak
memory < 500 MB). Prints seconds, the workbook's size and the process's peak RSS.

The writer was picked by measurement on these cells (2 shared cores, back to back): openpyxl's
write-only mode 13.6 s, xlsxwriter in constant memory mode 8.4 s, xlsxwriter with its data rows
written by core.tabular.FastRows 2.8 s."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from _common import peak_rss_mb, timed
from bench_claims_io import worklist_rows, write_csv

from core.claims_io import load_worklist
from core.claims_io.checked_workbook import write_checked_workbook
from core.db import open_readonly
from core.refdata.coverage import release_summary
from core.scrub.engine import scrub
from core.sources.build import build_reference_db

AS_OF = date(2025, 12, 1)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "reference.sqlite"
        build_reference_db(db)
        worklist, out = Path(folder) / "worklist.csv", Path(folder) / "checked.xlsx"
        write_csv(worklist, worklist_rows())
        loaded = load_worklist([worklist])
        conn = open_readonly(db)
        try:
            with timed(
                f"scrubbed {len(loaded.claims):,} claims / {loaded.line_count:,} lines "
                "(not part of the target)"
            ):
                checked = scrub(conn, loaded.claims, AS_OF)
            releases = release_summary(conn)
        finally:
            conn.close()
        findings = sum(len(c.findings) for c in checked)
        before = peak_rss_mb()
        with timed(
            f"exported {len(checked):,} checked claims, {loaded.line_count:,} lines, "
            f"{findings:,} findings to .xlsx",
            target_seconds=5,
        ):
            write_checked_workbook(out, checked, releases, datetime.now())
        peak = peak_rss_mb()
        verdict = "OK" if peak < 500 else "MISSED"
        print(
            f"  workbook {out.stat().st_size / 1e6:.1f} MB; peak RSS {peak:.0f} MB "
            f"(before the export {before:.0f} MB)  target < 500 MB: {verdict}"
        )


if __name__ == "__main__":
    main()

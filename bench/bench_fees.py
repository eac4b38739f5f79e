"""Fee calculator speed: one priced line (< 2 ms), one locality's whole schedule (< 1 s), and
all 109 localities written to CSV (~2 million prices, < 10 s), as `fee --locality all -o` writes
them. Uses the real RVU25D files. --compare also writes them the way it was done before
(price_row for every row of every locality) and checks the two files are the same, byte for
byte."""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import CMS_DIR, peak_rss_mb, require_cms, timed

from core.db import open_readonly, open_writable
from core.fees import LineRequest, price_line
from core.fees.schedule import (
    COLUMNS,
    _conversion_factor,
    all_localities,
    locality_schedule,
    price_row,
    schedule_values,
)
from core.refdata.pfs import rvu_rows
from core.sources.build import build_reference_db
from core.sources.importer import import_paths
from core.tabular import write_table

DOS = date(2025, 11, 3)
LINES = [
    ("99213", ()),
    ("77011", ("26",)),
    ("27447", ("50",)),
    ("97110", ()),
    ("43239", ()),
    ("93306", ("TC",)),
    ("20610", ("RT",)),
    ("99214", ("25",)),
]


def main() -> None:
    require_cms()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reference.sqlite"
        build_reference_db(path)
        conn = open_writable(path)
        import_paths(
            conn, [CMS_DIR / "pfs" / "PPRRVU2025_Oct.csv", CMS_DIR / "pfs" / "GPCI2025.csv"]
        )
        conn.close()
        conn = open_readonly(path)

        timings = []
        for (code, mods), locality in itertools.product(LINES * 50, ("13202-01", "02102-01")):
            started = time.perf_counter()
            price_line(conn, LineRequest(code, mods, locality=locality, date_of_service=DOS))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95)]
        print(
            f"one priced line: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
            f"max {timings[-1]:.2f} ms over {len(timings)} lines  target p95 < 2 ms: "
            f"{'OK' if p95 < 2 else 'MISSED'}"
        )

        with timed("full fee schedule of one locality (13202-01)", target_seconds=1):
            rows = list(locality_schedule(conn, "13202-01", DOS))
        print(f"  {len(rows):,} rows")

        localities = all_localities(conn, DOS)
        out = Path(folder) / "all_localities.csv"
        with timed(f"all {len(localities)} localities written to CSV", target_seconds=10):
            count = write_table(out, COLUMNS, schedule_values(conn, localities, DOS))
        print(
            f"  {count:,} rows ({count * 2:,} prices), {out.stat().st_size / 1e6:.0f} MB, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
        if "--compare" in sys.argv:
            before = Path(folder) / "before.csv"
            with timed("  the same, as before (price_row for every row of every locality)"):
                write_table(before, COLUMNS, _row_by_row(conn, localities))
            same = before.read_bytes() == out.read_bytes()
            print(f"  the two files are {'the same, byte for byte' if same else 'DIFFERENT'}")


def _row_by_row(conn, localities):
    from core.fees import data

    rows = rvu_rows(conn, data.pfs_release(conn, DOS).name)
    cf = _conversion_factor(conn, DOS, rows)
    for key in localities:
        loc = data.locality(conn, key, DOS)
        for row in rows:
            yield price_row(row, loc, cf).values()


if __name__ == "__main__":
    main()

"""Code lookup detail pages with 1,000,000 NCCI PTP edits loaded (CMS's layout, through the real
importer; the database _scrub_data.py builds and keeps): target p95 < 15 ms a page.

    python bench/bench_lookup_ncci.py [--rounds 5] [--fresh]

The pages asked for are the codes with the most edits (the heavy tails of the file, as CMS's
own files have: a few codes have thousands of edits) and common office codes, on a date inside
the loaded NCCI quarter. Each round opens a fresh read-only connection (as the app does after
an import) and shows every page once; p50/p95/max are over all pages of all rounds, the first
page of each round (the connection's first reads) reported apart. Prints whether the database
has planner statistics for ncci_ptp (ANALYZE: the importers run it after each import)."""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path

from _scrub_data import reference_db

from core.db import open_readonly
from core.lookup.detail import detail_view

ON = date(2025, 11, 15)
TARGET_MS = 15.0
COMMON = [
    "99213",
    "99214",
    "20610",
    "27447",
    "76942",
    "93000",
    "36415",
    "71046",
    "97110",
    "11042",
    "64483",
    "29881",
    "43239",
    "45378",
    "G0439",
]


def pages(db) -> list[str]:
    conn = open_readonly(db)
    try:
        heavy = [
            row[0]
            for row in conn.execute(
                "SELECT column1 FROM ncci_ptp GROUP BY column1 ORDER BY COUNT(*) DESC LIMIT 40"
            )
        ]
        heavy2 = [
            row[0]
            for row in conn.execute(
                "SELECT column2 FROM ncci_ptp GROUP BY column2 ORDER BY COUNT(*) DESC LIMIT 20"
            )
        ]
        stats = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]
        analyzed = (
            stats
            and conn.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'ncci_ptp'").fetchone()[
                0
            ]
        )
        edits = conn.execute("SELECT COUNT(*) FROM ncci_ptp").fetchone()[0]
    finally:
        conn.close()
    print(
        f"  {edits:,} NCCI edits; planner statistics for ncci_ptp: "
        f"{'yes' if analyzed else 'no (no ANALYZE has run)'}"
    )
    return list(dict.fromkeys(COMMON + heavy + heavy2))


def analyzed_copy(db: Path) -> Path:
    copy = db.with_name("analyzed.sqlite")
    if not copy.exists():
        shutil.copyfile(db, copy)
        conn = sqlite3.connect(copy)
        conn.execute("ANALYZE")
        conn.close()
    return copy


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached database")
    parser.add_argument(
        "--analyze", action="store_true", help="on a copy of the database that ANALYZE has run on"
    )
    args = parser.parse_args()
    db = reference_db(args.fresh)
    if args.analyze:
        db = analyzed_copy(db)
    codes = pages(db)
    times: list[float] = []
    firsts: list[float] = []
    for _ in range(args.rounds):
        conn = open_readonly(db)
        try:
            for number, code in enumerate(codes):
                started = time.perf_counter()
                view = detail_view(conn, code, "cpt" if code[0].isdigit() else "hcpcs", ON)
                elapsed = (time.perf_counter() - started) * 1000
                (firsts if number == 0 else times).append(elapsed)
                assert view is None or view.sections
        finally:
            conn.close()
    p95 = percentile(times, 95)
    print(
        f"lookup detail with 1M NCCI edits: p50 {statistics.median(times):.2f} ms, p95 "
        f"{p95:.2f} ms, max {max(times):.2f} ms over {len(times)} pages ({len(codes)} codes "
        f"x {args.rounds} fresh connections)  target p95 < {TARGET_MS:g} ms: "
        f"{'OK' if p95 < TARGET_MS else 'MISSED'}"
    )
    print(
        f"  first page on a fresh connection: median {statistics.median(firsts):.1f} ms, "
        f"max {max(firsts):.1f} ms"
    )


if __name__ == "__main__":
    main()

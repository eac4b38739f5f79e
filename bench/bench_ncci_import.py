"""Benchmark: import a 1,000,000-edit NCCI practitioner PTP file through the real importer.

    python bench/bench_ncci_import.py [--rows N] [--seed S] [--keep]

Writes the file in CMS's exact layout (tests/cms_layouts.py: banner, header, continuation lines,
tab-separated CRLF edits) into a temporary folder, builds a fresh bundled database there with
build_reference_db (in a child process, so that the figures below are the import's own),
imports the file with import_paths and prints the figures: wall and CPU time by phase (reading
and inserting, indexing, the planner's statistics), peak memory, bytes per edit, and the time of
a few lookups in the new release. Targets (issue 14): under 10 s and 150 MB. Exit status 1 when
either is missed, or when the database does not hold every edit.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from _common import ROOT, peak_rss_mb

from core.db import open_writable
from core.sources.importer import import_paths
from tests.support.cms_layouts import ptp_line, write_ptp

TARGET_SECONDS = 10.0
TARGET_MB = 150.0
POOL_SIZE = 6000  # column-1/column-2 codes: the bundled ones plus CPT-shaped fillers
NEWEST = date(2025, 10, 1)

# (weight, rationale) as CMS words them
RATIONALES = [
    (30, "Misuse of column two code with column one code"),
    (20, "Standards of medical / surgical practice"),
    (12, "CPT Manual or CMS manual coding instruction"),
    (10, "Mutually exclusive procedures"),
    (6, "CPT separate procedure definition"),
    (5, "HCPCS/CPT procedure code definition"),
    (5, "More extensive procedure"),
    (4, "Standard preparation / monitoring services for anesthesia"),
    (3, "Anesthesia service included in surgical procedure"),
    (2, "Laboratory panel"),
    (2, "Gender-specific procedures"),
    (1, "Medical Necessity"),
]
# CPT / HCPCS ranges the filler codes are drawn from: (weight, prefix, low, high, suffix)
FILLER_RANGES = [
    (45, "", 10004, 69990, ""),  # surgery
    (10, "", 70010, 79999, ""),  # radiology
    (10, "", 80047, 89398, ""),  # pathology and laboratory
    (15, "", 90281, 99607, ""),  # medicine, E/M
    (8, "0", 42, 999, "T"),  # category III (0042T-0999T)
    (6, "G", 1, 9999, ""),  # HCPCS G codes
    (6, "J", 120, 9999, ""),  # HCPCS J codes (drugs)
]


def bundled_codes() -> set[str]:
    codes = set()
    for path in sorted((ROOT / "resources" / "procedure_codes").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            codes.update(row["code"] for row in csv.DictReader(f))
    return codes


def code_pool(rng: random.Random, size: int) -> list[str]:
    pool = bundled_codes()
    weights = [r[0] for r in FILLER_RANGES]
    while len(pool) < size:
        _, prefix, low, high, suffix = rng.choices(FILLER_RANGES, weights)[0]
        digits = 5 - len(prefix) - len(suffix)
        pool.add(f"{prefix}{rng.randint(low, high):0{digits}d}{suffix}")
    return sorted(pool)


def quarter_starts() -> list[date]:
    return [
        date(y, m, 1)
        for y in range(1996, NEWEST.year + 1)
        for m in (1, 4, 7, 10)
        if date(y, m, 1) <= NEWEST
    ]


def edit_counts(rng: random.Random, codes: int, total: int) -> list[int]:
    """How many column-2 codes each column-1 code gets: heavy-tailed (a few codes have thousands
    of edits, most have a few dozen), at least 1, at most codes - 1, `total` in all."""
    cap = codes - 1
    if total > codes * cap:
        raise SystemExit(f"{codes:,} codes make at most {codes * cap:,} pairs; raise POOL_SIZE")
    weights = [rng.paretovariate(1.3) for _ in range(codes)]
    counts = [1] * codes
    remaining = total - codes
    while remaining > 0:
        open_ = [i for i in range(codes) if counts[i] < cap]
        share = sum(weights[i] for i in open_)
        added = 0
        for i in open_:
            extra = min(cap - counts[i], int(remaining * weights[i] / share))
            counts[i] += extra
            added += extra
        if added == 0:  # a remainder smaller than every share: one more each
            for i in open_[:remaining]:
                counts[i] += 1
            added = min(remaining, len(open_))
        remaining -= added
    return counts


def edits(rng: random.Random, rows: int) -> Iterator[str]:
    """Exactly `rows` edit lines, sorted by column 1 then column 2 as CMS sorts them. Each
    column-1 code has a heavy-tailed number of column-2 codes; about 12% of edits existed before
    1996, 7% are deleted (deletion date the day before a later quarter, mostly modifier 9), and
    3% of pairs also carry an older deleted version of the same edit (the same pair twice with
    different effective dates, as in CMS's files)."""
    pool = code_pool(rng, POOL_SIZE)
    quarters = quarter_starts()
    ymd = [q.strftime("%Y%m%d") for q in quarters]
    day_before = [(q - timedelta(days=1)).strftime("%Y%m%d") for q in quarters]
    texts = [r[1] for r in RATIONALES]
    text_weights = [r[0] for r in RATIONALES]
    written = 0
    for column1, count in zip(pool, edit_counts(rng, len(pool), rows), strict=True):
        partners = sorted(c for c in rng.sample(pool, count + 1) if c != column1)[:count]
        for column2 in partners:
            rationale = rng.choices(texts, text_weights)[0]
            # quarter index; 0 is 19960101, the edits in existence before 1996
            start = 0 if rng.random() < 0.12 else rng.randrange(1, len(quarters))
            lines = []
            if start > 1 and rng.random() < 0.03:  # an older, deleted version of the pair
                old = rng.randrange(0, start)
                lines.append(
                    ptp_line(
                        column1,
                        column2,
                        old == 0,
                        ymd[old],
                        day_before[start],
                        rng.choice("019"),
                        rationale,
                    )
                )
            if start < len(quarters) - 1 and rng.random() < 0.07:
                end = rng.randrange(start + 1, len(quarters))
                deletion, modifier = day_before[end], "9" if rng.random() < 0.6 else "1"
            else:
                deletion, modifier = "*", "0" if rng.random() < 0.12 else "1"
            lines.append(
                ptp_line(column1, column2, start == 0, ymd[start], deletion, modifier, rationale)
            )
            for line in lines:
                yield line
                written += 1
                if written == rows:
                    return
    raise SystemExit(f"the code pool gave only {written:,} edits; raise POOL_SIZE")


def _lookups(conn, release: str) -> float:
    """Milliseconds per lookup of 300 edits of the release: one pair and both lists of a code,
    as the scrub and the code detail page ask for them."""
    from core.refdata.ncci import ptp_edit, ptp_edits_of

    pairs = conn.execute(
        "SELECT column1, column2 FROM ncci_ptp ORDER BY rowid DESC LIMIT 300"
    ).fetchall()
    day = date(2025, 11, 1)
    started = time.perf_counter()
    for column1, column2 in pairs:
        ptp_edit(conn, release, column1, column2, day)
        ptp_edits_of(conn, release, column1, "column1", day, 25)
        ptp_edits_of(conn, release, column2, "column2", day, 25)
    return (time.perf_counter() - started) * 1000 / max(len(pairs), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=314)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-ncci-"))
    ptp = work / "ccipra-v313r0-f1.txt"
    db = work / "reference.sqlite"
    try:
        started = time.perf_counter()
        write_ptp(ptp, edits(random.Random(args.seed), args.rows))
        generate_s = time.perf_counter() - started
        size_mb = ptp.stat().st_size / 1e6

        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from core.sources.build import build_reference_db; "
                "build_reference_db(Path(sys.argv[1]))",
                str(db),
            ],
            cwd=ROOT,
            check=True,
        )
        build_s = time.perf_counter() - started

        conn = open_writable(db)
        marks: dict[str, float] = {}

        def progress(message: str, fraction: float) -> None:
            for phase in ("indexing", "updating the statistics"):
                if message.startswith(phase) and phase not in marks:
                    marks[phase] = time.perf_counter()

        rss_before = peak_rss_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        loaded, errors = import_paths(conn, [ptp], progress=progress)
        import_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
        stored = conn.execute("SELECT COUNT(*) FROM ncci_ptp").fetchone()[0]
        lookups_ms = _lookups(conn, loaded[0].release if loaded else "")
        conn.close()
        indexing = marks.get("indexing", started)
        statistics = marks.get("updating the statistics", started + import_s)
        peak = peak_rss_mb()
        size = db.stat().st_size

        print(f"NCCI PTP import benchmark ({args.rows:,} edits, seed {args.seed})")
        print(f"  file                 {ptp.name}, {size_mb:,.1f} MB, CMS layout, CRLF")
        print(f"  generate + write     {generate_s:6.1f} s")
        print(f"  build bundled db     {build_s:6.1f} s  (child process)")
        print(
            f"  import               {import_s:6.1f} s wall, {cpu_s:.1f} s CPU  (read + "
            f"insert {indexing - started:.1f} s, indexes {statistics - indexing:.1f} s, "
            f"statistics {started + import_s - statistics:.1f} s)"
        )
        print(f"  rows/second          {args.rows / import_s:,.0f}")
        print(f"  peak RSS             {peak:,.0f} MB (before the import: {rss_before:,.0f} MB)")
        print(f"  database             {size / 1e6:,.0f} MB, {stored:,} ncci_ptp rows")
        print(
            f"  lookups              {lookups_ms:.2f} ms a pair, column 1 and column 2 "
            "lists of the new release"
        )
        for release in loaded:
            print(f"  loaded               {release.summary()}")
        for error in errors:
            print(f"  error                {error}")
        ok = not errors and stored == args.rows and import_s < TARGET_SECONDS and peak < TARGET_MB
        print(
            f"  target               < {TARGET_SECONDS:.0f} s: "
            f"{'within' if import_s < TARGET_SECONDS else 'OVER'}; < {TARGET_MB:.0f} MB: "
            f"{'within' if peak < TARGET_MB else 'OVER'}"
            + ("" if stored == args.rows else f"; expected {args.rows:,} rows stored")
        )
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"  kept                 {work}")
        else:
            shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())

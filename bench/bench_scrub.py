"""Scrub 10,000 realistic claims with 1,000,000 NCCI edits and an MUE table loaded (target
< 10 s on 2 cores), in this process (core.scrub.engine.scrub over the loaded claims; the whole
`scrub` command is bench_scrub_process.py); prints claims/second, findings per rule and peak
memory.

The database and the worklist are _scrub_data.py's (built once and kept): procedure codes from
the bundled PFS rows (status A), billable ICD-10-CM codes, 1-6 lines and 1-6 diagnoses a claim,
dates of service in the quarter the NCCI/MUE files cover, and a few planted errors (bad NPI,
zero units, a header diagnosis, an unknown code, a duplicated line)."""

from __future__ import annotations

import time
from collections import Counter

from _common import peak_rss_mb
from _scrub_data import AS_OF, NCCI_ROWS, reference_db, worklist

from core.claims_io import load_worklist
from core.db import open_readonly
from core.scrub.engine import scrub

CLAIMS = 10_000


def main() -> None:
    db = reference_db()
    claims_file = worklist(CLAIMS, db)
    result = load_worklist([claims_file])
    lines = sum(len(claim.lines) for claim in result.claims)
    print(
        f"  worklist: {len(result.claims):,} claims, {lines:,} lines, "
        f"{len(result.problems)} load problems"
    )
    conn = open_readonly(db)
    started = time.perf_counter()
    checked = scrub(conn, result.claims, AS_OF)
    seconds = time.perf_counter() - started
    conn.close()
    statuses = Counter(c.status for c in checked)
    rules = Counter(f.rule for c in checked for f in c.findings)
    print(
        f"scrub {len(checked):,} claims with {NCCI_ROWS:,} NCCI edits + MUE: "
        f"{seconds:.2f} s ({len(checked) / seconds:,.0f} claims/s)  target < 10 s: "
        f"{'OK' if seconds < 10 else 'MISSED'}"
    )
    print(f"  status: {dict(statuses)}")
    print(f"  findings: {dict(rules.most_common(12))}")
    print(f"  peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

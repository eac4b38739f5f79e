"""Scrub 10,000 realistic claims with 1,000,000 NCCI edits and an MUE table loaded (target
< 10 s on 2 cores); prints claims/second, findings per rule and peak memory.

The worklist is generated from the reference data itself: procedure codes from the bundled PFS
rows (status A), billable ICD-10-CM codes, 1-6 lines and 1-6 diagnoses a claim, dates of service
in the quarter the NCCI/MUE files cover, and a few planted errors (bad NPI, zero units, a header
diagnosis, an unknown code, a duplicated line)."""

from __future__ import annotations

import csv
import random
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from _common import peak_rss_mb
from bench_ncci_import import edits

from core.claims_io import load_worklist
from core.claims_io.columns import CANONICAL_HEADERS
from core.db import open_readonly, open_writable
from core.scrub.engine import scrub
from core.sources.build import build_reference_db
from core.sources.importer import import_paths
from tests.support.cms_layouts import write_mue, write_ptp

CLAIMS = 10_000
NCCI_ROWS = 1_000_000
AS_OF = date(2025, 12, 31)
GOOD_NPIS = ["1234567893", "1245319599", "1679576722"]


def reference_codes(db: Path) -> tuple[list[str], list[str], list[str]]:
    conn = open_readonly(db)
    procedures = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT hcpcs FROM pfs_rvu WHERE modifier = '' AND status = 'A' "
            "AND global_days != 'ZZZ' ORDER BY hcpcs"
        )
    ]
    diagnoses = [
        r[0]
        for r in conn.execute(
            "SELECT code FROM icd10cm WHERE billable = 1 AND code NOT LIKE 'O%' AND code NOT LIKE "
            "'P%' AND code NOT LIKE 'Z3%' ORDER BY code"
        )
    ]
    headers = [
        r[0]
        for r in conn.execute(
            "SELECT code FROM icd10cm WHERE kind = 'category' AND billable = 0 ORDER BY code"
        )
    ]
    conn.close()
    return procedures, diagnoses, headers


def worklist(
    path: Path, procedures: list[str], diagnoses: list[str], headers: list[str], rng: random.Random
) -> int:
    lines = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CANONICAL_HEADERS)
        for number in range(1, CLAIMS + 1):
            dos = date(2025, 10, 1) + timedelta(days=rng.randrange(90))
            dx = rng.sample(diagnoses, rng.randint(1, 6))
            if rng.random() < 0.02:
                dx[0] = rng.choice(headers)
            npi = "1234567890" if rng.random() < 0.03 else rng.choice(GOOD_NPIS)
            claim = [
                f"C{number:06d}",
                "Medicare",
                f"P{number % 7000}",
                (date(1940, 1, 1) + timedelta(days=rng.randrange(25000))).isoformat(),
                rng.choice("MF"),
                npi,
                rng.choice(GOOD_NPIS),
                rng.choice(["11", "22"]),
                rng.choice(["10001", "60611", "94110", ""]),
                dos.isoformat(),
            ]
            codes = rng.sample(procedures, rng.randint(1, 6))
            if rng.random() < 0.01:
                codes[-1] = "99999"
            if rng.random() < 0.02:
                codes.append(codes[0])
            for code in codes:
                units = 0 if rng.random() < 0.01 else rng.choice([1, 1, 1, 2])
                pointers = ",".join(str(i + 1) for i in range(min(len(dx), rng.randint(1, 4))))
                writer.writerow(
                    [
                        *claim,
                        code,
                        "",
                        units,
                        f"{rng.uniform(25, 900):.2f}",
                        pointers,
                        *dx,
                        *[""] * (12 - len(dx)),
                    ]
                )
                lines += 1
    return lines


def main() -> None:
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory(prefix="bench-scrub-") as folder:
        work = Path(folder)
        db = work / "reference.sqlite"
        build_reference_db(db)
        procedures, diagnoses, headers = reference_codes(db)
        ptp = write_ptp(work / "ccipra-v313r0-f1.txt", edits(random.Random(314), NCCI_ROWS))
        mue = write_mue(
            work / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv",
            [
                f"{code},{rng.choice([1, 1, 2, 3, 4])},"
                f"{rng.choice(['1 Line Edit', '2 Date of Service Edit: Policy', '3 Date of Service Edit: Clinical'])},"  # noqa: E501
                "Clinical: Data"
                for code in procedures
            ],
        )
        conn = open_writable(db)
        loaded, errors = import_paths(conn, [ptp, mue])
        conn.close()
        assert not errors, errors
        for release in loaded:
            print(f"  {release.summary()}")

        claims_file = work / "worklist.csv"
        lines = worklist(claims_file, procedures, diagnoses, headers, rng)
        result = load_worklist([claims_file])
        print(
            f"  worklist: {len(result.claims):,} claims, {lines:,} lines, "
            f"{len(result.problems)} load problems"
        )

        conn = open_readonly(db)
        started = time.perf_counter()
        checked = scrub(conn, result.claims, AS_OF)
        seconds = time.perf_counter() - started
        statuses = Counter(c.status for c in checked)
        rules = Counter(f.rule for c in checked for f in c.findings)
        print(
            f"scrub {len(checked):,} claims with {NCCI_ROWS:,} NCCI edits + MUE: "
            f"{seconds:.2f} s ({len(checked) / seconds:,.0f} claims/s)  target < 10 s: "
            f"{'OK' if seconds < 10 else 'MISSED'}"
        )
        print(f"  status: {dict(statuses)}")
        print(f"  findings: {dict(rules.most_common(12))}")
        print(f"  peak RSS {peak_rss_mb():.0f} MB (includes generating and importing the edits)")


if __name__ == "__main__":
    main()

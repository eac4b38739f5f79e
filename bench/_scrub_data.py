"""The scrub benchmarks' data: a reference database with 1,000,000 NCCI PTP edits (CMS's layout,
bench_ncci_import's generator) and an MUE table, built once and kept in a cache folder (rebuilt
when the schema or the importers change), and generated worklists of any size, written row by
row (a million claims never sit in memory).

Worklists come from the reference data itself: procedure codes from the bundled PFS rows (status
A), billable ICD-10-CM codes, 1-6 lines and 1-6 diagnoses a claim, dates of service in the
quarter the NCCI/MUE files cover, patients seen on about 1.4 claims each (so NCCI, MUE, duplicate
and global-surgery checks compare claims with each other), and a few planted errors (bad NPI,
zero units, a header diagnosis, an unknown code, a duplicated line)."""

from __future__ import annotations

import csv
import hashlib
import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _common import ROOT
from bench_ncci_import import edits

from core.claims_io.columns import CANONICAL_HEADERS
from core.db import open_readonly, open_writable
from core.sources.build import build_reference_db
from core.sources.importer import import_paths
from tests.support.cms_layouts import write_mue, write_ptp

NCCI_ROWS = 1_000_000
AS_OF = date(2025, 12, 31)
GOOD_NPIS = ["1234567893", "1245319599", "1679576722"]
CACHE = Path(tempfile.gettempdir()) / "billing-assistant-bench"
CLAIMS_PER_PATIENT = 1.43  # 10,000 claims: 7,000 patients (the first benchmark's mix)


def _stamp() -> str:
    """Changes when the schema, the build or an importer changes: the cache is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(
        [
            ROOT / "core" / "schema.sql",
            *(ROOT / "core" / "sources").glob("*.py"),
            ROOT / "core" / "db.py",
        ]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def reference_db(fresh: bool = False) -> Path:
    """The bundled database plus 1M NCCI edits (2025 Q4) and an MUE table for every code."""
    folder = CACHE / f"ncci-{NCCI_ROWS}-{_stamp()}"
    db = folder / "reference.sqlite"
    if db.exists() and not fresh:
        return db
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"  building the benchmark database in {folder} (once)", flush=True)
    building = folder / "building.sqlite"
    build_reference_db(building)
    procedures = reference_codes(building)[0]
    rng = random.Random(2025)
    ptp = write_ptp(folder / "ccipra-v313r0-f1.txt", edits(random.Random(314), NCCI_ROWS))
    mai = ["1 Line Edit", "2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical"]
    mue = write_mue(
        folder / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv",
        [
            f"{code},{rng.choice([1, 1, 2, 3, 4])},{rng.choice(mai)},Clinical: Data"
            for code in procedures
        ],
    )
    conn = open_writable(building)
    loaded, errors = import_paths(conn, [ptp, mue])
    conn.close()
    assert not errors, errors
    for release in loaded:
        print(f"  {release.summary()}")
    ptp.unlink()
    building.rename(db)
    return db


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


def write_worklist(path: Path, db: Path, claims: int, seed: int = 2025) -> int:
    """A CSV worklist of `claims` claims (in claim order, patients mixed); returns its lines."""
    procedures, diagnoses, headers = reference_codes(db)
    rng = random.Random(seed)
    patients = max(1, round(claims / CLAIMS_PER_PATIENT))
    lines = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CANONICAL_HEADERS)
        for number in range(1, claims + 1):
            dos = date(2025, 10, 1) + timedelta(days=rng.randrange(90))
            dx = rng.sample(diagnoses, rng.randint(1, 6))
            if rng.random() < 0.02:
                dx[0] = rng.choice(headers)
            npi = "1234567890" if rng.random() < 0.03 else rng.choice(GOOD_NPIS)
            claim = [
                f"C{number:07d}",
                "Medicare",
                f"P{number % patients}",
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


def worklist(claims: int, db: Path) -> Path:
    """The cached generated worklist of `claims` claims."""
    path = db.parent / f"worklist-{claims}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_worklist(partial, db, claims)
        partial.rename(path)
    return path

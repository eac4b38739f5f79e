"""Scrub time against the claims of ONE patient (issue 16, item 8: 2,000 claims of one patient
took 153 s, quadratic): 250 to 4,000 claims, two lines each, over two years, on the bundled
reference data. Near-linear means the time per claim stays flat (target: the 2,000 claims
under 2 s, and under 1.5 times the time per claim of 250)."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ROOT  # noqa: F401 (puts the project on sys.path)

from core.db import open_readonly
from core.scrub.engine import scrub
from core.sources.build import build_reference_db
from tests.support.one_patient import one_patient

AS_OF = date(2026, 12, 31)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "reference.sqlite"
        build_reference_db(db)
        conn = open_readonly(db)
        per_claim = {}
        for count in (250, 500, 1000, 2000, 4000):
            claims = one_patient(count)
            times = []
            for _ in range(3):
                started = time.perf_counter()
                scrub(conn, claims, AS_OF)
                times.append(time.perf_counter() - started)
            best = sorted(times)[1]  # the median of three
            per_claim[count] = best / count
            print(
                f"{count:>5} claims of one patient: {best:.2f} s "
                f"({best / count * 1000:.2f} ms a claim)"
            )
        ratio = per_claim[2000] / per_claim[250]
        met = "OK" if per_claim[2000] * 2000 < 2 and ratio < 1.5 else "MISSED"
        print(f"time a claim, 2,000 against 250: x{ratio:.2f}  target < 1.5 and < 2 s: {met}")
        conn.close()


if __name__ == "__main__":
    main()

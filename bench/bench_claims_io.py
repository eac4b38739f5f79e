"""Claims in: the 820-claim sample 837 (target < 2 s) and a generated worklist of 10,000 claims
/ ~35,000 service lines, written as a real .xlsx and as a .csv, then loaded. Prints seconds and
peak RSS."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _common import ROOT, peak_rss_mb, timed
from openpyxl import Workbook

from core.claims_io import load_worklist
from core.claims_io.columns import CANONICAL_HEADERS

X12_MANY = (
    ROOT.parent / "shared" / "reference" / "x12" / "imsweb_x12-parser" / "x12_many_claims.txt"
)
CLAIMS = 10_000
CODES = [
    ("99213", ""),
    ("99214", "25"),
    ("93000", ""),
    ("36415", ""),
    ("71046", "26"),
    ("77067", "26 59"),
    ("20610", "RT"),
    ("97110", "GP"),
]
DX = ["I10", "E11.9", "J44.9", "C34.90", "M17.11", "Z00.00", "R07.9", "N18.3"]


def worklist_rows(seed: int = 5) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for number in range(1, CLAIMS + 1):
        dos = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        dob = date(1930, 1, 1) + timedelta(days=rng.randrange(30000))
        dx = rng.sample(DX, 3)
        claim = [
            f"C{number:06d}",
            rng.choice(["Medicare", "Aetna", "BCBS"]),
            f"P{number}",
            dob,
            rng.choice("MF"),
            "1234567893",
            "1245319599",
            "11",
            rng.choice(["60611", "10001", "94110", ""]),
        ]
        for _ in range(rng.choice([2, 3, 4, 5])):  # 3.5 lines a claim on average
            code, mods = rng.choice(CODES)
            rows.append(
                [
                    *claim,
                    dos,
                    code,
                    mods,
                    rng.choice([1, 1, 2]),
                    round(rng.uniform(20, 400), 2),
                    rng.choice(["A", "AB", "1,2,3"]),
                    *dx,
                    *[None] * 9,
                ]
            )
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Claims")
    sheet.append(list(CANONICAL_HEADERS))
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    import csv

    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CANONICAL_HEADERS)
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else v.strftime("%m/%d/%Y") if isinstance(v, date) else v
                    for v in row
                ]
            )


def main() -> None:
    if X12_MANY.exists():
        with timed("x12_many_claims.txt (820 claims) loaded", target_seconds=2):
            result = load_worklist([X12_MANY])
        print(
            f"  {len(result.claims)} claims, {result.line_count} lines, "
            f"{len(result.problems)} problems"
        )
    else:
        print(f"skipped the 837 benchmark: {X12_MANY} not present")
    rows = worklist_rows()
    with tempfile.TemporaryDirectory() as folder:
        xlsx, csv_path = Path(folder) / "worklist.xlsx", Path(folder) / "worklist.csv"
        with timed(f"generated worklist written ({len(rows):,} rows, .xlsx and .csv)"):
            write_xlsx(xlsx, rows)
            write_csv(csv_path, rows)
        for path in (xlsx, csv_path):
            with timed(f"{path.name} loaded"):
                result = load_worklist([path])
            print(
                f"  {len(result.claims):,} claims, {result.line_count:,} lines, "
                f"{len(result.problems)} problems; {path.stat().st_size / 1e6:.1f} MB"
            )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

"""Maintainer tool: bring resources/carc_categories.csv up to a new X12 CARC list.

    python resources/tools/carc_categories.py PATH/TO/carc_list.csv   (or the saved x12.org page)

Keeps our category of every code, takes start and stop dates from X12's list (dates are facts),
adds codes new to the list with the category "other" and prints them so a person can categorize
them. X12's texts are read to show the new codes on screen only; they are never written."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.remit.codes import (  # noqa: E402
    CARC_CATEGORIES_CSV,
    CodeListError,
    read_carc_categories,
    read_code_list,
)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    try:
        rows = [r for r in read_code_list(Path(argv[0])) if r.kind == "CARC"]
    except CodeListError as exc:
        print(exc, file=sys.stderr)
        return 2
    ours = read_carc_categories()
    new = [r for r in rows if r.code not in ours]
    with CARC_CATEGORIES_CSV.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "category", "start", "stop"])
        for row in rows:
            category = ours[row.code].category if row.code in ours else "other"
            writer.writerow(
                [
                    row.code,
                    category,
                    row.start.isoformat() if row.start else "",
                    row.stop.isoformat() if row.stop else "",
                ]
            )
    print(f"wrote {CARC_CATEGORIES_CSV.relative_to(ROOT)}: {len(rows)} codes")
    for row in new:
        print(f"  new code {row.code} (category 'other' for now): {row.text[:90]}")
    dropped = sorted(set(ours) - {r.code for r in rows})
    if dropped:
        print(f"  no longer in X12's list (dropped): {', '.join(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

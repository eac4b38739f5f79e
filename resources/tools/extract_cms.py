"""Maintainer tool: refresh the CMS figures bundled in resources/cms from a CMS release folder.

    python resources/tools/extract_cms.py ../shared/reference/cms/pfs

Reads the PPRRVU, GPCI and LOCCO files with the app's own importers and writes, for the
procedure codes listed in resources/procedure_codes/*.csv, their PFS rows (global, 26, TC, 53)
without CMS's descriptor text (CPT descriptors are AMA copyright), plus every GPCI and locality
row. Figures are public facts; the CMS files themselves are never copied into the project.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.sources import gpci, locality, pfs  # noqa: E402
from core.sources.bundle import MANIFEST, bundled_codes  # noqa: E402
from core.sources.importer import recognize  # noqa: E402


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def main(folder: Path) -> None:
    files = {f.kind: f for f in map(recognize, sorted(folder.glob("*.csv")))
             if f.kind in ("gpci", "locality")}
    # The newest PFS release in the folder is the one bundled.
    parsed = [pfs.parse(f.path, f.text) + (f,) for f in map(recognize, folder.glob("PPRRVU*"))]
    release, rows, files["pfs"] = max(parsed, key=lambda item: item[0].effective_date)
    codes = bundled_codes()
    kept = [row for row in rows if row[0] in codes]
    missing = codes - {row[0] for row in kept if row[1] == ""}
    if missing:
        sys.exit(f"no global PFS row in {release.release} for: {', '.join(sorted(missing))}")
    year, gpci_rows = gpci.parse(files["gpci"].path, files["gpci"].text)
    locco_year, locality_rows = locality.parse(files["locality"].path, files["locality"].text)
    out = ROOT / "resources" / "cms"
    write_csv(out / "pfs_rvu.csv", pfs.STORED_COLUMNS, kept)
    write_csv(out / "gpci.csv", gpci.STORED_COLUMNS, gpci_rows)
    write_csv(out / "localities.csv", locality.STORED_COLUMNS, locality_rows)
    manifest = [
        ("pfs", release.release, release.effective_date, "", "pfs_rvu", "pfs_rvu.csv",
         files["pfs"].path.name),
        ("gpci", f"GPCI{year}", f"{year}-01-01", f"{year}-12-31", "gpci", "gpci.csv",
         files["gpci"].path.name),
        ("locality", f"LOCCO{locco_year}", f"{locco_year}-01-01", f"{locco_year}-12-31",
         "localities", "localities.csv", files["locality"].path.name),
    ]
    write_csv(out / MANIFEST, ["source", "release", "effective_date", "end_date", "table", "file",
                               "cms_file"], manifest)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))

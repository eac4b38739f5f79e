"""Maintainer tool: refresh the CMS figures bundled in resources/cms from CMS's release files.

    python resources/tools/extract_cms.py ../shared/reference/cms

Imports each file listed in BUNDLE with the app's own importer into a throwaway database and
writes, per release, the rows the app stores (figures and codes only: the PPRRVU DESCRIPTION
column is never read, CPT descriptors are AMA copyright) to resources/cms/, plus the manifest
resources/cms/releases.csv naming each file's release, effective and end dates and CMS file.
Big files are written gzip-compressed (.csv.gz, reproducible: no time stamp inside). The CMS
files themselves are never copied into the project.
"""

from __future__ import annotations

import csv
import gzip
import io
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.db import open_writable  # noqa: E402
from core.sources import aoc, gpci, hcpcs, locality, mue, pfs, zip5  # noqa: E402
from core.sources.bundle import MANIFEST, bundled_codes  # noqa: E402
from core.sources.importer import import_file, recognize  # noqa: E402

# (CMS file under the folder given, bundled file, stored columns)
BUNDLE = [
    ("pfs/PPRRVU2025_Oct.csv", "pfs_rvu_RVU25D.csv.gz", pfs.STORED_COLUMNS),
    ("pfs2026/PPRRVU2026_Jul_nonQPP.csv", "pfs_rvu_RVU26C.csv.gz", pfs.STORED_COLUMNS),
    ("pfs/GPCI2025.csv", "gpci_2025.csv", gpci.STORED_COLUMNS),
    ("pfs2026/GPCI2026.csv", "gpci_2026.csv", gpci.STORED_COLUMNS),
    ("pfs/25LOCCO.csv", "localities_2025.csv", locality.STORED_COLUMNS),  # no 26LOCCO exists
    ("zip/ZIP5_JAN2026.xlsx", "zip5_2026q1.csv.gz", zip5.STORED_COLUMNS),
    (
        "ncci/MCR_MUE_PractitionerServices_Eff_04-01-2026.xlsx",
        "mue_2026q2.csv.gz",
        mue.STORED_COLUMNS,
    ),
    ("ncci/AOC_V2026Q2-MCR.xlsx", "aoc_2026q2.csv.gz", aoc.STORED_COLUMNS),
    ("hcpcs/HCPC2025_JUL_ANWEB_v3_4columns.xlsx", "hcpcs_2025jul.csv.gz", hcpcs.STORED_COLUMNS),
]
OUT = ROOT / "resources" / "cms"


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    data = text.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out,
        ):
            out.write(data)
    else:
        path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows):,} rows, {path.stat().st_size:,} bytes")


def extract(conn: sqlite3.Connection, folder: Path) -> list[tuple]:
    manifest = []
    for name, out_name, columns in BUNDLE:
        loaded = import_file(conn, recognize(folder / name))
        order = "source_line" if "source_line" in columns else "rowid"
        rows = conn.execute(
            f"SELECT {', '.join(columns)} FROM {loaded.table} WHERE release = ? ORDER BY {order}",
            (loaded.release,),
        ).fetchall()
        write_csv(OUT / out_name, columns, rows)
        manifest.append(
            (
                loaded.source,
                loaded.release,
                loaded.effective_date,
                loaded.end_date or "",
                loaded.table,
                out_name,
                loaded.file_name,
            )
        )
    return manifest


def check_described_codes(conn: sqlite3.Connection) -> None:
    """Every code we describe must have a global PFS row in the bundle (the build checks it)."""
    priced = {r[0] for r in conn.execute("SELECT hcpcs FROM pfs_rvu WHERE modifier = ''")}
    missing = sorted(bundled_codes() - priced)
    if missing:
        sys.exit(f"no global PFS row in the bundled releases for: {', '.join(missing)}")


def main(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        conn = open_writable(Path(scratch) / "extract.sqlite")
        try:
            manifest = extract(conn, folder)
            check_described_codes(conn)
        finally:
            conn.close()
    write_csv(
        OUT / MANIFEST,
        ["source", "release", "effective_date", "end_date", "table", "file", "cms_file"],
        manifest,
    )
    stale = (
        {p.name for p in OUT.iterdir() if p.is_file()} - {MANIFEST} - {out for _, out, _ in BUNDLE}
    )
    for name in sorted(stale):
        (OUT / name).unlink()
        print(f"removed {name} (no longer bundled)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))

"""PPRRVU files read by column name (2025: 31 columns, 2026: 32 with PRIC IND), and CY2026's
non-QPP and QPP files (they differ only in CONV FACTOR: 33.4009 / 33.5675) loading as one
release."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from core.sources import pfs
from core.sources.source_file import Record
from core.sources.tables import Origin, TextTable
from tests.conftest import cms_file
from tests.support.imports import expect_refused, import_all, import_one, snapshot

RVU26C = ("pfs2026", "PPRRVU2026_Jul_nonQPP.csv")
RVU25D = ("pfs", "PPRRVU2025_Oct.csv")
READ_ME_NAMES = [title for _, title, _ in pfs.COLUMNS]


def parse(path: Path):
    return pfs.parse(TextTable(Origin(path)))


def csv_lines(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="cp1252"), newline="")))


def write_lines(path: Path, lines: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def test_the_header_lines_join_into_the_read_me_names():
    lines = csv_lines(cms_file(*RVU26C))
    names = pfs.column_names(
        [Record(n, f) for n, f in enumerate(lines[:9], 1)], Record(10, lines[9])
    )
    assert len(names) == 32
    assert names == READ_ME_NAMES[:23] + ["PRIC IND"] + READ_ME_NAMES[23:]
    lines25 = csv_lines(cms_file(*RVU25D))
    assert (
        pfs.column_names(
            [Record(n, f) for n, f in enumerate(lines25[:9], 1)], Record(10, lines25[9])
        )
        == READ_ME_NAMES
    )


def test_rvu26c_loads_every_row_with_its_figures(db_path):
    release, rows = parse(cms_file(*RVU26C))
    assert (release.release, release.effective_date, release.qpp_marked) == (
        "RVU26C",
        "2026-07-01",
        False,
    )
    assert len(rows) == 19356
    by_key = {(r[0], r[1]): dict(zip(pfs.STORED_COLUMNS, r, strict=True)) for r in rows}
    e_m = by_key[("99213", "")]
    assert (e_m["work_rvu"], e_m["nonfac_pe_rvu"], e_m["fac_pe_rvu"], e_m["mp_rvu"]) == (
        "1.30",
        "1.46",
        "0.33",
        "0.09",
    )
    assert (e_m["conversion_factor"], e_m["source_line"]) == ("33.4009", 12954)
    assert by_key[("43239", "")]["endo_base"] == "43235"  # ENDO BASE read after PRIC IND


def test_columns_moved_or_added_do_not_change_a_row(tmp_path):
    lines = csv_lines(cms_file(*RVU25D))
    work, mp = 5, 10
    moved = []
    for number, line in enumerate(lines):
        if number < 5 or len(line) < 31:  # banner lines stay as they are
            moved.append(line)
            continue
        cells = list(line)
        cells[work], cells[mp] = cells[mp], cells[work]  # WORK RVU <-> MP RVU
        moved.append(cells[:3] + ["NEW" if number == 9 else "x"] + cells[3:])  # a new column
    _, original = parse(cms_file(*RVU25D))
    _, reordered = parse(write_lines(tmp_path / "PPRRVU2025_Oct.csv", moved))
    assert reordered == original


def test_a_column_named_twice_is_refused(db_path, tmp_path):
    lines = csv_lines(cms_file(*RVU25D))
    lines[9] = lines[9][:31] + ["RVU"]
    lines[8] = lines[8][:31] + ["WORK"]
    path = write_lines(tmp_path / "PPRRVU2025_Oct.csv", lines)
    expect_refused(
        db_path, path, "line 10, column WORK RVU", "2 columns of the header look like 'WORK RVU'"
    )


# ---- the QPP file ------------------------------------------------------------------------------


def qpp_copy(path: Path, cf: str = "33.5675") -> Path:
    """CMS's QPP file as it differs from the non-QPP one: the CONV FACTOR of every row."""
    lines = csv_lines(cms_file(*RVU26C))
    for line in lines[10:]:
        if len(line) > 25 and line[25] == "33.4009":
            line[25] = cf
    return write_lines(path, lines)


def pfs_rows(db_path: Path, release: str = "RVU26C") -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT * FROM pfs_rvu WHERE release = ? ORDER BY hcpcs, modifier", (release,)
        ).fetchall()


def row_cfs(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT conversion_factor FROM pfs_rvu WHERE release = 'RVU26C'"
            )
        }


def cf_rows(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT conversion_factor, note FROM conversion_factors WHERE "
            "kind = 'qualifying_apm' AND effective_from = '2026-01-01'"
        ).fetchall()


def test_qpp_after_non_qpp_keeps_the_release_and_says_so(db_path, tmp_path):
    import_one(db_path, cms_file(*RVU26C))
    before = pfs_rows(db_path)
    loaded = import_one(db_path, qpp_copy(tmp_path / "PPRRVU2026_Jul_QPP.csv"))
    assert (loaded.source, loaded.release, loaded.row_count, loaded.table) == (
        "pfs_qpp",
        "RVU26C",
        19356,
        "conversion_factors",
    )
    assert loaded.note == (
        "QPP file: RVU26C keeps the RVUs and the non-qualifying CF of "
        "PPRRVU2026_Jul_nonQPP.csv; the qualifying APM CF 33.5675 is in the "
        "conversion factor table"
    )
    assert pfs_rows(db_path) == before
    assert row_cfs(db_path) == {"33.4009"}
    assert cf_rows(db_path)[0][0] == "33.5675"


def test_qpp_alone_loads_the_release_with_the_non_qualifying_cf(db_path, tmp_path):
    with sqlite3.connect(db_path) as conn:  # a database without RVU26C, as after an older build
        conn.execute("DELETE FROM pfs_rvu WHERE release = 'RVU26C'")
        conn.execute("DELETE FROM sources WHERE source = 'pfs' AND release = 'RVU26C'")
        conn.execute("DELETE FROM conversion_factors WHERE kind = 'qualifying_apm'")
    folder = tmp_path / "rvu26c"
    folder.mkdir()
    qpp_copy(folder / "PPRRVU2026_Jul_QPP.csv")

    loaded, errors, _ = import_all(db_path, folder)

    assert errors == [] and [(r.source, r.release) for r in loaded] == [("pfs_qpp", "RVU26C")]
    assert "loaded as RVU26C with the non-qualifying CF 33.4009" in loaded[0].note
    assert "the qualifying APM CF 33.5675 is now in the conversion factor table" in loaded[0].note
    assert row_cfs(db_path) == {"33.4009"} and len(pfs_rows(db_path)) == 19356
    assert cf_rows(db_path) == [("33.5675", "CONV FACTOR of PPRRVU2026_Jul_QPP.csv")]
    # then the non-QPP file of the release, in the same folder: both load, the QPP one last
    shutil.copyfile(cms_file(*RVU26C), folder / "PPRRVU2026_Jul_nonQPP.csv")
    loaded, errors, _ = import_all(db_path, folder)
    assert errors == [] and [r.source for r in loaded] == ["pfs", "pfs_qpp"]
    assert row_cfs(db_path) == {"33.4009"}


def test_a_renamed_qpp_file_is_told_by_its_conv_factor(db_path, tmp_path):
    loaded = import_one(db_path, qpp_copy(tmp_path / "rvu_download.csv"))
    assert (loaded.source, loaded.release) == ("pfs_qpp", "RVU26C")


@pytest.mark.parametrize(
    ("name", "cf", "fragment"),
    [
        (
            "PPRRVU2026_Jul_QPP.csv",
            "33.4009",
            "says QPP (qualifying APM) but its CONV FACTOR 33.4009 is the 2026 non-qualifying",
        ),
        (
            "PPRRVU2026_Jul_nonQPP.csv",
            "33.5675",
            "says non-QPP but its CONV FACTOR 33.5675 is the 2026 qualifying APM",
        ),
    ],
)
def test_a_file_whose_name_and_conv_factor_disagree_is_refused(
    db_path, tmp_path, name, cf, fragment
):
    path = qpp_copy(tmp_path / name, cf)
    before = snapshot(db_path)
    expect_refused(db_path, path, "column CONV FACTOR", fragment)
    assert snapshot(db_path) == before

"""Importing the real CMS release files of ../shared/reference, and refusing bad ones."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest

from core.db import open_writable, transaction
from core.sources.importer import import_paths, recognize
from core.sources.loaders import ImportOptions
from core.sources.source_file import SourceError
from tests.conftest import cms_file
from tests.support.imports import expect_refused, import_one, snapshot

PPRRVU_OCT = ("pfs", "PPRRVU2025_Oct.csv")
PPRRVU_JAN_RESAVED = ("pfs", "PPRRVU25_JAN1_excel-resaved.csv")


@pytest.mark.parametrize(
    "parts, kind",
    [
        (PPRRVU_OCT, "pfs"),
        (PPRRVU_JAN_RESAVED, "pfs"),
        (("pfs", "GPCI2025.csv"), "gpci"),
        (("pfs", "25LOCCO.csv"), "locality"),
        (("pfs", "ANES2025.csv"), "anesthesia"),
        (("pfs", "OPPSCAP_Oct.csv"), "oppscap"),
        (("zip", "ZIP5_OCT2025.txt"), "zip5"),
        (("pfs2026", "PPRRVU2026_Jul_nonQPP.csv"), "pfs"),
        (("pfs2026", "GPCI2026.csv"), "gpci"),
        (("zip", "ZIP5_JAN2026.xlsx"), "zip5"),
        (("ncci", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"), "mue"),
        (("ncci", "MCR_MUE_PractitionerServices_Eff_04-01-2026.xlsx"), "mue"),
        (("ncci", "AOC_V2026Q2-MCR.xlsx"), "aoc"),
        (("hcpcs", "HCPC2025_JUL_ANWEB_v3_4columns.xlsx"), "hcpcs"),
    ],
)
def test_recognizes_each_real_file_by_content_even_renamed(parts, kind, tmp_path):
    renamed = tmp_path / "download.dat"
    shutil.copyfile(cms_file(*parts), renamed)
    assert recognize(renamed).kind == kind


def test_every_real_cms_file_imports_with_the_expected_row_counts(imported_db):
    with sqlite3.connect(imported_db) as conn:
        sources = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                "SELECT source, release, row_count FROM sources WHERE origin = 'imported'"
            )
        }
    assert sources == {
        ("pfs", "RVU25D"): 19090,
        ("pfs", "RVU25A"): 18865,
        ("pfs", "RVU26C"): 19356,
        ("gpci", "GPCI2025"): 109,
        ("gpci", "GPCI2026"): 109,
        ("locality", "LOCCO2025"): 109,
        ("anesthesia", "ANES2025"): 109,
        ("oppscap", "OPPSCAP25D"): 16100,
        ("zip5", "ZIP5 2025Q4"): 42956,
        ("zip5", "ZIP5 2026Q1"): 42956,
        ("mue", "MUE 2026Q2"): 15095,
        ("aoc", "AOC 2026Q2"): 9000,
        ("hcpcs", "HCPCS 2025 July"): 8387 + 383,
    }


def test_pfs_known_values_and_release_dates(imported_db):
    conn = sqlite3.connect(imported_db)
    conn.row_factory = sqlite3.Row

    def row(release: str, code: str, mod: str = "") -> sqlite3.Row:
        return conn.execute(
            "SELECT * FROM pfs_rvu WHERE release = ? AND hcpcs = ? AND modifier = ?",
            (release, code, mod),
        ).fetchone()

    r = row("RVU25D", "77011")
    assert (r["work_rvu"], r["nonfac_pe_rvu"], r["fac_pe_rvu"], r["mp_rvu"]) == (
        "1.21",
        "5.25",
        "5.25",
        "0.08",
    )
    assert (r["nonfac_na"], r["fac_na"], r["pctc"], r["source_line"]) == (0, 1, "1", 8757)
    assert row("RVU25D", "77011", "26")["nonfac_pe_rvu"] == "0.55"
    assert row("RVU25D", "77011", "TC")["work_rvu"] == "0.00"
    e_m = row("RVU25D", "99213")
    assert (e_m["work_rvu"], e_m["nonfac_pe_rvu"], e_m["fac_pe_rvu"], e_m["mp_rvu"]) == (
        "1.30",
        "1.35",
        "0.57",
        "0.10",
    )
    assert row("RVU25D", "43239")["endo_base"] == "43235"
    assert row("RVU25D", "27447")["global_days"] == "090"
    dates = dict(conn.execute("SELECT release, effective_date FROM sources WHERE source = 'pfs'"))
    assert dates == {"RVU25D": "2025-10-01", "RVU25A": "2025-01-01", "RVU26C": "2026-07-01"}


def test_excel_resaved_file_is_normalized_to_the_cms_spelling(imported_db):
    conn = sqlite3.connect(imported_db)
    jan = conn.execute(
        "SELECT work_rvu, mp_rvu, global_days, imaging_family, phys_supervision "
        "FROM pfs_rvu WHERE release = 'RVU25A' AND hcpcs = '99213'"
    ).fetchone()
    assert jan == ("1.30", "0.10", "XXX", "99", "09")
    # Excel turned anesthesia code 00100 into 100 and 090 global days into 90
    assert conn.execute(
        "SELECT status FROM pfs_rvu WHERE release = 'RVU25A' AND hcpcs = '00100'"
    ).fetchone() == ("J",)
    assert conn.execute(
        "SELECT global_days FROM pfs_rvu WHERE release = 'RVU25A' AND "
        "hcpcs = '27447' AND modifier = ''"
    ).fetchone() == ("090",)
    # the two releases differ where CMS changed them (0446T PE RVU)
    pe = dict(
        conn.execute(
            "SELECT release, nonfac_pe_rvu FROM pfs_rvu WHERE hcpcs = '0446T' "
            "AND modifier = '' AND release LIKE 'RVU25_'"
        )
    )
    assert pe == {"RVU25A": "90.47", "RVU25D": "179.53"}


def test_gpci_locality_anesthesia_oppscap_and_zip(imported_db):
    conn = sqlite3.connect(imported_db)
    assert conn.execute(
        "SELECT work, pe, mp FROM gpci WHERE carrier = '13202' AND locality = '01'"
    ).fetchone() == ("1.065", "1.166", "1.656")
    assert conn.execute("SELECT work FROM gpci WHERE state = 'AK'").fetchone() == ("1.50",)
    assert conn.execute(
        "SELECT carrier, locality, state FROM zip_locality WHERE zip = '10001'"
    ).fetchone() == ("13202", "01", "NY")
    assert conn.execute(
        "SELECT carrier, locality FROM zip_locality WHERE zip = '90210'"
    ).fetchone() == ("01182", "18")
    assert conn.execute(
        "SELECT conversion_factor FROM anesthesia_cf WHERE carrier = '13202' AND locality = '01'"
    ).fetchone() == ("22.76",)
    cap = conn.execute(
        "SELECT facility_price, nonfacility_price FROM opps_cap WHERE "
        "hcpcs = '0633T' AND modifier = 'TC' AND carrier = '01112' AND "
        "locality = '05'"
    ).fetchone()
    assert cap == ("150.69", "150.69")
    missouri = conn.execute(
        "SELECT name, counties FROM localities WHERE carrier = '05302' AND locality = '99'"
    ).fetchone()
    assert missouri == ("REST OF STATE", "ALL OTHER COUNTIES")


def test_importing_the_same_release_twice_changes_nothing(db_path):
    gpci = cms_file("pfs", "GPCI2025.csv")
    first = import_one(db_path, gpci)
    before = snapshot(db_path)
    second = import_one(db_path, gpci)
    after = snapshot(db_path)
    assert first.row_count == second.row_count == 109
    assert {k: v for k, v in before.items() if k != "sources"} == {
        k: v for k, v in after.items() if k != "sources"
    }
    assert [s[:6] for s in before["sources"]] == [s[:6] for s in after["sources"]]


def test_a_directory_import_skips_non_release_files_and_reports_them(db_path):
    folder = cms_file("zip", "ZIP5_OCT2025.txt").parent
    skipped = []
    conn = open_writable(db_path)
    loaded, errors = import_paths(conn, [folder], on_skip=lambda p, why: skipped.append(p.name))
    conn.close()
    assert [(r.release, r.file_name) for r in loaded] == [
        ("ZIP5 2026Q1", "ZIP5_JAN2026.xlsx"),
        ("ZIP5 2025Q4", "ZIP5_OCT2025.txt"),
    ]
    assert errors == [] and skipped == ["ZIP5lyout.txt"]


def test_oppscap_without_a_quarter_needs_an_effective_date(db_path, tmp_path):
    renamed = tmp_path / "caps.csv"
    shutil.copyfile(cms_file("pfs", "OPPSCAP_Oct.csv"), renamed)
    with pytest.raises(SourceError, match="--effective"):
        import_one(db_path, renamed)
    loaded = import_one(db_path, renamed, options=ImportOptions(date(2025, 7, 1)))
    assert (loaded.release, loaded.end_date) == ("OPPSCAP25C", "2025-09-30")


# ---- bad input: a clear error naming file and line, and nothing written ----------------------


def pprrvu_lines() -> list[str]:
    return cms_file(*PPRRVU_OCT).read_text(encoding="cp1252").splitlines(keepends=True)


def test_truncated_pprrvu_is_refused_at_the_cut_line(db_path, tmp_path):
    lines = pprrvu_lines()
    cut = tmp_path / "PPRRVU_cut.csv"
    cut.write_text("".join(lines[:5000]) + lines[5000][:25], encoding="cp1252")
    error = expect_refused(db_path, cut, "line 5001", "truncated")
    assert error.line == 5001


def test_pprrvu_with_a_missing_column_names_the_column(db_path, tmp_path):
    lines = pprrvu_lines()
    dropped = []
    for line in lines:  # delete the 6th column (WORK RVU) everywhere, as a careless edit would
        cells = line.rstrip("\r\n").split(",")
        dropped.append(",".join(cells[:5] + cells[6:]) + "\n" if len(cells) > 6 else line)
    path = tmp_path / "PPRRVU_missing.csv"
    path.write_text("".join(dropped), encoding="cp1252")
    expect_refused(db_path, path, "line 10", "WORK RVU")


def test_bad_value_in_a_pprrvu_row_names_line_and_column(db_path, tmp_path):
    lines = pprrvu_lines()
    cells = lines[20].split(",")
    cells[5] = "1.2x"
    lines[20] = ",".join(cells)
    path = tmp_path / "PPRRVU_bad.csv"
    path.write_text("".join(lines), encoding="cp1252")
    expect_refused(db_path, path, "line 21", "column WORK RVU", "'1.2x' is not a number")


def test_pprrvu_without_its_banner_cannot_name_the_release(db_path, tmp_path):
    path = tmp_path / "PPRRVU_nobanner.csv"
    path.write_text("".join(pprrvu_lines()[9:]), encoding="cp1252")
    expect_refused(db_path, path, "banner")


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (b"name,address\nAlice,1 Main St\n", "not a CMS release file"),
        (b"PK\x03\x04rest-of-a-zip", "Excel workbook"),
        (b"%PDF-1.4 ...", "PDF"),
        ("HCPCS,MOD,PROCSTAT,CARRIER,LOCALITY\n".encode("utf-16-le"), "NUL bytes"),
    ],
)
def test_wrong_empty_or_binary_files_are_refused(db_path, tmp_path, content, fragment):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    expect_refused(db_path, path, fragment)


def test_utf16_with_bom_is_read(db_path, tmp_path):
    source = cms_file("pfs", "GPCI2025.csv")
    path = tmp_path / "gpci_unicode.txt"
    path.write_bytes(source.read_text(encoding="cp1252").encode("utf-16"))
    assert import_one(db_path, path).row_count == 109


def test_an_interrupted_import_leaves_the_database_as_it_was(db_path):
    before = snapshot(db_path)

    def interrupt(message: str, fraction: float) -> None:
        if fraction > 0.3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_one(db_path, cms_file(*PPRRVU_OCT), progress=interrupt)
    assert snapshot(db_path) == before


def test_a_failure_inside_the_write_transaction_rolls_everything_back(db_path):
    before = snapshot(db_path)
    conn = open_writable(db_path)
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("DELETE FROM pfs_rvu")
        raise RuntimeError("disk full")
    conn.close()
    assert snapshot(db_path) == before

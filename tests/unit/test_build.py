"""The bundled reference database: contents, traceability and the rules for our own text."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from decimal import Decimal

import simple_icd_10_cm as icd

from core.db import get_meta
from core.refdata.icd_codes import BILLABLE_IN, VALID_IN
from core.sources import bundle
from core.sources.build import build_reference_db
from core.sources.ensure import ensure_reference_db
from tests.conftest import cms_file

# The CMS releases the app ships (besides ICD-10-CM): (source, release).
BUNDLED_RELEASES = {
    ("pfs", "RVU25D"),
    ("pfs", "RVU26C"),
    ("gpci", "GPCI2025"),
    ("gpci", "GPCI2026"),
    ("locality", "LOCCO2025"),
    ("zip5", "ZIP5 2026Q1"),
    ("mue", "MUE 2026Q2"),
    ("aoc", "AOC 2026Q2"),
    ("hcpcs", "HCPCS 2025 July"),
}


def count(conn: sqlite3.Connection, sql: str, *params: object) -> int:
    return conn.execute(sql, params).fetchone()[0]


def test_bundle_has_at_least_600_described_procedure_codes_each_with_pfs_figures(conn):
    assert count(conn, "SELECT COUNT(*) FROM procedure_codes") >= 600
    assert count(conn, "SELECT COUNT(*) FROM procedure_codes WHERE code_type = 'hcpcs'") >= 50
    without_figures = conn.execute(
        "SELECT code FROM procedure_codes WHERE code NOT IN "
        "(SELECT hcpcs FROM pfs_rvu WHERE modifier = '' AND release = 'RVU25D')"
    ).fetchall()
    assert without_figures == []


def test_bundle_covers_the_codes_and_families_the_domain_brief_names(conn):
    codes = {r[0] for r in conn.execute("SELECT code FROM procedure_codes")}
    assert {"77011", "99213", "0446T", "G0439", "J1100", "Q9965"} <= codes
    ct_codes = {
        r[0]
        for r in conn.execute(
            "SELECT hcpcs FROM pfs_rvu WHERE hcpcs BETWEEN '70450' AND '74178' AND modifier = ''"
        )
    }
    assert len(ct_codes) >= 40
    # every multiple-procedure indicator the fee rules use has at least one bundled example
    indicators = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT mult_proc FROM pfs_rvu WHERE modifier = '' AND status = 'A'"
        )
    }
    assert {"0", "2", "3", "4", "5", "6", "7"} <= indicators
    # each described endoscopy family member's base code is described too
    bases = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT endo_base FROM pfs_rvu WHERE endo_base != '' "
            "AND hcpcs IN (SELECT code FROM procedure_codes)"
        )
    }
    assert bases and bases <= codes
    assert (
        count(conn, "SELECT COUNT(*) FROM pfs_rvu WHERE global_days = 'ZZZ' AND modifier = ''")
        >= 20
    )


def test_bundled_77011_rows_carry_the_cms_figures_and_source_line(conn):
    rows = {
        r["modifier"]: r
        for r in conn.execute("SELECT * FROM pfs_rvu WHERE hcpcs = '77011' AND release = 'RVU25D'")
    }
    assert set(rows) == {"", "26", "TC"}
    glob = rows[""]
    assert (glob["work_rvu"], glob["nonfac_pe_rvu"], glob["mp_rvu"]) == ("1.21", "5.25", "0.08")
    assert glob["pctc"] == "1" and glob["global_days"] == "XXX"
    assert glob["source_line"] == 8757
    assert rows["TC"]["work_rvu"] == "0.00" and rows["TC"]["nonfac_pe_rvu"] == "4.70"


def test_every_bundled_release_equals_the_real_cms_file_row_for_row(built_db, imported_db):
    """imported_db imported the CMS files themselves over the bundled releases: the bundle must
    hold exactly what an import of CMS's file gives, every row and figure, nothing more."""
    manifest = bundle.manifest()
    assert {(m.source, m.release) for m in manifest} == BUNDLED_RELEASES
    with sqlite3.connect(built_db) as bundled, sqlite3.connect(imported_db) as imported:
        for item in manifest:
            query = f"SELECT * FROM {item.table} WHERE release = ? ORDER BY 1, 2, 3, 4"
            rows = bundled.execute(query, (item.release,)).fetchall()
            assert rows == imported.execute(query, (item.release,)).fetchall(), item.release
            source = (
                "SELECT effective_date, end_date, row_count, file_name FROM sources "
                "WHERE source = ? AND release = ?"
            )
            assert bundled.execute(source, (item.source, item.release)).fetchone() == (
                item.effective_date,
                item.end_date,
                len(rows),
                item.cms_file,
            )
            assert imported.execute(source, (item.source, item.release)).fetchone() == (
                item.effective_date,
                item.end_date,
                len(rows),
                item.cms_file,
            )


def test_the_bundle_prices_every_code_of_both_pfs_releases(conn):
    counts = dict(conn.execute("SELECT release, COUNT(*) FROM pfs_rvu GROUP BY release"))
    assert counts == {"RVU25D": 19090, "RVU26C": 19356}
    e_m = conn.execute(
        "SELECT work_rvu, nonfac_pe_rvu, fac_pe_rvu, mp_rvu, conversion_factor "
        "FROM pfs_rvu WHERE release = 'RVU26C' AND hcpcs = '99213' "
        "AND modifier = ''"
    ).fetchone()
    assert tuple(e_m) == ("1.30", "1.46", "0.33", "0.09", "33.4009")
    assert count(conn, "SELECT COUNT(*) FROM zip_locality") == 42956
    assert tuple(
        conn.execute("SELECT carrier, locality FROM zip_locality WHERE zip = '94103'").fetchone()
    ) == ("01112", "05")
    assert tuple(
        conn.execute("SELECT max_units, mai FROM mue WHERE hcpcs = '99213'").fetchone()
    ) == (2, "3")
    assert [
        tuple(r)
        for r in conn.execute("SELECT primary_code FROM addon_edits WHERE addon_code = '99292'")
    ] == [("99291",)]
    assert (
        "adalimumab"
        in conn.execute("SELECT long_description FROM hcpcs_codes WHERE code = 'J0135'").fetchone()[
            0
        ]
    )


def test_no_ama_descriptor_text_is_bundled():
    """The PPRRVU DESCRIPTION column is never read: no CPT descriptor of the 2026 file appears
    as a cell of any bundled CMS file. The HCPCS file holds Level II codes only, with CMS's
    public-domain text (which may coincide with a CPT short descriptor: G6047)."""
    path = cms_file("pfs2026", "PPRRVU2026_Jul_nonQPP.csv")
    descriptors = {
        row[2].strip().lower()
        for row in csv.reader(path.read_text(encoding="cp1252").splitlines()[10:])
        if len(row) > 2 and row[0][:1].isdigit() and len(row[2].strip()) > 8
    }
    assert len(descriptors) > 5000
    for item in bundle.manifest():
        header, rows = bundle.read_table(item.file)
        if item.table == "hcpcs_codes":
            assert all(re.match(r"^([A-CE-V]\d{4}|[A-Z0-9]{2})$", row[0]) for row in rows)
            continue
        assert not any("descr" in column for column in header), item.file.name
        for row in rows:
            assert not descriptors & {cell.strip().lower() for cell in row}, (item.file, row)


def test_our_descriptions_are_not_the_cms_descriptor_text():
    path = cms_file("pfs", "PPRRVU2025_Oct.csv")
    text = path.read_text(encoding="cp1252")
    descriptors = {}
    for record in csv.reader(text.splitlines()[10:]):
        if record and record[1] == "":
            descriptors[record[0]] = record[2].strip().lower()

    def words(text: str) -> str:
        return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())

    copied = [
        row["code"]
        for row in bundle.procedure_rows()
        if words(row["description"]) == words(descriptors[row["code"]])
    ]
    assert copied == []


def test_icd10cm_holds_every_code_of_the_package_with_billable_flags(conn):
    # the package's tabular is FY2026; the table also keeps FY2025 and FY2027 (test_icd10_years)
    all_codes = icd.get_all_codes(with_dots=True)
    assert count(conn, f"SELECT COUNT(*) FROM icd10cm c WHERE {VALID_IN}", 2026) == len(all_codes)
    leaves = sum(
        1
        for c in set(all_codes)
        if (icd.is_category(c) or icd.is_subcategory(c)) and icd.is_leaf(c)
    )
    assert (
        count(conn, f"SELECT COUNT(*) FROM icd10cm c WHERE {VALID_IN} AND {BILLABLE_IN} = 1", 2026)
        == leaves
    )
    assert leaves > 70000
    row = conn.execute("SELECT * FROM icd10cm WHERE code = 'C34.90'").fetchone()
    assert row["billable"] == 1 and row["chapter"] == "2" and row["block"] == "C30-C39"
    assert row["code_nodot"] == "C3490"
    s72 = conn.execute("SELECT * FROM icd10cm WHERE code = 'S72' AND kind = 'category'").fetchone()
    assert json.loads(s72["seven_chr_def"])["A"] == "initial encounter for closed fracture"
    assert "fracture of lower leg and ankle (S82.-)" in json.loads(s72["excludes2"])
    assert count(conn, "SELECT COUNT(*) FROM icd10cm WHERE code = 'B10'") == 2  # block + category
    assert (
        "neoplasm"
        in conn.execute("SELECT code_first FROM icd10cm WHERE code = 'D63.0'").fetchone()[0]
    )


def test_localities_gpci_conversion_factors_modifiers_and_pos(conn):
    assert count(conn, "SELECT COUNT(*) FROM gpci WHERE release = 'GPCI2025'") == 109
    assert count(conn, "SELECT COUNT(*) FROM gpci WHERE release = 'GPCI2026'") == 109
    assert count(conn, "SELECT COUNT(*) FROM localities") == 109
    manhattan = conn.execute(
        "SELECT work, pe, mp FROM gpci WHERE carrier = '13202' AND "
        "locality = '01' AND release = 'GPCI2025'"
    ).fetchone()
    assert tuple(manhattan) == ("1.065", "1.166", "1.656")
    san_francisco = conn.execute(
        "SELECT work, pe, mp FROM gpci WHERE carrier = '01112' AND "
        "locality = '05' AND release = 'GPCI2026'"
    ).fetchone()
    assert tuple(san_francisco) == ("1.095", "1.410", "0.425")
    counties = conn.execute(
        "SELECT counties FROM localities WHERE carrier = '12202' AND locality = '01'"
    ).fetchone()
    assert "ARLINGTON" in counties[0]
    cf = {
        (r[0], r[1]): Decimal(r[2])
        for r in conn.execute(
            "SELECT kind, effective_from, conversion_factor FROM conversion_factors"
        )
    }
    assert cf[("standard", "2025-01-01")] == Decimal("32.3465")
    assert cf[("standard", "2024-03-09")] == Decimal("33.2875")
    assert cf[("standard", "2026-01-01")] == Decimal("33.4009")
    assert cf[("qualifying_apm", "2026-01-01")] == Decimal("33.5675")
    assert cf[("anesthesia", "2026-01-01")] == Decimal("20.4976")
    assert cf[("anesthesia_qualifying_apm", "2026-01-01")] == Decimal("20.5998")
    pos = {r[0]: r[1] for r in conn.execute("SELECT code, setting FROM place_of_service")}
    assert pos["11"] == "non-facility" and pos["22"] == "facility" and pos["02"] == "facility"
    assert pos["10"] == "non-facility"
    mods = {r[0]: r[1] for r in conn.execute("SELECT code, affects_payment FROM modifiers")}
    assert mods["26"] == 1 and mods["50"] == 1 and mods["59"] == 0 and mods["LT"] == 0


def test_sources_record_every_bundled_release(conn):
    releases = {(r["source"], r["release"]): r for r in conn.execute("SELECT * FROM sources")}
    assert {s for s, _ in releases if s != "icd10cm"} == {
        "pfs",
        "gpci",
        "locality",
        "zip5",
        "mue",
        "aoc",
        "hcpcs",
        "procedure_codes",
        "modifiers",
        "place_of_service",
        "conversion_factors",
    }
    assert releases[("pfs", "RVU25D")]["effective_date"] == "2025-10-01"
    assert releases[("pfs", "RVU26C")]["effective_date"] == "2026-07-01"
    assert releases[("pfs", "RVU26C")]["file_name"] == "PPRRVU2026_Jul_nonQPP.csv"
    assert sum(r["row_count"] for (s, _), r in releases.items() if s == "pfs") == count(
        conn, "SELECT COUNT(*) FROM pfs_rvu"
    )
    rows = {s: r for (s, _), r in releases.items()}
    assert rows["icd10cm"]["release"].startswith("ICD-10-CM FY20")
    assert rows["gpci"]["row_count"] == 109
    described = count(conn, "SELECT COUNT(*) FROM procedure_codes")
    assert rows["procedure_codes"]["row_count"] == described
    assert rows["modifiers"]["release"] == f"bundle {bundle.fingerprint()}"
    assert all(r["origin"] == "bundled" for r in rows.values())


def test_search_index_finds_words_across_code_sets(conn):
    def search(words: str) -> set[str]:
        return {
            r[0]
            for r in conn.execute(
                "SELECT code FROM code_search WHERE code_search MATCH ?", (words,)
            )
        }

    assert "77011" in search("ct AND stereotactic")
    assert "C34.90" in search("bronchus AND lung AND unspecified")
    assert "11" in search("office")


def test_build_is_reproducible(built_db, tmp_path):
    again = build_reference_db(tmp_path / "again.sqlite").path
    tables = [
        "procedure_codes",
        "pfs_rvu",
        "gpci",
        "localities",
        "icd10cm",
        "modifiers",
        "place_of_service",
        "conversion_factors",
        "zip_locality",
        "mue",
        "addon_edits",
        "hcpcs_codes",
    ]
    with sqlite3.connect(built_db) as first, sqlite3.connect(again) as second:
        for table in tables:
            query = f"SELECT * FROM {table} ORDER BY 1, 2, 3"
            assert first.execute(query).fetchall() == second.execute(query).fetchall(), table


def test_ensure_builds_a_missing_database_and_leaves_a_current_one_alone(tmp_path):
    path = tmp_path / "fresh.sqlite"
    assert ensure_reference_db(path) is None
    built_at = get_meta(sqlite3.connect(path), "built_at")
    assert ensure_reference_db(path) is None
    assert get_meta(sqlite3.connect(path), "built_at") == built_at


def test_ensure_warns_instead_of_rebuilding_a_stale_database_with_imports(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'bundle_fingerprint'")
        conn.execute("UPDATE sources SET origin = 'imported' WHERE source = 'gpci'")
    warning = ensure_reference_db(db_path)
    assert warning and "build-db" in warning
    with sqlite3.connect(db_path) as conn:
        assert get_meta(conn, "bundle_fingerprint") == "old"


def test_ensure_rebuilds_a_stale_database_without_imports(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'bundle_fingerprint'")
    assert ensure_reference_db(db_path) is None
    with sqlite3.connect(db_path) as conn:
        assert get_meta(conn, "bundle_fingerprint") == bundle.fingerprint()

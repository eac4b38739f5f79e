"""The bundled reference database: contents, traceability and the rules for our own text."""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal

import simple_icd_10_cm as icd

from core.db import get_meta
from core.sources import bundle, pfs
from core.sources.build import build_reference_db, ensure_reference_db
from core.sources.tables import Origin, TextTable
from tests.conftest import cms_file


def count(conn: sqlite3.Connection, sql: str, *params: object) -> int:
    return conn.execute(sql, params).fetchone()[0]


def test_bundle_has_at_least_600_described_procedure_codes_each_with_pfs_figures(conn):
    assert count(conn, "SELECT COUNT(*) FROM procedure_codes") >= 600
    assert count(conn, "SELECT COUNT(*) FROM procedure_codes WHERE code_type = 'hcpcs'") >= 50
    without_figures = conn.execute(
        "SELECT code FROM procedure_codes WHERE code NOT IN "
        "(SELECT hcpcs FROM pfs_rvu WHERE modifier = '' AND release = 'RVU25D')").fetchall()
    assert without_figures == []


def test_bundle_covers_the_codes_and_families_the_domain_brief_names(conn):
    codes = {r[0] for r in conn.execute("SELECT code FROM procedure_codes")}
    assert {"77011", "99213", "0446T", "G0439", "J1100", "Q9965"} <= codes
    ct_codes = {r[0] for r in conn.execute(
        "SELECT hcpcs FROM pfs_rvu WHERE hcpcs BETWEEN '70450' AND '74178' AND modifier = ''")}
    assert len(ct_codes) >= 40
    # every multiple-procedure indicator the fee rules use has at least one bundled example
    indicators = {r[0] for r in conn.execute(
        "SELECT DISTINCT mult_proc FROM pfs_rvu WHERE modifier = '' AND status = 'A'")}
    assert {"0", "2", "3", "4", "5", "6", "7"} <= indicators
    # each endoscopy family member's base code is bundled too
    bases = {r[0] for r in conn.execute(
        "SELECT DISTINCT endo_base FROM pfs_rvu WHERE endo_base != ''")}
    assert bases and bases <= codes
    assert count(conn, "SELECT COUNT(*) FROM pfs_rvu WHERE global_days = 'ZZZ' "
                       "AND modifier = ''") >= 20


def test_bundled_77011_rows_carry_the_cms_figures_and_source_line(conn):
    rows = {r["modifier"]: r for r in conn.execute(
        "SELECT * FROM pfs_rvu WHERE hcpcs = '77011' AND release = 'RVU25D'")}
    assert set(rows) == {"", "26", "TC"}
    glob = rows[""]
    assert (glob["work_rvu"], glob["nonfac_pe_rvu"], glob["mp_rvu"]) == ("1.21", "5.25", "0.08")
    assert glob["pctc"] == "1" and glob["global_days"] == "XXX"
    assert glob["source_line"] == 8757
    assert rows["TC"]["work_rvu"] == "0.00" and rows["TC"]["nonfac_pe_rvu"] == "4.70"


def test_bundled_pfs_rows_equal_the_real_cms_file_row_for_row():
    path = cms_file("pfs", "PPRRVU2025_Oct.csv")
    _, rows = pfs.parse(TextTable(Origin(path)))
    real = {(r[0], r[1]): r for r in rows}
    bundled = list(bundle.read_rows(bundle.CMS_DIR / "pfs_rvu.csv"))
    assert len(bundled) >= 1000
    for _, row in bundled:
        expected = real[(row["hcpcs"], row["modifier"])]
        assert tuple(str(v) for v in expected) == tuple(row[c] for c in pfs.STORED_COLUMNS)


def test_our_descriptions_are_not_the_cms_descriptor_text():
    path = cms_file("pfs", "PPRRVU2025_Oct.csv")
    text = path.read_text(encoding="cp1252")
    descriptors = {}
    for record in csv.reader(text.splitlines()[10:]):
        if record and record[1] == "":
            descriptors[record[0]] = record[2].strip().lower()
    def words(text: str) -> str:
        return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())

    copied = [row["code"] for row in bundle.procedure_rows()
              if words(row["description"]) == words(descriptors[row["code"]])]
    assert copied == []


def test_icd10cm_holds_every_code_of_the_package_with_billable_flags(conn):
    all_codes = icd.get_all_codes(with_dots=True)
    assert count(conn, "SELECT COUNT(*) FROM icd10cm") == len(all_codes)
    leaves = sum(1 for c in set(all_codes) if (icd.is_category(c) or icd.is_subcategory(c))
                 and icd.is_leaf(c))
    assert count(conn, "SELECT COUNT(*) FROM icd10cm WHERE billable = 1") == leaves
    assert leaves > 70000
    row = conn.execute("SELECT * FROM icd10cm WHERE code = 'C34.90'").fetchone()
    assert row["billable"] == 1 and row["chapter"] == "2" and row["block"] == "C30-C39"
    assert row["code_nodot"] == "C3490"
    s72 = conn.execute("SELECT * FROM icd10cm WHERE code = 'S72' AND kind = 'category'").fetchone()
    assert json.loads(s72["seven_chr_def"])["A"] == "initial encounter for closed fracture"
    assert "fracture of lower leg and ankle (S82.-)" in json.loads(s72["excludes2"])
    assert count(conn, "SELECT COUNT(*) FROM icd10cm WHERE code = 'B10'") == 2  # block + category
    assert "neoplasm" in conn.execute(
        "SELECT code_first FROM icd10cm WHERE code = 'D63.0'").fetchone()[0]


def test_localities_gpci_conversion_factors_modifiers_and_pos(conn):
    assert count(conn, "SELECT COUNT(*) FROM gpci WHERE release = 'GPCI2025'") == 109
    assert count(conn, "SELECT COUNT(*) FROM localities") == 109
    manhattan = conn.execute(
        "SELECT work, pe, mp FROM gpci WHERE carrier = '13202' AND locality = '01'").fetchone()
    assert tuple(manhattan) == ("1.065", "1.166", "1.656")
    counties = conn.execute(
        "SELECT counties FROM localities WHERE carrier = '12202' AND locality = '01'").fetchone()
    assert "ARLINGTON" in counties[0]
    cf = {(r[0], r[1]): Decimal(r[2]) for r in conn.execute(
        "SELECT kind, effective_from, conversion_factor FROM conversion_factors")}
    assert cf[("standard", "2025-01-01")] == Decimal("32.3465")
    assert cf[("standard", "2024-03-09")] == Decimal("33.2875")
    assert cf[("qualifying_apm", "2026-01-01")] == Decimal("33.5675")
    pos = {r[0]: r[1] for r in conn.execute("SELECT code, setting FROM place_of_service")}
    assert pos["11"] == "non-facility" and pos["22"] == "facility" and pos["02"] == "facility"
    assert pos["10"] == "non-facility"
    mods = {r[0]: r[1] for r in conn.execute("SELECT code, affects_payment FROM modifiers")}
    assert mods["26"] == 1 and mods["50"] == 1 and mods["59"] == 0 and mods["LT"] == 0


def test_sources_record_every_bundled_release(conn):
    rows = {r["source"]: r for r in conn.execute("SELECT * FROM sources")}
    assert rows["pfs"]["release"] == "RVU25D" and rows["pfs"]["effective_date"] == "2025-10-01"
    assert rows["pfs"]["row_count"] == count(conn, "SELECT COUNT(*) FROM pfs_rvu")
    assert rows["icd10cm"]["release"].startswith("ICD-10-CM FY20")
    assert rows["gpci"]["row_count"] == 109
    described = count(conn, "SELECT COUNT(*) FROM procedure_codes")
    assert rows["procedure_codes"]["row_count"] == described
    assert rows["modifiers"]["release"] == f"bundle {bundle.fingerprint()}"
    assert all(r["origin"] == "bundled" for r in rows.values())


def test_search_index_finds_words_across_code_sets(conn):
    def search(words: str) -> set[str]:
        return {r[0] for r in conn.execute(
            "SELECT code FROM code_search WHERE code_search MATCH ?", (words,))}

    assert "77011" in search("ct AND stereotactic")
    assert "C34.90" in search("bronchus AND lung AND unspecified")
    assert "11" in search("office")


def test_build_is_reproducible(built_db, tmp_path):
    again = build_reference_db(tmp_path / "again.sqlite").path
    tables = ["procedure_codes", "pfs_rvu", "gpci", "localities", "icd10cm", "modifiers",
              "place_of_service", "conversion_factors"]
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

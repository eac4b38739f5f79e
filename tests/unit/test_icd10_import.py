"""Importing CDC's ICD-10-CM addenda and order files: one fiscal year forward, atomically,
idempotently; bad lines refused with file and line, nothing written."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from core.db import open_readonly, open_writable, transaction
from core.refdata.icd_codes import BILLABLE_IN, HEADER, NOT_EFFECTIVE, VALID, VALID_IN, icd_status
from core.sources import icd10_bundle
from core.sources.icd10_order import parse_addenda
from core.sources.importer import recognize
from core.sources.loaders import ImportOptions
from core.sources.source_file import SourceError, read_text
from tests.conftest import cms_file
from tests.support.databases import private_copy
from tests.support.imports import import_one, snapshot
from tests.unit.test_cli import run

ADDENDA = ("icd10cm", "icd10cm_order_addenda_2027.txt")
CODES_ADDENDA = ("icd10cm", "icd10cm-codes-addenda-2025.txt")


@pytest.fixture(scope="module")
def fy2026_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding ICD-10-CM FY2025 and FY2026 only (the bundle stopped before FY2027)."""
    path = tmp_path_factory.mktemp("icd2026") / "reference.sqlite"
    conn = open_writable(path)
    try:
        with transaction(conn):
            icd10_bundle.load(conn, lambda message, fraction: None, through_fy=2026)
    finally:
        conn.close()
    return path


@pytest.fixture
def fy2026(fy2026_db: Path, tmp_path: Path) -> Path:
    return private_copy(fy2026_db, tmp_path, "icd2026.sqlite")


def addenda_lines() -> list[str]:
    return read_text(cms_file(*ADDENDA)).splitlines(keepends=True)


def expect_refused(db: Path, path: Path, *fragments: str, **options) -> None:
    before = snapshot(db)
    with pytest.raises(SourceError) as caught:
        import_one(db, path, **options)
    message = str(caught.value)
    assert message.startswith(path.name), message
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(db) == before


def test_the_files_are_recognized_by_content(tmp_path):
    renamed = tmp_path / "download.txt"
    shutil.copyfile(cms_file(*ADDENDA), renamed)
    assert recognize(renamed).kind == "icd10cm_addenda"
    assert recognize(cms_file(*CODES_ADDENDA)).kind == "icd10cm_addenda"


def test_the_addenda_roll_fy2026_forward_to_fy2027(fy2026):
    loaded = import_one(fy2026, cms_file(*ADDENDA))
    # the addenda's trailer: 74,719 codes in FY2026, 74,879 in FY2027
    assert (loaded.release, loaded.effective_date, loaded.end_date, loaded.row_count) == (
        "ICD-10-CM FY2027",
        "2026-10-01",
        "2027-09-30",
        74879,
    )
    conn = open_readonly(fy2026)
    try:
        assert icd_status(conn, "I42.0", date(2026, 9, 30)).state == VALID
        assert icd_status(conn, "I42.0", date(2026, 11, 30)).state == HEADER
        assert icd_status(conn, "I42.01", date(2026, 11, 30)).state == VALID
        assert icd_status(conn, "I42.01", date(2026, 9, 30)).state == NOT_EFFECTIVE
        origin = conn.execute("SELECT origin FROM sources WHERE release = 'ICD-10-CM FY2027'")
        assert origin.fetchone()[0] == "imported"
        words = conn.execute("SELECT code FROM code_search WHERE code_search MATCH 'brugada'")
        assert [r[0] for r in words] == ["I49.81"]  # new codes are word-searchable
    finally:
        conn.close()


def test_the_import_gives_what_the_bundled_build_gives(fy2026, built_db):
    import_one(fy2026, cms_file(*ADDENDA))
    with sqlite3.connect(fy2026) as imported, sqlite3.connect(built_db) as bundled:
        for sql in (
            "SELECT * FROM icd10cm ORDER BY kind, code",
            "SELECT code, fiscal_year, change, billable, description, previous, "
            "replacements, release, replace(source, 'CDC ', '') FROM icd10cm_changes "
            "ORDER BY 1, 2, 3",
        ):
            assert imported.execute(sql).fetchall() == bundled.execute(sql).fetchall(), sql


def test_importing_again_says_so_and_writes_nothing(fy2026):
    import_one(fy2026, cms_file(*ADDENDA))
    before = snapshot(fy2026)
    again = import_one(fy2026, cms_file(*ADDENDA))
    assert "already in the database (from icd10cm_order_addenda_2027.txt)" in again.summary()
    assert snapshot(fy2026) == before


def test_the_bundled_years_are_already_applied_older_codes_addenda_layout_too(db_path):
    changes = parse_addenda(cms_file(*CODES_ADDENDA), read_text(cms_file(*CODES_ADDENDA)))
    # its trailer: 252 additions, 36 deletions (33 of them codes that became headers), 13 revised
    kinds = [c.change for c in changes]
    assert (
        kinds.count("added"),
        kinds.count("deleted") + kinds.count("header"),
        kinds.count("revised"),
    ) == (252, 36, 13)
    before = snapshot(db_path)
    loaded = import_one(db_path, cms_file(*CODES_ADDENDA))
    assert loaded.row_count == 74260 and "already in the database" in loaded.note
    assert "already in the database" in import_one(db_path, cms_file(*ADDENDA)).note
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "number, line, fragments",
    [
        (14, "Add:         1 I4200\n", ("line 14", "I4200 has no long description")),
        (
            5,
            "Add:         X D6911   Glanzmann thrombasthenia\n",
            ("line 5", "not an ICD-10-CM code"),
        ),
        (
            9,
            "Ad:          1 E89830  Post bariatric hypoglycemia\n",
            ("line 9", "not an addenda line"),
        ),
        (43, "\n", ("line 42", "'Revise from:' L02.232 has no 'Revise to:'")),
    ],
)
def test_a_bad_addenda_line_is_refused_with_file_and_line(
    fy2026, tmp_path, number, line, fragments
):
    lines = addenda_lines()
    lines[number - 1] = line
    path = tmp_path / "icd10cm_order_addenda_2027.txt"
    path.write_text("".join(lines), encoding="utf-8")
    expect_refused(fy2026, path, *fragments)


def test_an_addenda_that_disagrees_with_the_database_is_refused(fy2026, tmp_path):
    lines = addenda_lines()
    lines[0] = lines[0].replace("C7831", "J449 ")  # J44.9 exists: it cannot be added
    path = tmp_path / "icd10cm_order_addenda_2027.txt"
    path.write_text("".join(lines), encoding="utf-8")
    expect_refused(
        fy2026, path, "line 1", "J44.9 is added in FY2027 but is already in the FY2026 code set"
    )


def test_the_fiscal_year_comes_from_the_name_or_effective_date(fy2026, tmp_path):
    skipped = tmp_path / "icd10cm_order_addenda_2028.txt"
    shutil.copyfile(cms_file(*ADDENDA), skipped)
    expect_refused(fy2026, skipped, "FY2028", "newest code set is FY2026: import FY2027 first")
    unnamed = tmp_path / "addenda.txt"
    shutil.copyfile(cms_file(*ADDENDA), unnamed)
    expect_refused(fy2026, unnamed, "--effective")
    given = ImportOptions(date(2026, 10, 1))
    assert import_one(fy2026, unnamed, options=given).release == "ICD-10-CM FY2027"


def write_order_file(conn: sqlite3.Connection, year: int, path: Path) -> int:
    """The database's code set of `year` in CDC's order-file layout (order number, code, flag,
    short description 60 wide, long description)."""
    rows = conn.execute(
        f"SELECT code_nodot, {BILLABLE_IN}, description FROM icd10cm c WHERE kind IN "
        f"('category', 'subcategory') AND {VALID_IN} ORDER BY code_nodot",
        (year,),
    ).fetchall()
    with path.open("w", encoding="ascii", errors="replace", newline="\r\n") as out:
        for number, (code, billable, text) in enumerate(rows, start=1):
            out.write(f"{number:05d} {code:<7} {billable} {text[:60]:<60} {text}\n")
    return len(rows)


def test_an_order_file_rolls_forward_like_the_addenda(fy2026, built_db, tmp_path):
    order = tmp_path / "icd10cm-order-2027.txt"
    with sqlite3.connect(built_db) as bundled:
        assert write_order_file(bundled, 2027, order) == 74879 + 23524
    assert recognize(order).kind == "icd10cm_order"
    loaded = import_one(fy2026, order)
    assert (loaded.release, loaded.row_count) == ("ICD-10-CM FY2027", 74879)
    sql = (
        "SELECT code, billable, valid_from_fy, valid_to_fy FROM icd10cm WHERE kind IN "
        "('category', 'subcategory') ORDER BY code"
    )
    with sqlite3.connect(fy2026) as imported, sqlite3.connect(built_db) as bundled:
        assert imported.execute(sql).fetchall() == bundled.execute(sql).fetchall()
    assert "already in the database" in import_one(fy2026, order).note


def test_a_bad_order_file_line_is_refused(fy2026, built_db, tmp_path):
    order = tmp_path / "icd10cm-order-2027.txt"
    with sqlite3.connect(built_db) as bundled:
        write_order_file(bundled, 2027, order)
    lines = order.read_text(encoding="ascii").splitlines(keepends=True)
    lines[41] = lines[41][:14] + "7" + lines[41][15:]
    order.write_text("".join(lines), encoding="ascii")
    expect_refused(fy2026, order, "line 42", "not an order-file record")


def test_the_command_line_rolls_forward_then_says_it_is_done(fy2026):
    addenda = str(cms_file(*ADDENDA))
    first = run("import-cms", "--db", str(fy2026), addenda)
    assert first.returncode == 0, first.stderr
    assert "ICD-10-CM FY2027, 74,879 rows into icd10cm, effective 2026-10-01" in first.stdout
    again = run("import-cms", "--db", str(fy2026), addenda, "--json")
    assert (
        again.returncode == 0
        and "already in the database" in json.loads(again.stdout)["loaded"][0]["note"]
    )

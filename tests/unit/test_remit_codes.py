"""CARC categories (ours) and X12's CARC/RARC lists as the user provides them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from core.paths import PROJECT_ROOT
from core.remit.codes import (
    CARC_CATEGORIES_CSV,
    CATEGORIES,
    UNKNOWN,
    CodeListError,
    carc_category,
    code_kind,
    read_carc_categories,
    read_code_list,
)
from tests.conftest import SHARED_REFERENCE

CODES_DIR = SHARED_REFERENCE / "x12" / "carc_rarc"


def x12_list(name: str) -> Path:
    path = CODES_DIR / name
    if not path.exists():
        pytest.skip(f"X12 code list {path} not present (../shared/reference/x12/carc_rarc)")
    return path


def test_the_bundled_file_has_codes_categories_and_dates_only():
    with CARC_CATEGORIES_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "category", "start", "stop"]
        rows = list(reader)
    assert all(len(row) == 4 and row[1] in CATEGORIES for row in rows)
    assert len({row[0] for row in rows}) == len(rows)
    assert 10 <= len(CATEGORIES) <= 20


def test_every_x12_carc_has_our_category_and_x12s_dates():
    ours = read_carc_categories()
    theirs = read_code_list(x12_list("carc_2025-11-01.csv"))
    assert len(theirs) == 407 and {r.kind for r in theirs} == {"CARC"}
    assert [r.code for r in theirs] == list(ours)
    for row in theirs:
        assert (ours[row.code].start, ours[row.code].stop) == (row.start, row.stop), row.code
    assert sum(1 for c in ours.values() if c.stop) == 110


def test_categories_of_well_known_codes():
    assert [
        carc_category(c)
        for c in ("1", "2", "3", "45", "97", "50", "29", "18", "197", "4", "22", "16", "96", "236")
    ] == [
        "patient responsibility",
        "patient responsibility",
        "patient responsibility",
        "contractual",
        "bundled/NCCI",
        "medical necessity",
        "timely filing",
        "duplicate",
        "authorization/referral",
        "coding/modifier",
        "coordination of benefits",
        "missing/invalid info",
        "non-covered",
        "bundled/NCCI",
    ]
    assert carc_category(" b13 ") == "duplicate"
    assert carc_category("ZZ9") == UNKNOWN
    assert read_carc_categories()["15"].stop == date(2018, 5, 1)


def test_no_x12_text_in_the_project():
    """X12 owns the descriptions: none of them (CARC or RARC) is in our code or resources."""
    texts = [
        r.text
        for name in ("carc_2025-11-01.csv", "rarc_2026-05.csv")
        for r in read_code_list(x12_list(name))
        if len(r.text) >= 30
    ]
    ours = [CARC_CATEGORIES_CSV, *sorted((PROJECT_ROOT / "core" / "remit").glob("*.py"))]
    haystack = "\n".join(p.read_text(encoding="utf-8") for p in ours).lower()
    found = [t for t in texts if t.lower() in haystack]
    assert found == []


def test_carc_csv_and_the_saved_x12_page_give_the_same_rows():
    from_csv = read_code_list(x12_list("carc_2025-11-01.csv"))
    from_html = read_code_list(x12_list("carc_x12org_page_2025-11-01.html"))
    assert len(from_html) == 407
    assert [(r.kind, r.code, r.start, r.stop) for r in from_html] == [
        (r.kind, r.code, r.start, r.stop) for r in from_csv
    ]
    assert [r.text for r in from_html] == [r.text for r in from_csv]
    first = from_html[0]
    assert (first.code, first.start, first.stop) == ("1", date(1995, 1, 1), None)
    assert "Start:" not in first.text and first.text


def test_rarc_csv_dates_come_out_of_the_text():
    rows = read_code_list(x12_list("rarc_2026-05.csv"))
    assert len(rows) == 1197 and {r.kind for r in rows} == {"RARC"}
    assert sum(1 for r in rows if r.stop) == 79
    by_code = {r.code: r for r in rows}
    m33 = by_code["M33"]
    assert (m33.start, m33.stop) == (date(1997, 1, 1), date(2004, 8, 1))
    assert not any("Start:" in r.text or "Notes:" in r.text for r in rows)
    assert max(r.start for r in rows if r.start) == date(2026, 3, 1)


def test_code_shapes():
    assert [code_kind(c) for c in ("45", "B13", "P32", "N130", "MA92", "M33", "ZZ9", "")] == [
        "CARC",
        "CARC",
        "CARC",
        "RARC",
        "RARC",
        "RARC",
        None,
        None,
    ]


@pytest.mark.parametrize(
    "content, phrase",
    [
        (b"", "the file is empty"),
        (b"PK\x03\x04rest-of-a-zip", "this is a spreadsheet"),
        (b"HCPCS,MOD,STATUS\n99213,,A\n", "no 'code' and 'description' columns"),
        (b"code,description\nhello,world\n", "row 2: 'HELLO' is not a CARC or RARC code"),
        (b"code,description,start\n45,x,someday\n", "start 'someday' is not a date"),
        (b"code,description\n", "no codes found"),
        (b"<html><body><p>Nothing here</p></body></html>", "no X12 code list table"),
    ],
)
def test_wrong_files_get_a_clear_error(tmp_path, content, phrase):
    path = tmp_path / "codes.csv"
    path.write_bytes(content)
    with pytest.raises(CodeListError) as caught:
        read_code_list(path)
    assert phrase in str(caught.value) and "codes.csv" in str(caught.value)


def test_an_835_is_not_a_code_list():
    path = SHARED_REFERENCE / "x12" / "835" / "pyx12_835_mult_loops.txt"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with pytest.raises(CodeListError, match="no 'code' and 'description' columns"):
        read_code_list(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(CodeListError, match="cannot be read"):
        read_code_list(tmp_path / "nowhere.csv")

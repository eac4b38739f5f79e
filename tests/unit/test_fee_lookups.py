"""What the fee calculator offers to pick from: localities, codes, modifiers, places of service,
and the date of service it opens on."""

from __future__ import annotations

from datetime import date

from core.db import open_readonly
from core.fees.codes import (
    code_completions,
    default_service_date,
    modifier_choices,
    places_of_service,
)
from core.fees.localities import NATIONAL_CHOICE, search_localities, zip_file_loaded
from tests.support.zip5 import import_zip5

DOS = date(2025, 11, 3)
# Three lines of CMS's ZIP5_OCT2025.txt (state, ZIP, carrier, locality, ..., year+quarter).
ZIP5_LINES = [
    "NY100011320201 Z9   0 A" + " " * 52 + "20254",
    "NY132021328299 Z9   0 A" + " " * 52 + "20254",
    "CA902100118218 Z9   0 A" + " " * 52 + "20254",
]


def keys(choices) -> list[str]:
    return [c.key for c in choices]


def test_empty_search_lists_national_first_then_every_locality(conn):
    choices = search_localities(conn, "", DOS)
    assert choices[0] == NATIONAL_CHOICE and choices[0].label == "National (GPCI 1.000)"
    assert len(choices) == 110 and len(set(keys(choices))) == 110


def test_state_abbreviation_gives_that_states_localities(conn):
    choices = search_localities(conn, "ny", DOS)
    assert keys(choices) == ["13202-01", "13202-02", "13202-03", "13292-04", "13282-99"]
    assert all(c.state == "NY" for c in choices)


def test_state_name_locality_name_and_county_words(conn):
    assert "13202-01" in keys(search_localities(conn, "new york", DOS))
    manhattan = search_localities(conn, "manh", DOS)
    assert keys(manhattan) == ["13202-01"]
    assert manhattan[0].label == "NY  MANHATTAN  (13202-01)"
    assert manhattan[0].detail == "NEW YORK: NEW YORK"
    assert keys(search_localities(conn, "Westchester", DOS)) == ["13202-02"]
    assert keys(search_localities(conn, "kings", DOS)) == ["01112-57", "13202-02"]  # counties
    assert keys(search_localities(conn, "sacramento", DOS)) == ["01112-63"]
    assert keys(search_localities(conn, "CA fresno", DOS)) == ["01112-56"]


def test_locality_key_and_national(conn):
    assert keys(search_localities(conn, "13202-01", DOS)) == ["13202-01"]
    assert keys(search_localities(conn, "nat", DOS)) == ["national"]
    assert search_localities(conn, "no such place", DOS) == []


def test_localities_follow_the_year_of_the_date(conn):
    assert search_localities(conn, "manhattan", date(2019, 5, 1)) == []


def test_zip_search_works_out_of_the_box(conn):
    # the bundle carries CMS's ZIP5 crosswalk (ZIP5_JAN2026.xlsx): a biller types a ZIP
    assert zip_file_loaded(conn)
    assert keys(search_localities(conn, "10001", DOS)) == ["13202-01"]
    assert keys(search_localities(conn, "94103", date(2026, 11, 30))) == ["01112-05"]


def test_zip_code_finds_its_locality(db_path, tmp_path):
    conn = open_readonly(import_zip5(db_path, tmp_path / "zip", ZIP5_LINES))
    try:
        assert zip_file_loaded(conn)
        choices = search_localities(conn, "10001", DOS)
        assert keys(choices) == ["13202-01"]
        assert choices[0].zip_code == "10001" and not choices[0].zip_split
        assert choices[0].label == "ZIP 10001: NY  MANHATTAN  (13202-01)"
        # 13202 is a ZIP (Syracuse, rest of New York) and a carrier number: both are offered
        both = search_localities(conn, "13202", DOS)
        assert keys(both)[0] == "13282-99" and both[0].zip_code == "13202"
        assert {"13202-01", "13202-02", "13202-03"} <= set(keys(both[1:]))
    finally:
        conn.close()


def test_zip_search_on_the_real_zip5_file(imported_db):
    conn = open_readonly(imported_db)
    try:
        beverly_hills = search_localities(conn, "90210", DOS)
        assert keys(beverly_hills) == ["01182-18"] and beverly_hills[0].zip_code == "90210"
    finally:
        conn.close()


def test_code_completions_by_prefix_with_our_descriptions(conn):
    choices = code_completions(conn, "9921", 5)
    assert [c.code for c in choices] == ["99211", "99212", "99213", "99214", "99215"]
    assert choices[2].description.startswith("Office or outpatient visit, established")
    assert choices[2].label == f"99213  {choices[2].description}"
    assert [c.code for c in code_completions(conn, " g00", 3)] == ["G0008", "G0009", "G0010"]
    assert code_completions(conn, "", 5) == []
    assert code_completions(conn, "ZZZZ", 5) == []


def test_code_completions_include_every_code_of_the_imported_fee_schedule(imported_db):
    conn = open_readonly(imported_db)
    try:
        described = {c.code for c in code_completions(conn, "0", 100000) if c.description}
        everything = code_completions(conn, "0", 100000)
        assert len(everything) > len(described)
        assert all(c.label == c.code for c in everything if not c.description)
    finally:
        conn.close()


def test_modifiers_that_change_payment_come_first(conn):
    choices = modifier_choices(conn)
    paying = [c.code for c in choices if c.affects_payment]
    assert {"26", "TC", "50", "51", "80", "AS"} <= set(paying)
    assert choices[: len(paying)] == [c for c in choices if c.affects_payment]
    assert all(c.description for c in choices)


def test_places_of_service_with_their_setting(conn):
    places = {p.code: p for p in places_of_service(conn)}
    assert not places["11"].facility and places["21"].facility and places["24"].facility
    assert places["11"].label == "POS 11 Office (non-facility)"


def test_default_service_date_is_today_when_a_release_covers_it(conn):
    assert default_service_date(conn, DOS) == DOS
    assert default_service_date(conn, date(2025, 10, 1)) == date(2025, 10, 1)


def test_default_service_date_falls_back_to_the_newest_release(conn):
    # the bundle's newest PFS release is RVU26C, effective 2026-07-01
    assert default_service_date(conn, date(2031, 1, 15)) == date(2026, 7, 1)
    # a date of a year with a loaded release is priced with the year's nearest release
    # (core/refdata/releases.py), so it stays
    assert default_service_date(conn, date(2025, 3, 1)) == date(2025, 3, 1)
    assert default_service_date(conn, date(2024, 3, 1)) == date(2026, 7, 1)

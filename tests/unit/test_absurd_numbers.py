"""One absurd number never aborts a load (issue 16, item 7): a charge or units of 1e30 in a
worklist (.csv, .xlsx) or an 837 is a problem at its cell, and the rest loads. Before, the
charge's rounding to cents raised decimal.InvalidOperation: `scrub w.csv` said 'unexpected
problem (InvalidOperation...)' and the GUI dropped the good files opened with it. Messages
quote a long cell cut short (item 16: they echoed 10,000-character cells)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.claims_io import load_worklist
from core.claims_io.values import MAX_CHARGE, MAX_UNITS, BadValue, parse_money, parse_units
from tests.support.faults import run_cli
from tests.support.worklists import HEADER, worklist_row, write_csv, write_xlsx
from tests.unit.test_claims_x12_malformed import HEAD, TAIL, claim, write

ABSURD = ["1e30", "1E+999999999", "(1E+999999999)", "9" * 40, 1e30, float("1e308")]


def row(
    claim_id: str, units: object = 1, charge: object = "125.00", patient: str = "P1"
) -> list[object]:
    return worklist_row(
        claim_id=claim_id,
        patient_id=patient,
        patient_dob="03/14/1950",
        service_zip="",
        dos="11/03/2025",
        units=units,
        charge=charge,
    )


@pytest.mark.parametrize("value", ABSURD)
def test_an_absurd_charge_or_units_is_a_bad_value(value):
    with pytest.raises(BadValue, match="too large to be real"):
        parse_money(value)
    with pytest.raises(BadValue, match="too large to be real"):
        parse_units(value)


def test_the_largest_real_values_still_read():
    assert parse_money("$99,999,999.99") == MAX_CHARGE and parse_money("(1,200.5)") == Decimal(
        "-1200.50"
    )
    assert parse_units("999999") == MAX_UNITS and parse_units(2.5) == Decimal("2.5")
    assert parse_money("0.001") == Decimal("0.001")


def test_a_long_cell_is_quoted_cut_short():
    with pytest.raises(BadValue) as caught:
        parse_units("x" * 10_000)
    assert str(caught.value) == (
        "units 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (10,000 "
        "characters)' is not a number: write it like 1 or 2.5"
    )


def test_csv_and_xlsx_worklists_keep_every_good_claim(tmp_path):
    rows = [
        HEADER,
        row("BAD1", units="1e30", charge="1e30"),
        row("GOOD", patient="P2"),
        row("BAD2", charge=1e30, patient="P3"),
    ]
    csv_file = write_csv(tmp_path / "w.csv", rows)
    xlsx_file = write_xlsx(tmp_path / "w.xlsx", {"Claims": rows})
    for path in (csv_file, xlsx_file):
        result = load_worklist([path])
        assert [c.claim_id for c in result.claims] == ["GOOD"]
        messages = [str(p) for p in result.problems]
        assert any(
            "row 2" in m and "column M (units)" in m and "too large to be real" in m
            for m in messages
        ), messages
        assert any("row 4" in m and "column N (charge)" in m for m in messages), messages


def test_an_837_with_an_absurd_charge_keeps_the_other_claims(tmp_path):
    absurd = claim("A", charge="1E30", sv1="SV1*HC:99213*1E30*UN*1E30***1")
    path = write(tmp_path, "absurd.837", HEAD + absurd + claim("B") + TAIL)

    result = load_worklist([path])

    assert [c.claim_id for c in result.claims] == ["B"]
    messages = " | ".join(str(p) for p in result.problems)
    assert "CLM02 total charge '1E30' is too large to be real" in messages
    assert "too large to be real" in messages and "SV1" in messages


def test_scrub_and_claims_on_the_command_line_report_the_cell(built_db, tmp_path):
    path = write_csv(
        tmp_path / "w.csv",
        [HEADER, row("BAD", units="1e30", charge="1e30"), row("GOOD", patient="P2")],
    )
    for command in (["scrub", "--db", str(built_db)], ["claims"]):
        result = run_cli(*command, str(path))
        output = result.stdout + result.stderr
        assert "unexpected" not in output and "Traceback" not in output, output
        assert "w.csv, row 2, column N (charge): charge '1e30' is too large to be real" in output
        assert "GOOD" in output


def test_no_problem_echoes_a_10000_character_cell(tmp_path):
    big = "Z" * 10_000
    path = write_csv(tmp_path / "big.csv", [HEADER, [big] * len(HEADER), row("GOOD", charge=big)])
    result = load_worklist([path])
    assert result.problems
    for problem in result.problems:
        assert len(str(problem)) < 400, str(problem)[:200]
    assert any("... (10,000 characters)" in str(p) for p in result.problems)

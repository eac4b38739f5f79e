"""Worklists in: real .xlsx and .csv files written here, read back into claims, with every
unreadable cell reported by file, sheet, row and column while the good rows still load."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from core.claims.model import Claim
from core.claims_io import load_worklist
from tests.support.worklists import HEADER, worklist_row, write_csv, write_xlsx

ROW_1 = worklist_row(modifiers="25", dx_pointers="AB", dx1="C34.90", dx2="J44.9")
ROW_2 = worklist_row(
    hcpcs="71046", modifiers="26", charge="80", dx_pointers="1", dx1="C34.90", dx2="J44.9"
)
ROW_3 = worklist_row(
    claim_id="1002",
    payer="Aetna",
    patient_id="P2",
    patient_dob="03/01/1980",
    patient_sex="M",
    pos="22",
    service_zip="",
    dos="03/15/2025",
    hcpcs="G0439",
    units="2",
    charge="$1,200.50",
    dx_pointers="a",
    dx1="Z0000",
)


def by_id(claims: tuple[Claim, ...]) -> dict[str, Claim]:
    return {claim.claim_id: claim for claim in claims}


def test_canonical_xlsx_worklist(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"Claims": [HEADER, ROW_1, ROW_2, ROW_3]})
    result = load_worklist([path])
    assert result.problems == ()
    assert result.files_read == (str(path),)
    claims = by_id(result.claims)
    assert list(claims) == ["1001", "1002"] and result.line_count == 3
    first = claims["1001"]
    assert first.payer == "Medicare" and first.patient.id == "P1"
    assert first.patient.dob == date(1950, 3, 14) and first.patient.sex == "F"
    assert (first.billing_npi, first.rendering_npi) == ("1234567893", "1245319599")
    assert (first.pos, first.service_zip) == ("11", "60611")
    assert [(d.position, d.letter, d.code) for d in first.diagnoses] == [
        (1, "A", "C34.90"),
        (2, "B", "J44.9"),
    ]
    one, two = first.lines
    assert (one.number, one.dos, one.code, one.modifiers) == (
        1,
        date(2025, 3, 14),
        "99213",
        ("25",),
    )
    assert (one.units, one.charge, one.pointers) == (Decimal(1), Decimal("125.00"), (1, 2))
    assert (two.code, two.modifiers, two.pointers, two.charge) == (
        "71046",
        ("26",),
        (1,),
        Decimal("80.00"),
    )
    assert one.source.describe() == "w.xlsx, sheet Claims, row 2"
    assert first.source.row == 2 and not first.incomplete
    second = claims["1002"]
    assert second.patient.dob == date(1980, 3, 1) and second.service_zip == ""
    assert second.lines[0].charge == Decimal("1200.50") and second.lines[0].units == 2
    assert second.diagnoses[0].code == "Z00.00"


def test_headers_in_any_case_order_and_alias(tmp_path):
    header = [
        "Date of Service",
        "CPT",
        "Mod 1",
        "Mod 2",
        "Claim #",
        "PAYER NAME",
        "DOB",
        "Gender",
        "Place of Service",
        "Dx Pointer",
        "Charges",
        "Units",
        "Dx 1",
        "DX 2",
        "Rendering NPI",
        "billing npi",
        "ZIP",
        "MRN",
        "Patient Name",
    ]
    row = [
        "2025-03-14",
        "99214",
        "25",
        "59",
        "A-7",
        "BCBS",
        "1960-01-31",
        "male",
        "11",
        "1,2",
        "150",
        "1",
        "E11.9",
        "I10",
        "1245319599",
        "1234567893",
        "10001",
        "M55",
        "DOE, JANE",
    ]
    result = load_worklist([write_csv(tmp_path / "aliases.csv", [header, row])])
    assert result.problems == ()
    (claim,) = result.claims
    assert (claim.claim_id, claim.payer, claim.patient.id, claim.patient.sex) == (
        "A-7",
        "BCBS",
        "M55",
        "M",
    )
    assert (claim.billing_npi, claim.rendering_npi, claim.service_zip) == (
        "1234567893",
        "1245319599",
        "10001",
    )
    line = claim.lines[0]
    assert (line.code, line.modifiers, line.pointers) == ("99214", ("25", "59"), (1, 2))
    assert [d.code for d in claim.diagnoses] == ["E11.9", "I10"]


def test_modifiers_in_one_cell_or_in_mod_columns_read_the_same(tmp_path):
    one_cell = write_csv(
        tmp_path / "one.csv",
        [
            ["claim_id", "dos", "hcpcs", "modifiers"],
            ["1", "2025-01-02", "77067", "26 59"],
            ["2", "2025-01-02", "77067", "26,59"],
            ["3", "2025-01-02", "99213-25", ""],
        ],
    )
    columns = write_xlsx(
        tmp_path / "cols.xlsx",
        {
            "S": [
                ["Claim ID", "DOS", "HCPCS", "mod1", "Mod 2", "Modifier 3", "Mod #4"],
                ["4", "2025-01-02", "77067", "26", "59", None, None],
                ["5", "2025-01-02", "27447", "RT", "80", "AS", "GC"],
            ]
        },
    )
    result = load_worklist([one_cell, columns])
    assert result.problems == ()
    mods = {c.claim_id: c.lines[0].modifiers for c in result.claims}
    assert mods == {
        "1": ("26", "59"),
        "2": ("26", "59"),
        "3": ("25",),
        "4": ("26", "59"),
        "5": ("RT", "80", "AS", "GC"),
    }


def test_pointers_letters_or_numbers_and_icd_with_or_without_dot(tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["claim_id", "dos", "hcpcs", "dx_pointers", "dx1", "dx2", "dx3", "dx4"],
            ["1", "2025-01-02", "99213", "ABD", "c3490", "J44.9", "", "S72001A"],
            ["2", "2025-01-02", "99213", "1,2,4", "C34.90", "j449", "", "S72.001A"],
        ],
    )
    result = load_worklist([path])
    assert result.problems == ()
    one, two = result.claims
    assert one.lines[0].pointers == two.lines[0].pointers == (1, 2, 4)
    assert (
        [(d.position, d.code) for d in one.diagnoses]
        == [(d.position, d.code) for d in two.diagnoses]
        == [(1, "C34.90"), (2, "J44.9"), (4, "S72.001A")]
    )
    assert one.diagnosis(4).code == "S72.001A" and one.diagnosis(3) is None
    assert one.diagnoses[0].raw == "c3490"


def test_iso_us_and_excel_serial_dates_in_xlsx(tmp_path):
    path = write_xlsx(
        tmp_path / "dates.xlsx",
        {
            "Claims": [
                ["claim_id", "dos", "hcpcs", "patient_dob"],
                ["1", datetime(2025, 3, 14), "99213", datetime(1950, 1, 2)],  # Excel date cells
                ["2", "2025-03-14", "99213", "1950-01-02"],
                ["3", "03/14/2025", "99213", "01/02/1950"],
                ["4", 45730, "99213", 18265],
            ]
        },
    )  # serial numbers
    result = load_worklist([path])
    assert result.problems == ()
    assert {c.lines[0].dos for c in result.claims} == {date(2025, 3, 14)}
    assert {c.patient.dob for c in result.claims} == {date(1950, 1, 2)}


def test_spreadsheet_numbers_become_codes(tmp_path):
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "Claims": [
                [
                    "claim_id",
                    "dos",
                    "hcpcs",
                    "pos",
                    "service_zip",
                    "billing_npi",
                    "units",
                    "charge",
                ],
                [1001, "2025-03-14", 142, 2, 2134, 1234567893, 3.0, 99.5],
            ]
        },
    )
    (claim,) = load_worklist([path]).claims
    assert (claim.claim_id, claim.pos, claim.service_zip, claim.billing_npi) == (
        "1001",
        "02",
        "02134",
        "1234567893",
    )
    line = claim.lines[0]
    assert (line.code, str(line.units), str(line.charge)) == ("00142", "3", "99.50")


def test_claim_level_fields_repeat_or_stay_blank_on_later_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "Claims": [
                ["claim_id", "payer", "patient_dob", "dos", "hcpcs", "dx1"],
                ["1", "Aetna", "1970-05-05", "2025-01-02", "99213", "I10"],
                [None, None, None, "2025-01-02", "93000", None],  # merged cells look like this
                ["1", "", "", "2025-01-02", "36415", ""],
                ["2", "Cigna", "", "2025-01-03", "99212", "E119"],
            ]
        },
    )
    result = load_worklist([path])
    assert result.problems == ()
    first, second = result.claims
    assert [line.code for line in first.lines] == ["99213", "93000", "36415"]
    assert [line.source.row for line in first.lines] == [2, 3, 4]
    assert (first.payer, first.patient.dob, first.diagnoses[0].code) == (
        "Aetna",
        date(1970, 5, 5),
        "I10",
    )
    assert second.payer == "Cigna" and second.patient.dob is None


def test_claim_rows_that_disagree_are_reported(tmp_path):
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {
            "Claims": [
                ["claim_id", "payer", "patient_dob", "dos", "hcpcs"],
                ["1", "Aetna", "1970-05-05", "2025-01-02", "99213"],
                ["1", "Cigna", "05/05/1970", "2025-01-02", "93000"],
            ]
        },
    )  # same DOB, other format
    result = load_worklist([path])
    (claim,) = result.claims
    assert claim.payer == "Aetna" and len(claim.lines) == 2 and claim.incomplete
    (problem,) = result.problems
    assert (
        problem.file,
        problem.sheet,
        problem.row,
        problem.column,
        problem.column_number,
        problem.claim_id,
    ) == ("d.xlsx", "Claims", 3, "payer", 2, "1")
    assert "'Cigna' here but 'Aetna' on row 2" in problem.message
    assert str(problem).startswith("d.xlsx, sheet Claims, row 3, column B (payer): claim 1")

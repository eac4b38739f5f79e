"""Worklists in, when something is wrong: malformed rows and cells, missing or doubled columns,
title rows, other encodings and kinds of file, empty files, a claim in two files, a damaged
workbook; each reported by file, sheet, row and column while the good rows still load. Also a
folder of worklists and a claim as JSON. The rows are test_claims_io.py's."""

from __future__ import annotations

from core.claims_io import load_worklist
from tests.support.worklists import HEADER, write_csv, write_xlsx
from tests.unit.test_claims_io import ROW_1, ROW_2, ROW_3, by_id


def test_malformed_rows_are_reported_and_the_rest_loads(tmp_path):
    rows = [
        HEADER,
        ROW_1,
        [*ROW_1[:9], "2025-02-30", *ROW_1[10:]],  # bad date
        [*ROW_1[:13], "twelve", *ROW_1[14:]],  # non-numeric charge
        [*ROW_1[:14], "Z", *ROW_1[15:]],  # pointer Z
        [*ROW_1[:11], "26 59 XU LT RT", *ROW_1[12:]],  # 5 modifiers
        ROW_2,
        ROW_3,
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", {"Claims": rows})
    result = load_worklist([path])
    claims = by_id(result.claims)
    assert [line.source.row for line in claims["1001"].lines] == [2, 7]
    assert claims["1001"].incomplete and not claims["1002"].incomplete
    assert [line.number for line in claims["1001"].lines] == [1, 6]  # numbers keep the gaps
    found = {(p.row, p.column, p.column_number): p.message for p in result.problems}
    assert set(found) == {
        (3, "dos", 10),
        (4, "charge", 14),
        (5, "dx_pointers", 15),
        (6, "modifiers", 12),
    }
    assert "not a calendar date" in found[(3, "dos", 10)]
    assert "charge 'twelve' is not a number" in found[(4, "charge", 14)]
    assert "'Z'" in found[(5, "dx_pointers", 15)]
    assert "5 modifiers" in found[(6, "modifiers", 12)]
    assert all(
        p.file == "bad.xlsx"
        and p.sheet == "Claims"
        and p.claim_id == "1001"
        and "not loaded" in p.message
        for p in result.problems
    )


def test_a_claim_with_no_readable_row_is_left_out_and_said_so(tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        [
            ["claim_id", "dos", "hcpcs", "charge"],
            ["9", "", "99213", "1"],
            ["10", "2025-01-01", "", "1"],
            ["11", "2025-01-01", "99213", "1"],
        ],
    )
    result = load_worklist([path])
    assert [c.claim_id for c in result.claims] == ["11"]
    messages = [(p.row, p.column, p.message) for p in result.problems]
    assert messages[0][:2] == (2, "dos") and "no date of service" in messages[0][2]
    assert messages[1][:2] == (3, "hcpcs") and "no procedure code" in messages[1][2]
    assert any("claim 9: none of its rows" in m for _, _, m in messages)
    assert result.problems[0].sheet is None
    assert str(result.problems[0]).startswith("x.csv, row 2, column B (dos): ")


def test_bad_claim_level_cell_keeps_the_line(tmp_path):
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["claim_id", "dos", "hcpcs", "patient_sex", "pos"],
            ["1", "2025-01-01", "99213", "X", "1A"],
        ],
    )
    result = load_worklist([path])
    (claim,) = result.claims
    assert len(claim.lines) == 1 and claim.patient.sex is None and claim.pos == ""
    assert claim.incomplete
    assert [(p.column, p.claim_id) for p in result.problems] == [("patient_sex", "1"), ("pos", "1")]


def test_header_below_title_rows_and_sheets_without_header_skipped(tmp_path):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "Notes": [["Read me first"], ["nothing here"]],
            "January": [
                ["Clinic worklist, January"],
                [],
                ["Claim ID", "DOS", "CPT"],
                ["1", "2025-01-02", "99213"],
            ],
            "February": [["claim_id", "dos", "hcpcs"], ["2", "2025-02-02", "99214"]],
        },
    )
    result = load_worklist([path])
    assert result.problems == ()
    assert [(c.claim_id, c.source.sheet, c.source.row) for c in result.claims] == [
        ("1", "January", 4),
        ("2", "February", 2),
    ]


def test_missing_required_column_is_named(tmp_path):
    path = write_csv(
        tmp_path / "m.csv", [["claim_id", "Date of Service", "units"], ["1", "2025-01-01", "1"]]
    )
    result = load_worklist([path])
    assert result.claims == () and result.files_read == ()
    (problem,) = result.problems
    assert "no column for hcpcs" in problem.message and problem.file == "m.csv"


def test_two_columns_for_one_field_are_reported(tmp_path):
    path = write_csv(
        tmp_path / "dup.csv",
        [["claim_id", "dos", "CPT", "MRN", "Member ID"], ["1", "2025-01-01", "99213", "M1", "W99"]],
    )
    result = load_worklist([path])
    assert result.claims[0].patient.id == "M1"
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.column_number) == (1, "Member ID", 5)
    assert "only 'MRN' is used" in problem.message


def test_csv_with_semicolons_in_windows_encoding(tmp_path):
    path = write_csv(
        tmp_path / "win.csv",
        [["claim_id", "payer", "dos", "hcpcs"], ["1", "Société Générale", "2025-01-01", "99213"]],
        delimiter=";",
        encoding="cp1252",
    )
    (claim,) = load_worklist([path]).claims
    assert claim.payer == "Société Générale"


def test_wrong_kinds_of_file_are_reported_and_others_still_load(tmp_path):
    good = write_csv(
        tmp_path / "good.csv", [["claim_id", "dos", "hcpcs"], ["1", "2025-01-01", "99213"]]
    )
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("claim_id,dos\n")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    notes = tmp_path / "notes.txt"
    notes.write_text("call the payer on Monday\n")
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    result = load_worklist(
        [good, png, fake, old, notes, tmp_path / "other.zip", tmp_path / "missing.csv"]
    )
    assert [c.claim_id for c in result.claims] == ["1"]
    assert result.files_read == (str(good),)
    messages = {p.file: p.message for p in result.problems}
    assert "binary file" in messages["scan.png"]
    assert "not an Excel workbook" in messages["fake.xlsx"]
    assert "old Excel .xls" in messages["old.xls"]
    assert "no worklist header row" in messages["notes.txt"]
    assert "cannot be opened as an Excel workbook" in messages["other.zip"]
    assert "file not found" in messages[str(tmp_path / "missing.csv")]


def test_empty_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = write_csv(tmp_path / "header.csv", [["claim_id", "dos", "hcpcs"]])
    blank_book = write_xlsx(tmp_path / "blank.xlsx", {"Sheet": []})
    result = load_worklist([empty, header_only, blank_book])
    assert result.claims == ()
    assert result.files_read == (str(header_only),)
    messages = {p.file: p.message for p in result.problems}
    assert messages["empty.csv"] == "the file is empty"
    assert "no worklist header row" in messages["blank.xlsx"]
    assert "header.csv" not in messages


def test_same_claim_id_in_two_files_is_reported_once(tmp_path):
    rows = [["claim_id", "dos", "hcpcs"], ["1", "2025-01-01", "99213"]]
    first = write_csv(tmp_path / "a.csv", rows)
    second = write_csv(tmp_path / "b.csv", rows)
    result = load_worklist([first, second])
    assert len(result.claims) == 2
    (problem,) = result.problems
    assert problem.file == "b.csv" and "already read from a.csv, row 2" in problem.message


def test_a_folder_reads_its_files(tmp_path):
    write_csv(tmp_path / "a.csv", [["claim_id", "dos", "hcpcs"], ["1", "2025-01-01", "99213"]])
    write_csv(tmp_path / "~$a.csv", [["junk"]])  # Excel lock file: skipped
    result = load_worklist([tmp_path])
    assert [c.claim_id for c in result.claims] == ["1"] and result.problems == ()


def test_claim_to_dict_is_json_ready(tmp_path):
    import json

    from core.claims.serialize import claim_to_dict

    path = write_xlsx(tmp_path / "w.xlsx", {"Claims": [HEADER, ROW_1]})
    data = claim_to_dict(load_worklist([path]).claims[0])
    assert json.loads(json.dumps(data)) == data
    assert data["lines"][0]["charge"] == "125.00" and data["patient"]["dob"] == "1950-03-14"
    assert data["diagnoses"][0] == {
        "position": 1,
        "letter": "A",
        "code": "C34.90",
        "code_set": "ICD-10-CM",
    }


def test_a_damaged_workbook_keeps_the_rows_before_the_damage(tmp_path):
    import zipfile

    rows = [["claim_id", "dos", "hcpcs"]] + [[str(n), "2025-01-01", "99213"] for n in range(400)]
    good = write_xlsx(tmp_path / "good.xlsx", {"Claims": rows})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the rows
            out.writestr(item, data)
    result = load_worklist([damaged])
    assert 50 < len(result.claims) < 400
    (problem,) = result.problems
    assert problem.sheet == "Claims" and problem.row == len(result.claims) + 2
    assert "damaged after row" in problem.message and "rows above are loaded" in problem.message

"""Every priced row of the real PPRRVU file in every locality of the real GPCI file, checked
against the formula recomputed here from the raw CMS files (read with csv, not our importer)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from core.db import open_readonly
from core.fees import LineRequest, price_line
from core.fees.schedule import all_localities, locality_schedule
from tests.conftest import PROJECT_ROOT, cms_file

DOS = date(2025, 11, 3)
CF = Decimal("32.3465")


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def raw_rvus() -> dict[tuple[str, str], list[str]]:
    path = cms_file("pfs", "PPRRVU2025_Oct.csv")
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))[10:]
    return {(r[0], r[1]): r for r in rows if r and r[0]}


@pytest.fixture(scope="module")
def raw_gpcis() -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    path = cms_file("pfs", "GPCI2025.csv")
    with path.open(encoding="cp1252", newline="") as handle:
        rows = [r for r in csv.reader(handle) if r and r[0].strip().isdigit()]
    return {f"{r[0]}-{r[2]}": (Decimal(r[4]), Decimal(r[5]), Decimal(r[6])) for r in rows}


def expected(row: list[str], gpci: tuple[Decimal, Decimal, Decimal], facility: bool) -> Decimal:
    work, nf_pe, nf_na, f_pe, mp = row[5], row[6], row[7], row[8], row[10]
    pe = f_pe if facility or nf_na == "NA" else nf_pe
    return cents((Decimal(work) * gpci[0] + Decimal(pe) * gpci[1] + Decimal(mp) * gpci[2]) * CF)


def test_every_priced_row_in_every_locality_matches_the_formula(imported_db, raw_rvus, raw_gpcis):
    conn = open_readonly(imported_db)
    localities = all_localities(conn, DOS)
    assert sorted(localities) == sorted(raw_gpcis) and len(localities) == 109
    priced_rows = sum(1 for r in raw_rvus.values() if r[3] in ("A", "R", "T"))
    checked = 0
    for key in localities:
        gpci = raw_gpcis[key]
        seen = 0
        for row in locality_schedule(conn, key, DOS):
            seen += 1
            raw = raw_rvus[(row.hcpcs, row.modifier)]
            if raw[3] not in ("A", "R", "T"):
                assert row.nonfacility_fee is None and row.facility_fee is None
                continue
            assert row.nonfacility_fee == expected(raw, gpci, False), (key, row)
            assert row.facility_fee == expected(raw, gpci, True), (key, row)
            checked += 1
        assert seen == len(raw_rvus)
    assert checked == priced_rows * 109


def test_price_line_matches_the_formula_for_every_priced_row(imported_db, raw_rvus, raw_gpcis):
    conn = open_readonly(imported_db)
    manhattan = raw_gpcis["13202-01"]
    count = 0
    for (code, mod), raw in raw_rvus.items():
        if raw[3] not in ("A", "R", "T") or mod == "53":
            continue
        mods = (mod,) if mod else ()
        for facility in (False, True):
            line = price_line(
                conn,
                LineRequest(
                    code, mods, locality="13202-01", facility=facility, date_of_service=DOS
                ),
            )
            assert line.fee_schedule_amount == expected(raw, manhattan, facility), (code, mod)
        count += 1
    assert count > 9000


def test_opps_columns_match_cms_oppscap_file(imported_db):
    conn = open_readonly(imported_db)
    caps = {
        (r[0], r[1]): (Decimal(r[2]), Decimal(r[3]))
        for r in conn.execute(
            "SELECT hcpcs, modifier, nonfacility_price, facility_price FROM opps_cap WHERE "
            "carrier = '13202' AND locality = '01' AND proc_status = 'A'"
        )
    }
    rows = {(r.hcpcs, r.modifier): r for r in locality_schedule(conn, "13202-01", DOS)}
    assert len(caps) > 50
    for key, (nonfacility, facility) in caps.items():
        row = rows[key]
        assert (row.opps_nonfacility_fee, row.opps_facility_fee) == (nonfacility, facility), key


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def fee_to_file(db: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`fee ARGS -o OUT` over the database `db`, priced on 2025-11-03."""
    return run("fee", *args, "-o", str(out), "--db", str(db), "--date", "2025-11-03")


def test_batch_cli_writes_csv_and_xlsx(built_db, tmp_path):
    batch = tmp_path / "in.csv"
    batch.write_text(
        "HCPCS,Modifier,Carrier,Locality\n99213,,13202,01\n77011,26,00000,00\n"
        "77011,TC,13202,1\n99999,,13202,01\n80053,,13202,01\n"
    )
    out_csv = tmp_path / "out.csv"
    result = fee_to_file(built_db, out_csv, "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    assert "2 rows could not be priced" in result.stdout
    rows = list(csv.DictReader(out_csv.open()))
    assert rows[0]["nonfacility_fee"] == "101.06" and rows[0]["status"] == "A"
    assert rows[1]["status"] == "error" and "no Medicare locality 00000-00" in rows[1]["note"]
    assert rows[3]["status"] == "error" and "in.csv line 5" in rows[3]["note"]
    assert rows[4]["status"] == "X" and rows[4]["nonfacility_fee"] == ""
    out_xlsx = tmp_path / "out.xlsx"
    assert fee_to_file(built_db, out_xlsx, "--batch", str(batch)).returncode == 0
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert [c.value for c in sheet[1]][:4] == ["hcpcs", "modifier", "carrier", "locality"]
    assert sheet["E2"].value == 101.06 and "$" in sheet["E2"].number_format
    assert sheet["C2"].value == "13202" and sheet["D2"].value == "01"


def test_batch_with_missing_columns_is_refused(built_db, tmp_path):
    batch = tmp_path / "bad.csv"
    batch.write_text("code,carrier\n99213,13202\n")
    result = run("fee", "--batch", str(batch), "-o", str(tmp_path / "o.csv"), "--db", str(built_db))
    assert result.returncode == 2
    assert "bad.csv: missing column(s) hcpcs, modifier, locality" in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_locality_schedule_cli(built_db, tmp_path):
    out = tmp_path / "manhattan.csv"
    result = fee_to_file(built_db, out, "--locality", "13202-01")
    assert result.returncode == 0, result.stderr
    rows = {(r["hcpcs"], r["modifier"]): r for r in csv.DictReader(out.open())}
    assert rows[("99213", "")]["nonfacility_fee"] == "101.06"
    with open_readonly(built_db) as conn:
        release_rows = conn.execute(
            "SELECT COUNT(*) FROM pfs_rvu WHERE release = 'RVU25D'"
        ).fetchone()[0]
    assert len(rows) == release_rows
    every = tmp_path / "all.csv"
    assert fee_to_file(built_db, every, "--locality", "all").returncode == 0
    all_rows = list(csv.DictReader(every.open()))
    assert len(all_rows) == release_rows * 109
    assert {r["carrier"] + r["locality"] for r in all_rows if r["hcpcs"] == "99213"} >= {
        "1320201",
        "0210201",
    }


def test_fee_cli_json_breakdown(built_db):
    result = run(
        "fee",
        "99213",
        "--locality",
        "13202-01",
        "--date",
        "2025-11-03",
        "--json",
        "--db",
        str(built_db),
        "--percent-of-medicare",
        "120",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["amount"] == "101.06" and data["carrier"] == "13202" and data["locality"] == "01"
    assert data["conversion_factor"] == "32.3465" and data["facility"] is False
    assert data["rvu"] == {"work": "1.30", "pe": "1.35", "mp": "0.10"}
    assert data["gpci"]["pe"] == "1.166" and data["adjustments"] == []
    assert data["payer_amount"] == str(cents(Decimal(data["unrounded_amount"]) * Decimal("1.2")))
    assert data["modifiers"] == []


def test_fee_cli_encounter_and_errors(built_db):
    result = run("fee", "43239", "43251", "--date", "2025-11-03", "--json", "--db", str(built_db))
    data = json.loads(result.stdout)
    assert len(data["lines"]) == 2
    assert Decimal(data["total"]) == sum(Decimal(line["amount"]) for line in data["lines"])
    bad = run(
        "fee", "99213", "--locality", "Manhattan", "--date", "2025-11-03", "--db", str(built_db)
    )
    assert bad.returncode == 2 and "not a locality" in bad.stderr
    partial = run("fee", "99213", "99999", "--date", "2025-11-03", "--db", str(built_db))
    assert partial.returncode == 2 and "Encounter total: $88.95" in partial.stdout
    assert partial.stderr.startswith("error: 99999:")
    nothing = run("fee", "--db", str(built_db))
    assert nothing.returncode == 2
    today = run("fee", "99213", "--date", "2031-01-02", "--db", str(built_db))
    assert today.returncode == 2
    assert "no PFS release loaded covers 2031-01-02" in today.stderr
    assert "date of service the loaded data covers" in today.stderr

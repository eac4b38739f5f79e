"""Writing tables: atomic, readable by others like any saved file, existing permissions kept."""

from __future__ import annotations

import csv
import os
from decimal import Decimal

import openpyxl

from core.tabular import MONEY_FORMAT, write_table


def test_a_new_export_gets_normal_permissions_and_an_existing_one_keeps_its_own(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fees.csv"
        write_table(fresh, ["code", "fee"], [["99213", Decimal("88.95")]])
        assert fresh.stat().st_mode & 0o777 == 0o644
        assert list(csv.reader(fresh.open())) == [["code", "fee"], ["99213", "88.95"]]
        fresh.chmod(0o640)
        write_table(fresh, ["code", "fee"], [["77011", Decimal("211.55")]])
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
    assert [p.name for p in tmp_path.iterdir()] == ["fees.csv"]  # no temporary left behind


def test_xlsx_codes_stay_text_money_is_currency_and_formulas_stay_text(tmp_path):
    out = tmp_path / "fees.xlsx"
    write_table(
        out,
        ["code", "note", "fee"],
        [["0446T", '=HYPERLINK("http://x","y")', Decimal("179.53")]],
        money_columns=["fee"],
    )
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A2"].value == "0446T" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == '=HYPERLINK("http://x","y")' and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 179.53 and sheet["C2"].number_format == MONEY_FORMAT

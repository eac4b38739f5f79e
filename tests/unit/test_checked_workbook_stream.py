"""The checked-claims workbook written claim by claim (CheckedWorkbook, what `scrub -o` streams
into) holds the same cells as the one written from a list; a sheet that would pass Excel's row
limit stops the export with a message and leaves no file."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from core.claims_io import checked_workbook, load_worklist
from core.claims_io.checked_workbook import CheckedWorkbook, write_checked_workbook
from core.jobs import Cancelled
from core.scrub.engine import scrub
from core.tabular import ExportError
from tests.support.worklists import write_csv
from tests.unit.test_checked_export import AS_OF, ROWS

CHECKED_AT = datetime(2025, 12, 1, 9, 30)


def _cells(path):
    book = load_workbook(path)
    return {
        sheet.title: [
            [(c.value, c.number_format, c.data_type) for c in row] for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }


@pytest.fixture
def checked(conn, tmp_path):
    source = write_csv(tmp_path / "worklist.csv", ROWS)
    return scrub(conn, load_worklist([source]).claims, AS_OF)


def test_streamed_workbook_is_the_listed_one(checked, tmp_path):
    listed, streamed = tmp_path / "listed.xlsx", tmp_path / "streamed.xlsx"
    write_checked_workbook(listed, checked, "PFS RVU25D", CHECKED_AT)
    with CheckedWorkbook(streamed, "PFS RVU25D", CHECKED_AT) as book:
        for item in iter(checked):
            book.add(item)
    assert _cells(streamed) == _cells(listed)


def test_a_sheet_past_excels_rows_stops_the_export(checked, tmp_path, monkeypatch):
    monkeypatch.setattr(checked_workbook, "EXCEL_ROWS", 4)
    out = tmp_path / "checked.xlsx"
    with (
        pytest.raises(ExportError, match="would pass Excel's 4 rows"),
        CheckedWorkbook(out, "PFS RVU25D", CHECKED_AT) as book,
    ):
        for item in checked:
            book.add(item)
    assert list(tmp_path.glob("*.xlsx")) == []


def test_cancel_or_failure_in_the_stream_leaves_no_file(checked, tmp_path):
    out = tmp_path / "checked.xlsx"
    out.write_bytes(b"the previous export")
    with pytest.raises(Cancelled), CheckedWorkbook(out, "PFS RVU25D", CHECKED_AT) as book:
        book.add(checked[0])
        raise Cancelled
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["checked.xlsx"]

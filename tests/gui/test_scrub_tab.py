"""The claim scrubbing tab driven offscreen on real worklists: load, scrub in the background,
read a claim's findings, jump to the line, fix it and re-scrub, cancel, problems listed, drop a
file, and the worklist still there when the tab is opened again. Saving, undo and the questions
asked before work is replaced or removed are in test_scrub_worklist.py."""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from core.claims.finding import CLEAN, ERRORS
from core.jobs import Cancelled
from tests.support.claims import claim, line, saved_claims
from tests.support.jobs import before_each_report
from tests.support.worklists import HEADER, three_claims_csv, visit_row, write_csv, x12_file
from ui.scrub import jobs as scrub_jobs
from ui.scrub.models import DRAFT, NOT_SCRUBBED, FindingsModel, LinesModel
from ui.scrub.tab import ScrubTab
from ui.scrub.view import MESSAGE_WIDTH

AS_OF = date(2025, 12, 1)
GOOD_NPI = "1234567893"


@pytest.fixture
def worklist(tmp_path: Path) -> Path:
    """Three claims: a clean one, one with 0 units on its second line, one with a bad NPI."""
    return three_claims_csv(
        tmp_path / "worklist.csv", ecg={"units": 0}, c3={"billing_npi": "1234567890"}
    )


@pytest.fixture
def make_tab(qtbot, make_context):
    def make(wait: bool = True) -> ScrubTab:
        widget = ScrubTab(make_context(today=AS_OF))
        qtbot.addWidget(widget)
        widget.resize(1280, 720)
        widget.show()
        if wait:  # for the last worklist to be read back from the workspace
            qtbot.waitUntil(
                lambda: widget.job is None or widget.job.name != "worklist restore", timeout=20000
            )
        return widget

    return make


def scrubbed(qtbot, tab: ScrubTab, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert not tab.last_error


def status(tab: ScrubTab, claim_id: str) -> str:
    return next(r.status for r in tab.rows() if r.claim.claim_id == claim_id)


def test_load_scrub_fix_a_line_and_rescrub(screenshots, qtbot, make_tab, worklist):
    tab = make_tab()
    assert tab.rows() == [] and not tab.view.export_button.isEnabled()
    assert tab.export_checked(Path("never.xlsx")) is None
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    assert [r.claim.claim_id for r in tab.rows()] == ["C1", "C2", "C3"]
    assert status(tab, "C1") == CLEAN
    assert status(tab, "C2") == ERRORS and status(tab, "C3") == ERRORS
    assert "1 clean" in tab.view.counts.text() and "2 with errors" in tab.view.counts.text()
    assert not tab.view.problems.isVisible() and not tab.view.progress.isVisible()
    # no NCCI/MUE data: a clean claim is shown as not fully checked, never just "clean"
    status_cell = tab.view.claims_model.index(0, 1)
    assert status_cell.data() == "clean *"  # the notice is said once, above the table
    assert (
        status_cell.data(Qt.ItemDataRole.ToolTipRole)
        == "clean (not checked: NCCI; other quarter: MUE): see the notices above the table"
    )
    # ... and the notice all three claims share is said once, above the table, in GUI words
    notices = tab.view.notices.text()
    assert tab.view.notices.isVisible()
    assert notices.count("NCCI-NOT-CHECKED</b> (3 claims)") == 1, notices
    assert "File &gt; Import CMS release..." in notices and "main.py" not in notices

    assert tab.display.select_claim("C3")
    assert "NPI-INVALID" in {f.rule for f in tab.display.visible_findings()}
    shown = {f.rule for f in tab.display.visible_findings()}
    assert not {"NCCI-NOT-CHECKED", "MUE-NOT-CHECKED"} & shown

    assert tab.display.select_claim("C2")
    units = [f for f in tab.display.visible_findings() if f.rule == "LINE-UNITS"]
    assert len(units) == 1 and units[0].line == 2 and units[0].severity == "error"
    assert tab.view.findings_model.rows[0].severity == "error"  # errors first
    # clicking the finding selects its line
    proxy_row = next(
        r
        for r in range(tab.view.findings_proxy.rowCount())
        if tab.view.findings_proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) is units[0]
    )
    index = tab.view.findings_proxy.index(proxy_row, 1)
    tab.view.findings_view.scrollTo(index)
    qtbot.mouseClick(
        tab.view.findings_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=tab.view.findings_view.visualRect(index).center(),
    )
    assert tab.display.selected_line() is not None and tab.display.selected_line().number == 2
    assert "LINE-UNITS" in tab.view.finding_detail.text()
    # long messages wrap in their column; the full text is in the tooltip and the detail
    findings = tab.view.findings_view
    assert findings.wordWrap() and findings.columnWidth(FindingsModel.MESSAGE) == MESSAGE_WIDTH
    assert (
        tab.view.findings_proxy.index(proxy_row, FindingsModel.MESSAGE).data(
            Qt.ItemDataRole.ToolTipRole
        )
        == units[0].message
    )
    assert units[0].fix in tab.view.finding_detail.text()
    assert tab.grab().save(str(screenshots / "scrub_tab.png"))

    # filter by severity, then by rule
    tab.view.severity.setCurrentIndex(tab.view.severity.findData("info"))
    assert all(f.severity == "info" for f in tab.display.visible_findings())
    tab.view.severity.setCurrentIndex(0)
    tab.view.rule.setCurrentIndex(tab.view.rule.findData("LINE-UNITS"))
    assert [f.rule for f in tab.display.visible_findings()] == ["LINE-UNITS"]
    tab.view.rule.setCurrentIndex(0)

    # fix the line: units 1; the claim is scrubbed again at once
    units_column = [c.header for c in tab.view.lines_model.columns].index("Units")
    assert tab.view.lines_model.setData(tab.view.lines_model.index(1, units_column), "1")
    assert "LINE-UNITS" not in {f.rule for f in tab.display.visible_findings()}
    assert status(tab, "C2") == CLEAN
    assert "2 clean" in tab.view.counts.text()
    selected = tab.display.selected_line()
    assert selected.number == 2 and selected.units == Decimal(1)
    saved = {c.claim_id: c for c in saved_claims(tab.context.workspace_path)}
    assert saved["C2"].lines[1].units == Decimal(1)

    # a value that cannot be read is refused with a message, the line unchanged
    assert not tab.view.lines_model.setData(tab.view.lines_model.index(1, units_column), "two")
    assert tab.view.message.isVisible() and "Line 2" in tab.view.message.text()
    assert tab.display.selected_line().units == Decimal(1)

    tab.display.select_claim("C3")
    npi = next(f for f in tab.display.visible_findings() if f.rule == "NPI-INVALID")
    assert not tab.display.show_finding_line(npi)  # a claim-level finding: no line to select
    detail = tab.view.finding_detail.text()
    assert "NPI-INVALID" in detail and "Fix:" in detail


def test_the_worklist_is_there_when_the_tab_opens_again(qtbot, make_tab, worklist):
    first = make_tab()
    scrubbed(qtbot, first, first.open_paths([worklist]))
    first.display.select_claim("C2")
    units_column = [c.header for c in first.view.lines_model.columns].index("Units")
    first.view.lines_model.setData(first.view.lines_model.index(1, units_column), "3")
    second = make_tab(wait=False)
    assert second.rows() == [] and second.job.name == "worklist restore"  # read by a worker
    qtbot.waitUntil(lambda: len(second.rows()) == 3, timeout=20000)
    assert [r.claim.claim_id for r in second.rows()] == ["C1", "C2", "C3"]
    assert second.rows()[1].claim.lines[1].units == Decimal(3)
    qtbot.waitUntil(lambda: all(r.checked for r in second.rows()), timeout=20000)  # by itself
    assert status(second, "C2") == CLEAN and status(second, "C3") == ERRORS


def test_cancel_keeps_the_previous_results(qtbot, make_tab, worklist, monkeypatch):
    gate = threading.Event()  # holds the worker at its first progress report
    gated_op = before_each_report(scrub_jobs.scrub_op, lambda text: gate.wait(10))
    monkeypatch.setattr(scrub_jobs, "scrub_op", gated_op)
    tab = make_tab()
    tab.open_paths([worklist])
    qtbot.waitUntil(lambda: len(tab.rows()) == 3, timeout=20000)  # read; now scrubbing
    progress = tab.view.progress
    assert tab.busy() and progress.cancel_button.isEnabled() and progress.isVisible()
    qtbot.mouseClick(tab.view.progress.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert tab.last_error.startswith("Cancelled")
    assert all(r.status == NOT_SCRUBBED for r in tab.rows())
    assert tab.view.message.isVisible() and tab.view.scrub_button.isEnabled()
    assert tab.view.open_button.isEnabled() and not tab.view.progress.cancel_button.isEnabled()
    gate.set()
    scrubbed(qtbot, tab, tab.start_scrub())
    assert status(tab, "C1") == CLEAN


def test_load_problems_are_listed_and_a_dropped_file_is_opened(qtbot, make_tab, worklist, tmp_path):
    tab = make_tab()
    bad = write_csv(tmp_path / "bad.csv", [HEADER, visit_row("D1", units="lots")])
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(worklist)),
            QUrl.fromLocalFile(str(bad)),
            QUrl.fromLocalFile(str(tmp_path / "missing.csv")),
        ]
    )
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(event)
    scrubbed(qtbot, tab, tab.job)
    problems = [tab.view.problems.item(i).text() for i in range(tab.view.problems.count())]
    assert tab.view.problems.isVisible()
    assert any("missing.csv" in p and "not found" in p for p in problems)
    assert any("bad.csv" in p and "units" in p.lower() for p in problems), problems
    assert "C1" in {r.claim.claim_id for r in tab.rows()}


def test_nothing_readable_keeps_the_current_worklist(qtbot, make_tab, worklist, tmp_path):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert tab.open_paths([empty]) is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert len(tab.rows()) == 3 and tab.view.problems.count() == 1
    assert "No claims were read" in tab.view.message.text()


def test_a_sample_837_scrubs(qtbot, make_tab):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([x12_file("linuxforhealth_x12", "demo.example1.837")]))
    assert tab.rows() and all(r.status != NOT_SCRUBBED for r in tab.rows())


def test_export_the_checked_claims_to_excel(qtbot, make_tab, worklist, tmp_path):
    tab = make_tab()
    worker = tab.open_paths([worklist])
    assert not tab.view.export_button.isEnabled()  # not while scrubbing
    scrubbed(qtbot, tab, worker)
    assert tab.view.export_button.isEnabled()
    out = tmp_path / "checked.xlsx"
    assert tab.export_checked(out) is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert "Wrote 3 checked claims" in tab.view.message.text()
    book = load_workbook(out, read_only=True)
    claims = list(book["Claims"].iter_rows(values_only=True))
    assert [(r[0], r[3]) for r in claims[1:]] == [
        ("C1", "clean"),
        ("C2", "errors"),
        ("C3", "errors"),
    ]
    book.close()
    assert tab.export_checked(tmp_path / "checked.csv") is not None  # refused by core
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert "Not exported" in tab.view.message.text() and ".xlsx" in tab.view.message.text()
    assert tab.view.export_button.isEnabled()


def test_add_and_remove_a_line_by_hand(qtbot, make_tab, worklist):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    assert tab.display.select_claim("C1") and status(tab, "C1") == CLEAN
    qtbot.mouseClick(tab.view.add_line_button, Qt.MouseButton.LeftButton)
    assert [line.number for line in tab.rows()[0].claim.lines] == [1, 2]
    assert tab.display.selected_line().number == 2
    duplicate = [f for f in tab.display.visible_findings() if f.rule == "LINE-DUPLICATE"]
    assert [f.line for f in duplicate] == [2]  # the copy repeats line 1
    code_column = [c.header for c in tab.view.lines_model.columns].index("Code")
    assert tab.view.lines_model.setData(tab.view.lines_model.index(1, code_column), "93000")
    assert tab.rows()[0].claim.lines[1].code == "93000"
    tab.view.lines_view.selectRow(0)
    assert tab.editing.remove_line()
    assert [(x.number, x.code) for x in tab.rows()[0].claim.lines] == [(1, "93000")]
    assert not tab.editing.remove_line()  # the last line stays
    saved = saved_claims(tab.context.workspace_path)[0]
    assert [(x.number, x.code) for x in saved.lines] == [(1, "93000")]


def test_the_lines_model_reads_edits_like_the_worklist_does(qtbot):
    model = LinesModel()
    model.set_lines([line()], set())
    edited, failed = [], []
    model.line_edited.connect(edited.append)
    model.edit_failed.connect(failed.append)
    columns = [c.header for c in model.columns]

    def edit(column: str, value: str) -> bool:
        return model.setData(model.index(0, columns.index(column)), value)

    assert edit("Modifiers", "25, 59") and edit("Pointers", "A,B") and edit("DOS", "11/04/2025")
    assert edit("Charge", "$80") and edit("Code", " 93000 ")
    new = model.rows[0]
    assert (new.modifiers, new.pointers, new.dos, new.charge, new.code) == (
        ("25", "59"),
        (1, 2),
        date(2025, 11, 4),
        Decimal("80"),
        "93000",
    )
    assert len(edited) == 5 and edited[-1] is new
    assert not edit("Code", "") and not edit("DOS", "")
    assert len(failed) == 2 and "date of service" in failed[-1]
    assert not edit("Units", "1") and len(edited) == 5  # the same value: no edit
    for typed, day in (
        ("11052025", date(2025, 11, 5)),
        ("11/6/2025", date(2025, 11, 6)),
        ("2025-11-07", date(2025, 11, 7)),
    ):  # every way a biller types one
        assert edit("DOS", typed) and model.rows[0].dos == day
    line_column = columns.index("Line")
    assert not model.flags(model.index(0, line_column)) & Qt.ItemFlag.ItemIsEditable


def test_fix_a_claim_field_and_the_claim_is_scrubbed_again(screenshots, qtbot, make_tab, worklist):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    assert tab.display.select_claim("C3") and status(tab, "C3") == ERRORS
    fields = tab.view.claim_fields_model
    npi_row = fields.row_of("Billing NPI")
    assert fields.index(npi_row, 1).data() == "1234567890"
    tab.view.details.setCurrentIndex(1)
    assert not fields.setData(fields.index(fields.row_of("Sex"), 1), "X")
    assert "Sex" in tab.view.message.text()
    assert fields.setData(fields.index(npi_row, 1), GOOD_NPI)
    assert "NPI-INVALID" not in {f.rule for f in tab.display.visible_findings()}
    assert status(tab, "C3") == CLEAN
    assert fields.setData(fields.index(fields.row_of("Diagnoses (A, B, ...)"), 1), "i10, e119")
    assert [d.code for d in tab.rows()[2].claim.diagnoses] == ["I10", "E11.9"]
    saved = saved_claims(tab.context.workspace_path)[2]
    assert saved.billing_npi == GOOD_NPI and len(saved.diagnoses) == 2
    assert tab.grab().save(str(screenshots / "scrub_tab_claim.png"))


def test_a_claim_entered_by_hand(qtbot, make_tab, worklist):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    tab.display.select_claim("C1")
    qtbot.mouseClick(tab.view.new_claim_button, Qt.MouseButton.LeftButton)
    new = tab.display.current_row()
    assert new.claim.claim_id == "NEW-1" and new.claim.billing_npi == GOOD_NPI
    # a draft: nothing typed in yet, so not scrubbed and no errors (it would have five)
    assert new.status == DRAFT and new.checked is None and tab.display.visible_findings() == []
    assert "1 draft to fill in" in tab.view.counts.text()
    assert tab.view.claims_model.index(3, 2).data() == ""  # no error count
    assert "a draft" in tab.view.claim_title.text()
    fields, lines = tab.view.claim_fields_model, tab.view.lines_model
    columns = [c.header for c in lines.columns]
    assert fields.setData(fields.index(fields.row_of("Claim id"), 1), "H1")
    assert tab.display.current_row().status == DRAFT  # still nothing to check
    assert fields.setData(fields.index(fields.row_of("Patient id"), 1), "P9")
    assert tab.display.current_row().status == ERRORS  # now it is scrubbed
    for label, value in (
        ("Date of birth", "03/14/1950"),
        ("Sex", "F"),
        ("Diagnoses (A, B, ...)", "I10"),
    ):
        assert fields.setData(fields.index(fields.row_of(label), 1), value), label
    for column, value in (("DOS", "11/03/2025"), ("Code", "99213"), ("Charge", "125")):
        assert lines.setData(lines.index(0, columns.index(column)), value), column
    assert tab.display.current_row().claim.claim_id == "H1"
    found = [f.rule for f in tab.display.visible_findings()]
    assert tab.display.current_row().status == CLEAN, found
    saved = [c.claim_id for c in saved_claims(tab.context.workspace_path)]
    assert saved == ["C1", "C2", "C3", "H1"]
    assert tab.remove_claim(confirm=False)
    assert [r.claim.claim_id for r in tab.rows()] == ["C1", "C2", "C3"]
    assert len(saved_claims(tab.context.workspace_path)) == 3


def test_the_scrub_op_reports_progress_and_stops_when_cancelled(built_db):
    claims = tuple(replace(claim(), claim_id=f"C{n}") for n in range(250))
    reports: list[float] = []
    checked = scrub_jobs.scrub_op(built_db, claims, AS_OF, (), None)(
        lambda text, fraction: reports.append(fraction)
    )
    assert len(checked) == 250 and reports[-1] == 1.0 and reports == sorted(reports)
    asked = []

    def cancel_after_three(text: str, fraction: float) -> None:
        asked.append(1)
        if len(asked) > 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        scrub_jobs.scrub_op(built_db, claims, AS_OF, (), None)(cancel_after_three)
    assert len(asked) == 4


def test_emitting_signals_does_not_use_up_true(qtbot, make_tab, worklist):
    """PySide6 6.12 on Python 3.11 drops a reference to True per Python emit; the tab gives
    them back, so a long session (scrubs, hundreds of edits) does not abort the interpreter."""
    tab = make_tab()
    gc.collect()  # objects of earlier tests freed now, not while this one counts
    before = sys.getrefcount(True)
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    tab.display.select_claim("C1")
    units_column = [c.header for c in tab.view.lines_model.columns].index("Units")
    for value in ["2", "3"] * 20:
        assert tab.view.lines_model.setData(tab.view.lines_model.index(0, units_column), value)
    qtbot.wait(50)
    assert sys.getrefcount(True) > before - 40  # unguarded: over 100 fewer


def test_the_worklist_is_checked_again_after_an_import(qtbot, make_tab, worklist):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    before = [r.checked for r in tab.rows()]
    tab.context.reload_reference()  # what the Data tab does after an import
    assert tab.job is not None and tab.job.name == "scrub"
    scrubbed(qtbot, tab, tab.job)
    assert all(r.checked is not old for r, old in zip(tab.rows(), before, strict=True))


def test_the_claim_title_shows_the_whole_expected_amount_in_a_narrow_pane(
    qtbot, make_tab, worklist
):
    tab = make_tab()
    scrubbed(qtbot, tab, tab.open_paths([worklist]))
    tab.display.select_claim("C1")
    row = tab.display.current_row()
    amount = f"${row.expected:,.2f}"
    title = tab.view.claim_title
    assert amount in title.text()
    assert title.text().index(amount) < title.text().index("patient")  # before what may wrap
    title.resize(220, title.heightForWidth(220))
    assert title.wordWrap() and title.heightForWidth(220) > title.fontMetrics().height() * 1.5

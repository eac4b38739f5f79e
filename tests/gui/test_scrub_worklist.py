"""Never losing a biller's work: Save and Save As in the worklist columns (the same file loads
back unchanged), the questions asked before a worklist with changes is replaced, a claim removed
or the app closed, undo of a removal, and closing while a scrub runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from core.claims_io import load_worklist
from tests.gui.conftest import answer_next_question
from tests.support.claims import saved_claims
from tests.support.jobs import before_each_report
from tests.support.worklists import HEADER, three_claims_csv, visit_row, write_csv
from tests.unit.test_worklist_writer import comparable
from ui.main_window import MainWindow
from ui.scrub import jobs as scrub_jobs
from ui.scrub.tab import ScrubTab

AS_OF = date(2025, 12, 1)


@pytest.fixture
def worklist(tmp_path: Path) -> Path:
    """Three claims, C2 of two lines."""
    return three_claims_csv(tmp_path / "april.csv")


@pytest.fixture
def window(qtbot, make_context) -> Iterator[MainWindow]:
    made = MainWindow(make_context(today=AS_OF))  # closed below, not by qtbot: it may ask
    made.show()
    made.tabs.setCurrentWidget(made.scrub_tab)
    idle(qtbot, made.scrub_tab)
    yield made
    if made.isVisible() and made.scrub_tab.worklist.modified:
        answer_next_question(qtbot, "Quit without saving")
    made.close()
    made.deleteLater()


def idle(qtbot, tab: ScrubTab) -> None:
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert not tab.last_error, tab.last_error


def opened(qtbot, tab: ScrubTab, path: Path) -> None:
    assert tab.open_paths([path]) is not None
    idle(qtbot, tab)


def saved_as(qtbot, tab: ScrubTab, path: Path) -> Path:
    tab.save_as(path)
    idle(qtbot, tab)
    return path


def edit_units(tab: ScrubTab, claim_id: str, value: str) -> None:
    assert tab.display.select_claim(claim_id)
    lines = tab.view.lines_model
    column = [c.header for c in lines.columns].index("Units")
    assert lines.setData(lines.index(0, column), value)


def ids(tab: ScrubTab) -> list[str]:
    return [r.claim.claim_id for r in tab.rows()]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_save_as_then_open_gives_the_same_worklist(qtbot, window, worklist, tmp_path, suffix):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    assert not tab.worklist.modified and not window.isWindowModified()
    assert not tab.view.save_button.isEnabled()  # nothing to save yet
    edit_units(tab, "C2", "2")
    assert tab.worklist.modified and window.isWindowModified()
    assert tab.worklist.suggested_name() == str(worklist)  # Save As proposes the file opened
    saved = saved_as(qtbot, tab, tmp_path / f"saved{suffix}")
    assert not tab.worklist.modified and tab.worklist.save_to == saved
    assert "Saved 3 claims (4 lines)" in tab.view.message.text()
    in_file = load_worklist([saved])
    assert not in_file.problems
    assert [comparable(c) for c in in_file.claims] == [comparable(r.claim) for r in tab.rows()]
    assert in_file.claims[1].lines[0].units == 2
    first_save = saved.read_bytes()
    opened(qtbot, tab, saved)  # open what was saved ...
    again_file = saved_as(qtbot, tab, tmp_path / f"again{suffix}")  # ... and save it again
    again = load_worklist([again_file]).claims
    assert [comparable(c) for c in again] == [comparable(c) for c in in_file.claims]
    if suffix == ".csv":
        assert again_file.read_bytes() == first_save


def test_save_writes_to_the_file_saved_before(qtbot, window, worklist, tmp_path):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    target = saved_as(qtbot, tab, tmp_path / "kept.xlsx")
    edit_units(tab, "C1", "3")
    assert tab.view.save_button.isEnabled()
    qtbot.mouseClick(tab.view.save_button, Qt.MouseButton.LeftButton)  # no dialog: same file
    idle(qtbot, tab)
    assert not tab.worklist.modified
    assert load_worklist([target]).claims[0].lines[0].units == 3
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)


def test_opening_another_worklist_asks_when_changes_are_not_in_a_file(
    qtbot, window, worklist, tmp_path
):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    other = write_csv(tmp_path / "may.csv", [HEADER, visit_row("M1")])
    assert tab.open_paths([other]) is not None  # unchanged: no question
    idle(qtbot, tab)
    assert ids(tab) == ["M1"]
    edit_units(tab, "M1", "2")
    asked = answer_next_question(qtbot, "Cancel")
    assert tab.open_paths([worklist]) is None
    assert asked and "not saved to a file" in asked[0]
    assert ids(tab) == ["M1"] and tab.worklist.modified
    answer_next_question(qtbot, "Open without saving")
    assert tab.open_paths([worklist]) is not None
    idle(qtbot, tab)
    assert ids(tab) == ["C1", "C2", "C3"] and not tab.worklist.modified


def test_removing_a_claim_asks_and_ctrl_z_puts_it_back(qtbot, window, worklist):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    tab.display.select_claim("C2")
    asked = answer_next_question(qtbot, "Keep it")
    qtbot.mouseClick(tab.view.remove_claim_button, Qt.MouseButton.LeftButton)
    assert "Remove claim C2 (2 lines)" in asked[0] and ids(tab) == ["C1", "C2", "C3"]
    answer_next_question(qtbot, "Remove")
    qtbot.mouseClick(tab.view.remove_claim_button, Qt.MouseButton.LeftButton)
    assert ids(tab) == ["C1", "C3"] and tab.worklist.modified
    assert [c.claim_id for c in saved_claims(tab.context.workspace_path)] == ["C1", "C3"]
    assert window.undo_action.isEnabled() and "Remove claim C2" in window.undo_action.text()
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    tab.view.claims_view.setFocus()
    qtbot.keyClick(tab.view.claims_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ids(tab) == ["C1", "C2", "C3"]  # back in its place ...
    assert [c.claim_id for c in saved_claims(tab.context.workspace_path)] == ["C1", "C2", "C3"]
    assert tab.rows()[1].checked is not None  # ... with its findings
    window.tabs.setCurrentWidget(window.fee_tab)
    window.redo_action.trigger()  # from another tab: shown where
    assert ids(tab) == ["C1", "C3"] and window.tabs.currentWidget() is tab


def test_quitting_with_changes_not_in_a_file_asks(qtbot, window, worklist, tmp_path):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    target = saved_as(qtbot, tab, tmp_path / "kept.csv")
    edit_units(tab, "C3", "4")
    asked = answer_next_question(qtbot, "Cancel")
    assert not window.close()
    assert "not saved to a file" in asked[0] and window.isVisible()
    answer_next_question(qtbot, "Save...")
    window.close()  # saves first, then closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert load_worklist([target]).claims[2].lines[0].units == 4
    assert not tab.worklist.modified


def test_quit_without_saving_keeps_the_changes_in_the_app(qtbot, window, make_context, worklist):
    tab = window.scrub_tab
    opened(qtbot, tab, worklist)
    edit_units(tab, "C1", "5")
    answer_next_question(qtbot, "Quit without saving")
    assert window.close()
    later = ScrubTab(make_context(today=AS_OF))  # the next launch
    qtbot.addWidget(later)
    qtbot.waitUntil(lambda: len(later.rows()) == 3, timeout=20000)
    assert later.rows()[0].claim.lines[0].units == 5 and later.worklist.modified
    idle(qtbot, later)


def test_closing_during_a_scrub_cancels_it_and_waits(qtbot, window, worklist, monkeypatch):
    started, gate = threading.Event(), threading.Event()

    def slow(text: str) -> None:
        started.set()
        gate.wait(0.05)

    monkeypatch.setattr(scrub_jobs, "scrub_op", before_each_report(scrub_jobs.scrub_op, slow))
    tab = window.scrub_tab
    assert tab.open_paths([worklist]) is not None
    qtbot.waitUntil(lambda: tab.job is not None and tab.job.name == "scrub", timeout=20000)
    job = tab.job
    assert started.wait(10)
    assert window.close()  # nothing unsaved: no question
    assert not job.running() or job.wait(0)  # the worker has stopped
    assert job.cancelled()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=5000)
    assert tab.last_error.startswith("Cancelled")
    assert [c.claim_id for c in saved_claims(tab.context.workspace_path)] == ["C1", "C2", "C3"]

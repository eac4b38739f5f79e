"""The Remittances tab's jobs as the user meets them: Cancel during an import keeps the
remittances already stored and says so; new reference data (a ZIP5 file) has the expected
payments worked out again; a job already running refuses a second one; the other tabs hear of
new remittances (context.workspace_changed)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_remit_tab import (  # noqa: F401 (workspace: a fixture)
    DOS,
    D,
    finished,
    shown_tab,
    texts,
    workspace,
    x_rays,
)
from tests.support.jobs import before_each_report
from tests.support.remittances import denied_x_ray
from tests.support.x12_835_writer import Payment, write_835
from tests.support.zip5 import import_zip5
from ui.remit import jobs as remit_jobs
from ui.remit.view import TO_WORK


def answers(tmp_path: Path) -> list[Path]:
    """Two files: C1 and C2 denied, then C3 and C4."""
    paths = []
    for number, claims in enumerate(
        ((("C1", "P1"), ("C2", "P2")), (("C3", "P3"), ("C4", "P4"))), start=1
    ):
        path = tmp_path / f"answer{number}.835"
        write_835(
            path,
            [
                Payment(
                    f"EFT{number}",
                    [denied_x_ray(*c) for c in claims],
                    payment_date=date(2025, 11, 20 + number),
                )
            ],
        )
        paths.append(path)
    return paths


@pytest.fixture
def make_tab(qtbot, make_context, db_path, workspace):  # noqa: F811
    """The tab over the bundled reference data (no ZIP5 file imported)."""
    return lambda: shown_tab(qtbot, make_context(today=date(2025, 12, 1), db=db_path))


def test_cancel_keeps_the_remittances_already_stored(
    screenshots, qtbot, make_tab, tmp_path, monkeypatch
):
    reached, gate = threading.Event(), threading.Event()  # the worker at the second file

    def hold(text: str) -> None:
        if text == "Reading answer2.835":
            reached.set()
            gate.wait(10)

    monkeypatch.setattr(remit_jobs, "import_op", before_each_report(remit_jobs.import_op, hold))
    tab = make_tab()
    v = tab.view
    job = tab.open_paths(answers(tmp_path))
    assert job is not None and tab.busy() and v.progress.isVisible()
    assert not v.open_button.isEnabled() and not v.match_button.isEnabled()
    assert tab.match_again() is None and "Wait for the current job" in tab.last_error
    assert reached.wait(10)  # the first file is stored
    qtbot.waitUntil(lambda: "answer1.835" in v.progress.bar.format(), timeout=5000)
    tab.grab().save(str(screenshots / "remit_tab_importing.png"))
    qtbot.mouseClick(v.progress.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not tab.busy() and len(v.remittances_model.rows) == 1, timeout=20000)
    assert v.message.text() == (
        "Stored 1 remittance, 2 claims, 2 lines from 1 file; "
        "cancelled: the remittances listed were stored, the rest not "
        "read"
    )
    assert v.open_button.isEnabled() and not v.progress.isVisible()
    tab.grab().save(str(screenshots / "remit_tab_cancelled.png"))
    finished(qtbot, tab, tab.open_paths(answers(tmp_path)))  # the rest, next time
    assert "Stored 1 remittance, 2 claims" in v.message.text()
    assert "1 already imported" in v.message.text()


def test_new_reference_data_works_out_the_expected_payments_again(
    qtbot, make_tab, db_path, tmp_path
):
    tab = make_tab()
    v = tab.view
    heard: list[str] = []
    tab.context.workspace_changed.connect(lambda: heard.append("changed"))
    finished(qtbot, tab, tab.open_paths(answers(tmp_path)[:1]))
    assert heard == ["changed"]
    assert [i.basis for i in v.work_model.rows] == [
        "Medicare RVU25D, locality 13202-01 (ZIP 10001)"
    ] * 2
    assert texts(v.work_view, 8)[0] == "denied $90.00, expected $37.69: CARC 4 coding/modifier"

    # a ZIP5 file for the quarter of the service that puts 10001 in another locality
    import_zip5(db_path, tmp_path / "zip5", ["NY100010118218 Z9   0 A" + " " * 52 + "20254"])
    tab.context.reload_reference()
    qtbot.waitUntil(
        lambda: not tab.busy() and "worked out again" in v.message.text(), timeout=20000
    )
    assert v.message.text() == (
        "New reference data: expected payments worked out again for 2 remittance lines."
    )
    v.views.setCurrentIndex(TO_WORK)
    assert [i.basis for i in v.work_model.rows] == [
        "Medicare RVU25D, locality 01182-18 (ZIP 10001)"
    ] * 2
    assert texts(v.work_view, 8)[0] == "denied $90.00, expected $37.60: CARC 4 coding/modifier"
    assert heard == ["changed"]  # the denials are as they were: no scrub again

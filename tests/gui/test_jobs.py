"""The one way long work runs (ui.jobs.Job): progress reaches the GUI at most once a percent,
Cancel stops the op, an error the user can act on is a message, and a bug shows the error dialog
with "Copy details" and the log's path, and is logged with its traceback."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from core.jobs import Cancelled
from core.logs import current_log_path
from core.tabular import ExportError
from ui.collector import MainThreadCollector
from ui.errors import ErrorDialog, excepthook
from ui.jobs import Job, JobFailure


class Display:
    def __init__(self) -> None:
        self.shown: list[tuple[str, float]] = []
        self.finished = False

    def start(self, job: Job) -> None:
        self.job = job

    def show_progress(self, message: str, fraction: float) -> None:
        self.shown.append((message, fraction))

    def finish(self) -> None:
        self.finished = True


def error_dialogs() -> list[ErrorDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()
    ]


@pytest.fixture(autouse=True)
def no_dialog_left(make_context):
    make_context()  # this test's log file
    yield
    for dialog in error_dialogs():
        dialog.close()


def run(qtbot, op, display: Display | None = None) -> tuple[list[object], list[JobFailure]]:
    results: list[object] = []
    failures: list[JobFailure] = []
    job = Job(None, op, results.append, "test job").failure(failures.append)
    if display is not None:
        job.with_progress(display)
    job.run_in_background()
    qtbot.waitUntil(lambda: bool(results or failures), timeout=10000)
    return results, failures


def test_progress_reaches_the_gui_at_most_once_a_percent(qtbot):
    def op(progress):
        for step in range(100_001):
            progress(f"step {step}", step / 100_000)
        return "done"

    display = Display()
    results, failures = run(qtbot, op, display)
    assert results == ["done"] and not failures and display.finished
    assert 2 <= len(display.shown) <= 110
    fractions = [fraction for _, fraction in display.shown]
    assert fractions == sorted(fractions)


def test_cancel_stops_the_op_at_its_next_report(qtbot):
    reported: list[int] = []

    def op(progress):
        for step in range(10_000_000):
            reported.append(step)
            progress("working", 0.0)
            if step == 100:
                job.cancel()
        return "never"

    failures: list[JobFailure] = []
    job = Job(None, op, lambda _: None, "test job").failure(failures.append)
    job.run_in_background()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures == [JobFailure("Cancelled: nothing was written.", cancelled=True)]
    assert len(reported) == 102 and job.wait(1) and not job.running()


def test_an_error_the_user_can_act_on_is_a_message_not_a_crash_dialog(qtbot):
    def op(progress):
        raise ExportError("out.xlsx cannot be written: it may be open in another program")

    results, failures = run(qtbot, op)
    assert failures == [JobFailure("out.xlsx cannot be written: it may be open in another program")]
    assert not error_dialogs()


def test_a_bug_in_a_worker_shows_the_error_dialog_and_is_logged(qtbot):
    def op(progress):
        raise ZeroDivisionError("the bug in the op")

    results, failures = run(qtbot, op)
    assert failures[0].unexpected and "ZeroDivisionError" in failures[0].message
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5000)
    dialog = error_dialogs()[0]
    assert "The test job stopped on an unexpected error" in dialog.message.text()
    assert str(current_log_path()) in dialog.message.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "ZeroDivisionError: the bug in the op" in copied
    assert str(current_log_path()) in copied
    logged = current_log_path().read_text(encoding="utf-8")
    assert "test job: unexpected error" in logged and "ZeroDivisionError" in logged


def test_an_error_raised_in_a_slot_goes_through_the_excepthook_to_the_dialog(qtbot):
    try:
        raise KeyError("a slot's bug")
    except KeyError:
        excepthook(*sys.exc_info())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(error_dialogs()), timeout=5000)
    assert "KeyError" in error_dialogs()[0].message.text()
    assert "a slot's bug" in current_log_path().read_text(encoding="utf-8")


def test_cancelled_is_an_ordinary_exception_with_a_message():
    assert str(Cancelled()) == "Cancelled: nothing was written."


def test_garbage_is_collected_by_the_gui_thread_timer(qtbot):
    class Node:
        pass

    collector = MainThreadCollector()
    assert not gc.isenabled() and collector.timer.isActive()
    first = Node()
    first.me = first  # type: ignore[attr-defined]
    gone = weakref.ref(first)
    del first
    for _ in range(2 * gc.get_threshold()[0]):  # enough allocations to ask for a run
        loop = Node()
        loop.me = loop  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    collector.timer.stop()

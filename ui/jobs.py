"""The one way the GUI runs long work off its thread (after Anki's QueryOp):

    Job(parent, op, success, name="scrub").failure(on_failure).with_progress(display)
        .run_in_background()

`op(progress)` runs on the thread pool and opens its own SQLite connections. `progress(message,
fraction)` (core.jobs.Progress) shows how far it got and raises Cancelled once the user cancelled,
so the core operation stops and rolls back. `success(result)` and `failure(JobFailure)` run on
the GUI thread. A bug (an unexpected exception) is logged with its traceback and shown in the
error dialog before failure() is called; a cancel or an error the user can act on (a bad file, a
locked database) goes to failure() with its message. Closing the window cancels every running
job and waits for it (cancel_all)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from core.claims_io.worklist_table import NotAWorklist
from core.db import DatabaseError
from core.jobs import Cancelled, Progress
from core.remit.codes import CodeListError
from core.remit.contracts import ContractError
from core.sources.source_file import SourceError
from core.tabular import ExportError
from core.workspace.payers import PayerError

from .errors import show_error

log = logging.getLogger("billing.jobs")
# Errors a user can cause and act on: their message is enough, no traceback dialog.
EXPECTED: tuple[type[BaseException], ...] = (
    ExportError,
    SourceError,
    DatabaseError,
    NotAWorklist,
    CodeListError,
    ContractError,
    PayerError,
    OSError,
    sqlite3.Error,
)
EMIT_EVERY = 0.2  # seconds: progress reaches the GUI at most this often (and per percent)
_RUNNING: set[Job] = set()


@dataclass(frozen=True)
class JobFailure:
    message: str
    cancelled: bool = False
    unexpected: bool = False  # a bug: logged with its traceback and shown in the error dialog


class ProgressDisplay(Protocol):
    def start(self, job: Job) -> None: ...  # shown; cancel -> job.cancel()
    def show_progress(self, message: str, fraction: float) -> None: ...
    def finish(self) -> None: ...


class Job(QObject):
    _progressed = Signal(str, float)
    _finished = Signal(object, object)  # result, JobFailure | None

    def __init__(
        self,
        parent: QWidget | None,
        op: Callable[[Progress], Any],
        success: Callable[[Any], None],
        name: str = "job",
    ) -> None:
        super().__init__()
        self.parent_widget = parent
        self.op = op
        self.success = success
        self.name = name
        self._on_failure: Callable[[JobFailure], None] | None = None
        self._display: ProgressDisplay | None = None
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._shown = (-1, 0.0)  # percent and time of the last progress emitted
        self._details = ""  # the traceback of an unexpected error
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- building -----------------------------------------------------------------------------

    def failure(self, on_failure: Callable[[JobFailure], None]) -> Job:
        self._on_failure = on_failure
        return self

    def with_progress(self, display: ProgressDisplay | str) -> Job:
        """Show progress (with a Cancel button) in `display`, or in a window-modal progress
        dialog with this label."""
        self._display = (
            DialogProgress(self.parent_widget, display) if isinstance(display, str) else display
        )
        return self

    def run_in_background(self) -> Job:
        _RUNNING.add(self)
        if self._display is not None:
            self._display.start(self)
        log.info("%s: started", self.name)
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    # -- control ------------------------------------------------------------------------------

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def running(self) -> bool:
        return self in _RUNNING

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the op has returned or raised (its result is delivered later)."""
        return self._done.wait(timeout)

    # -- on the worker thread -------------------------------------------------------------------

    def _report(self, message: str, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        percent, now = int(fraction * 100), time.monotonic()
        if percent != self._shown[0] or now - self._shown[1] >= EMIT_EVERY:
            self._shown = (percent, now)
            self._progressed.emit(message, fraction)

    def _run(self) -> None:
        started = time.perf_counter()
        result: Any = None
        failure: JobFailure | None = None
        try:
            result = self.op(self._report)
        except Cancelled as exc:
            failure = JobFailure(str(exc), cancelled=True)
            log.info("%s: cancelled after %.2f s", self.name, time.perf_counter() - started)
        except EXPECTED as exc:
            failure = JobFailure(str(exc))
            log.warning(
                "%s: failed after %.2f s: %s", self.name, time.perf_counter() - started, exc
            )
        except Exception as exc:  # a bug: logged and shown, never a crash of the app
            failure = JobFailure(f"{type(exc).__name__}: {exc}", unexpected=True)
            log.exception("%s: unexpected error", self.name)
            self._details = traceback.format_exc()
        else:
            log.info("%s: done in %.2f s", self.name, time.perf_counter() - started)
        finally:
            self._done.set()
        self._finished.emit(result, failure)

    # -- back on the GUI thread -----------------------------------------------------------------

    def _show_progress(self, message: str, fraction: float) -> None:
        if self._display is not None and self in _RUNNING:  # (queued before the result)
            self._display.show_progress(message, fraction)

    def _deliver(self, result: Any, failure: JobFailure | None) -> None:
        _RUNNING.discard(self)
        if self._display is not None:
            self._display.finish()
        if failure is None:
            self.success(result)
            return
        if failure.unexpected:
            show_error(
                self.parent_widget,
                f"The {self.name} stopped on an unexpected error: {failure.message}",
                self._details,
            )
        if self._on_failure is not None:
            self._on_failure(failure)
        elif not failure.cancelled and not failure.unexpected:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Billing Assistant",
                failure.message,
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            box.open()


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job._run()


def running_jobs() -> list[Job]:
    return list(_RUNNING)


def cancel_all(timeout: float = 30.0) -> bool:
    """Cancel every running job and wait for each to stop; False if one did not in time."""
    jobs = running_jobs()
    for job in jobs:
        job.cancel()
    deadline = time.monotonic() + timeout
    return all(job.wait(max(0.0, deadline - time.monotonic())) for job in jobs)


class DialogProgress:
    """A window-modal progress dialog with a Cancel button."""

    def __init__(self, parent: QWidget | None, label: str) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle("Billing Assistant")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.reset()  # not shown until start()

    def start(self, job: Job) -> None:
        self.dialog.canceled.connect(job.cancel)
        self.dialog.canceled.connect(lambda: self.dialog.setLabelText("Cancelling..."))
        self.dialog.setValue(0)

    def show_progress(self, message: str, fraction: float) -> None:
        self.dialog.setLabelText(message)
        self.dialog.setValue(int(fraction * 100))

    def finish(self) -> None:
        self.dialog.close()


class InlineProgress(QWidget):
    """A progress bar and a Cancel button inside a tab's toolbar, hidden when idle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(True)
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton("Cancel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._job: Job | None = None
        self.cancel_button.clicked.connect(self.cancel)
        self.setVisible(False)

    def start(self, job: Job) -> None:
        self._job = job
        self.bar.setValue(0)
        self.bar.setFormat("Starting...")
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.bar.setFormat("Cancelling...")

    def show_progress(self, message: str, fraction: float) -> None:
        self.bar.setValue(int(fraction * 100))
        self.bar.setFormat(message)

    def finish(self) -> None:
        self._job = None
        self.setVisible(False)

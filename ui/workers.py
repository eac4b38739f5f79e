"""Run core operations off the GUI thread and turn their progress into Qt signals."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog

from core.jobs import Cancelled


class WorkerSignals(QObject):
    progress = Signal(str, float)
    succeeded = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Calls fn(*args, progress=callback) on the thread pool. Setting `cancelled` makes the next
    progress report raise, so the core operation stops and rolls back."""

    def __init__(self, fn: Callable[..., object], *args: object):
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = WorkerSignals()
        self.cancelled = False

    def _progress(self, message: str, fraction: float) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(message, fraction)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self._progress)
        except Cancelled as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # reported to the user, never a crash
            traceback.print_exc()
            self.signals.failed.emit(str(exc))
        else:
            self.signals.succeeded.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)


def follow_progress(worker: Worker, dialog: QProgressDialog) -> None:
    """Show the worker's progress messages and percentage in a progress dialog."""

    def show(message: str, fraction: float) -> None:
        dialog.setLabelText(message)
        dialog.setValue(int(fraction * 100))

    worker.signals.progress.connect(show)

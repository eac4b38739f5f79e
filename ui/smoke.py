"""A smoke run: with BILLING_ASSISTANT_SMOKE=1 the app quits as soon as its main window is
first shown, after printing 'window shown'. The launch test and bench/bench_startup.py use it
to see the real window appear (and how long that takes) without anyone at the screen."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SMOKE_ENV = "BILLING_ASSISTANT_SMOKE"


class _QuitAfterShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            print("window shown", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def quit_after_show_when_asked(window: QWidget) -> None:
    if os.environ.get(SMOKE_ENV):
        window.installEventFilter(_QuitAfterShow(window))


def printed_in_smoke_run(kind: str, text: str) -> bool:
    """In a smoke run, a start-up message is printed ('warning: ...') instead of waiting for
    someone to close its dialog: True then."""
    if not os.environ.get(SMOKE_ENV):
        return False
    print(f"{kind}: {' '.join(text.split())}", flush=True)
    return True

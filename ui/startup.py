"""What the app sets up before its window, kept apart from it: the log (or why there is none)
and what a SIGTERM does."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.logs import setup_logging
from core.paths import HOME_ENV

from .jobs import cancel_all

log = logging.getLogger("billing.app")


def start_log() -> tuple[Path | None, str | None]:
    """The log file, or (when the data folder cannot be written) the log on stderr and a
    warning for the user: the app still starts and answers lookups."""
    try:
        return setup_logging(), None
    except OSError as exc:
        logging.getLogger("billing").addHandler(logging.StreamHandler())
        return None, folder_problem(exc)


def folder_problem(exc: OSError) -> str:
    where = exc.filename or "the app's data folder"
    return (
        f"The app's data folder cannot be written ({where}: {exc.strerror or exc}): "
        "nothing can be saved there and no log is kept. Make it writable, or start the app "
        f"with the {HOME_ENV} environment variable set to a folder you can write to."
    )


def quit_on_sigterm(app: QApplication, quit: Callable[[int], None] | None = None) -> QTimer:
    """A logout or shutdown sends SIGTERM: the running jobs are cancelled (an import rolls
    back) and the app quits, instead of dying in the middle (the worklist is saved claim by
    claim already). The timer lets Python run its signal handler while Qt waits for events."""

    def stop(signum: int, frame: object) -> None:
        log.info("SIGTERM: cancelling the running jobs and quitting")
        cancel_all()
        (quit or app.exit)(143)

    signal.signal(signal.SIGTERM, stop)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer

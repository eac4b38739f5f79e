"""The log a user can send: a rotating file in the user's data folder.

It records imports, scrubs, exports and saves with their counts and timings, and every error with
its traceback. It never records patient data: claims are named by their claim id only, worklist
files by their count, and messages built from cell values are not logged.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from .paths import user_data_dir

LOG_NAME = "billing-assistant.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder() -> Path:
    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_path() -> Path:
    return log_folder() / LOG_NAME


def setup_logging(path: Path | None = None) -> Path:
    """Send the app's log ("billing.*") to the rotating file; returns its path. Calling it again
    with another path moves the log there (tests use a temporary folder)."""
    target = path or log_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("billing")
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    # A log that cannot be written (a full disk) must not print a traceback to the user: the
    # record is dropped instead of logging's "--- Logging error ---" report on stderr.
    logging.raiseExceptions = False
    handler = RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return target


def quiet_unraisable() -> None:
    """An error Python cannot raise (a cleanup in __del__ failing: zipfile closing an .xlsx
    that openpyxl could not save on a full disk) goes to the log, never as a traceback on the
    user's screen."""

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        logger = logging.getLogger("billing")
        if not logger.handlers:  # the command line sets its log up when needed
            try:
                setup_logging()
            except OSError:
                return  # nowhere to put it: never on the screen
        logger.warning(
            "ignored in %r: %s",
            unraisable.object,
            unraisable.exc_value,
            exc_info=(
                unraisable.exc_type,
                unraisable.exc_value,  # type: ignore[arg-type]
                unraisable.exc_traceback,
            ),
        )

    sys.unraisablehook = hook


def current_log_path() -> Path:
    """Where the log is being written (the default place when logging is not set up)."""
    for handler in logging.getLogger("billing").handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return log_path()

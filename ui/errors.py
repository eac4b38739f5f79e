"""When something goes wrong that the user did not cause: a dialog with a short message, a
"Copy details" button (the traceback, for a support request) and where the log is; and the
sys.excepthook that shows it for an error raised in a slot."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.logs import current_log_path

log = logging.getLogger("billing.errors")
_SHOWN: set[ErrorDialog] = set()  # kept alive while open (a parentless dialog has no owner)


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, message: str, details: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Billing Assistant: something went wrong")
        self.setMinimumWidth(520)
        self.details = details
        self.log_path = current_log_path()
        self.message = QLabel(
            f"<p><b>{_escape(message)}</b></p><p>Your work is kept: the worklist is saved claim "
            "by claim as you edit. If this happens again, send the log (Help &gt; Open log "
            "folder) or the details to your support contact.</p>"
            f"<p>Log: <code>{_escape(str(self.log_path))}</code></p>"
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("Open log folder")
        self.folder_button.clicked.connect(open_log_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(
            f"{self.details}\nPython {platform.python_version()} on {platform.platform()}\n"
            f"Log: {self.log_path}\n"
        )
        self.copy_button.setText("Copied")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_error(parent: QWidget | None, message: str, details: str) -> ErrorDialog:
    """Show the error dialog without blocking (window-modal when it has a parent)."""
    dialog = ErrorDialog(parent, message, details)
    _SHOWN.add(dialog)
    dialog.finished.connect(lambda _: _SHOWN.discard(dialog))
    dialog.open()
    return dialog


def open_log_folder() -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(current_log_path().parent)))


def excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An error raised in a slot: logged with its traceback and shown, never a silent crash."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    details = "".join(traceback.format_exception(kind, error, trace))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    show_error(QApplication.activeWindow(), f"Unexpected error: {kind.__name__}: {error}", details)


def install_excepthook() -> None:
    sys.excepthook = excepthook

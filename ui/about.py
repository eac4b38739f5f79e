"""Help > About: version, loaded data releases and the AMA notice."""

from __future__ import annotations

import sqlite3
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from core.notices import AMA_NOTICE
from core.refdata.releases import loaded_releases


def app_version() -> str:
    try:
        return version("billing-assistant")
    except PackageNotFoundError:
        return "development"


def about_text(conn: sqlite3.Connection) -> str:
    rows = "".join(
        f"<tr><td>{r.label}</td><td>{r.dates}</td>"
        f"<td align='right'>{r.row_count:,} rows</td><td>{r.origin}</td></tr>"
        for r in loaded_releases(conn))
    return (f"<h3>Billing Assistant {app_version()}</h3>"
            "<p>Code lookup, Medicare fee calculator and claim scrubbing, fully offline.</p>"
            f"<p><b>Data releases loaded</b></p><table cellspacing='4'>{rows}</table>"
            f"<p><small>{AMA_NOTICE}</small></p>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, conn: sqlite3.Connection):
        super().__init__(parent)
        self.setWindowTitle("About Billing Assistant")
        self.setMinimumWidth(620)
        self.text = QLabel(about_text(conn))
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def show_about(parent: QWidget, conn: sqlite3.Connection) -> AboutDialog:
    dialog = AboutDialog(parent, conn)
    dialog.open()
    return dialog

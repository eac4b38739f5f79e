"""Help > About: version, loaded data releases, the AMA notice and third-party licences."""

from __future__ import annotations

import sqlite3
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.notices import AMA_NOTICE, LGPL_NOTE, THIRD_PARTY
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
        for r in loaded_releases(conn)
    )
    return (
        f"<h3>Billing Assistant {app_version()}</h3>"
        "<p>Code lookup, Medicare fee calculator and claim scrubbing, fully offline.</p>"
        f"<p><b>Data releases loaded</b></p><table cellspacing='4'>{rows}</table>"
        f"<p><small>{AMA_NOTICE}</small></p>"
    )


def licences_html() -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>{licence}</td><td>{purpose}</td></tr>"
        for name, licence, purpose in THIRD_PARTY
    )
    return f"<table cellspacing='2'>{rows}</table><p>{LGPL_NOTE}</p>"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, conn: sqlite3.Connection):
        super().__init__(parent)
        self.setWindowTitle("About Billing Assistant")
        self.setMinimumWidth(620)
        self.text = QLabel(about_text(conn))
        self.text.setWordWrap(True)
        self.licences = QTextBrowser()  # scrolls: the list is long
        self.licences.setHtml(licences_html())
        self.licences.setFixedHeight(170)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(QLabel("<b>Third-party software</b>"))
        layout.addWidget(self.licences)
        layout.addWidget(buttons)
        self.resize(self.width(), self.heightForWidth(self.width()))  # wrapped text fits


def show_about(parent: QWidget, conn: sqlite3.Connection) -> AboutDialog:
    dialog = AboutDialog(parent, conn)
    dialog.open()
    return dialog

"""Help > About: version, loaded data releases and the AMA notice."""

from __future__ import annotations

import sqlite3
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtWidgets import QMessageBox, QWidget

from core.releases import AMA_NOTICE, loaded_releases


def app_version() -> str:
    try:
        return version("billing-assistant")
    except PackageNotFoundError:
        return "development"


def about_text(conn: sqlite3.Connection) -> str:
    rows = "".join(
        f"<tr><td>{r.label}</td><td>effective {r.effective_date}</td>"
        f"<td align='right'>{r.row_count:,} rows</td><td>{r.origin}</td></tr>"
        for r in loaded_releases(conn))
    return (f"<h3>Billing Assistant {app_version()}</h3>"
            "<p>Code lookup, Medicare fee calculator and claim scrubbing, fully offline.</p>"
            f"<p><b>Data releases loaded</b></p><table cellspacing='6'>{rows}</table>"
            f"<p><small>{AMA_NOTICE}</small></p>")


def show_about(parent: QWidget, conn: sqlite3.Connection) -> None:
    QMessageBox.about(parent, "About Billing Assistant", about_text(conn))

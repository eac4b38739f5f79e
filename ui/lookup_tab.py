"""Code lookup tab: type a code of any code set and see what the reference data holds for it."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.lookup import lookup_code
from core.lookup_text import format_lookup


class LookupTab(QWidget):
    def __init__(self, conn: sqlite3.Connection):
        super().__init__()
        self.conn = conn
        self.query = QLineEdit()
        self.query.setPlaceholderText("Code: CPT/HCPCS (77011), ICD-10-CM (C34.90 or C3490), "
                                      "modifier (26) or place of service (11)")
        self.query.returnPressed.connect(self.run_lookup)
        button = QPushButton("Look up")
        button.clicked.connect(self.run_lookup)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setFont(QFont("monospace"))

        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result, 1)

    def set_connection(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def run_lookup(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        self.result.setPlainText(format_lookup(lookup_code(self.conn, text)))

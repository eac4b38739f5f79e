"""A tab whose feature is still being built: says what it will do, never pretends to work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    def __init__(self, title: str, purpose: str):
        super().__init__()
        label = QLabel(f"<h2>{title}</h2><p>{purpose}</p><p><i>Not available in this version "
                       "yet.</i></p>")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

"""Saved payer profiles beside the fee tab's percentage: pick one to fill the percentage, or
save the current percentage under a name. Stored in the workspace database (core/payers)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QWidget,
)

from core.workspace.payers import PayerError, PayerProfile, list_payers, save_payer

from .context import AppContext


class PayerPicker(QWidget):
    failed = Signal(str)  # a storage or input problem, for the tab's message line

    def __init__(self, context: AppContext, percent: QDoubleSpinBox):
        super().__init__()
        self.context = context
        self.percent = percent
        self.profiles = QComboBox()
        self.profiles.setToolTip("Saved payer profiles (a percentage of Medicare you entered)")
        self.save_button = QPushButton("Save payer...")
        self.save_button.setToolTip("Save the percentage under a payer name")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.profiles)
        layout.addWidget(self.save_button)
        self.profiles.activated.connect(self._chosen)
        self.save_button.clicked.connect(self._ask_name)

    def reload(self, select: str | None = None) -> None:
        """List the saved profiles (the owner calls it once `failed` is connected)."""
        try:
            saved = list_payers(self.context.workspace())
        except (OSError, sqlite3.Error, ValueError) as exc:  # pricing goes on without them
            self.failed.emit(f"payer profiles could not be read: {exc}")
            saved = []
        self.profiles.clear()
        self.profiles.addItem("Payer profile...", None)
        for profile in saved:
            self.profiles.addItem(f"{profile.name} ({profile.percent}%)", profile)
            if profile.name == select:
                self.profiles.setCurrentIndex(self.profiles.count() - 1)

    def _chosen(self, index: int) -> None:
        profile = self.profiles.itemData(index)
        if isinstance(profile, PayerProfile):
            self.percent.setValue(float(profile.percent))

    def _ask_name(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Save payer profile", f"Payer name for {self.percent.value():g}% of Medicare:"
        )
        if ok:
            self.save_profile(name)

    def save_profile(self, name: str) -> PayerProfile | None:
        try:
            saved = save_payer(self.context.workspace(), name, Decimal(str(self.percent.value())))
        except (PayerError, OSError, sqlite3.Error) as exc:
            self.failed.emit(str(exc))
            return None
        self.reload(select=saved.name)
        return saved

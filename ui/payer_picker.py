"""Saved payer profiles beside the fee tab's percentage: pick one to fill the percentage, or
save the current percentage under a name. Stored in the workspace database (core/payers)."""

from __future__ import annotations

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

from core.workspace import open_workspace
from core.workspace.payers import PayerError, PayerProfile, list_payers, save_payer


class PayerPicker(QWidget):
    failed = Signal(str)          # a storage or input problem, for the tab's message line

    def __init__(self, percent: QDoubleSpinBox):
        super().__init__()
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
        self.reload()

    def reload(self, select: str | None = None) -> None:
        try:
            workspace = open_workspace()
            try:
                saved = list_payers(workspace)
            finally:
                workspace.close()
        except Exception as exc:  # an unreadable workspace must not break pricing
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
        name, ok = QInputDialog.getText(self, "Save payer profile",
                                        f"Payer name for {self.percent.value():g}% of Medicare:")
        if ok:
            self.save_profile(name)

    def save_profile(self, name: str) -> PayerProfile | None:
        try:
            workspace = open_workspace()
            try:
                saved = save_payer(workspace, name, Decimal(str(self.percent.value())))
            finally:
                workspace.close()
        except PayerError as exc:
            self.failed.emit(str(exc))
            return None
        self.reload(select=saved.name)
        return saved

"""The lookup tab's pricing choices: the Medicare locality and the payer profile the detail
page prices a code for. Both are kept between sessions (the app's settings)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from core.fees.codes import default_service_date
from core.lookup.pricing import DetailPricing
from core.workspace.payers import PayerProfile, list_payers

from .context import AppContext
from .locality_picker import LocalityPicker

LOCALITY_KEY = "lookup/locality"
PAYER_KEY = "lookup/payer"
NO_PAYER = "Medicare only"


class LookupPricing(QWidget):
    changed = Signal()
    failed = Signal(str)  # payer profiles could not be read

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.locality = LocalityPicker(context, default_service_date(context.conn, context.today()))
        self.locality.setToolTip("Medicare locality the detail page prices for")
        self.payer = QComboBox()
        self.payer.setToolTip("Payer profile (a percentage of Medicare) shown beside Medicare")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Price for"))
        layout.addWidget(self.locality, 3)
        layout.addWidget(self.payer, 1)
        self.reload_payers()
        self._restore()
        self.locality.changed.connect(self._changed)
        self.payer.currentIndexChanged.connect(self._changed)

    def pricing(self) -> DetailPricing:
        choice = self.locality.choice()
        payer = self.payer.currentData()
        return DetailPricing(
            choice.key if choice is not None else "national",
            payer if isinstance(payer, PayerProfile) else None,
        )

    def reload_payers(self) -> None:
        chosen = self.payer.currentText()
        try:
            saved = list_payers(self.context.workspace())
        except (OSError, sqlite3.Error) as exc:  # an unreadable workspace must not break it
            self.failed.emit(f"payer profiles could not be read: {exc}")
            saved = []
        self.payer.blockSignals(True)
        self.payer.clear()
        self.payer.addItem(NO_PAYER, None)
        for profile in saved:
            self.payer.addItem(f"{profile.name} ({profile.percent}%)", profile)
        self.select_payer(chosen.split(" (")[0])
        self.payer.blockSignals(False)

    def select_payer(self, name: str) -> bool:
        for row in range(self.payer.count()):
            profile = self.payer.itemData(row)
            if isinstance(profile, PayerProfile) and profile.name == name:
                self.payer.setCurrentIndex(row)
                return True
        return False

    def _restore(self) -> None:
        settings = self.context.settings
        key = str(settings.value(LOCALITY_KEY, "national"))
        if not self.locality.select(key):
            self.locality.select("national")
        self.select_payer(str(settings.value(PAYER_KEY, "")))

    def _changed(self) -> None:
        pricing = self.pricing()
        settings = self.context.settings
        settings.setValue(LOCALITY_KEY, pricing.locality)
        settings.setValue(PAYER_KEY, pricing.payer.name if pricing.payer else "")
        settings.sync()
        self.changed.emit()

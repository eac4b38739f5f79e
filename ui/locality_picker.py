"""Pick a Medicare payment locality: search by state, locality name, county or ZIP, then choose
among the matches (the first is chosen as you type)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from core.fees.localities import LocalityChoice, search_localities, zip_file_loaded

from .context import AppContext
from .wording import IMPORT_MENU

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


class LocalityPicker(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, day: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.day = day
        self._missing: LocalityChoice | None = None  # chosen, but not in the new year's data
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: state, locality, county or ZIP")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            "NY, New York, Manhattan, Westchester (a county), 10001 (a ZIP, "
            "when the ZIP5 file is loaded) or 13202-01"
        )
        self.search.textChanged.connect(self._searched)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(28)
        self.combo.currentIndexChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.combo, 3)
        self.refresh()

    def set_day(self, day: date) -> None:
        """Localities are per calendar year: list the ones of the new date's year."""
        if day.year != self.day.year:
            self.day = day
            self.refresh(keep=True)
        self.day = day

    def choice(self) -> LocalityChoice | None:
        value = self.combo.currentData(CHOICE_ROLE)
        return value if isinstance(value, LocalityChoice) else None

    def problem(self) -> str | None:
        """Why nothing is chosen, for the tab's message line."""
        if self.choice() is not None:
            return None
        if self._missing is not None:
            return (
                f"locality {self._missing.key} is not in the {self.day.year} locality data "
                f"loaded: import GPCI{self.day.year} ({IMPORT_MENU}), or choose another "
                "locality"
            )
        text = self.search.text().strip()
        if not text:
            return "choose a locality (or National)"
        hint = ""
        if len(text) == 5 and text.isdigit() and not zip_file_loaded(self.context.conn):
            hint = f" (ZIP codes need CMS's ZIP5 file: {IMPORT_MENU})"
        return (
            f"no locality matches '{text}'{hint}: search by state (NY), locality name, "
            "county or ZIP"
        )

    def select(self, key: str) -> bool:
        """Choose a locality by its key ("13202-01", "national") among the listed matches."""
        for row in range(self.combo.count()):
            value = self.combo.itemData(row, CHOICE_ROLE)
            if isinstance(value, LocalityChoice) and value.key == key:
                self.combo.setCurrentIndex(row)
                return True
        return False

    def refresh(self, keep: bool = False) -> None:
        """List the matches of the search; `keep`: the choice must stay (a new date), so when
        it is not listed nothing is chosen and problem() says why."""
        previous = self.choice() or (self._missing if keep else None)
        choices = search_localities(self.context.conn, self.search.text(), self.day)
        self.combo.blockSignals(True)
        self.combo.clear()
        for choice in choices:
            self.combo.addItem(choice.label)
            self.combo.setItemData(self.combo.count() - 1, choice, CHOICE_ROLE)
            self.combo.setItemData(
                self.combo.count() - 1, choice.detail, Qt.ItemDataRole.ToolTipRole
            )
        self._missing = None
        same = [
            i
            for i, c in enumerate(choices)
            if previous is not None and (c.key, c.zip_code) == (previous.key, previous.zip_code)
        ]
        if same:
            self.combo.setCurrentIndex(same[0])
        elif previous is not None and keep:
            self._missing = previous
            self.combo.setCurrentIndex(-1)
        self.combo.blockSignals(False)
        self._chosen()

    def _searched(self) -> None:
        self.refresh()

    def _chosen(self) -> None:
        choice = self.choice()
        if choice is not None:
            self._missing = None
        self.combo.setToolTip(choice.detail if choice else "")
        self.changed.emit()

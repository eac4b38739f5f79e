"""Modifiers as removable chips: type a modifier (it is added at its second character or on
Enter), click a chip to remove it. At most four, as on a claim line."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QToolButton, QWidget

from core.refdata.codes import Modifier

MAX_MODIFIERS = 4
CHIP_STYLE = (
    "QToolButton { background: #e3ecfa; border: 1px solid #9db6de; border-radius: 10px; "
    "padding: 1px 8px; font-weight: bold; }"
    "QToolButton:hover { background: #f8d7d5; border-color: #d58a85; }"
)


class ModifierChips(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._codes: list[str] = []
        self._descriptions: dict[str, str] = {}
        self.chips: list[QToolButton] = []
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("add, e.g. 26")
        self.entry.setMaxLength(2)
        self.entry.setFixedWidth(96)
        self.entry.setToolTip("Type a modifier; it is added as a chip. Click a chip to remove it.")
        self.entry.textEdited.connect(self._typed)
        self.entry.returnPressed.connect(self._commit)
        self._completions = QStringListModel()
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._chosen)
        self.entry.setCompleter(completer)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.entry)
        self._layout.addStretch(1)

    def set_choices(self, choices: list[Modifier]) -> None:
        self._descriptions = {c.code: c.description for c in choices}
        self._completions.setStringList([f"{c.code}  {c.description[:60]}" for c in choices])

    def modifiers(self) -> tuple[str, ...]:
        return tuple(self._codes)

    def clear(self) -> None:
        """No modifiers (after a line is added to the encounter: the next code starts bare)."""
        if not self._codes and not self.entry.text():
            return
        for chip in self.chips:
            chip.deleteLater()
        self.chips, self._codes = [], []
        self.entry.clear()
        self._update_entry()
        self.changed.emit()

    def add(self, code: str) -> bool:
        """Add a chip; False when it is not a modifier, is already there or four are set."""
        return self._add(code, notify=True)

    def remove(self, code: str) -> None:
        if code in self._codes:
            index = self._codes.index(code)
            self._codes.pop(index)
            self.chips.pop(index).deleteLater()
            self._update_entry()
            self.changed.emit()

    def _add(self, code: str, notify: bool) -> bool:
        code = code.strip().upper()
        if (
            len(code) != 2
            or not code.isalnum()
            or code in self._codes
            or len(self._codes) >= MAX_MODIFIERS
        ):
            return False
        chip = QToolButton()
        chip.setText(f"{code} \u2715")
        chip.setStyleSheet(CHIP_STYLE)
        chip.setCursor(Qt.CursorShape.PointingHandCursor)
        description = self._descriptions.get(code, "not a modifier this app knows")
        chip.setToolTip(f"{code}: {description}\nClick to remove.")
        chip.clicked.connect(lambda _=False, c=code: self.remove(c))
        self._layout.insertWidget(len(self._codes), chip)
        self._codes.append(code)
        self.chips.append(chip)
        if notify:
            self._update_entry()
            self.changed.emit()
        return True

    def _update_entry(self) -> None:
        full = len(self._codes) >= MAX_MODIFIERS
        self.entry.setEnabled(not full)
        self.entry.setPlaceholderText("4 at most" if full else "add, e.g. 26")

    def _typed(self, text: str) -> None:
        if len(text.strip()) == 2:
            self._commit()

    def _commit(self) -> None:
        if self.add(self.entry.text()):
            self.entry.clear()

    def _chosen(self, text: str) -> None:
        self.entry.setText(text[:2])
        self._commit()

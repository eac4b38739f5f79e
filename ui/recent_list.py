"""The recent lookups list: codes the user opened, newest first, kept in the workspace database
(core/workspace.py) so they survive a restart. Storage errors become a message, never a crash."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from core.lookup.search import SearchHit
from core.lookup.text import TYPE_LABELS
from core.workspace import open_workspace
from core.workspace.recents import recent_lookups, remember_lookup


class RecentList(QListWidget):
    chosen = Signal(object)  # the SearchHit of an entry the user picked
    failed = Signal(str)  # the workspace database could not be read or written

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip("Codes you opened, newest first (kept between launches)")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        self.itemActivated.connect(self._choose)
        self.itemClicked.connect(self._choose)

    def reload(self) -> None:
        try:
            with closing(open_workspace()) as workspace:
                items = recent_lookups(workspace)
        except (sqlite3.Error, OSError) as exc:
            self.failed.emit(f"Recent lookups unavailable: {exc}")
            return
        self.clear()
        for item in items:
            label = f"{item.code}  {TYPE_LABELS.get(item.code_type, item.code_type)}"
            row = QListWidgetItem(f"{label}  {item.description or ''}".rstrip())
            row.setData(
                Qt.ItemDataRole.UserRole,
                SearchHit(item.code, item.code_type, item.description, "recent"),
            )
            self.addItem(row)

    def remember(self, hit: SearchHit) -> None:
        try:
            with closing(open_workspace()) as workspace:
                remember_lookup(workspace, hit.code, hit.type, hit.description)
        except (sqlite3.Error, OSError) as exc:
            self.failed.emit(f"Could not save the recent lookup: {exc}")
            return
        self.reload()

    def codes(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole).code for i in range(self.count())]

    def _choose(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

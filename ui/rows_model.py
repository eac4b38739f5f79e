"""The table model every tab uses: a list of row objects and columns (header, getter,
right-aligned). Subclasses colour or style cells by overriding style() or background()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

RAW_ROLE = Qt.ItemDataRole.UserRole + 1      # the row object behind a cell
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str], bool]   # header, getter, right-aligned


class RowsModel(QAbstractTableModel):
    columns: list[Column] = []

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if self.columns[section][2] else LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        _, getter, right = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getter(row)
        if role == RAW_ROLE:
            return row
        styled = self.style(row, index.column(), role)
        if styled is not None:
            return styled
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if right else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return getter(row) or None
        return None

    def style(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, column)
        return None

    def background(self, row: Any, column: int) -> QBrush | None:
        return None

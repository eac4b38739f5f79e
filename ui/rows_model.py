"""The table model every table uses: a list of row objects and its columns. A column gives the
text shown and, for numbers, money and dates, the value to sort by (SORT_ROLE), so a proxy sorts
2 before 10 and $9.00 before $10.00. Subclasses colour or style cells by overriding style() or
background(), and word a header differently with header()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object behind a cell
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the value a proxy sorts the column by
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class Column(NamedTuple):
    header: str
    text: Callable[[Any], str]
    right: bool = False  # numbers and money: right-aligned
    sort: Callable[[Any], Any] | None = None  # int, float or str; None: sort by the text


class RowsModel(QAbstractTableModel):
    columns: list[Column] = []

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def refresh(self) -> None:
        """The row objects changed in place: show them again."""
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if self.columns[section].right else LEFT
        return None

    def header(self, section: int) -> str:
        """The column's header; a subclass may word one differently."""
        return self.columns[section].header

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(row)
        if role == RAW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.text(row) if column.sort is None else column.sort(row)
        styled = self.style(row, index.column(), role)
        if styled is not None:
            return styled
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column.right else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(row) or None
        return None

    def style(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, column)
        return None

    def background(self, row: Any, column: int) -> QBrush | None:
        return None


class SortProxy(QSortFilterProxyModel):
    """A proxy sorting by SORT_ROLE; subclasses filter rows with accepts(row object)."""

    def __init__(self, source: RowsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def source_rows(self) -> RowsModel:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model

    def row_at(self, proxy_row: int) -> Any:
        """The row object shown at `proxy_row`."""
        return self.index(proxy_row, 0).data(RAW_ROLE)

    def visible_rows(self) -> list[Any]:
        return [self.row_at(row) for row in range(self.rowCount())]

    def proxy_row_of(self, source_row: int) -> int:
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        return self.accepts(self.source_rows().rows[source_row])

    def accepts(self, row: Any) -> bool:
        return True

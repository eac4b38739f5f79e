"""The code search results as a Qt table model (code, code set, description) and its view.
A code that is deleted or not yet effective says so after its description, muted; a description
from a CMS file the user imported is in italics, its source in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from core.lookup.detail import NO_DESCRIPTION
from core.lookup.search import SearchHit
from core.lookup.text import TYPE_LABELS

HIT_ROLE = Qt.ItemDataRole.UserRole + 1      # the SearchHit of a row
COLUMNS = ["Code", "Code set", "Description"]
_MATCH_TIPS = {"exact": "exact code", "prefix": "code starts with the query",
               "words": "description matches the words", "nearest": "nearest code (no match)"}
_MUTED = QColor("#6b6b6b")

Index = QModelIndex | QPersistentModelIndex


class SearchResultsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[SearchHit] = []

    def set_rows(self, rows: list[SearchHit]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self._rows[index.row()]
        column = index.column()
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            source = f"\n{hit.source_label}" if hit.source_label else ""
            return (f"{hit.code}: {self._text(hit, 2)} ({_MATCH_TIPS.get(hit.match, hit.match)})"
                    f"{source}")
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and (
                hit.description is None or hit.billable is False or hit.note):
            return QBrush(_MUTED)
        if role == Qt.ItemDataRole.FontRole and (column == 0 or hit.source_label):
            font = QFont()
            font.setBold(column == 0 and hit.match == "exact")
            font.setItalic(column == 2 and bool(hit.source_label))
            return font
        return None

    @staticmethod
    def _text(hit: SearchHit, column: int) -> str:
        if column == 0:
            return hit.code
        if column == 1:
            label = TYPE_LABELS[hit.type]
            return f"{label}, status {hit.status}" if hit.status else label
        description = hit.description or NO_DESCRIPTION
        if hit.billable is False:
            description += " \u2014 not billable (header)"
        if hit.note:
            description += f" \u2014 {hit.note}"
        return description


def results_view(model: SearchResultsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view

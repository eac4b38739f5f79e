"""The code search results as a table model (code, code set, description) and its view.
A code that is deleted or not yet effective says so after its description, muted; a description
from a CMS file the user imported is in italics, its source in the tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from core.lookup.detail import NO_DESCRIPTION
from core.lookup.search import SearchHit
from core.lookup.text import TYPE_LABELS

from .palette import MUTED_TEXT, brush
from .rows_model import RAW_ROLE, Column, RowsModel

HIT_ROLE = RAW_ROLE  # the SearchHit of a row
_MATCH_TIPS = {
    "exact": "exact code",
    "prefix": "code starts with the query",
    "words": "description matches the words",
    "nearest": "nearest code (no match)",
}
MUTED = brush(MUTED_TEXT)


def _code_set(hit: SearchHit) -> str:
    label = TYPE_LABELS[hit.type]
    return f"{label}, status {hit.status}" if hit.status else label


def _description(hit: SearchHit) -> str:
    description = hit.description or NO_DESCRIPTION
    if hit.billable is False:
        description += " \u2014 not billable (header)"
    if hit.note:
        description += f" \u2014 {hit.note}"
    return description


class SearchResultsModel(RowsModel):
    columns = [
        Column("Code", lambda hit: hit.code),
        Column("Code set", _code_set),
        Column("Description", _description),
    ]

    def hit(self, row: int) -> SearchHit:
        return self.rows[row]  # type: ignore[no-any-return]

    def style(self, hit: SearchHit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            source = f"\n{hit.source_label}" if hit.source_label else ""
            return (
                f"{hit.code}: {_description(hit)} ({_MATCH_TIPS.get(hit.match, hit.match)}){source}"
            )
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == 2
            and (hit.description is None or hit.billable is False or hit.note)
        ):
            return MUTED
        if role == Qt.ItemDataRole.FontRole and (column == 0 or hit.source_label):
            font = QFont()
            font.setBold(column == 0 and hit.match == "exact")
            font.setItalic(column == 2 and bool(hit.source_label))
            return font
        return None


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

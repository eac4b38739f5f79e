"""Table models of the fee calculator: the breakdown of one line and the encounter's lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from core.fees.breakdown import (
    EXPLANATION,
    NOTE,
    REDUCTION,
    TOTAL,
    BreakdownRow,
    EncounterRow,
    number,
)
from core.fees.codes import CodeChoice
from core.words import money

from .palette import AMBER, HINT_TEXT, RED, brush
from .rows_model import Column, Index, RowsModel

REDUCED_BRUSH = brush(AMBER)  # a reduction the user should notice
EXPLANATION_BRUSH = brush(RED)
NOTE_COLOR = brush(HINT_TEXT)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class BreakdownModel(RowsModel):
    columns = [
        Column("Step", lambda r: r.item),
        Column("Figures", lambda r: r.figures),
        Column("Value", lambda r: number(r.value), True),
        Column("Amount", lambda r: money(r.amount), True),
        Column("Source / reason", lambda r: r.source),
    ]

    def style(self, row: BreakdownRow, column: int, role: int) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and row.kind in (TOTAL, EXPLANATION)
            and column in (0, 3)
        ):
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.kind == REDUCTION:
                return REDUCED_BRUSH
            if row.kind == EXPLANATION:
                return EXPLANATION_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and row.kind == NOTE:
            return NOTE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and row.source:
            return row.source
        return None


def _amount_or_dash(value: Decimal | None) -> str:
    return "no amount" if value is None else money(value)


class EncounterModel(RowsModel):
    columns = [
        Column("#", lambda r: str(r.number), True),
        Column("Code", lambda r: r.code),
        Column("Modifiers", lambda r: r.modifiers),
        Column("Units", lambda r: str(r.units), True),
        Column("Fee schedule (1 unit)", lambda r: money(r.fee_schedule), True),
        Column("Adjustments applied", lambda r: ("\u25bc " if r.reduced else "") + r.adjustments),
        Column("Allowed", lambda r: _amount_or_dash(r.allowed), True),
        Column("Payer", lambda r: money(r.payer), True),  # header: see payer_header
        Column("Why", lambda r: r.note),
    ]
    PAYER_COLUMN = 7

    def __init__(self) -> None:
        super().__init__()
        self.payer_header = "Payer"

    def set_payer_header(self, text: str) -> None:
        self.payer_header = text
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.PAYER_COLUMN, self.PAYER_COLUMN)

    def header(self, section: int) -> str:
        return self.payer_header if section == self.PAYER_COLUMN else super().header(section)

    def style(self, row: EncounterRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.reduced:
                return REDUCED_BRUSH
            if row.allowed is None:
                return EXPLANATION_BRUSH
        if role == Qt.ItemDataRole.FontRole and column == 6:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return row.note
        return None


class CodeCompletionModel(QAbstractListModel):
    """Completions for the code field: the popup shows code and description, the field gets
    the code."""

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[CodeChoice] = []

    def set_rows(self, choices: list[CodeChoice]) -> None:
        self.beginResetModel()
        self.choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        choice = self.choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.label
        if role == Qt.ItemDataRole.EditRole:
            return choice.code
        if role == Qt.ItemDataRole.ToolTipRole:
            return choice.description or None
        return None

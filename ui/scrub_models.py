"""Table models of the scrub tab: the worklist's claims with their status, the findings of the
selected claim (filtered by severity and rule) and that claim's service lines, editable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from core.claims.checked import CheckedClaim
from core.claims.finding import CLEAN, ERROR, ERRORS, INFO, WARNING, WARNINGS, Finding
from core.claims.model import DX_LETTERS, Claim, ServiceLine
from core.claims_io.values import (
    BadValue,
    parse_date,
    parse_modifiers,
    parse_money,
    parse_pointers,
    parse_units,
)

from .rows_model import RAW_ROLE, Column, Index, RowsModel

NOT_SCRUBBED = "not scrubbed"
STATUS_BRUSHES = {
    ERRORS: QBrush(QColor("#fde2e1")), WARNINGS: QBrush(QColor("#fff1cc")),
    CLEAN: QBrush(QColor("#e3f4e1")), NOT_SCRUBBED: QBrush(QColor("#eeeeee")),
}
SEVERITY_BRUSHES = {
    ERROR: QBrush(QColor("#fde2e1")), WARNING: QBrush(QColor("#fff1cc")),
    INFO: QBrush(QColor("#e4eefb")),
}


def money(value: Decimal | None) -> str:
    return "" if value is None else f"${value:,.2f}"


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


class ClaimRow:
    """A claim of the worklist and, once scrubbed, its result."""

    def __init__(self, claim: Claim, checked: CheckedClaim | None = None,
                 key: int | None = None):
        self.claim = claim
        self.checked = checked
        self.key = key           # its row in the saved worklist; None until first saved

    @property
    def status(self) -> str:
        return self.checked.status if self.checked else NOT_SCRUBBED

    @property
    def status_text(self) -> str:
        """The status as shown: a claim some checks could not run on is never just 'clean'."""
        return self.checked.status_text if self.checked else self.status

    def count(self, severity: str) -> int:
        return 0 if self.checked is None else \
            sum(1 for f in self.checked.findings if f.severity == severity)


class ClaimsModel(RowsModel):
    columns: list[Column] = [
        ("Claim", lambda r: r.claim.claim_id, False),
        ("Status", lambda r: r.status_text, False),
        ("Errors", lambda r: str(r.count(ERROR)) if r.checked else "", True),
        ("Warnings", lambda r: str(r.count(WARNING)) if r.checked else "", True),
        ("Expected", lambda r: money(r.checked.expected_amount) if r.checked else "", True),
        ("Lines", lambda r: str(len(r.claim.lines)), True),
        ("Patient", lambda r: r.claim.patient.id, False),
        ("Payer", lambda r: r.claim.payer, False),
    ]

    def background(self, row: ClaimRow, column: int) -> QBrush | None:
        return STATUS_BRUSHES.get(row.status)

    def partly_checked(self) -> int:
        return sum(1 for row in self.rows if row.checked and row.checked.not_checked)

    def counts(self) -> dict[str, int]:
        found = {CLEAN: 0, WARNINGS: 0, ERRORS: 0, NOT_SCRUBBED: 0}
        for row in self.rows:
            found[row.status] += 1
        return found


class FindingsModel(RowsModel):
    columns: list[Column] = [
        ("Severity", lambda f: f.severity, False),
        ("Rule", lambda f: f.rule, False),
        ("Line", lambda f: "claim" if f.line is None else str(f.line), True),
        ("Message", lambda f: f.message, False),
        ("Fix", lambda f: f.fix, False),
        ("At stake", lambda f: money(f.money_at_stake), True),
        ("Source", lambda f: f.source, False),
    ]

    def background(self, row: Finding, column: int) -> QBrush | None:
        return SEVERITY_BRUSHES.get(row.severity) if column == 0 else None


class FindingsFilter(QSortFilterProxyModel):
    """Findings of one severity and/or one rule ("" lets every value through)."""

    def __init__(self) -> None:
        super().__init__()
        self.severity = ""
        self.rule = ""

    def set_filter(self, severity: str, rule: str) -> None:
        self.beginFilterChange()
        self.severity, self.rule = severity, rule
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        finding = self.sourceModel().index(source_row, 0, source_parent).data(RAW_ROLE)
        return (not self.severity or finding.severity == self.severity) and \
            (not self.rule or finding.rule == self.rule)


def _pointers(line: ServiceLine) -> str:
    return "".join(DX_LETTERS[p - 1] if 1 <= p <= len(DX_LETTERS) else "?"
                   for p in line.pointers)


def _set_dos(line: ServiceLine, value: str) -> ServiceLine:
    day = parse_date(value)
    if day is None:
        raise BadValue("a service line needs a date of service, e.g. 11/03/2025")
    return replace(line, dos=day)


def _set_code(line: ServiceLine, value: str) -> ServiceLine:
    code = value.strip().upper()
    if not code:
        raise BadValue("a service line needs a CPT or HCPCS code")
    return replace(line, code=code)


LINE_EDITS: dict[str, Callable[[ServiceLine, str], ServiceLine]] = {
    "DOS": _set_dos,
    "Code": _set_code,
    "Modifiers": lambda line, v: replace(line, modifiers=parse_modifiers(v)),
    "Units": lambda line, v: replace(line, units=parse_units(v)),
    "Charge": lambda line, v: replace(line, charge=parse_money(v)),
    "Pointers": lambda line, v: replace(line, pointers=parse_pointers(v)),
}


class LinesModel(RowsModel):
    """The selected claim's service lines. An edit makes a new ServiceLine and emits
    line_edited(new line); a value that cannot be read emits edit_failed(message)."""

    line_edited = Signal(object)
    edit_failed = Signal(str)
    columns: list[Column] = [
        ("Line", lambda x: str(x.number), True),
        ("DOS", lambda x: x.dos.strftime("%m/%d/%Y"), False),
        ("Code", lambda x: x.code, False),
        ("Modifiers", lambda x: " ".join(x.modifiers), False),
        ("Units", lambda x: _number(x.units), True),
        ("Charge", lambda x: _number(x.charge), True),
        ("Pointers", _pointers, False),
        ("POS", lambda x: x.pos, False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[int] = set()      # line numbers with an error or warning

    def set_lines(self, lines: list[ServiceLine], marked: set[int]) -> None:
        self.marked = marked
        self.set_rows(lines)

    def row_of_line(self, number: int) -> int | None:
        for row, line in enumerate(self.rows):
            if line.number == number:
                return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()][0] in LINE_EDITS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        edit = LINE_EDITS.get(self.columns[index.column()][0])
        if edit is None:
            return False
        line = self.rows[index.row()]
        try:
            new = edit(line, "" if value is None else str(value))
        except BadValue as exc:
            self.edit_failed.emit(f"Line {line.number}: {exc}")
            return False
        if new == line:
            return False
        self.rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        self.line_edited.emit(new)
        return True

    def background(self, row: ServiceLine, column: int) -> QBrush | None:
        return SEVERITY_BRUSHES[WARNING] if row.number in self.marked and column == 0 else None

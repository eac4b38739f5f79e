"""Table models of the Remittances tab: remittances, a remittance's claims, a claim's lines with
each adjustment in words, the lines to work, the denial patterns and the unmatched claims.
Each column has a sort key (money sorts as money, dates as dates) under SORT_ROLE."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from core.remit.code_texts import CodeWords
from core.remit.judge import DENIED, PARTIAL, PENDED, REVERSED
from core.remit.patterns import PatternRow
from core.remit.queries import (
    UNDERPAID,
    ClaimRow,
    LineRow,
    RemittanceRow,
    UnmatchedClaim,
    WorkItem,
)

from ..rows_model import Index, RowsModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 2
BRUSHES = {DENIED: QBrush(QColor("#fde2e1")), PARTIAL: QBrush(QColor("#fff1cc")),
           UNDERPAID: QBrush(QColor("#fff1cc")), REVERSED: QBrush(QColor("#e4eefb")),
           PENDED: QBrush(QColor("#eeeeee"))}


def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def day(value: date | None) -> str:
    return "" if value is None else f"{value:%m/%d/%Y}"


def _key(value: Any) -> Any:
    """A sort key Qt can compare: numbers as float, dates as ISO text, None as lowest."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class SortedRows(RowsModel):
    """RowsModel with a sort key per column: `keys[i](row)`; the text when none is given."""

    keys: list[Callable[[Any], Any] | None] = []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SORT_ROLE and index.isValid():
            row = self.rows[index.row()]
            key = self.keys[index.column()] if index.column() < len(self.keys) else None
            return _key(key(row)) if key else self.columns[index.column()][1](row)
        return super().data(index, role)


class RemittancesModel(SortedRows):
    columns = [
        ("Paid on", lambda r: day(r.paid_on), False),
        ("Payer", lambda r: r.payer, False),
        ("Trace", lambda r: r.trace, False),
        ("Method", lambda r: r.method, False),
        ("Payment", lambda r: money(r.payment), True),
        ("Claims", lambda r: str(r.claims), True),
        ("Denied", lambda r: str(r.denied_claims), True),
        ("File", lambda r: r.file + ("" if r.complete else " (cut short)"), False),
    ]
    keys = [lambda r: r.paid_on, None, None, None, lambda r: r.payment, lambda r: r.claims,
            lambda r: r.denied_claims, None]

    def background(self, row: RemittanceRow, column: int) -> QBrush | None:
        return BRUSHES[DENIED] if column == 6 and row.denied_claims else None


class ClaimsModel(SortedRows):
    columns = [
        ("Claim", lambda c: c.claim_id, False),
        ("Patient", lambda c: c.patient, False),
        ("Service date", lambda c: day(c.service_date), False),
        ("Status", lambda c: c.status, False),
        ("Charge", lambda c: money(c.charge), True),
        ("Paid", lambda c: money(c.paid), True),
        ("Patient owes", lambda c: money(c.patient_responsibility), True),
        ("Worklist claim", lambda c: c.matched_claim or f"unmatched: {c.match_method}", False),
    ]
    keys = [None, None, lambda c: c.service_date, None, lambda c: c.charge, lambda c: c.paid,
            lambda c: c.patient_responsibility, None]

    def background(self, row: ClaimRow, column: int) -> QBrush | None:
        if column == 3:
            return BRUSHES.get(row.status)
        return BRUSHES[PENDED] if column == 7 and row.matched_claim is None else None


class LinesModel(SortedRows):
    """A claim's lines; each adjustment and remark said in words (CodeWords)."""

    def __init__(self) -> None:
        super().__init__()
        self.words = CodeWords({})
        self.columns = [
            ("Line", lambda x: str(x.number), True),
            ("Code", lambda x: x.code, False),
            ("Modifiers", lambda x: x.modifiers, False),
            ("Units", lambda x: x.units, True),
            ("Service date", lambda x: day(x.service_date), False),
            ("Charge", lambda x: money(x.charge), True),
            ("Allowed", lambda x: money(x.allowed), True),
            ("Paid", lambda x: money(x.paid), True),
            ("Expected", lambda x: money(x.expected) if x.expected is not None
             else "not checked", True),
            ("Short", lambda x: money(x.underpaid) if x.underpaid else "", True),
            ("Adjustments", self.adjustments, False),
            ("Remarks", self.remarks, False),
        ]
        self.keys = [lambda x: x.number, None, None, None, lambda x: x.service_date,
                     lambda x: x.charge, lambda x: x.allowed, lambda x: x.paid,
                     lambda x: x.expected, lambda x: x.underpaid, None, None]

    def adjustments(self, line: LineRow) -> str:
        return "; ".join(self.words.adjustment(a.group, a.reason, a.amount)
                         for a in line.adjustments)

    def remarks(self, line: LineRow) -> str:
        return "; ".join(self.words.rarc(code) for code in line.remarks.split())

    def style(self, row: LineRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (8, 9):
            return row.expected_basis or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 8 and row.expected is None:
            return QBrush(QColor("#808080"))
        return super().style(row, column, role)

    def background(self, row: LineRow, column: int) -> QBrush | None:
        if row.denied:
            return BRUSHES[DENIED]
        return BRUSHES[UNDERPAID] if row.underpaid and column in (8, 9) else None


class WorkModel(SortedRows):
    """Denied and underpaid lines, most dollars first."""

    def __init__(self) -> None:
        super().__init__()
        self.words = CodeWords({})
        self.columns = [
            ("At stake", lambda i: money(i.dollars), True),
            ("Why", lambda i: i.kind, False),
            ("Payer", lambda i: i.payer, False),
            ("Paid on", lambda i: day(i.paid_on), False),
            ("Claim", lambda i: i.claim_id, False),
            ("Patient", lambda i: i.patient, False),
            ("Service date", lambda i: day(i.service_date), False),
            ("Code", lambda i: "-".join([i.code, *i.modifiers.split()]) if i.code
             else "(whole claim)", False),
            ("Reason", self.reason, False),
        ]
        self.keys = [lambda i: i.dollars, None, None, lambda i: i.paid_on, None, None,
                     lambda i: i.service_date, None, None]

    def reason(self, item: WorkItem) -> str:
        if item.kind == UNDERPAID:
            return f"paid {money(item.paid)}, expected {money(item.expected)}: {item.basis}"
        said = f"CARC {self.words.carc(item.reason)}" if item.reason else "no reason code"
        expected = f", expected {money(item.expected)}" if item.expected is not None else ""
        return f"denied {money(item.denied)}{expected}: {said}"

    def background(self, row: WorkItem, column: int) -> QBrush | None:
        return BRUSHES.get(row.kind) if column == 1 else None


class PatternsModel(SortedRows):
    def __init__(self) -> None:
        super().__init__()
        self.words = CodeWords({})
        self.columns = [
            ("Payer", lambda p: p.payer, False),
            ("Code", lambda p: p.code, False),
            ("Modifiers", lambda p: p.modifiers, False),
            ("Denied", lambda p: str(p.denied), True),
            ("Billed", lambda p: str(p.billed), True),
            ("Rate", lambda p: f"{p.rate}%", True),
            ("Dollars denied", lambda p: money(p.dollars), True),
            ("Reason", lambda p: f"CARC {self.words.carc(p.reason)}" if p.reason else "", False),
        ]
        self.keys = [None, None, None, lambda p: p.denied, lambda p: p.billed,
                     lambda p: p.rate, lambda p: p.dollars, None]

    def background(self, row: PatternRow, column: int) -> QBrush | None:
        return BRUSHES[DENIED] if column == 5 and row.rate >= 30 else None


class UnmatchedModel(SortedRows):
    columns = [
        ("Claim", lambda u: u.claim_id, False),
        ("Patient", lambda u: u.patient, False),
        ("Service date", lambda u: day(u.service_date), False),
        ("Payer", lambda u: u.payer, False),
        ("Paid on", lambda u: day(u.paid_on), False),
        ("Status", lambda u: u.status, False),
        ("Charge", lambda u: money(u.charge), True),
        ("Paid", lambda u: money(u.paid), True),
        ("Why not matched", lambda u: u.why, False),
    ]
    keys = [None, None, lambda u: u.service_date, None, lambda u: u.paid_on, None,
            lambda u: u.charge, lambda u: u.paid, None]

    def background(self, row: UnmatchedClaim, column: int) -> QBrush | None:
        return BRUSHES.get(row.status) if column == 5 else None

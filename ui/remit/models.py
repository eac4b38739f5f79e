"""Table models of the Remittances tab: remittances, a remittance's claims, a claim's lines with
each adjustment in words, the lines to work, the denial patterns and the unmatched claims.
Money sorts as money, counts as numbers and dates as dates (SORT_ROLE)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

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
from core.words import money

from ..palette import AMBER, BLUE, GREY, MUTED_TEXT, RED, brush
from ..rows_model import Column, RowsModel

BRUSHES = {
    DENIED: brush(RED),
    PARTIAL: brush(AMBER),
    UNDERPAID: brush(AMBER),
    REVERSED: brush(BLUE),
    PENDED: brush(GREY),
}
Getter = Callable[[Any], Any]
MUTED = brush(MUTED_TEXT)


def day(value: date | None) -> str:
    return "" if value is None else f"{value:%m/%d/%Y}"


def amount(value: Decimal | None) -> float:
    """Money to sort by: none below every amount (reversals are negative)."""
    return float("-inf") if value is None else float(value)


def iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def number(text: str) -> float:
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError):
        return 0.0


def _money(header: str, value: Getter) -> Column:
    return Column(header, lambda row: money(value(row)), True, lambda row: amount(value(row)))


def _day(header: str, value: Getter) -> Column:
    return Column(header, lambda row: day(value(row)), sort=lambda row: iso(value(row)))


def _count(header: str, value: Getter) -> Column:
    return Column(header, lambda row: str(value(row)), True, value)


# Columns more than one table shows, defined once.
PAID_ON = _day("Paid on", lambda r: r.paid_on)
PAYER = Column("Payer", lambda r: r.payer)
CLAIM = Column("Claim", lambda r: r.claim_id)
PATIENT = Column("Patient", lambda r: r.patient)
SERVICE_DATE = _day("Service date", lambda r: r.service_date)
STATUS = Column("Status", lambda r: r.status)
CHARGE = _money("Charge", lambda r: r.charge)
PAID = _money("Paid", lambda r: r.paid)
CODE = Column("Code", lambda r: r.code)
MODIFIERS = Column("Modifiers", lambda r: r.modifiers)


class RemittancesModel(RowsModel):
    columns = [
        PAID_ON,
        PAYER,
        Column("Trace", lambda r: r.trace),
        Column("Method", lambda r: r.method),
        _money("Payment", lambda r: r.payment),
        _count("Claims", lambda r: r.claims),
        _count("Denied", lambda r: r.denied_claims),
        Column("File", lambda r: r.file + ("" if r.complete else " (cut short)")),
    ]

    def background(self, row: RemittanceRow, column: int) -> QBrush | None:
        return BRUSHES[DENIED] if column == 6 and row.denied_claims else None


class ClaimsModel(RowsModel):
    columns = [
        CLAIM,
        PATIENT,
        SERVICE_DATE,
        STATUS,
        CHARGE,
        PAID,
        _money("Patient owes", lambda c: c.patient_responsibility),
        Column("Worklist claim", lambda c: c.matched_claim or f"unmatched: {c.match_method}"),
    ]

    def background(self, row: ClaimRow, column: int) -> QBrush | None:
        if column == 3:
            return BRUSHES.get(row.status)
        return BRUSHES[PENDED] if column == 7 and row.matched_claim is None else None


class WordsModel(RowsModel):
    """A model whose cells say reason and remark codes in words (X12's texts once imported)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.words = CodeWords({})


class LinesModel(WordsModel):
    """A claim's lines; each adjustment and remark said in words."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            _count("Line", lambda x: x.number),
            CODE,
            MODIFIERS,
            Column("Units", lambda x: x.units, True, lambda x: number(x.units)),
            SERVICE_DATE,
            CHARGE,
            _money("Allowed", lambda x: x.allowed),
            PAID,
            Column(
                "Expected",
                lambda x: money(x.expected) if x.expected is not None else "not checked",
                True,
                lambda x: amount(x.expected),
            ),
            Column(
                "Short",
                lambda x: money(x.underpaid) if x.underpaid else "",
                True,
                lambda x: float(x.underpaid),
            ),
            Column("Adjustments", self.adjustments),
            Column("Remarks", self.remarks),
        ]

    def adjustments(self, line: LineRow) -> str:
        return "; ".join(
            self.words.adjustment(a.group, a.reason, a.amount) for a in line.adjustments
        )

    def remarks(self, line: LineRow) -> str:
        return "; ".join(self.words.rarc(code) for code in line.remarks.split())

    def style(self, row: LineRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (8, 9):
            return row.expected_basis or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 8 and row.expected is None:
            return MUTED
        return super().style(row, column, role)

    def background(self, row: LineRow, column: int) -> QBrush | None:
        if row.denied:
            return BRUSHES[DENIED]
        return BRUSHES[UNDERPAID] if row.underpaid and column in (8, 9) else None


class WorkModel(WordsModel):
    """Denied and underpaid lines, most dollars first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            _money("At stake", lambda i: i.dollars),
            Column("Why", lambda i: i.kind),
            PAYER,
            PAID_ON,
            CLAIM,
            PATIENT,
            SERVICE_DATE,
            Column(
                "Code",
                lambda i: "-".join([i.code, *i.modifiers.split()]) if i.code else "(whole claim)",
            ),
            Column("Reason", self.reason),
        ]

    def reason(self, item: WorkItem) -> str:
        if item.kind == UNDERPAID:
            return f"paid {money(item.paid)}, expected {money(item.expected)}: {item.basis}"
        said = f"CARC {self.words.carc(item.reason)}" if item.reason else "no reason code"
        expected = f", expected {money(item.expected)}" if item.expected is not None else ""
        return f"denied {money(item.denied)}{expected}: {said}"

    def background(self, row: WorkItem, column: int) -> QBrush | None:
        return BRUSHES.get(row.kind) if column == 1 else None


class PatternsModel(WordsModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            PAYER,
            CODE,
            MODIFIERS,
            _count("Denied", lambda p: p.denied),
            _count("Billed", lambda p: p.billed),
            Column("Rate", lambda p: f"{p.rate}%", True, lambda p: float(p.rate)),
            _money("Dollars denied", lambda p: p.dollars),
            Column("Reason", lambda p: f"CARC {self.words.carc(p.reason)}" if p.reason else ""),
        ]

    def background(self, row: PatternRow, column: int) -> QBrush | None:
        return BRUSHES[DENIED] if column == 5 and row.rate >= 30 else None


class UnmatchedModel(RowsModel):
    columns = [
        CLAIM,
        PATIENT,
        SERVICE_DATE,
        PAYER,
        PAID_ON,
        STATUS,
        CHARGE,
        PAID,
        Column("Why not matched", lambda u: u.why),
    ]

    def background(self, row: UnmatchedClaim, column: int) -> QBrush | None:
        return BRUSHES.get(row.status) if column == 5 else None

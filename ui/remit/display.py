"""What the Remittances tab shows: a period's snapshot in every view, the summary and its charts,
and, as the user selects them, a remittance's claims and a claim's lines with its adjustments
and remarks in words. Those two small reads run on the GUI thread through the app context's
workspace connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QTableView

from core.remit.queries import ClaimRow, RemittanceRow, claim_adjustments, claims, lines
from core.words import money, plural

from ..context import AppContext
from ..rows_model import SortProxy
from ..widgets import fit_columns
from .jobs import Snapshot
from .view import ALL_PAYERS, PATTERNS, REMITTANCES, TO_WORK, UNMATCHED, RemitView

T = TypeVar("T")
TOP_BARS = 8


def proxy(view: QTableView) -> SortProxy:
    model = view.model()
    assert isinstance(model, SortProxy)
    return model


class RemitDisplay:
    def __init__(self, view: RemitView, context: AppContext, failed: Callable[[str], None]) -> None:
        self.view = view
        self.context = context
        self.failed = failed  # says what could not be read
        self.snapshot: Snapshot | None = None
        v = view
        v.remittances_view.selectionModel().currentRowChanged.connect(
            lambda current, _: self.show_claims(
                proxy(v.remittances_view).row_at(current.row()) if current.isValid() else None
            )
        )
        v.claims_view.selectionModel().currentRowChanged.connect(
            lambda current, _: self.show_lines(
                proxy(v.claims_view).row_at(current.row()) if current.isValid() else None
            )
        )

    def fill(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        v = self.view
        chosen = v.payer.currentText()
        v.payer.clear()
        v.payer.addItems([ALL_PAYERS, *snapshot.payers])
        v.payer.setCurrentText(chosen if chosen in snapshot.payers else ALL_PAYERS)
        for model in (v.lines_model, v.work_model, v.patterns_model):
            model.words = snapshot.words
        v.remittances_model.set_rows(snapshot.remittances)
        self.show_claims(None)
        v.work_model.set_rows(snapshot.work)
        v.patterns_model.set_rows(snapshot.patterns)
        v.unmatched_model.set_rows(snapshot.unmatched)
        more = f" of {snapshot.work_total}" if snapshot.work_total > len(snapshot.work) else ""
        v.views.setTabText(TO_WORK, f"To work ({len(snapshot.work)}{more})")
        v.views.setTabText(PATTERNS, f"Patterns ({len(snapshot.patterns)})")
        v.views.setTabText(UNMATCHED, f"Unmatched ({len(snapshot.unmatched)})")
        self._summary(snapshot)
        for table in (v.remittances_view, v.work_view, v.patterns_view, v.unmatched_view):
            fit_columns(table)
        if snapshot.remittances:
            v.remittances_view.selectRow(0)

    def _summary(self, snapshot: Snapshot) -> None:
        s, words = snapshot.summary, snapshot.words
        self.view.figures.setText(
            f"<b>{snapshot.period.describe()}</b>: {plural(s.remittances, 'remittance')}, "
            f"{plural(s.claims, 'claim')}, {plural(s.lines, 'line')}, {money(s.paid)} paid.<br>"
            f"Denied: {plural(s.denied_lines, 'line')}, {money(s.denied_dollars)} "
            f"({s.denial_rate}% of lines). Underpaid: {plural(s.underpaid_lines, 'line')}, "
            f"{money(s.underpaid_dollars)}. Not matched to the worklist: "
            f"{plural(s.unmatched_claims, 'claim')}."
            + (
                ""
                if words.has_texts
                else "<br><i>Import X12's code lists to read each reason code's text.</i>"
            )
        )
        self.view.reasons_chart.set_bars(
            [
                (f"CARC {words.carc(r.reason)}" if r.reason else "no reason", r.dollars)
                for r in s.reasons[:TOP_BARS]
            ]
        )
        self.view.payers_chart.set_bars([(p.payer, p.rate) for p in s.payers[:TOP_BARS]])

    def show_claims(self, remittance: RemittanceRow | None) -> None:
        v = self.view
        found = self._read(lambda conn: claims(conn, remittance.id)) if remittance else None
        v.claims_model.set_rows(found or [])
        self.show_lines(None)
        fit_columns(v.claims_view)
        if found:
            v.claims_view.selectRow(0)

    def show_lines(self, claim: ClaimRow | None) -> None:
        v = self.view
        if claim is None:
            v.lines_model.set_rows([])
            v.claim_note.setText("")
            return
        v.lines_model.set_rows(self._read(lambda conn: lines(conn, claim.id)) or [])
        adjustments = self._read(lambda conn: claim_adjustments(conn, claim.id)) or []
        words = v.lines_model.words
        said = [
            f"Claim {claim.claim_id} ({claim.status}); matched to "
            f"{claim.matched_claim or 'no worklist claim'} ({claim.match_method}); file "
            f"segment {claim.segment}"
        ]
        if adjustments:
            said.append(
                "claim adjustments: "
                + "; ".join(words.adjustment(a.group, a.reason, a.amount) for a in adjustments)
            )
        if claim.remarks:
            said.append("remarks: " + "; ".join(words.rarc(c) for c in claim.remarks.split()))
        v.claim_note.setText(". ".join(said))
        fit_columns(v.lines_view)

    def select_claim(self, remittance_id: int, claim_ref: int) -> bool:
        """Show a claim in the Remittances view (from the to-work list)."""
        v = self.view
        if not _select(v.remittances_view, lambda r: r.id == remittance_id):
            return False
        v.views.setCurrentIndex(REMITTANCES)
        return _select(v.claims_view, lambda c: c.id == claim_ref)

    def _read(self, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """One small read of the workspace on the GUI thread; a failure is said."""
        try:
            return action(self.context.workspace())
        except (OSError, sqlite3.Error) as exc:
            self.failed(f"Your workspace could not be read: {exc}")
            return None


def _select(view: QTableView, wanted: Callable[[Any], bool]) -> bool:
    rows = proxy(view)
    for row in range(rows.rowCount()):
        if wanted(rows.row_at(row)):
            view.selectRow(row)
            view.scrollTo(rows.index(row, 0))
            return True
    return False

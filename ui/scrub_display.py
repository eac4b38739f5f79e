"""What the scrub tab shows: the claims with their counts, the selected claim's findings
(filtered by severity and rule, the clicked one in full) and its lines. No scrubbing, files or
workspace here (see scrub_tab)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QTableView

from core.claims.finding import CLEAN, ERRORS, WARNINGS, Finding
from core.claims.model import ServiceLine

from .scrub_models import NOT_SCRUBBED, RAW_ROLE, ClaimRow, money
from .scrub_view import ALL, ScrubView

ERROR_STYLE = "color: #a61b1b; font-weight: bold;"
INFO_STYLE = "color: #1d5e20;"
COLUMN_CAP = 360        # px: longer findings are read in the detail box or the tooltip


class ScrubDisplay(ScrubView):
    def rows(self) -> list[ClaimRow]:
        return self.claims_model.rows

    def select_claim(self, claim_id: str) -> bool:
        for row, claim_row in enumerate(self.rows()):
            if claim_row.claim.claim_id == claim_id:
                index = self.claims_proxy.mapFromSource(self.claims_model.index(row, 0))
                self.claims_view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return True
        return False

    def current_row(self) -> ClaimRow | None:
        index = self.claims_view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.claims_model.rows[self.claims_proxy.mapToSource(index).row()]

    def visible_findings(self) -> list[Finding]:
        proxy = self.findings_proxy
        return [proxy.index(row, 0).data(RAW_ROLE) for row in range(proxy.rowCount())]

    def show_finding_line(self, finding: Finding) -> bool:
        """Show the finding in full and select its service line in the lines table."""
        self._show_finding(finding)
        row = None if finding.line is None else self.lines_model.row_of_line(finding.line)
        if row is None:
            self.lines_view.clearSelection()
            return False
        self.lines_view.selectRow(row)
        self.lines_view.scrollTo(self.lines_model.index(row, 0))
        return True

    def selected_line(self) -> ServiceLine | None:
        rows = self.lines_view.selectionModel().selectedRows()
        return self.lines_model.rows[rows[0].row()] if rows else None

    # -- showing ----------------------------------------------------------------------------

    def _set_claims(self, rows: list[ClaimRow]) -> None:
        self.claims_model.set_rows(rows)
        _fit_columns(self.claims_view)
        self.scrub_button.setEnabled(bool(rows))
        self._refresh_counts()
        self._refresh_rules()
        if rows:
            self.select_claim(rows[0].claim.claim_id)
        else:
            self._show_claim(None)

    def _refresh(self, keep_line: int | None = None) -> None:
        current = self.current_row()
        top, bottom = self.claims_model.index(0, 0), self.claims_model.index(
            max(0, len(self.rows()) - 1), self.claims_model.columnCount() - 1)
        self.claims_model.dataChanged.emit(top, bottom)
        self._refresh_counts()
        self._refresh_rules()
        self._show_claim(current)
        if keep_line is not None and (row := self.lines_model.row_of_line(keep_line)) is not None:
            self.lines_view.selectRow(row)

    def _refresh_counts(self) -> None:
        counts = self.claims_model.counts()
        total = len(self.rows())
        if not total:
            self.counts.setText("Open or drop a worklist (.xlsx, .csv or 837P) to scrub it.")
            return
        parts = [f"<b>{total}</b> claims:",
                 f"<span style='background:#e3f4e1'>&nbsp;{counts[CLEAN]} clean&nbsp;</span>",
                 f"<span style='background:#fff1cc'>&nbsp;{counts[WARNINGS]} warnings&nbsp;"
                 "</span>",
                 f"<span style='background:#fde2e1'>&nbsp;{counts[ERRORS]} errors&nbsp;</span>"]
        if counts[NOT_SCRUBBED]:
            parts.append(f"&nbsp;{counts[NOT_SCRUBBED]} not scrubbed")
        partial = self.claims_model.partly_checked()
        if partial:
            parts.append(f"&nbsp;({partial} with checks that could not run: no NCCI/MUE data)")
        self.counts.setText(" ".join(parts))

    def _refresh_rules(self) -> None:
        chosen = self.rule.currentData()
        rules = sorted({f.rule for row in self.rows() if row.checked
                        for f in row.checked.findings})
        self.rule.blockSignals(True)
        self.rule.clear()
        self.rule.addItem("All rules", ALL)
        for rule in rules:
            self.rule.addItem(rule, rule)
        self.rule.setCurrentIndex(max(0, self.rule.findData(chosen)))
        self.rule.blockSignals(False)
        self._filter_findings()

    def _claim_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_claim(self.claims_model.rows[self.claims_proxy.mapToSource(current).row()]
                         if current.isValid() else None)

    def _show_claim(self, row: ClaimRow | None) -> None:
        findings = row.checked.findings if row and row.checked else []
        self.findings_model.set_rows(findings)
        marked = {f.line for f in findings if f.line is not None and f.severity != "info"}
        self.lines_model.set_lines(list(row.claim.lines) if row else [], marked)
        self.claim_fields_model.set_claim(row.claim if row else None)
        self.claim_fields_view.resizeColumnToContents(0)
        _fit_columns(self.findings_view)
        _fit_columns(self.lines_view)
        self._show_finding(None)
        if row is None:
            self.claim_title.setText("Select a claim to see its findings")
            return
        claim = row.claim
        amount = row.checked.expected_amount if row.checked else None
        dx = " ".join(f"{d.letter}:{d.code}" for d in claim.diagnoses)
        self.claim_title.setText(
            f"<b>{claim.claim_id}</b> &nbsp;{row.status} &nbsp;patient {claim.patient.id}"
            f" &nbsp;POS {claim.pos} &nbsp;dx {dx}"
            + (f" &nbsp;expected ${amount:,.2f}" if amount is not None else ""))
        self.claim_title.setToolTip(claim.source.describe())

    def _show_finding(self, finding: Finding | None) -> None:
        if not isinstance(finding, Finding):
            self.finding_detail.setText("Click a finding to read it in full and select its "
                                        "line.")
            return
        where = "the whole claim" if finding.line is None else f"line {finding.line}"
        stake = (f" &nbsp;<b>At stake:</b> {money(finding.money_at_stake)}"
                 if finding.money_at_stake is not None else "")
        self.finding_detail.setText(
            f"<b>{escape(finding.rule)}</b> ({finding.severity}, {where}): "
            f"{escape(finding.message)}<br><b>Fix:</b> {escape(finding.fix)}{stake}"
            f"<br><span style='color:#555555'>Source: {escape(finding.source)}</span>")

    def _filter_findings(self) -> None:
        self.findings_proxy.set_filter(self.severity.currentData() or ALL,
                                       self.rule.currentData() or ALL)

    def _finding_clicked(self, index: QModelIndex) -> None:
        finding = index.data(RAW_ROLE)
        if isinstance(finding, Finding):
            self.show_finding_line(finding)

    def _message(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents, none wider than COLUMN_CAP."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > COLUMN_CAP:
            header.resizeSection(column, COLUMN_CAP)

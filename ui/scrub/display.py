"""What the scrub tab shows of the worklist: the claims with their counts, the notices several
claims share (said once, not per claim), the selected claim's findings (filtered by severity and
rule, the clicked one in full) and its lines and fields. No jobs, files or edits here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from core.claims.finding import CLEAN, ERRORS, INFO, WARNINGS, Finding
from core.claims.model import ServiceLine
from core.words import money, plural

from ..palette import AMBER, GREEN, HINT_TEXT, RED, badge
from ..rows_model import RAW_ROLE
from ..widgets import fit_columns
from .models import DRAFT, NOT_SCRUBBED, ClaimRow
from .view import ALL, FIX_WIDTH, MESSAGE_WIDTH, ScrubView


class ScrubDisplay:
    def __init__(self, view: ScrubView, rows: Callable[[], list[ClaimRow]]) -> None:
        self.view = view
        self.rows = rows
        view.severity.currentIndexChanged.connect(self._filter_findings)
        view.rule.currentIndexChanged.connect(self._filter_findings)
        view.claims_view.selectionModel().currentRowChanged.connect(self._claim_changed)
        view.findings_view.clicked.connect(self._finding_clicked)
        view.findings_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_finding(current.data(RAW_ROLE))
        )

    def select_claim(self, claim_id: str) -> bool:
        row = self.view.claims_proxy.row_index(claim_id)
        if row is None:
            return False
        self.view.claims_view.selectionModel().setCurrentIndex(
            self.view.claims_proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def current_row(self) -> ClaimRow | None:
        index = self.view.claims_view.selectionModel().currentIndex()
        return self.view.claims_proxy.row_at(index.row()) if index.isValid() else None

    def visible_findings(self) -> list[Finding]:
        return self.view.findings_proxy.visible_rows()

    def selected_line(self) -> ServiceLine | None:
        rows = self.view.lines_view.selectionModel().selectedRows()
        return self.view.lines_model.rows[rows[0].row()] if rows else None

    def show_finding_line(self, finding: Finding) -> bool:
        """Show the finding in full and select its service line in the lines table."""
        self._show_finding(finding)
        model, lines = self.view.lines_model, self.view.lines_view
        row = None if finding.line is None else model.row_of_line(finding.line)
        if row is None:
            lines.clearSelection()
            return False
        lines.selectRow(row)
        lines.scrollTo(model.index(row, 0))
        return True

    def show_rows(self) -> None:
        """The claims changed (opened, added, removed): show them, keeping the selection."""
        current = self.current_row()
        self.view.claims_model.set_rows(self.rows())
        fit_columns(self.view.claims_view)
        self.refresh()
        if current is not None and current in self.rows():
            self.select_claim(current.claim.claim_id)
        elif self.rows():
            self.select_claim(self.rows()[0].claim.claim_id)

    def refresh(self, keep_line: int | None = None) -> None:
        """The claims' contents or results changed: show them again."""
        view = self.view
        notices = shared_notices(self.rows())
        said = {f.rule for f, count in notices if count == len(self.rows())}
        for claim_row in self.rows():
            claim_row.said_above = said
        view.claims_model.refresh()
        fit_columns(view.claims_view)
        view.counts.setText(counts_html(self.rows()))
        view.findings_proxy.set_shared({(f.rule, f.message) for f, _ in notices})
        view.notices.setText(notices_html(notices))
        view.notices.setVisible(bool(notices))
        self._refresh_rules()
        self._show_claim(self.current_row())
        if keep_line is not None and (row := view.lines_model.row_of_line(keep_line)) is not None:
            view.lines_view.selectRow(row)

    def _refresh_rules(self) -> None:
        rule = self.view.rule
        chosen = rule.currentData()
        rules = sorted({f.rule for row in self.rows() if row.checked for f in row.checked.findings})
        rule.blockSignals(True)
        rule.clear()
        rule.addItem("All rules", ALL)
        for name in rules:
            rule.addItem(name, name)
        rule.setCurrentIndex(max(0, rule.findData(chosen)))
        rule.blockSignals(False)
        self._filter_findings()

    def _claim_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_claim(
            self.view.claims_proxy.row_at(current.row()) if current.isValid() else None
        )

    def _show_claim(self, row: ClaimRow | None) -> None:
        view = self.view
        findings = row.checked.findings if row and row.checked and not row.draft else []
        view.findings_model.set_rows(findings)
        marked = {f.line for f in findings if f.line is not None and f.severity != "info"}
        view.lines_model.set_lines(list(row.claim.lines) if row else [], marked)
        view.claim_fields_model.set_claim(row.claim if row else None)
        view.claim_fields_view.resizeColumnToContents(0)
        fit_columns(view.findings_view)
        view.findings_view.setColumnWidth(view.findings_model.MESSAGE, MESSAGE_WIDTH)
        view.findings_view.setColumnWidth(view.findings_model.FIX, FIX_WIDTH)
        fit_columns(view.lines_view)
        self._show_finding(None)
        view.claim_title.setText(claim_title_html(row))
        view.claim_title.setToolTip(row.claim.source.describe() if row else "")

    def _show_finding(self, finding: object) -> None:
        self.view.finding_detail.setText(
            finding_html(finding if isinstance(finding, Finding) else None)
        )

    def _filter_findings(self) -> None:
        self.view.findings_proxy.set_filter(
            self.view.severity.currentData() or ALL, self.view.rule.currentData() or ALL
        )

    def _finding_clicked(self, index: QModelIndex) -> None:
        finding = index.data(RAW_ROLE)
        if isinstance(finding, Finding):
            self.show_finding_line(finding)


def counts_html(rows: list[ClaimRow]) -> str:
    if not rows:
        return "Open or drop a worklist (.xlsx, .csv or 837P) to scrub it."
    counts = Counter(row.status for row in rows)
    parts = [
        f"<b>{plural(len(rows), 'claim')}</b>:",
        badge(f"{counts[CLEAN]} clean", GREEN),
        badge(f"{counts[WARNINGS]} with warnings", AMBER),
        badge(f"{counts[ERRORS]} with errors", RED),
    ]
    if counts[NOT_SCRUBBED]:
        parts.append(f"&nbsp;{counts[NOT_SCRUBBED]} not scrubbed")
    if counts[DRAFT]:
        parts.append(f"&nbsp;{plural(counts[DRAFT], 'draft')} to fill in")
    return " ".join(parts)


def shared_notices(rows: list[ClaimRow]) -> list[tuple[Finding, int]]:
    """Claim-level info findings that several claims share word for word (e.g. 'not checked:
    no NCCI PTP data for 2025 Q4'), with how many claims have each."""
    seen: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Finding] = {}
    for row in rows:
        if row.checked is None or row.draft:
            continue
        for finding in row.checked.findings:
            if finding.severity == INFO and finding.line is None:
                key = (finding.rule, finding.message)
                seen[key] += 1
                first.setdefault(key, finding)
    return [(first[key], count) for key, count in seen.items() if count > 1]


def notices_html(notices: list[tuple[Finding, int]]) -> str:
    """The shared notices; a claim whose status ends in '*' has them (see ClaimRow)."""
    return "* " + "<br>* ".join(
        f"<b>{escape(f.rule)}</b> ({plural(count, 'claim')}): {escape(f.message)}. "
        f"<b>Fix:</b> {escape(f.fix)}"
        for f, count in notices
    )


def claim_title_html(row: ClaimRow | None) -> str:
    if row is None:
        return "Select a claim to see its findings"
    claim = row.claim
    dx = " ".join(f"{d.letter}:{d.code}" for d in claim.diagnoses)
    title = f"<b>{escape(claim.claim_id)}</b> &nbsp;{row.status}"
    if row.expected is not None and not row.draft:  # before the rest: a narrow pane wraps it
        title += f" &nbsp;expected <b>{money(row.expected)}</b>"
    title += f" &nbsp;patient {escape(claim.patient.id)} &nbsp;POS {claim.pos} &nbsp;dx {dx}"
    if row.draft:
        title += " &nbsp;<i>a draft: fill in its line and the Claim fields</i>"
    return title


def finding_html(finding: Finding | None) -> str:
    if finding is None:
        return "Click a finding to read it in full and select its line."
    where = "the whole claim" if finding.line is None else f"line {finding.line}"
    stake = (
        f" &nbsp;<b>At stake:</b> {money(finding.money_at_stake)}"
        if finding.money_at_stake is not None
        else ""
    )
    return (
        f"<b>{escape(finding.rule)}</b> ({finding.severity}, {where}): "
        f"{escape(finding.message)}<br><b>Fix:</b> {escape(finding.fix)}{stake}"
        f"<br><span style='color:{HINT_TEXT}'>Source: {escape(finding.source)}</span>"
    )

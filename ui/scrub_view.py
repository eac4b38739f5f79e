"""The scrub tab's widgets and layout (no behaviour): the toolbar with progress and cancel, the
load problems, the claims table, and beside it the selected claim's findings and lines."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.claims.finding import SEVERITIES

from .scrub_claim_fields import ClaimFieldsModel
from .scrub_models import ClaimsModel, FindingsFilter, FindingsModel, LinesModel

ALL = ""


def _table(model, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.setAlternatingRowColors(False)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)     # size columns from the first rows only
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class ScrubView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_button = QPushButton("Open worklist...")
        self.open_button.setToolTip("Open .xlsx, .csv or X12 837P files (or drop them here)")
        self.scrub_button = QPushButton("Scrub all")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.export_button = QPushButton("Export to Excel...")
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        bar = QHBoxLayout()
        for widget in (self.open_button, self.scrub_button, self.cancel_button, self.progress):
            bar.addWidget(widget)
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.export_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(90)
        self.problems.setVisible(False)
        self.problems.setToolTip("What could not be read from the worklist files")

        self.claims_model = ClaimsModel()
        self.claims_proxy = QSortFilterProxyModel()
        self.claims_proxy.setSourceModel(self.claims_model)
        self.claims_view = _table(self.claims_proxy)
        self.claims_view.setSortingEnabled(True)
        self.claims_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # worklist order

        self.severity = QComboBox()
        self.severity.addItem("All severities", ALL)
        for severity in SEVERITIES:
            self.severity.addItem(severity, severity)
        self.rule = QComboBox()
        self.rule.addItem("All rules", ALL)
        self.rule.setMinimumContentsLength(16)
        self.claim_title = QLabel("Select a claim to see its findings")
        self.claim_title.setTextFormat(Qt.TextFormat.RichText)
        filters = QHBoxLayout()
        filters.addWidget(self.claim_title, 1)
        filters.addWidget(QLabel("Show"))
        filters.addWidget(self.severity)
        filters.addWidget(self.rule)

        self.findings_model = FindingsModel()
        self.findings_proxy = FindingsFilter()
        self.findings_proxy.setSourceModel(self.findings_model)
        self.findings_view = _table(self.findings_proxy)
        self.findings_view.setWordWrap(False)
        self.lines_model = LinesModel()
        self.lines_view = _table(self.lines_model)
        self.lines_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.AnyKeyPressed)
        lines_title = QLabel("Double-click a cell to edit it; the claim is scrubbed again "
                             "at once")
        lines_title.setWordWrap(True)

        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addLayout(filters)
        findings_layout.addWidget(self.findings_view, 1)
        self.finding_detail = QLabel("Click a finding to read it in full and select its line.")
        self.finding_detail.setWordWrap(True)
        self.finding_detail.setTextFormat(Qt.TextFormat.RichText)
        self.finding_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.finding_detail.setMinimumHeight(64)
        self.finding_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.finding_detail.setStyleSheet("background: #fafafa; border: 1px solid #dddddd; "
                                          "padding: 4px;")
        findings_layout.addWidget(self.finding_detail)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        self.add_line_button = QPushButton("Add line")
        self.add_line_button.setToolTip("Add a service line to the claim (a copy of the "
                                        "selected or last line, to edit)")
        self.remove_line_button = QPushButton("Remove line")
        self.remove_line_button.setToolTip("Remove the selected service line from the claim")
        lines_bar = QHBoxLayout()
        lines_bar.addWidget(lines_title, 1)
        lines_bar.addWidget(self.add_line_button)
        lines_bar.addWidget(self.remove_line_button)
        lines_layout.addLayout(lines_bar)
        lines_layout.addWidget(self.lines_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(findings_box)
        self.claim_fields_model = ClaimFieldsModel()
        self.claim_fields_view = _table(self.claim_fields_model, stretch=1)
        self.claim_fields_view.setEditTriggers(self.lines_view.editTriggers())
        self.details = QTabWidget()
        self.details.addTab(lines_box, "Service lines")
        self.details.addTab(self.claim_fields_view, "Claim")
        right.addWidget(self.details)
        right.setSizes([400, 200])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.new_claim_button = QPushButton("New claim")
        self.new_claim_button.setToolTip("Add a claim by hand (providers and payer copied from "
                                         "the selected claim), then fill in its lines and fields")
        self.remove_claim_button = QPushButton("Remove claim")
        claims_bar = QHBoxLayout()
        claims_bar.addWidget(self.new_claim_button)
        claims_bar.addWidget(self.remove_claim_button)
        claims_bar.addStretch(1)
        claims_box = QWidget()
        claims_layout = QVBoxLayout(claims_box)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(self.claims_view)
        claims_layout.addLayout(claims_bar)
        self.splitter.addWidget(claims_box)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 800])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(self.splitter, 1)

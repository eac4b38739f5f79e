"""The scrub tab's widgets and layout, no behaviour (ScrubTab owns one): the toolbar with progress
and cancel, the load problems and worklist notices, the claims table, and beside it the selected
claim's findings and its lines and fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.claims.finding import SEVERITIES

from ..jobs import InlineProgress
from ..widgets import WARNING_STYLE, MessageLine, make_table
from .claim_fields import ClaimFieldsModel
from .models import ClaimsModel, ClaimsProxy, FindingsFilter, FindingsModel, LinesModel

ALL = ""
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)
MESSAGE_WIDTH, FIX_WIDTH = 300, 240  # px: the findings' wrapped text columns


def _box(*items: QWidget | QHBoxLayout, stretch: int) -> QWidget:
    """Items one above the other; item number `stretch` takes the height left."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for number, item in enumerate(items):
        if isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, 1 if number == stretch else 0)
    return box


def _bar(*widgets: QWidget, stretch_at: int | None = None) -> QHBoxLayout:
    bar = QHBoxLayout()
    for number, widget in enumerate(widgets):
        bar.addWidget(widget, 1 if number == stretch_at else 0)
    if stretch_at is None:
        bar.addStretch(1)
    return bar


class ScrubView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._toolbar()
        self._claims()
        self._findings()
        self._details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(
            _box(self.claims_view, _bar(self.new_claim_button, self.remove_claim_button), stretch=0)
        )
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(
            _bar(
                self.open_button,
                self.save_button,
                self.save_as_button,
                self.scrub_button,
                self.progress,
                self.counts,
                self.export_button,
                stretch_at=5,
            )
        )
        for widget in (self.message, self.notices, self.problems):
            layout.addWidget(widget)
        layout.addWidget(self.splitter, 1)

    def _toolbar(self) -> None:
        self.open_button = QPushButton("Open worklist...")
        self.open_button.setToolTip("Open .xlsx, .csv or X12 837P files (or drop them here)")
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the worklist to its file (Ctrl+S)")
        self.save_as_button = QPushButton("Save as...")
        self.save_as_button.setToolTip("Save the worklist as an .xlsx or .csv worklist file")
        self.scrub_button = QPushButton("Scrub all")
        self.progress = InlineProgress()
        self.export_button = QPushButton("Export to Excel...")
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)
        self.message = MessageLine()
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.RichText)
        self.notices.setStyleSheet(WARNING_STYLE)
        self.notices.setVisible(False)
        self.notices.setToolTip(
            "Notices that hold for several claims, said once here instead "
            "of in each claim's findings"
        )
        self.problems = QListWidget()
        self.problems.setMaximumHeight(90)
        self.problems.setVisible(False)
        self.problems.setToolTip("What could not be read from the worklist files")

    def _claims(self) -> None:
        self.claims_model = ClaimsModel()
        self.claims_proxy = ClaimsProxy(self.claims_model)
        self.claims_view = make_table(self.claims_proxy, sortable=True)
        self.new_claim_button = QPushButton("New claim")
        self.new_claim_button.setToolTip(
            "Add a claim by hand (providers and payer copied from "
            "the selected claim), then fill in its lines and fields"
        )
        self.remove_claim_button = QPushButton("Remove claim")
        self.remove_claim_button.setToolTip("Remove the selected claim (Ctrl+Z puts it back)")

    def _findings(self) -> None:
        self.severity = QComboBox()
        self.severity.addItem("All severities", ALL)
        for severity in SEVERITIES:
            self.severity.addItem(severity, severity)
        self.rule = QComboBox()
        self.rule.addItem("All rules", ALL)
        self.rule.setMinimumContentsLength(16)
        self.claim_title = QLabel("Select a claim to see its findings")
        self.claim_title.setTextFormat(Qt.TextFormat.RichText)
        self.claim_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.claim_title.setWordWrap(True)  # never cut short: "$251.04" once showed as "$251.0"
        self.findings_model = FindingsModel()
        self.findings_proxy = FindingsFilter(self.findings_model)
        self.findings_view = make_table(self.findings_proxy, sortable=True, wrap=True)
        self.findings_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.finding_detail = QLabel("Click a finding to read it in full and select its line.")
        self.finding_detail.setWordWrap(True)
        self.finding_detail.setTextFormat(Qt.TextFormat.RichText)
        self.finding_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.finding_detail.setMinimumHeight(64)
        self.finding_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.finding_detail.setStyleSheet(
            "background: #fafafa; border: 1px solid #dddddd; padding: 4px;"
        )

    def _details(self) -> None:
        self.lines_model = LinesModel()
        self.lines_view = make_table(self.lines_model)
        self.lines_view.setEditTriggers(EDIT_TRIGGERS)
        self.add_line_button = QPushButton("Add line")
        self.add_line_button.setToolTip(
            "Add a service line to the claim (a copy of the selected or last line, to edit)"
        )
        self.remove_line_button = QPushButton("Remove line")
        self.remove_line_button.setToolTip("Remove the selected service line from the claim")
        lines_title = QLabel("Double-click a cell to edit it; the claim is scrubbed again at once")
        lines_title.setWordWrap(True)
        lines_box = _box(
            _bar(lines_title, self.add_line_button, self.remove_line_button, stretch_at=0),
            self.lines_view,
            stretch=1,
        )
        self.claim_fields_model = ClaimFieldsModel()
        self.claim_fields_view = make_table(self.claim_fields_model, stretch=1)
        self.claim_fields_view.setEditTriggers(EDIT_TRIGGERS)
        self.details = QTabWidget()
        self.details.addTab(lines_box, "Service lines")
        self.details.addTab(self.claim_fields_view, "Claim")
        filters = _bar(self.claim_title, QLabel("Show"), self.severity, self.rule, stretch_at=0)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(_box(filters, self.findings_view, self.finding_detail, stretch=1))
        self.right.addWidget(self.details)
        self.right.setSizes([400, 200])

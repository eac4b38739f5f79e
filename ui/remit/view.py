"""The Remittances tab's widgets and layout, no behaviour (RemitTab owns one): the buttons and
the period filter, progress and cancel, the message and problems panel, and the views:
Remittances (remittances, their claims, a claim's lines), To work, Patterns, Unmatched and
Summary (two bar charts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.remit.queries import Period

from ..jobs import InlineProgress
from ..rows_model import RowsModel, SortProxy
from ..widgets import MessageLine, make_table
from .charts import BarChart
from .models import (
    ClaimsModel,
    LinesModel,
    PatternsModel,
    RemittancesModel,
    UnmatchedModel,
    WorkModel,
    money,
)

ANY_DATE = QDate(2000, 1, 1)
ALL_PAYERS = "All payers"
WIDEST = 16777215  # QWIDGETSIZE_MAX
REMITTANCES, TO_WORK, PATTERNS, UNMATCHED, SUMMARY = range(5)  # the views' tabs


def table(model: RowsModel) -> QTableView:
    """A sortable table (by value), in the model's own order first; the last column fills."""
    view = make_table(SortProxy(model), sortable=True)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def percent(value: Decimal) -> str:
    return f"{value}%"


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setMinimumDate(ANY_DATE)
    edit.setSpecialValueText("any date")
    edit.setDate(ANY_DATE)
    return edit


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class RemitView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_button = _button(
            "Open 835 files...",
            "Read remittances (X12 835) into your "
            "workspace; you can also drop the files on this tab",
        )
        self.codes_button = _button(
            "Import X12 code lists...",
            "X12's CARC and RARC lists "
            "(csv, or the x12.org page saved as HTML): their texts "
            "follow each code",
        )
        self.contract_button = _button(
            "Contract fees...",
            "A payer profile's contract fee schedule (.xlsx or .csv: code, modifier, amount)",
        )
        self.export_button = _button(
            "Export denials...",
            "Excel workbook: Summary with charts, "
            "Denied lines, Underpayments, Patterns, for the period "
            "shown",
        )
        self.payer = QComboBox()
        self.payer.addItem(ALL_PAYERS)
        self.payer.setMinimumContentsLength(16)
        self.start, self.end = date_edit(), date_edit()
        self.progress = InlineProgress()  # an import, a match, a list, an export...
        self.reading = InlineProgress()  # the views being read for the period
        for shown in (self.progress, self.reading):  # room for the progress message
            shown.bar.setMaximumWidth(WIDEST)
        self.message = MessageLine()
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)
        self.problems.setVisible(False)
        self.problems.setToolTip("What could not be read, and where (file, segment)")

        self.remittances_model, self.claims_model = RemittancesModel(), ClaimsModel()
        self.lines_model, self.work_model = LinesModel(), WorkModel()
        self.patterns_model, self.unmatched_model = PatternsModel(), UnmatchedModel()
        self.remittances_view = table(self.remittances_model)
        self.claims_view = table(self.claims_model)
        self.lines_view = table(self.lines_model)
        self.work_view = table(self.work_model)
        self.patterns_view = table(self.patterns_model)
        self.unmatched_view = table(self.unmatched_model)
        self.claim_note = QLabel()
        self.claim_note.setWordWrap(True)
        self.claim_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.views = QTabWidget()
        self.views.addTab(self._remittances_page(), "Remittances")
        self.views.addTab(self.work_view, "To work")
        self.views.addTab(self.patterns_view, "Patterns")
        self.views.addTab(self._unmatched_page(), "Unmatched")
        self.views.addTab(self._summary_page(), "Summary")

        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filters())
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(self.views, 1)

    def _toolbar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        for button in (
            self.open_button,
            self.codes_button,
            self.contract_button,
            self.export_button,
        ):
            top.addWidget(button)
        top.addStretch(1)
        return top

    def _filters(self) -> QHBoxLayout:
        """The period shown, then the jobs' progress (a row of their own: the window stays
        narrow, and a progress message has room)."""
        row = QHBoxLayout()
        filters: tuple[tuple[str, QWidget], ...] = (
            ("Payer", self.payer),
            ("Paid from", self.start),
            ("to", self.end),
        )
        for label, widget in filters:
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.progress, 1)
        row.addWidget(self.reading, 1)
        row.addStretch(1)
        return row

    def _remittances_page(self) -> QWidget:
        lines = QWidget()
        box = QVBoxLayout(lines)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.claim_note)
        box.addWidget(self.lines_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.remittances_view, self.claims_view, lines):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([200, 200, 220])
        return self.splitter

    def _unmatched_page(self) -> QWidget:
        self.match_button = _button(
            "Match again", "Match these claims to the worklist the Claim scrubbing tab has now"
        )
        said = QLabel(
            "Remittance claims that answer no claim of the worklist; open their "
            "worklist in Claim scrubbing, then match again."
        )
        said.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(said, 1)
        row.addWidget(self.match_button)
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        box.addLayout(row)
        box.addWidget(self.unmatched_view, 1)
        return page

    def _summary_page(self) -> QWidget:
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.reasons_chart = BarChart("Top denial reasons by dollars", "#c0504d", money)
        self.payers_chart = BarChart("Denial rate by payer (% of lines)", "#4f81bd", percent)
        charts = QHBoxLayout()
        charts.addWidget(self.reasons_chart, 1)
        charts.addWidget(self.payers_chart, 1)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.figures)
        box.addLayout(charts)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    # -- what is shown -----------------------------------------------------------------------

    def period(self) -> Period:
        payer = self.payer.currentText()
        start, end = (
            None if e.date() == ANY_DATE else e.date().toPython() for e in (self.start, self.end)
        )
        assert start is None or isinstance(start, date)
        assert end is None or isinstance(end, date)
        return Period(None if payer == ALL_PAYERS else payer, start, end)

    def show_problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))

    def enable_actions(self, enabled: bool) -> None:
        for button in (
            self.open_button,
            self.codes_button,
            self.contract_button,
            self.export_button,
            self.match_button,
        ):
            button.setEnabled(enabled)

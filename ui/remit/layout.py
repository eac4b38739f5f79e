"""The widgets of the Remittances tab, laid out (tab.py wires them): the buttons and the period
filter, the message, progress and problems panel, and the views: Remittances (remittances,
their claims, a claim's lines), To work, Patterns, Unmatched and Summary (two bar charts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.remit.queries import Period

from ..rows_model import RowsModel
from .charts import BarChart
from .models import (
    SORT_ROLE,
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
ERROR_STYLE = "color: #9c0006; background: #ffc7ce; padding: 4px;"
INFO_STYLE = "color: #1f3864; background: #ddebf7; padding: 4px;"
WARNING_STYLE = "color: #7f6000; background: #ffeb9c; padding: 4px;"


def table(model: RowsModel, sort_column: int = 0,
          order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fit(view: QTableView, widest: int = 360) -> None:
    """Columns as wide as their contents, none wider than `widest` (long texts elide; the
    tooltip shows them whole); the last column stretches."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count() - 1):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


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


class RemitLayout(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_button = QPushButton("Open 835 files...")
        self.open_button.setToolTip("Read remittances (X12 835) into your workspace; you can "
                                    "also drop the files on this tab")
        self.codes_button = QPushButton("Import X12 code lists...")
        self.codes_button.setToolTip("X12's CARC and RARC lists (csv, or the x12.org page "
                                     "saved as HTML): their texts follow each code")
        self.contract_button = QPushButton("Contract fees...")
        self.contract_button.setToolTip("A payer profile's contract fee schedule (.xlsx or "
                                        ".csv: code, modifier, amount)")
        self.export_button = QPushButton("Export denials...")
        self.export_button.setToolTip("Excel workbook: Summary with charts, Denied lines, "
                                      "Underpayments, Patterns, for the period shown")
        self.payer = QComboBox()
        self.payer.addItem(ALL_PAYERS)
        self.payer.setMinimumContentsLength(24)
        self.start, self.end = date_edit(), date_edit()
        top = QHBoxLayout()
        for button in (self.open_button, self.codes_button, self.contract_button,
                       self.export_button):
            top.addWidget(button)
        top.addStretch(1)
        filters: tuple[tuple[str, QWidget], ...] = (
            ("Payer", self.payer), ("Paid from", self.start), ("to", self.end))
        for label, widget in filters:
            top.addWidget(QLabel(label))
            top.addWidget(widget)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)
        self.problems.setVisible(False)
        self.problems.setToolTip("What could not be read, and where (file, segment)")

        self.remittances_model, self.claims_model = RemittancesModel(), ClaimsModel()
        self.lines_model, self.work_model = LinesModel(), WorkModel()
        self.patterns_model, self.unmatched_model = PatternsModel(), UnmatchedModel()
        self.remittances_view = table(self.remittances_model, 0, Qt.SortOrder.DescendingOrder)
        self.claims_view = table(self.claims_model)
        self.lines_view = table(self.lines_model)
        self.work_view = table(self.work_model, 0, Qt.SortOrder.DescendingOrder)
        self.patterns_view = table(self.patterns_model, 6, Qt.SortOrder.DescendingOrder)
        self.unmatched_view = table(self.unmatched_model)
        self.claim_note = QLabel()
        self.claim_note.setWordWrap(True)

        self.views = QTabWidget()
        self.views.addTab(self._remittances_page(), "Remittances")
        self.views.addTab(self.work_view, "To work")
        self.views.addTab(self.patterns_view, "Patterns")
        self.views.addTab(self._unmatched_page(), "Unmatched")
        self.views.addTab(self._summary_page(), "Summary")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(busy)
        layout.addWidget(self.problems)
        layout.addWidget(self.views, 1)

    def _remittances_page(self) -> QWidget:
        lines = QWidget()
        box = QVBoxLayout(lines)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.claim_note)
        box.addWidget(self.lines_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.remittances_view, self.claims_view, lines):
            split.addWidget(widget)
        split.setSizes([200, 200, 220])
        return split

    def _unmatched_page(self) -> QWidget:
        self.match_button = QPushButton("Match again")
        self.match_button.setToolTip("Match these claims to the worklist the Claim scrubbing "
                                     "tab has now")
        row = QHBoxLayout()
        row.addWidget(QLabel("Remittance claims that answer no claim of the worklist; open "
                             "their worklist in Claim scrubbing, then match again."))
        row.addStretch(1)
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
        self.payers_chart = BarChart("Denial rate by payer (% of lines)", "#4f81bd",
                                     percent)
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

    # -- shown state -----------------------------------------------------------------------

    def period(self) -> Period:
        payer = self.payer.currentText()
        start, end = (None if e.date() == ANY_DATE else e.date().toPython()
                      for e in (self.start, self.end))
        assert start is None or isinstance(start, date)
        assert end is None or isinstance(end, date)
        return Period(None if payer == ALL_PAYERS else payer, start, end)

    def say(self, text: str, style: str = INFO_STYLE) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))

    def show_problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))

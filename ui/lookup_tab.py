"""Code lookup tab: one search box over every code set, results as you type, a detail page.

The detail pane shows the selected result or nothing: a new search clears it, so Copy code can
never copy a code from an earlier search.
Keyboard: type; Enter opens the best match; Down moves into the results (the detail follows the
selection); Enter there opens the detail (focus moves there and the code joins the recent
lookups); Escape, from the results or the detail, or typing in the results, goes back to the
search box; Ctrl+C in the results or the detail (with no text selected) copies the code.
The detail is priced for the locality and payer chosen above it, kept between sessions.
Searches run on the GUI thread: bench/bench_search.py measures them under 15 ms (p95).
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.lookup.detail import DetailView, detail_view
from core.lookup.search import SearchHit, search

from .context import AppContext
from .detail_html import detail_html, message_html
from .lookup_pricing import LookupPricing
from .recent_list import RecentList
from .search_model import SearchResultsModel, results_view

DEBOUNCE_MS = 150
RESULT_LIMIT = 50
FILTERS = [
    ("All code sets", None),
    ("CPT", "cpt"),
    ("HCPCS", "hcpcs"),
    ("ICD-10-CM", "icd10"),
    ("Modifiers", "modifier"),
    ("Place of service", "pos"),
]
HELP = [
    "Search by code (77011, C34.90 or C3490), by code prefix (7701, M54) or by words in "
    "any order (office visit established, lung nodule, egd, knee replacement).",
    "Enter opens the best match; Down arrow moves into the results, Enter opens a code, "
    "Escape returns here, Ctrl+C copies the selected code.",
]
PICK = ["Select a result to see its detail (Enter opens the best match)."]


class LookupTab(QWidget):
    price_requested = Signal(str)  # a CPT/HCPCS code to price in the fee calculator

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.current: SearchHit | None = None
        self.current_view: DetailView | None = None
        self.last_query: tuple[str, str | None] | None = None
        self.found = False  # the rows are matches, not the nearest codes

        self.query = QLineEdit()
        self.query.setPlaceholderText(
            "Code, code prefix or words: 77011, c34.9, M54, office visit established"
        )
        self.query.setClearButtonEnabled(True)
        self.type_filter = QComboBox()
        for label, code_type in FILTERS:
            self.type_filter.addItem(label, code_type)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pricing = LookupPricing(context)
        self.model = SearchResultsModel(self)
        self.results = results_view(self.model)
        self.recent = RecentList()
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.copy_code = QPushButton("&Copy code")
        self.copy_description = QPushButton("Copy &description")
        self.price = QPushButton("&Price in fee calculator")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._lay_out()
        self.setFocusProxy(self.query)  # showing the tab puts the cursor in the search box
        self._connect()
        self.run_search()
        self.recent.reload()

    def _lay_out(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.type_filter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.results, 3)
        left_layout.addWidget(QLabel("Recent lookups"))
        left_layout.addWidget(self.recent, 1)
        buttons = QHBoxLayout()
        for button in (self.copy_code, self.copy_description, self.price):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.pricing)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.query.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.run_search)
        self.type_filter.currentIndexChanged.connect(self.run_search)
        self.query.installEventFilter(self)
        self.results.installEventFilter(self)
        self.detail.installEventFilter(self)
        self.pricing.changed.connect(self._repaint_detail)
        self.pricing.failed.connect(self.status.setText)
        self.results.selectionModel().currentRowChanged.connect(self._row_changed)
        self.results.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.results.clicked.connect(lambda index: self.open_row(index.row(), focus=False))
        self.recent.chosen.connect(self._show_recent)
        self.recent.failed.connect(self.status.setText)
        self.copy_code.clicked.connect(lambda: self._copy(code=True))
        self.copy_description.clicked.connect(lambda: self._copy(code=False))
        self.price.clicked.connect(self._price)
        self.context.reference_changed.connect(self._reference_changed)
        self.context.workspace_changed.connect(self._repaint_detail)  # new remittances

    # --- searching -----------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        return self.context.conn

    def _reference_changed(self) -> None:
        """A new reference database (after an import): search again against it."""
        self.last_query = None
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.query.text().strip()
        code_type = self.type_filter.currentData()
        if (text, code_type) == self.last_query:
            return
        self.last_query = (text, code_type)
        self.found = False
        if not text:
            self.model.set_rows([])
            self.status.setText("Type a code or words to search every code set.")
            self._show_message("Code lookup", HELP)
            return
        result = search(self.conn, text, code_type, RESULT_LIMIT)
        if result.found:
            self.found = True
            self.model.set_rows(result.hits)
            more = "+" if result.truncated else ""
            count = len(result.hits)
            searched = (
                f" for \u201c{result.searched}\u201d (spelling corrected)"
                if result.searched
                else ""
            )
            self.status.setText(
                f"{count}{more} match{'es' if count != 1 else ''}{searched}, best first"
            )
            self._show_message(result.searched or text, PICK)  # the old detail goes
            return
        self.model.set_rows(result.nearest)
        nearest = "nearest codes below" if result.nearest else "no nearby codes either"
        self.status.setText(f"No match for \u201c{text}\u201d: {nearest}")
        self._show_message(
            f"No match for \u201c{text}\u201d",
            [
                result.explanation,
                "Nearest codes are listed on the left." if result.nearest else "",
                "Try a code prefix (7701, M54), fewer words, or all code sets.",
            ],
        )

    # --- the detail page -----------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_detail(self.model.hit(current.row()))

    def open_row(self, row: int, focus: bool = True) -> None:
        """Open a result: show its detail, remember it, and (from the keyboard) focus it."""
        if not 0 <= row < self.model.rowCount():
            return
        self.results.selectRow(row)
        hit = self.model.hit(row)
        self.show_detail(hit)
        self.recent.remember(hit)
        if focus:
            self.detail.setFocus()

    def show_detail(self, hit: SearchHit, force: bool = False) -> None:
        if self.current == hit and self.current_view is not None and not force:
            return
        view = detail_view(
            self.conn,
            hit.code,
            hit.type,
            pricing=self.pricing.pricing(),
            practice=self.context.code_history(hit.code) if hit.type in ("cpt", "hcpcs") else None,
        )
        self.current, self.current_view = hit, view
        if view is None:
            self._show_message(hit.code, ["This code is no longer in the reference database."])
        else:
            self.detail.setHtml(detail_html(view))
        self._update_buttons()

    def _show_recent(self, hit: SearchHit) -> None:
        """A recent lookup replaces the selected result in the detail pane."""
        self.results.clearSelection()
        self.show_detail(hit)

    def _repaint_detail(self) -> None:
        """The locality or payer changed: price the code shown again."""
        if self.current is not None:
            self.show_detail(self.current, force=True)

    def _show_message(self, title: str, lines: list[str]) -> None:
        self.current, self.current_view = None, None
        self.detail.setHtml(message_html(title, [line for line in lines if line]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_code = self.current_view is not None
        self.copy_code.setEnabled(has_code)
        self.copy_description.setEnabled(has_code)
        self.price.setEnabled(
            has_code and self.current is not None and self.current.type in ("cpt", "hcpcs")
        )

    def _copy(self, code: bool) -> None:
        if self.current is None or self.current_view is None:
            return
        text = self.current.code if code else self.current_view.description
        QGuiApplication.clipboard().setText(text)
        self.status.setText(f"Copied {'code' if code else 'description'} of {self.current.code}")
        self.recent.remember(self.current)

    def _price(self) -> None:
        if self.current is not None and self.current.type in ("cpt", "hcpcs"):
            self.recent.remember(self.current)
            self.price_requested.emit(self.current.code)

    # --- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.detail:
            return self._detail_key(event) or super().eventFilter(watched, event)
        if watched is self.results and event.matches(QKeySequence.StandardKey.Copy):
            self._copy(code=True)
            return True
        if (
            watched is self.query
            and event.matches(QKeySequence.StandardKey.Copy)
            and not self.query.hasSelectedText()
            and self.current is not None
        ):
            self._copy(code=True)  # nothing selected in the box: copy the code
            return True
        if watched is self.query:
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.run_search()
                self.results.setFocus()
                self.results.selectRow(max(0, self.results.currentIndex().row()))
                return True
            if enter:
                self.run_search()
                if self.found:  # never open a "nearest" code unasked
                    self.open_row(0, focus=False)
                return True
        elif watched is self.results:
            if enter:
                self.open_row(self.results.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape:
                self.query.setFocus()
                return True
            typed = event.text()
            if (
                typed
                and typed.isprintable()
                and not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            ):
                self.query.setFocus()  # typing in the results refines the query
                self.query.insert(typed)
                return True
        return super().eventFilter(watched, event)

    def _detail_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.query.setFocus()
            self.query.selectAll()
            return True
        if (
            event.matches(QKeySequence.StandardKey.Copy)
            and not self.detail.textCursor().hasSelection()
        ):
            self._copy(code=True)
            return True
        return False

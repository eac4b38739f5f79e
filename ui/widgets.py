"""Widgets and helpers every tab shares: the table factory, the message line and its styles, the
file choosers (they remember the last folder), the date field and the yes/no question."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QDate, QSettings, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from core.claims_io.values import BadValue, parse_date

from .palette import AMBER, HINT_TEXT, RED

ERROR_STYLE = "color: #a61b1b; font-weight: bold;"
WARNING_STYLE = f"color: #7a4b00; background: {AMBER}; padding: 2px 6px;"
INFO_STYLE = "color: #1d5e20;"
HINT_STYLE = f"color: {HINT_TEXT};"
LAST_FOLDER = "files/last_folder"
XLSX_FILTER = "Excel workbook (*.xlsx)"  # choose_save_path's default
DATE_HINT = "MM/DD/YYYY; also 12/5/2025, 2025-12-05 or 12052025"


def make_table(
    model: QAbstractItemModel,
    stretch: int | None = None,
    sortable: bool = False,
    wrap: bool = False,
) -> QTableView:
    """A read-by-rows table: whole rows selected, no row numbers, compact rows; `stretch` fills
    the width with that column; `sortable` lets a click on a header sort (the model is then a
    SortProxy); `wrap` wraps long text (set the rows to resize to their contents)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.setWordWrap(wrap)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # size columns from the first rows only
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's own order first
    return view


def fit_columns(view: QTableView, cap: int = 360) -> None:
    """Columns as wide as their contents, none wider than `cap` pixels."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > cap:
            header.resizeSection(column, cap)


class MessageLine(QLabel):
    """One line under a toolbar saying what just happened or what is wrong (hidden when empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def say(self, text: str, style: str = INFO_STYLE) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.setVisible(bool(text))

    def error(self, text: str) -> None:
        self.say(text, ERROR_STYLE)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: list[tuple[str, QMessageBox.ButtonRole]],
    default: int = 0,
) -> int:
    """A question with buttons named for what they do; returns the index of the one clicked
    (Escape or closing picks the RejectRole button)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[default])
    reject = next(
        (
            b
            for b, (_, r) in zip(made, buttons, strict=True)
            if r == QMessageBox.ButtonRole.RejectRole
        ),
        None,
    )
    if reject is not None:
        box.setEscapeButton(reject)
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else len(made) - 1  # type: ignore[arg-type]


def _start_folder(settings: QSettings) -> str:
    folder = settings.value(LAST_FOLDER, "", str)
    return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())


def choose_save_path(
    parent: QWidget | None,
    settings: QSettings,
    title: str,
    name: str,
    filters: str = XLSX_FILTER,
    suffixes: tuple[str, ...] = (".xlsx",),
) -> Path | None:
    """Ask where to save (by default an Excel workbook); the suffix typed is kept when it is one
    of `suffixes`, else the first is added. `name` is a file name (started in the last folder)
    or a full path."""
    start = name if Path(name).is_absolute() else str(Path(_start_folder(settings)) / name)
    chosen, chosen_filter = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not chosen:
        return None
    path = Path(chosen)
    settings.setValue(LAST_FOLDER, str(path.parent))
    if path.suffix.lower() in suffixes:
        return path
    wanted = next((s for s in suffixes if f"*{s}" in chosen_filter), suffixes[0])
    return path.with_name(path.name + wanted)


def choose_open_paths(
    parent: QWidget | None, settings: QSettings, title: str, filters: str
) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, _start_folder(settings), filters)
    if files:
        settings.setValue(LAST_FOLDER, str(Path(files[0]).parent))
    return [Path(f) for f in files]


def choose_folder(parent: QWidget | None, settings: QSettings, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, _start_folder(settings))
    if not folder:
        return None
    settings.setValue(LAST_FOLDER, folder)
    return Path(folder)


class DateField(QWidget):
    """A date typed the way billers type it (12/15/2025, 12/5/2025, 2025-12-15, 12152025) or
    picked from a calendar. Shown as MM/DD/YYYY once read; a date that cannot be read turns the
    field red and emits invalid(message), and the last good date stays in use."""

    changed = Signal()
    invalid = Signal(str)

    def __init__(self, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = day
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("MM/DD/YYYY")
        self.edit.setToolTip(DATE_HINT)
        self.edit.setMaximumWidth(110)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        self.pick = QToolButton()
        self.pick.setText("\u25be")
        self.pick.setToolTip("Pick the date on a calendar")
        self.pick.setMenu(menu)
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.pick)
        self.edit.editingFinished.connect(self.read)
        self._show()

    def day(self) -> date:
        return self._date

    def set_day(self, day: date) -> None:
        changed = day != self._date
        self._date = day
        self._show()
        if changed:
            self.changed.emit()

    def read(self) -> bool:
        """Read what was typed; True when it is a date (now in use)."""
        typed = self.edit.text().strip()
        try:
            day = parse_date(typed)
            if day is None:
                raise BadValue(f"type a date ({DATE_HINT})")
        except BadValue as exc:
            self.edit.setStyleSheet(f"background: {RED};")
            self.invalid.emit(f"Date '{typed}': {exc}" if typed else f"Date: {exc}")
            return False
        self.set_day(day)
        return True

    def _picked(self, picked: QDate) -> None:
        self.pick.menu().hide()
        self.set_day(date(picked.year(), picked.month(), picked.day()))

    def _show(self) -> None:
        self.edit.setStyleSheet("")
        self.edit.setText(self._date.strftime("%m/%d/%Y"))
        self.calendar.setSelectedDate(QDate(self._date.year, self._date.month, self._date.day))


class FileDropTarget:
    """Mixed into a tab that opens dropped files (worklists, remittances, CMS releases), before
    QWidget in its bases: dropped files go to the tab's `open_paths`, as chosen ones do. The tab
    calls `self.setAcceptDrops(True)`."""

    def open_paths(self, paths: list[Path]) -> object:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt naming)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

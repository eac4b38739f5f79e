"""The fee calculator's widgets and layout, no behaviour (FeeTab owns one): the inputs of a
line, the result, the breakdown and the encounter tables."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.fees.codes import places_of_service

from .context import AppContext
from .fee_models import BreakdownModel, CodeCompletionModel, EncounterModel
from .locality_picker import LocalityPicker
from .modifier_chips import ModifierChips
from .payer_picker import PayerPicker
from .widgets import DateField, MessageLine, make_table

NON_FACILITY, FACILITY, POS = "non-facility", "facility", "pos:"


def _table(model: EncounterModel | BreakdownModel, stretch_column: int) -> QTableView:
    """Rows in their own order (steps of a formula, lines of an encounter): not sortable."""
    view = make_table(model, stretch=stretch_column)
    view.setAlternatingRowColors(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def _row(*widgets: QWidget, stretch: bool = False, stretch_at: int | None = None) -> QHBoxLayout:
    """Widgets side by side; a stretch at the end or after widget number `stretch_at`."""
    row = QHBoxLayout()
    row.setSpacing(8)
    for number, widget in enumerate(widgets):
        row.addWidget(widget, 1 if number == stretch_at else 0)
    if stretch:
        row.addStretch(1)
    return row


def _section(heading: QHBoxLayout, *widgets: QWidget) -> QWidget:
    section = QWidget()
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addLayout(heading)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableView) else 0)
    return section


class FeeView(QWidget):
    def __init__(self, context: AppContext, day: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.breakdown_model = BreakdownModel()
        self.encounter_model = EncounterModel()
        self.completions = CodeCompletionModel()
        self._inputs(context, day)
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = MessageLine()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._breakdown_box())
        self.splitter.addWidget(self._encounter_box())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self._form_box())
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _inputs(self, context: AppContext, day: date) -> None:
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. 99213")
        self.code.setMaxLength(5)
        self.code.setFixedWidth(110)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.code.setCompleter(completer)
        self.modifier_chips = ModifierChips()
        self.units = QSpinBox()
        self.units.setRange(1, 999)
        self.add_button = QPushButton("Add to encounter")
        self.add_button.setToolTip(
            "Add this line to the encounter below (same patient, same "
            "day); Enter in the code or units field does the same"
        )
        self.locality = LocalityPicker(context, day)
        self.setting = QComboBox()
        self.setting.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.setting.setMinimumContentsLength(26)
        self.setting.addItem("Non-facility rate (office)", NON_FACILITY)
        self.setting.addItem("Facility rate (hospital, ASC, SNF)", FACILITY)
        self.setting.insertSeparator(2)
        for place in places_of_service(context.conn):
            self.setting.addItem(place.label, POS + place.code)
        self.date = DateField(day)
        self.participating = QCheckBox("Participating provider")
        self.participating.setChecked(True)
        self.participating.setToolTip("Unchecked: a non-participating provider is paid 95%")
        self.payer = QDoubleSpinBox()
        self.payer.setRange(0, 1000)
        self.payer.setDecimals(1)
        self.payer.setSuffix(" %")
        self.payer.setSpecialValueText("none")
        self.payer.setToolTip(
            "A payer paying this percentage of Medicare (your contract's "
            "figure); none: Medicare only"
        )
        self.payer_picker = PayerPicker(context, self.payer)

    def _form_box(self) -> QGroupBox:
        box = QGroupBox()
        grid = QGridLayout(box)
        grid.setColumnStretch(3, 1)
        grid.addWidget(QLabel("Code"), 0, 0)
        grid.addWidget(self.code, 0, 1)
        grid.addWidget(QLabel("Modifiers"), 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.modifier_chips, 0, 3)
        grid.addLayout(_row(QLabel("Units"), self.units, self.add_button), 0, 4)
        grid.addWidget(QLabel("Locality"), 1, 0)
        grid.addWidget(self.locality, 1, 1, 1, 4)
        grid.addWidget(QLabel("Setting"), 2, 0)
        grid.addLayout(
            _row(
                self.setting, QLabel("Date of service"), self.date, self.participating, stretch=True
            ),
            2,
            1,
            1,
            4,
        )
        grid.addWidget(QLabel("Payer pays"), 3, 0)
        grid.addLayout(
            _row(self.payer, QLabel("of Medicare"), self.payer_picker, stretch=True), 3, 1, 1, 4
        )
        return box

    def _breakdown_box(self) -> QWidget:
        self.breakdown_view = _table(self.breakdown_model, 4)
        self.breakdown_context = QLabel()
        self.breakdown_context.setStyleSheet("color: #444444;")
        self.breakdown_context.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.export_breakdown_button = QPushButton("Export to Excel...")
        self.export_breakdown_button.setToolTip("Save this breakdown as an Excel workbook")
        return _section(
            _row(
                QLabel("<b>Breakdown</b>"),
                self.breakdown_context,
                self.export_breakdown_button,
                stretch_at=1,
            ),
            self.breakdown_view,
        )

    def _encounter_box(self) -> QWidget:
        self.encounter_view = _table(self.encounter_model, 8)
        self.encounter_total = QLabel()
        self.encounter_total.setTextFormat(Qt.TextFormat.RichText)
        self.encounter_total.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.remove_button = QPushButton("Remove line")
        self.clear_button = QPushButton("Clear")
        self.export_encounter_button = QPushButton("Export to Excel...")
        self.export_encounter_button.setToolTip(
            "Save the encounter's lines and total as an Excel workbook"
        )
        title = QLabel("<b>Encounter</b>")
        title.setToolTip(
            "Several lines for the same patient and day: the multiple-procedure "
            "rules apply across them. Reduced lines are marked \u25bc."
        )
        return _section(
            _row(
                title,
                self.encounter_total,
                self.remove_button,
                self.clear_button,
                self.export_encounter_button,
                stretch_at=1,
            ),
            self.encounter_view,
        )

    def service_date(self) -> date:
        return self.date.day()

    def setting_value(self) -> tuple[bool | None, str | None]:
        """(facility, place of service) for the line request."""
        value = str(self.setting.currentData() or NON_FACILITY)
        if value.startswith(POS):
            return None, value[len(POS) :]
        return value == FACILITY, None

    def locality_text(self) -> str:
        choice = self.locality.choice()
        return choice.label if choice else ""

"""Fee calculator tab: price a code as it is typed (every step shown), build an encounter priced
with the multiple-procedure rules, compare a payer paying a percentage of Medicare, export both
to Excel. The tab owns its view (FeeView); what it remembers between launches is in fee_state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.fees import EncounterPrice, FeeError, LinePrice, LineRequest, price_encounter, price_line
from core.fees.breakdown import (
    BREAKDOWN_HEADER,
    BREAKDOWN_MONEY,
    ENCOUNTER_HEADER,
    ENCOUNTER_MONEY,
    EXPORT_WIDTHS,
    BreakdownRow,
    EncounterRow,
    breakdown_cells,
    breakdown_rows,
    context_text,
    encounter_cells,
    encounter_rows,
    encounter_total,
    money,
    percent_text,
    result_html,
)
from core.fees.codes import code_completions, default_service_date, modifier_choices
from core.tabular import ExportError, write_table
from core.words import plural

from .context import AppContext
from .fee_models import EncounterModel
from .fee_state import EncounterLine, restore_state, save_state
from .fee_view import FeeView
from .palette import AMBER, badge
from .widgets import ERROR_STYLE, HINT_STYLE, INFO_STYLE, choose_save_path

DEBOUNCE_MS = 100
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FeeTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.view = FeeView(context, default_service_date(context.conn, context.today()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.line: LinePrice | None = None
        self.breakdown: list[BreakdownRow] = []
        self.encounter: EncounterPrice | None = None
        self.encounter_lines: list[EncounterLine] = []
        self.encounter_table_rows: list[EncounterRow] = []
        self.view.modifier_chips.set_choices(modifier_choices(context.conn))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._connect()
        self.view.payer_picker.reload()
        self.encounter_lines = restore_state(self.view, context.settings)
        self.recalculate()

    def _connect(self) -> None:
        view = self.view
        self._timer.timeout.connect(self.recalculate)
        for signal in (
            view.code.textChanged,
            view.modifier_chips.changed,
            view.locality.changed,
            view.units.valueChanged,
            view.setting.currentIndexChanged,
            view.participating.toggled,
            view.payer.valueChanged,
        ):
            signal.connect(self._timer.start)
        view.date.changed.connect(self._date_changed)
        view.date.invalid.connect(lambda text: self._message(text, ERROR_STYLE))
        view.code.textEdited.connect(self._complete)
        view.code.returnPressed.connect(self.add_to_encounter)
        view.units.installEventFilter(self)
        view.payer_picker.failed.connect(lambda text: self._message(text, ERROR_STYLE))
        view.add_button.clicked.connect(self.add_to_encounter)
        view.remove_button.clicked.connect(self.remove_selected_lines)
        view.clear_button.clicked.connect(self.clear_encounter)
        view.export_breakdown_button.clicked.connect(self._choose_breakdown_file)
        view.export_encounter_button.clicked.connect(self._choose_encounter_file)
        self.context.reference_changed.connect(self._reference_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Enter in the units field adds the line, as in the code field."""
        if (
            watched is self.view.units
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER
        ):
            self.add_to_encounter()
            return True
        return super().eventFilter(watched, event)

    # -- public -----------------------------------------------------------------------------

    def set_code(self, code: str) -> None:
        """Price `code` now (the lookup tab's "price it" lands here)."""
        self.view.code.setText(code.strip().upper())
        self._timer.stop()
        self.recalculate()

    def service_date(self) -> date:
        return self.view.service_date()

    def pricing_pending(self) -> bool:
        """An edit is waiting for the debounce pause before it is priced."""
        return self._timer.isActive()

    def request(
        self,
        code: str | None = None,
        modifiers: tuple[str, ...] | None = None,
        units: int | None = None,
    ) -> LineRequest:
        """The form as a line request; code, modifiers and units may be another line's."""
        choice = self.view.locality.choice()
        facility, pos = self.view.setting_value()
        return LineRequest(
            code=self.view.code.text().strip().upper() if code is None else code,
            modifiers=self.view.modifier_chips.modifiers() if modifiers is None else modifiers,
            units=self.view.units.value() if units is None else units,
            locality=None if choice is None or choice.zip_code or choice.national else choice.key,
            zip_code=choice.zip_code if choice else None,
            facility=facility,
            pos=pos,
            date_of_service=self.service_date(),
            participating=self.view.participating.isChecked(),
        )

    def encounter_requests(self) -> list[LineRequest]:
        return [self.request(e.code, e.modifiers, e.units) for e in self.encounter_lines]

    def payer_percent(self) -> Decimal | None:
        value = self.view.payer.value()
        return Decimal(str(round(value, 2))) if value > 0 else None

    def recalculate(self) -> None:
        self._timer.stop()
        problem = self.view.locality.problem()
        if problem:
            self._show_line(None, "")
            self._show_encounter(None)
            problems = [problem]
        else:
            problems = self._price_line()
            problems += [p for p in self._price_encounter() if p not in problems]
        self._message(" | ".join(problems), ERROR_STYLE)
        save_state(self.view, self.encounter_lines, self.context.settings)

    def add_to_encounter(self) -> bool:
        """Add the line in the form to the encounter (only when its code can be priced)."""
        self.recalculate()
        if self.line is None:
            return False
        self.encounter_lines.append(
            EncounterLine(self.line.code, self.line.modifiers, self.line.units)
        )
        self.view.modifier_chips.clear()  # the next code starts without this one's modifiers
        self.view.units.setValue(1)
        self.view.code.selectAll()  # typing replaces the code
        self.recalculate()
        return True

    def remove_selected_lines(self) -> None:
        rows = {index.row() for index in self.view.encounter_view.selectionModel().selectedRows()}
        self.remove_lines(sorted(rows))

    def remove_lines(self, rows: list[int]) -> None:
        self.encounter_lines = [e for i, e in enumerate(self.encounter_lines) if i not in rows]
        self.recalculate()

    def clear_encounter(self) -> None:
        self.remove_lines(list(range(len(self.encounter_lines))))

    def export_breakdown(self, path: Path) -> bool:
        if not self.breakdown:
            self._message("Nothing to export: price a code first.", ERROR_STYLE)
            return False
        return self._export(
            path, BREAKDOWN_HEADER, breakdown_cells(self.breakdown), "Breakdown", BREAKDOWN_MONEY
        )

    def export_encounter(self, path: Path) -> bool:
        if not self.encounter_table_rows:
            self._message("Nothing to export: add lines to the encounter first.", ERROR_STYLE)
            return False
        context: list[object] = [
            self.service_date(),
            self.view.locality_text(),
            self.view.setting.currentText(),
        ]
        cells = encounter_cells(
            self.encounter_table_rows, context, self.payer_percent() is not None
        )
        return self._export(path, ENCOUNTER_HEADER, cells, "Encounter", ENCOUNTER_MONEY)

    # -- pricing ----------------------------------------------------------------------------

    def _price_line(self) -> list[str]:
        code = self.view.code.text().strip()
        if len(code) < 5:
            self._show_line(
                None,
                "Type a 5-character CPT or HCPCS code to price it."
                if not code
                else f"'{code}': a code has 5 characters.",
            )
            return []
        try:
            line = price_line(self.context.conn, self.request())
        except FeeError as exc:
            self._show_line(None, "")
            return [str(exc)]
        self._show_line(line, "")
        return []

    def _price_encounter(self) -> list[str]:
        requests = self.encounter_requests()
        if not requests:
            self._show_encounter(None)
            return []
        try:
            encounter = price_encounter(self.context.conn, requests)
            alone = [price_line(self.context.conn, request) for request in requests]
        except FeeError as exc:
            self._show_encounter(None)
            return [str(exc)]
        self._show_encounter(encounter, alone)
        return []

    def _show_line(self, line: LinePrice | None, hint: str) -> None:
        self.line = line
        percent = self.payer_percent()
        self.breakdown = [] if line is None else breakdown_rows(line, percent)
        self.view.breakdown_model.set_rows(
            [] if line is None else breakdown_rows(line, percent, context=False)
        )
        self.view.breakdown_context.setText("" if line is None else context_text(line))
        self.view.breakdown_context.setToolTip(self.view.breakdown_context.text())
        self.view.export_breakdown_button.setEnabled(bool(self.breakdown))
        self.view.add_button.setEnabled(line is not None)
        self.view.result.setText(
            result_html(line, percent) if line else f"<span style='{HINT_STYLE}'>{hint}</span>"
        )

    def _show_encounter(
        self, encounter: EncounterPrice | None, alone: list[LinePrice] | None = None
    ) -> None:
        self.encounter = encounter
        percent = self.payer_percent()
        rows = [] if encounter is None else encounter_rows(encounter, alone or [], percent)
        self.encounter_table_rows = rows
        self.view.encounter_model.set_rows(rows)
        self.view.encounter_view.setColumnHidden(EncounterModel.PAYER_COLUMN, percent is None)
        if percent is not None:
            self.view.encounter_model.set_payer_header(f"Payer {percent_text(percent)}%")
        self.view.export_encounter_button.setEnabled(bool(rows))
        self.view.remove_button.setEnabled(bool(rows))
        self.view.clear_button.setEnabled(bool(rows))
        if encounter is None:
            self.view.encounter_total.setText(
                f"<span style='{HINT_STYLE}'>empty: price a line above, then \u201cAdd to "
                "encounter\u201d (or press Enter)</span>"
            )
            return
        total = f"total allowed <b>{money(encounter.total)}</b>"
        if percent is not None:
            payer = money(encounter_total(rows, "payer"))
            total += f" &nbsp; payer at {percent_text(percent)}%: <b>{payer}</b>"
        reduced = sum(1 for r in rows if r.reduced)
        if reduced:
            total += " &nbsp; " + badge(
                f"\u25bc {plural(reduced, 'line')} reduced by the same-day rules (multiple "
                "procedures, bilateral pairs, status T)",
                AMBER,
            )
        self.view.encounter_total.setText(total)

    # -- messages and files -----------------------------------------------------------------

    def _message(self, text: str, style: str) -> None:
        self.view.message.say(text, style)

    def _date_changed(self) -> None:
        self.view.locality.set_day(self.service_date())
        self._timer.start()

    def _reference_changed(self) -> None:
        """After an import: localities and modifiers of the new data, priced again."""
        self.view.locality.refresh(keep=True)
        self.view.modifier_chips.set_choices(modifier_choices(self.context.conn))
        self.recalculate()

    def _complete(self, text: str) -> None:
        found = code_completions(self.context.conn, text, 50) if text.strip() else []
        self.view.completions.set_rows(found)

    def _export(
        self,
        path: Path,
        header: list[str],
        cells: list[list[object]],
        sheet: str,
        money_columns: list[str],
    ) -> bool:
        try:
            count = write_table(
                path, header, cells, sheet=sheet, money_columns=money_columns, widths=EXPORT_WIDTHS
            )
        except ExportError as exc:
            self._message(str(exc), ERROR_STYLE)
            return False
        self._message(f"Wrote {count} rows to {path}", INFO_STYLE)
        return True

    def _choose_breakdown_file(self) -> None:
        name = f"fee-{self.line.code if self.line else 'breakdown'}.xlsx"
        path = self._save_path("Export the breakdown to Excel", name)
        if path:
            self.export_breakdown(path)

    def _choose_encounter_file(self) -> None:
        path = self._save_path("Export the encounter to Excel", "encounter.xlsx")
        if path:
            self.export_encounter(path)

    def _save_path(self, title: str, name: str) -> Path | None:
        return choose_save_path(self, self.context.settings, title, name)

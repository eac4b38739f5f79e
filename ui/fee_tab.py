"""Fee calculator tab: price a code as it is typed (every step shown), build an encounter priced
with the multiple-procedure rules, compare a payer paying a percentage of Medicare, export both
to Excel."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QWidget

from core.fees import EncounterPrice, FeeError, LinePrice, LineRequest, price_encounter, price_line
from core.fees.codes import code_completions, default_service_date, modifier_choices
from core.tabular import ExportError, write_table

from .fee_breakdown import (
    BREAKDOWN_HEADER,
    BREAKDOWN_MONEY,
    ENCOUNTER_HEADER,
    ENCOUNTER_MONEY,
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
from .fee_form import FeeForm
from .fee_models import EncounterModel

DEBOUNCE_MS = 100
ERROR_STYLE = "color: #a61b1b; font-weight: bold;"
INFO_STYLE = "color: #1d5e20;"
HINT_STYLE = "color: #555555;"


@dataclass(frozen=True)
class EncounterLine:
    code: str
    modifiers: tuple[str, ...]
    units: int


class FeeTab(FeeForm):
    def __init__(self, conn: sqlite3.Connection, today: date | None = None,
                 parent: QWidget | None = None):
        day = default_service_date(conn, today or date.today())
        super().__init__(conn, day, parent)
        self.conn = conn
        self.line: LinePrice | None = None
        self.breakdown: list[BreakdownRow] = []
        self.encounter: EncounterPrice | None = None
        self.encounter_lines: list[EncounterLine] = []
        self.encounter_table_rows: list[EncounterRow] = []
        self.modifier_chips.set_choices(modifier_choices(conn))
        self.payer_picker.failed.connect(lambda text: self._message(text, ERROR_STYLE))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recalculate)
        self.code.textEdited.connect(self._complete)
        self.edited.connect(self._timer.start)
        self.add_button.clicked.connect(self.add_to_encounter)
        self.remove_button.clicked.connect(self.remove_selected_lines)
        self.clear_button.clicked.connect(self.clear_encounter)
        self.export_breakdown_button.clicked.connect(self._choose_breakdown_file)
        self.export_encounter_button.clicked.connect(self._choose_encounter_file)
        self.recalculate()

    # -- public -----------------------------------------------------------------------------

    def set_connection(self, conn: sqlite3.Connection) -> None:
        """After an import: read the new data (localities, releases) from now on."""
        self.conn = conn
        self.locality.set_connection(conn)
        self.modifier_chips.set_choices(modifier_choices(conn))
        self.payer_picker.failed.connect(lambda text: self._message(text, ERROR_STYLE))
        self.recalculate()

    def set_code(self, code: str) -> None:
        """Price `code` now (the lookup tab's "price it" lands here)."""
        self.code.setText(code.strip().upper())
        self._timer.stop()
        self.recalculate()

    def pricing_pending(self) -> bool:
        """An edit is waiting for the debounce pause before it is priced."""
        return self._timer.isActive()

    def request(self, code: str | None = None, modifiers: tuple[str, ...] | None = None,
                units: int | None = None) -> LineRequest:
        """The form as a line request; code, modifiers and units may be another line's."""
        choice = self.locality.choice()
        facility, pos = self.setting_value()
        return LineRequest(
            code=self.code.text().strip().upper() if code is None else code,
            modifiers=self.modifier_chips.modifiers() if modifiers is None else modifiers,
            units=self.units.value() if units is None else units,
            locality=None if choice is None or choice.zip_code or choice.national else choice.key,
            zip_code=choice.zip_code if choice else None, facility=facility, pos=pos,
            date_of_service=self.service_date(), participating=self.participating.isChecked())

    def encounter_requests(self) -> list[LineRequest]:
        return [self.request(e.code, e.modifiers, e.units) for e in self.encounter_lines]

    def payer_percent(self) -> Decimal | None:
        value = self.payer.value()
        return Decimal(str(round(value, 2))) if value > 0 else None

    def recalculate(self) -> None:
        self._timer.stop()
        problem = self.locality.problem()
        if problem:
            self._show_line(None, "")
            self._show_encounter(None)
            problems = [problem]
        else:
            problems = self._price_line()
            problems += [p for p in self._price_encounter() if p not in problems]
        self._message(" | ".join(problems), ERROR_STYLE)

    def add_to_encounter(self) -> bool:
        """Add the line in the form to the encounter (only when its code can be priced)."""
        self.recalculate()
        if self.line is None:
            return False
        self.encounter_lines.append(EncounterLine(self.line.code, self.line.modifiers,
                                                  self.line.units))
        self.recalculate()
        return True

    def remove_selected_lines(self) -> None:
        rows = {index.row() for index in self.encounter_view.selectionModel().selectedRows()}
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
        return self._export(path, BREAKDOWN_HEADER, breakdown_cells(self.breakdown),
                            "Breakdown", BREAKDOWN_MONEY)

    def export_encounter(self, path: Path) -> bool:
        if not self.encounter_table_rows:
            self._message("Nothing to export: add lines to the encounter first.", ERROR_STYLE)
            return False
        context = [self.service_date().strftime("%m/%d/%Y"), self.locality_text(),
                   self.setting.currentText()]
        cells = encounter_cells(self.encounter_table_rows, context,
                                self.payer_percent() is not None)
        return self._export(path, ENCOUNTER_HEADER, cells, "Encounter", ENCOUNTER_MONEY)

    # -- pricing ----------------------------------------------------------------------------

    def _price_line(self) -> list[str]:
        code = self.code.text().strip()
        if len(code) < 5:
            self._show_line(None, "Type a 5-character CPT or HCPCS code to price it."
                            if not code else f"'{code}': a code has 5 characters.")
            return []
        try:
            line = price_line(self.conn, self.request())
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
            encounter = price_encounter(self.conn, requests)
            alone = [price_line(self.conn, request) for request in requests]
        except FeeError as exc:
            self._show_encounter(None)
            return [str(exc)]
        self._show_encounter(encounter, alone)
        return []

    def _show_line(self, line: LinePrice | None, hint: str) -> None:
        self.line = line
        percent = self.payer_percent()
        self.breakdown = [] if line is None else breakdown_rows(line, percent)
        self.breakdown_model.set_rows([] if line is None else
                                      breakdown_rows(line, percent, context=False))
        self.breakdown_context.setText("" if line is None else context_text(line))
        self.breakdown_context.setToolTip(self.breakdown_context.text())
        self.export_breakdown_button.setEnabled(bool(self.breakdown))
        self.add_button.setEnabled(line is not None)
        self.result.setText(result_html(line, percent) if line else
                            f"<span style='{HINT_STYLE}'>{hint}</span>")

    def _show_encounter(self, encounter: EncounterPrice | None,
                        alone: list[LinePrice] | None = None) -> None:
        self.encounter = encounter
        percent = self.payer_percent()
        rows = [] if encounter is None else encounter_rows(encounter, alone or [], percent)
        self.encounter_table_rows = rows
        self.encounter_model.set_rows(rows)
        self.encounter_view.setColumnHidden(EncounterModel.PAYER_COLUMN, percent is None)
        if percent is not None:
            self.encounter_model.set_payer_header(f"Payer {percent_text(percent)}%")
        self.export_encounter_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))
        self.clear_button.setEnabled(bool(rows))
        if encounter is None:
            self.encounter_total.setText(f"<span style='{HINT_STYLE}'>empty: price a line above, "
                                         "then \u201cAdd to encounter\u201d</span>")
            return
        total = f"total allowed <b>{money(encounter.total)}</b>"
        if percent is not None:
            payer = money(encounter_total(rows, "payer"))
            total += f" &nbsp; payer at {percent_text(percent)}%: <b>{payer}</b>"
        reduced = sum(1 for r in rows if r.reduced)
        if reduced:
            total += f" &nbsp; <span style='background:#fff1cc'>\u25bc {reduced} line" \
                     f"{'s' if reduced > 1 else ''} reduced by the same-day rules (multiple " \
                     "procedures, bilateral pairs, status T)" \
                     "</span>"
        self.encounter_total.setText(total)

    # -- messages and files -----------------------------------------------------------------

    def _message(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _complete(self, text: str) -> None:
        self.completions.set_rows(code_completions(self.conn, text, 50) if text.strip() else [])

    def _export(self, path: Path, header: list[str], cells: list[list[object]], sheet: str,
                money_columns: list[str]) -> bool:
        try:
            count = write_table(path, header, cells, sheet=sheet, money_columns=money_columns)
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
        chosen, _ = QFileDialog.getSaveFileName(self, title, name, "Excel workbook (*.xlsx)")
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


"""Table models of the scrub tab: the worklist's claims with their status, the findings of the
selected claim (filtered by severity and rule) and that claim's service lines, editable. Counts
and money sort as numbers (SORT_ROLE)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush

from core.claims.checked import CheckedClaim
from core.claims.finding import (
    CLEAN,
    ERROR,
    ERRORS,
    INFO,
    SEVERITIES,
    WARNING,
    WARNINGS,
    Finding,
)
from core.claims.model import DX_LETTERS, Claim, ServiceLine
from core.claims_io.values import (
    BadValue,
    parse_date,
    parse_modifiers,
    parse_money,
    parse_pointers,
    parse_units,
)
from core.words import money

from ..palette import AMBER, BLUE, GREEN, GREY, RED, brush
from ..rows_model import Column, Index, RowsModel, SortProxy

NOT_SCRUBBED = "not scrubbed"
DRAFT = "draft"
HAND = "entered by hand"  # the source of a claim or line typed in the tab
STATUS_BRUSHES = {
    ERRORS: brush(RED),
    WARNINGS: brush(AMBER),
    CLEAN: brush(GREEN),
    NOT_SCRUBBED: brush(GREY),
    DRAFT: brush(GREY),
}
STATUS_ORDER = (ERRORS, WARNINGS, NOT_SCRUBBED, DRAFT, CLEAN)  # sorting: worst first
SEVERITY_BRUSHES = {ERROR: brush(RED), WARNING: brush(AMBER), INFO: brush(BLUE)}


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _amount(value: Decimal | None) -> float:
    return -1.0 if value is None else float(value)


def is_draft(claim: Claim) -> bool:
    """A claim added by hand and not filled in yet: no patient, diagnosis, code or charge. It is
    not scrubbed (it would only show errors) until something is typed into it."""
    return (
        claim.source.file == HAND
        and not claim.patient.id
        and not claim.diagnoses
        and all(not line.code and line.charge is None for line in claim.lines)
    )


class ClaimRow:
    """A claim of the worklist and, once scrubbed, its result."""

    def __init__(self, claim: Claim, checked: CheckedClaim | None = None, key: int | None = None):
        self.claim = claim
        self.checked = checked
        self.key = key  # its row in the saved worklist; None until first saved
        self.said_above: set[str] = set()  # rules of its notices shown once above the table

    @property
    def draft(self) -> bool:
        return is_draft(self.claim)

    @property
    def status(self) -> str:
        if self.draft:
            return DRAFT
        return self.checked.status if self.checked else NOT_SCRUBBED

    @property
    def status_note(self) -> str:
        """The checks that could not run, or ran against another quarter ('' when none)."""
        return "" if self.checked is None or self.draft else self.checked.status_note

    @property
    def status_text(self) -> str:
        """The status as shown: a claim some checks could not run on is never just 'clean'.
        When the notices saying so are shown once above the table (said_above), a '*' points
        there instead of repeating them on every claim."""
        note = self.status_note
        if not note:
            return self.status
        rules = {*self.checked.not_checked, *self.checked.other_releases} if self.checked else set()
        return f"{self.status} *" if rules <= self.said_above else f"{self.status} ({note})"

    def count(self, severity: str) -> int:
        return (
            0
            if self.checked is None or self.draft
            else sum(1 for f in self.checked.findings if f.severity == severity)
        )

    @property
    def expected(self) -> Decimal | None:
        return None if self.checked is None or self.draft else self.checked.expected_amount


def _counted(severity: str) -> Column:
    header = "Errors" if severity == ERROR else "Warnings"
    return Column(
        header,
        lambda r: str(r.count(severity)) if r.checked and not r.draft else "",
        True,
        lambda r: r.count(severity) if r.checked and not r.draft else -1,
    )


class ClaimsModel(RowsModel):
    columns: list[Column] = [
        Column("Claim", lambda r: r.claim.claim_id),
        Column("Status", lambda r: r.status_text, sort=lambda r: STATUS_ORDER.index(r.status)),
        _counted(ERROR),
        _counted(WARNING),
        Column("Expected", lambda r: money(r.expected), True, lambda r: _amount(r.expected)),
        Column("Lines", lambda r: str(len(r.claim.lines)), True, lambda r: len(r.claim.lines)),
        Column("Patient", lambda r: r.claim.patient.id),
        Column("Payer", lambda r: r.claim.payer),
    ]

    STATUS = 1

    def background(self, row: ClaimRow, column: int) -> QBrush | None:
        return STATUS_BRUSHES.get(row.status)

    def style(self, row: ClaimRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS and row.status_note:
            return f"{row.status} ({row.status_note})" + (
                ": see the notices above the table" if row.status_text.endswith("*") else ""
            )
        return super().style(row, column, role)


class FindingsModel(RowsModel):
    columns: list[Column] = [
        Column("Severity", lambda f: f.severity, sort=lambda f: SEVERITIES.index(f.severity)),
        Column("Rule", lambda f: f.rule),
        Column(
            "Line",
            lambda f: "claim" if f.line is None else str(f.line),
            True,
            lambda f: 0 if f.line is None else f.line,
        ),
        Column("Message", lambda f: f.message),
        Column("Fix", lambda f: f.fix),
        Column(
            "At stake", lambda f: money(f.money_at_stake), True, lambda f: _amount(f.money_at_stake)
        ),
        Column("Source", lambda f: f.source),
    ]
    MESSAGE, FIX = 3, 4

    def background(self, row: Finding, column: int) -> QBrush | None:
        return SEVERITY_BRUSHES.get(row.severity) if column == 0 else None


class ClaimsProxy(SortProxy):
    def row_index(self, claim_id: str) -> int | None:
        """The proxy row showing the claim `claim_id`."""
        for number, row in enumerate(self.source_rows().rows):
            if row.claim.claim_id == claim_id:
                return self.proxy_row_of(number)
        return None


class FindingsFilter(SortProxy):
    """Findings of one severity and/or one rule ("" lets every value through), without the
    notices shown once for the whole worklist (`shared`: (rule, message) pairs)."""

    def __init__(self, source: FindingsModel) -> None:
        super().__init__(source)
        self.severity = ""
        self.rule = ""
        self.shared: set[tuple[str, str]] = set()

    def set_filter(self, severity: str, rule: str) -> None:
        self.beginFilterChange()
        self.severity, self.rule = severity, rule
        self.endFilterChange(SortProxy.Direction.Rows)

    def set_shared(self, shared: set[tuple[str, str]]) -> None:
        self.beginFilterChange()
        self.shared = shared
        self.endFilterChange(SortProxy.Direction.Rows)

    def accepts(self, row: Finding) -> bool:
        return (
            (not self.severity or row.severity == self.severity)
            and (not self.rule or row.rule == self.rule)
            and (row.rule, row.message) not in self.shared
        )


def _pointers(line: ServiceLine) -> str:
    return "".join(DX_LETTERS[p - 1] if 1 <= p <= len(DX_LETTERS) else "?" for p in line.pointers)


def _set_dos(line: ServiceLine, value: str) -> ServiceLine:
    day = parse_date(value)
    if day is None:
        raise BadValue("a service line needs a date of service, e.g. 11/03/2025")
    return replace(line, dos=day)


def _set_code(line: ServiceLine, value: str) -> ServiceLine:
    code = value.strip().upper()
    if not code:
        raise BadValue("a service line needs a CPT or HCPCS code")
    return replace(line, code=code)


LINE_EDITS: dict[str, Callable[[ServiceLine, str], ServiceLine]] = {
    "DOS": _set_dos,
    "Code": _set_code,
    "Modifiers": lambda line, v: replace(line, modifiers=parse_modifiers(v)),
    "Units": lambda line, v: replace(line, units=parse_units(v)),
    "Charge": lambda line, v: replace(line, charge=parse_money(v)),
    "Pointers": lambda line, v: replace(line, pointers=parse_pointers(v)),
}


class LinesModel(RowsModel):
    """The selected claim's service lines. An edit makes a new ServiceLine and emits
    line_edited(new line); a value that cannot be read emits edit_failed(message)."""

    line_edited = Signal(object)
    edit_failed = Signal(str)
    columns: list[Column] = [
        Column("Line", lambda x: str(x.number), True),
        Column("DOS", lambda x: x.dos.strftime("%m/%d/%Y")),
        Column("Code", lambda x: x.code),
        Column("Modifiers", lambda x: " ".join(x.modifiers)),
        Column("Units", lambda x: _number(x.units), True),
        Column("Charge", lambda x: _number(x.charge), True),
        Column("Pointers", _pointers),
        Column("POS", lambda x: x.pos),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[int] = set()  # line numbers with an error or warning

    def set_lines(self, lines: list[ServiceLine], marked: set[int]) -> None:
        self.marked = marked
        self.set_rows(lines)

    def row_of_line(self, number: int) -> int | None:
        for row, line in enumerate(self.rows):
            if line.number == number:
                return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].header in LINE_EDITS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        edit = LINE_EDITS.get(self.columns[index.column()].header)
        if edit is None:
            return False
        line = self.rows[index.row()]
        try:
            new = edit(line, "" if value is None else str(value))
        except BadValue as exc:
            self.edit_failed.emit(f"Line {line.number}: {exc}")
            return False
        if new == line:
            return False
        self.rows[index.row()] = new
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
        )
        self.line_edited.emit(new)
        return True

    def background(self, row: ServiceLine, column: int) -> QBrush | None:
        return SEVERITY_BRUSHES[WARNING] if row.number in self.marked and column == 0 else None

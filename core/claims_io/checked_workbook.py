"""Checked claims to Excel: Summary, Claims, Lines and Findings sheets.

The Lines sheet holds one row per service line in the canonical worklist columns (plus
line_pos), then the line's status, expected allowed amount and findings: it loads back as a
worklist, and exporting that again gives the same cells. Written with openpyxl's write-only
mode (a 35,000-line worklist stays small in memory) to a temporary file renamed into place.
Text is always written as text: codes keep their leading zeros, and a claim field such as
"=HYPERLINK(...)" arrives as those characters, never as a formula.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.claims.checked import CheckedClaim
from core.claims.finding import ERROR, ERRORS, SEVERITIES, WARNING, WARNINGS, Finding, status_of
from core.claims.model import Claim
from core.jobs import Progress
from core.tabular import MONEY_FORMAT, ExportError, discard_write_only, write_atomically

from .worklist_writer import WORKLIST_HEADERS, worklist_rows

SHEETS = ("Summary", "Claims", "Lines", "Findings")
LINE_HEADERS = (*WORKLIST_HEADERS, "status", "expected_allowed", "findings")
CLAIM_HEADERS = ("claim_id", "payer", "patient_id", "status", "findings", "errors", "warnings",
                 "lines", "charge_total", "expected_allowed", "money_at_stake", "not_checked",
                 "amount_notes", "read_from")
FINDING_HEADERS = ("claim_id", "line", "rule", "severity", "message", "fix", "source",
                   "money_at_stake")
PROGRESS_EVERY = 500
DATE_FORMAT = "mm/dd/yyyy"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT, DATE, MONEY, NUMBER = "text", "date", "money", "number"
_FILLS = {  # Excel's own "good / neutral / bad" colours
    ERRORS: "FFC7CE", ERROR: "FFC7CE", WARNINGS: "FFEB9C", WARNING: "FFEB9C",
    "clean": "C6EFCE", "info": "DDEBF7",
}
_COLUMN_KINDS = {"patient_dob": DATE, "dos": DATE, "units": NUMBER, "charge": MONEY,
                 "expected_allowed": MONEY, "charge_total": MONEY, "money_at_stake": MONEY,
                 "findings": NUMBER, "errors": NUMBER, "warnings": NUMBER, "lines": NUMBER,
                 "line": NUMBER}
_WIDTHS = {"claim_id": 14, "payer": 16, "patient_id": 12, "patient_dob": 12, "patient_sex": 6,
           "billing_npi": 13, "rendering_npi": 13, "pos": 6, "service_zip": 8, "dos": 12,
           "hcpcs": 9, "modifiers": 10, "units": 7, "charge": 12, "dx_pointers": 8,
           "line_pos": 8, "status": 10, "expected_allowed": 14, "message": 70, "fix": 60,
           "source": 40, "amount_notes": 60, "read_from": 30, "not_checked": 18, "rule": 20,
           "severity": 9, "line": 6, "money_at_stake": 14, "charge_total": 13}
_WIDE = {"findings": 80}


def write_checked_workbook(path: Path, checked: Sequence[CheckedClaim], releases: str,
                           checked_at: datetime, progress: Progress | None = None) -> None:
    """Write the checked claims to `path` (.xlsx) via a temporary file renamed into place.
    Raises ExportError with a message for the user (wrong suffix, file open elsewhere...).
    `progress` (core.jobs) is called every few hundred rows; raising Cancelled from it stops the
    export and no file is left behind (an existing `path` stays as it was)."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path.name}: the checked claims are an Excel workbook; name it .xlsx")
    write_atomically(path, lambda temporary: _Book(checked, progress).save(
        temporary, releases, checked_at))


def line_amounts(item: CheckedClaim) -> Mapping[int, Decimal | None]:
    """Each line's expected allowed amount by line number."""
    return item.line_amounts


@dataclass(frozen=True)
class _Styles:
    bold: Font
    fills: dict[str, PatternFill]


class _Book:
    def __init__(self, checked: Sequence[CheckedClaim], progress: Progress | None) -> None:
        self.checked = checked
        self.progress = progress
        self.done = 0
        self.total = len(checked) + sum(len(c.claim.lines) + len(c.findings) for c in checked)
        self.book = Workbook(write_only=True)
        self.styles = _Styles(Font(bold=True), {key: PatternFill("solid", start_color=colour)
                                                for key, colour in _FILLS.items()})
        self._protos: dict[str, Any] = {}

    def save(self, path: Path, releases: str, checked_at: datetime) -> None:
        try:
            self._write(path, releases, checked_at)
        except BaseException:
            discard_write_only(self.book)
            raise

    def _write(self, path: Path, releases: str, checked_at: datetime) -> None:
        self._summary(releases, checked_at)
        self._table("Claims", CLAIM_HEADERS, (_claim_row(c) for c in self.checked),
                    len(self.checked), status_column="status")
        line_count = sum(len(c.claim.lines) for c in self.checked)
        self._table("Lines", LINE_HEADERS, (row for c in self.checked for row in _line_rows(c)),
                    line_count, status_column="status")
        findings = [(c.claim, f) for c in self.checked for f in c.findings]
        self._table("Findings", FINDING_HEADERS, (_finding_row(f) for _, f in findings),
                    len(findings), status_column="severity")
        self.book.save(path)
        self._report(self.total)

    def _sheet(self, title: str, headers: Sequence[str], rows: int | None) -> Any:
        """A sheet with its header row frozen, an autofilter over `rows` data rows (None: no
        filter) and its column widths, all set before the first row is written."""
        sheet = self.book.create_sheet(title)
        sheet.freeze_panes = "A2"
        if rows is not None:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
        for index, name in enumerate(headers, start=1):
            width = _WIDE.get(name) if title == "Lines" else None
            width = width or _WIDTHS.get(name, max(10, len(name) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
        return sheet

    def _table(self, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
               count: int, status_column: str) -> None:
        sheet = self._sheet(title, headers, count)
        kinds = [_COLUMN_KINDS.get(name, TEXT) for name in headers]
        if title == "Lines":
            kinds[headers.index("findings")] = TEXT
        status_index = headers.index(status_column)
        sheet.append([self._header(sheet, name) for name in headers])
        cell = self._cell
        for row in rows:
            out = [cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)]
            status = row[status_index]
            if status in _FILLS:
                out[status_index] = self._styled(sheet, status, f"fill:{status}")
            sheet.append(out)
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self._report(self.done)

    def _report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(f"Wrote {done:,} of {self.total:,} rows", done / max(self.total, 1))

    def _header(self, sheet: Any, name: str) -> WriteOnlyCell:
        return self._styled(sheet, name, "bold")

    def _cell(self, sheet: Any, value: object, kind: str) -> object:
        """One cell: None stays empty; text is always text (never a formula, an error value or
        a number); dates and money carry their format. Plain values go in as they are, the
        fastest way through openpyxl; only what needs it becomes a WriteOnlyCell."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            if text[:1] not in ("=", "#"):   # openpyxl would make these formulas / errors
                return text
            forced = WriteOnlyCell(sheet, value=text)
            forced.data_type = "s"           # "=HYPERLINK(...)" stays the text typed
            return forced
        if kind == TEXT:
            return self._cell(sheet, str(value), TEXT)
        if isinstance(value, Decimal):
            if kind == MONEY:
                return self._styled(sheet, float(value), MONEY)
            return int(value) if value == value.to_integral_value() else float(value)
        if kind == "datetime":
            return self._styled(sheet, value, "datetime")
        if isinstance(value, date):
            return self._styled(sheet, value, DATE)
        return value

    def _styled(self, sheet: Any, value: object, style: str) -> WriteOnlyCell:
        """A cell with one of a few styles. The style is built once and copied: assigning a
        Font or a PatternFill to every cell would hash it each time (slow on 35,000 rows)."""
        cell = WriteOnlyCell(sheet, value=value)
        proto = self._protos.get(style)
        if proto is not None:
            cell._style = copy(proto)
            return cell
        if style == "bold":
            cell.font = self.styles.bold
        elif style == MONEY:
            cell.number_format = MONEY_FORMAT
        elif style == DATE:
            cell.number_format = DATE_FORMAT
        elif style == "datetime":
            cell.number_format = DATETIME_FORMAT
        else:
            cell.fill = self.styles.fills[style.removeprefix("fill:")]
        self._protos[style] = copy(cell._style)
        return cell

    def _summary(self, releases: str, checked_at: datetime) -> None:
        by_rule = Counter((f.rule, f.severity) for c in self.checked for f in c.findings)
        stake: dict[tuple[str, str], Decimal] = {}
        for item in self.checked:
            for f in item.findings:
                if f.money_at_stake is not None:
                    key = (f.rule, f.severity)
                    stake[key] = stake.get(key, Decimal(0)) + f.money_at_stake
        rules = sorted(by_rule, key=lambda k: (SEVERITIES.index(k[1]), k[0]))
        sheet = self._sheet("Summary", ("item", "value", "severity", "money_at_stake"), None)
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 60
        statuses = Counter(c.status for c in self.checked)
        charges = [_charge_total(c.claim) for c in self.checked]
        amounts = [c.expected_amount for c in self.checked if c.expected_amount is not None]
        rows: list[tuple[object, ...]] = [
            ("checked at", checked_at), ("data releases used", releases),
            ("claims", len(self.checked)), ("clean", statuses["clean"]),
            ("with warnings", statuses[WARNINGS]), ("with errors", statuses[ERRORS]),
            ("service lines", sum(len(c.claim.lines) for c in self.checked)),
            ("charges", _sum(c for c in charges if c is not None)),
            ("expected Medicare allowed", _sum(amounts)),
            ("money at stake (errors and warnings)", _sum(
                v for (_, sev), v in stake.items() if sev in (ERROR, WARNING))),
            (),
        ]
        sheet.append([self._header(sheet, name) for name in ("item", "value")])
        kinds = {"checked at": "datetime", "charges": MONEY, "expected Medicare allowed": MONEY,
                 "money at stake (errors and warnings)": MONEY}
        for row in rows:
            if row:
                label = str(row[0])
                sheet.append([self._cell(sheet, label, TEXT),
                              self._cell(sheet, row[1], kinds.get(label, NUMBER))])
            else:
                sheet.append([])
        sheet.append([self._header(sheet, name)
                      for name in ("findings by rule", "findings", "severity", "money_at_stake")])
        for rule, severity in rules:
            sheet.append([self._cell(sheet, rule, TEXT), by_rule[rule, severity],
                          self._styled(sheet, severity, f"fill:{severity}"),
                          self._cell(sheet, stake.get((rule, severity)), MONEY)])


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _charge_total(claim: Claim) -> Decimal | None:
    charges = [line.charge for line in claim.lines if line.charge is not None]
    return _sum(charges) if charges else claim.total_charge


def _claim_row(item: CheckedClaim) -> tuple[object, ...]:
    claim = item.claim
    severities = Counter(f.severity for f in item.findings)
    stake = [f.money_at_stake for f in item.findings
             if f.money_at_stake is not None and f.severity in (ERROR, WARNING)]
    return (claim.claim_id, claim.payer, claim.patient.id, item.status, len(item.findings),
            severities[ERROR], severities[WARNING], len(claim.lines), _charge_total(claim),
            item.expected_amount, _sum(stake) if stake else None,
            ", ".join(item.not_checked), "; ".join(item.amount_notes), claim.source.describe())


def _line_rows(item: CheckedClaim) -> Iterable[tuple[object, ...]]:
    by_line: dict[int | None, list[Finding]] = {}
    for finding in item.findings:
        by_line.setdefault(finding.line, []).append(finding)
    amounts = line_amounts(item)
    for line, cells in worklist_rows(item.claim):
        findings = by_line.get(line.number, [])
        yield (*cells, status_of(findings), amounts.get(line.number), _joined(findings))


def _joined(findings: Sequence[Finding]) -> str:
    return "; ".join(f"{f.severity} {f.rule}: {f.message}" for f in findings)


def _finding_row(finding: Finding) -> tuple[object, ...]:
    return (finding.claim_id, finding.line, finding.rule, finding.severity, finding.message,
            finding.fix, finding.source, finding.money_at_stake)

"""Checked claims to Excel: Summary, Claims, Lines and Findings sheets.

The Lines sheet holds one row per service line in the canonical worklist columns (plus
line_pos), then the line's status, expected allowed amount and findings: it loads back as a
worklist, and exporting that again gives the same cells. Written with xlsxwriter in constant
memory mode (core.tabular.XlsxWriter: measured 3x faster than openpyxl's write-only mode on
these cells, bench/bench_export.py) claim by claim, so a scrub streams straight into it, to a
temporary file renamed into place. Text is always written as text (core.tabular.literal_text):
codes keep their leading zeros, and a claim field such as "=HYPERLINK(...)" arrives as those
characters, never as a formula.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from core.claims.checked import CheckedClaim
from core.claims.finding import ERROR, ERRORS, SEVERITIES, WARNING, WARNINGS, Finding, status_of
from core.claims.model import Claim
from core.jobs import Progress
from core.tabular import (
    DATE,
    MONEY,
    NUMBER,
    TEXT,
    ExportError,
    FastRows,
    XlsxWriter,
    atomic_path,
    write_atomically,
)

from .worklist_writer import WORKLIST_HEADERS, worklist_rows

SHEETS = ("Summary", "Claims", "Lines", "Findings")
LINE_HEADERS = (*WORKLIST_HEADERS, "status", "expected_allowed", "findings")
CLAIM_HEADERS = (
    "claim_id",
    "payer",
    "patient_id",
    "status",
    "findings",
    "errors",
    "warnings",
    "lines",
    "charge_total",
    "expected_allowed",
    "money_at_stake",
    "not_checked",
    "amount_notes",
    "read_from",
)
FINDING_HEADERS = (
    "claim_id",
    "line",
    "rule",
    "severity",
    "message",
    "fix",
    "source",
    "money_at_stake",
)
PROGRESS_EVERY = 500
EXCEL_ROWS = 1_048_576  # rows of a sheet, the header included
_FILLS = {  # Excel's own "good / neutral / bad" colours
    ERRORS: "FFC7CE",
    ERROR: "FFC7CE",
    WARNINGS: "FFEB9C",
    WARNING: "FFEB9C",
    "clean": "C6EFCE",
    "info": "DDEBF7",
}
_COLUMN_KINDS = {
    "patient_dob": DATE,
    "dos": DATE,
    "units": NUMBER,
    "charge": MONEY,
    "expected_allowed": MONEY,
    "charge_total": MONEY,
    "money_at_stake": MONEY,
    "findings": NUMBER,
    "errors": NUMBER,
    "warnings": NUMBER,
    "lines": NUMBER,
    "line": NUMBER,
}
_WIDTHS = {
    "claim_id": 14,
    "payer": 16,
    "patient_id": 12,
    "patient_dob": 12,
    "patient_sex": 6,
    "billing_npi": 13,
    "rendering_npi": 13,
    "pos": 6,
    "service_zip": 8,
    "dos": 12,
    "hcpcs": 9,
    "modifiers": 10,
    "units": 7,
    "charge": 12,
    "dx_pointers": 8,
    "line_pos": 8,
    "status": 10,
    "expected_allowed": 14,
    "message": 70,
    "fix": 60,
    "source": 40,
    "amount_notes": 60,
    "read_from": 30,
    "not_checked": 18,
    "rule": 20,
    "severity": 9,
    "line": 6,
    "money_at_stake": 14,
    "charge_total": 13,
}
_WIDE = {"findings": 80}


def write_checked_workbook(
    path: Path,
    checked: Iterable[CheckedClaim],
    releases: str,
    checked_at: datetime,
    progress: Progress | None = None,
) -> None:
    """Write the checked claims to `path` (.xlsx) via a temporary file renamed into place.
    Raises ExportError with a message for the user (wrong suffix, file open elsewhere...).
    `progress` (core.jobs) is called every few hundred rows (given a list, with its total);
    raising Cancelled from it stops the export and no file is left behind (an existing `path`
    stays as it was). The claims are taken one at a time (CheckedWorkbook)."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path.name}: the checked claims are an Excel workbook; name it .xlsx")
    write_atomically(
        path, lambda temporary: _Book(checked, progress).save(temporary, releases, checked_at)
    )


class CheckedWorkbook:
    """The checked-claims workbook written as the claims come (constant memory):

        with CheckedWorkbook(path, releases, checked_at) as book:
            for item in checked:
                book.add(item)

    The file appears, complete, when the block ends; an error or Cancelled in the block
    leaves none (ExportError says what went wrong writing it)."""

    def __init__(
        self,
        path: Path,
        releases: str,
        checked_at: datetime,
        progress: Progress | None = None,
        total: int | None = None,
    ) -> None:
        if path.suffix.lower() != ".xlsx":
            raise ExportError(
                f"{path.name}: the checked claims are an Excel workbook; name it .xlsx"
            )
        self.path, self.releases, self.checked_at = path, releases, checked_at
        self.progress, self.total = progress, total
        self._atomic = atomic_path(path)
        self._writer: _Writer | None = None

    def __enter__(self) -> CheckedWorkbook:
        temporary = self._atomic.__enter__()
        try:
            self._writer = _Writer(temporary, self.progress, self.total)
        except BaseException:
            self._atomic.__exit__(*sys.exc_info())
            raise
        return self

    def add(self, item: CheckedClaim) -> None:
        assert self._writer is not None
        self._writer.add(item)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool | None:
        writer, self._writer = self._writer, None
        assert writer is not None
        if kind is None:
            try:
                writer.finish(self.releases, self.checked_at)
            except BaseException:
                writer.discard()
                return self._atomic.__exit__(*sys.exc_info())
        else:
            writer.discard()
        return self._atomic.__exit__(kind, error, trace)


def line_amounts(item: CheckedClaim) -> Mapping[int, Decimal | None]:
    """Each line's expected allowed amount by line number."""
    return item.line_amounts


class _Book:
    """write_checked_workbook's writer: every claim, then the summary, then the file."""

    def __init__(self, checked: Iterable[CheckedClaim], progress: Progress | None) -> None:
        self.checked = checked
        self.progress = progress
        self.total = (
            None
            if not isinstance(checked, Sequence)
            else len(checked) + sum(len(c.claim.lines) + len(c.findings) for c in checked)
        )

    def save(self, path: Path, releases: str, checked_at: datetime) -> None:
        writer = _Writer(path, self.progress, self.total)
        try:
            for item in self.checked:
                writer.add(item)
            writer.finish(releases, checked_at)
        except BaseException:
            writer.discard()
            raise


class _Writer:
    """The four sheets, written row by row: Claims, Lines and Findings as each claim comes,
    Summary (the first sheet) from the counts at the end."""

    def __init__(self, path: Path, progress: Progress | None, total: int | None) -> None:
        self.progress, self.total = progress, total
        self.done = 0
        self.xlsx = XlsxWriter(path, _FILLS)
        self.summary = self._sheet("Summary", ("item", "value"), (34, 60, 9, 14))
        self.tables = {
            title: _Table(
                self.xlsx,
                self._sheet(title, headers, _widths(title, headers)),
                headers,
                title,
                status,
            )
            for title, headers, status in (
                ("Claims", CLAIM_HEADERS, "status"),
                ("Lines", LINE_HEADERS, "status"),
                ("Findings", FINDING_HEADERS, "severity"),
            )
        }
        self.counts = _Counts()

    def _sheet(self, title: str, headers: Sequence[str], widths: Sequence[float]) -> Any:
        return self.xlsx.sheet(title, headers, widths)

    def add(self, item: CheckedClaim) -> None:
        self.counts.add(item)
        claims, lines, findings = (self.tables[t] for t in ("Claims", "Lines", "Findings"))
        self._row(claims, _claim_row(item))
        for row in _line_rows(item):
            self._row(lines, row)
        for finding in item.findings:
            self._row(findings, _finding_row(finding))

    def _row(self, table: _Table, row: Sequence[object]) -> None:
        if table.rows + 1 >= EXCEL_ROWS:
            raise ExportError(
                f"the {table.title} sheet would pass Excel's {EXCEL_ROWS:,} rows: "
                "write the checked claims as JSON lines (scrub --jsonl), or "
                "split the worklist"
            )
        table.rows += 1
        cells: list[tuple[int, str, object, Any]] = []
        fills, x = self.xlsx.fills, self.xlsx
        for column, (value, kind) in enumerate(zip(row, table.kinds, strict=True)):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                style = fills.get(value) if column == table.status else None
                cells.append((column, "text", value, style))
            elif kind == TEXT:
                cells.append((column, "text", str(value), None))
            elif isinstance(value, Decimal):
                if kind == MONEY:
                    cells.append((column, "number", float(value), x.money))
                else:
                    whole = value == value.to_integral_value()
                    cells.append((column, "number", int(value) if whole else float(value), None))
            elif isinstance(value, bool):
                cells.append((column, "bool", value, None))
            elif isinstance(value, date):
                cells.append((column, "date", value, x.date))
            elif isinstance(value, int | float):
                cells.append((column, "number", value, None))
            else:
                cells.append((column, "text", str(value), None))
        table.fast.row(table.rows, cells)
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self._report(self.done)

    def _report(self, done: int, last: bool = False) -> None:
        if self.progress is None:
            return
        if self.total is None:  # claims handed over one by one: how many is not known
            self.progress(f"Wrote {done:,} rows", 1.0 if last else 0.0)
        else:
            self.progress(f"Wrote {done:,} of {self.total:,} rows", done / max(self.total, 1))

    def finish(self, releases: str, checked_at: datetime) -> None:
        for table in self.tables.values():
            table.sheet.autofilter(0, 0, table.rows, len(table.kinds) - 1)
        self._summary(releases, checked_at)
        self.xlsx.close()
        self._report(self.total if self.total is not None else self.done, last=True)

    def discard(self) -> None:
        self.xlsx.discard()

    def _summary(self, releases: str, checked_at: datetime) -> None:
        counts, sheet, x = self.counts, self.summary, self.xlsx
        rows: list[tuple[str, object, str]] = [
            ("checked at", checked_at, DATE),
            ("data releases used", releases, TEXT),
            ("claims", counts.claims, NUMBER),
            ("clean", counts.statuses["clean"], NUMBER),
            ("with warnings", counts.statuses[WARNINGS], NUMBER),
            ("with errors", counts.statuses[ERRORS], NUMBER),
            ("service lines", counts.lines, NUMBER),
            ("charges", counts.charges, MONEY),
            ("expected Medicare allowed", counts.expected, MONEY),
            (
                "money at stake (errors and warnings)",
                _sum(v for (_, sev), v in counts.stake.items() if sev in (ERROR, WARNING)),
                MONEY,
            ),
        ]
        for number, (label, value, kind) in enumerate(rows, start=1):
            x.text(sheet, number, 0, label)
            x.write(sheet, number, 1, value, kind)
        number = len(rows) + 2  # a blank row, then the findings by rule
        for column, name in enumerate(
            ("findings by rule", "findings", "severity", "money_at_stake")
        ):
            x.text(sheet, number, column, name, x.bold)
        by_rule = counts.by_rule
        for rule, severity in sorted(by_rule, key=lambda k: (SEVERITIES.index(k[1]), k[0])):
            number += 1
            x.text(sheet, number, 0, rule)
            sheet.write_number(number, 1, by_rule[rule, severity])
            x.text(sheet, number, 2, severity, x.fills[severity])
            stake = counts.stake.get((rule, severity))
            if stake is not None:
                sheet.write_number(number, 3, float(stake), x.money)


class _Table:
    def __init__(
        self, xlsx: XlsxWriter, sheet: Any, headers: Sequence[str], title: str, status: str
    ) -> None:
        self.title = title
        self.sheet = sheet
        self.fast = FastRows(xlsx, sheet)
        self.rows = 0
        self.kinds = [_COLUMN_KINDS.get(name, TEXT) for name in headers]
        if title == "Lines":
            self.kinds[headers.index("findings")] = TEXT
        self.status = headers.index(status)


class _Counts:
    """What the Summary sheet says, added up claim by claim."""

    def __init__(self) -> None:
        self.claims = self.lines = 0
        self.statuses: Counter[str] = Counter()
        self.by_rule: Counter[tuple[str, str]] = Counter()
        self.stake: dict[tuple[str, str], Decimal] = {}
        self.charges = self.expected = Decimal(0)

    def add(self, item: CheckedClaim) -> None:
        self.claims += 1
        self.lines += len(item.claim.lines)
        self.statuses[item.status] += 1
        for f in item.findings:
            key = (f.rule, f.severity)
            self.by_rule[key] += 1
            if f.money_at_stake is not None:
                self.stake[key] = self.stake.get(key, Decimal(0)) + f.money_at_stake
        charge = _charge_total(item.claim)
        if charge is not None:
            self.charges += charge
        if item.expected_amount is not None:
            self.expected += item.expected_amount


def _widths(title: str, headers: Sequence[str]) -> list[float]:
    widths: list[float] = []
    for name in headers:
        width = _WIDE.get(name) if title == "Lines" else None
        widths.append(width or _WIDTHS.get(name, max(10, len(name) + 2)))
    return widths


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _charge_total(claim: Claim) -> Decimal | None:
    charges = [line.charge for line in claim.lines if line.charge is not None]
    return _sum(charges) if charges else claim.total_charge


def _claim_row(item: CheckedClaim) -> tuple[object, ...]:
    claim = item.claim
    severities = Counter(f.severity for f in item.findings)
    stake = [
        f.money_at_stake
        for f in item.findings
        if f.money_at_stake is not None and f.severity in (ERROR, WARNING)
    ]
    return (
        claim.claim_id,
        claim.payer,
        claim.patient.id,
        item.status,
        len(item.findings),
        severities[ERROR],
        severities[WARNING],
        len(claim.lines),
        _charge_total(claim),
        item.expected_amount,
        _sum(stake) if stake else None,
        ", ".join(item.not_checked),
        "; ".join(item.amount_notes),
        claim.source.describe(),
    )


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
    return (
        finding.claim_id,
        finding.line,
        finding.rule,
        finding.severity,
        finding.message,
        finding.fix,
        finding.source,
        finding.money_at_stake,
    )

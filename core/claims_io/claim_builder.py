"""Worklist rows to claims: rows with the same claim id become one claim, its claim-level fields
must agree between rows (a blank repeats the claim's value), and rows that could not become a
service line leave the claim marked incomplete rather than silently shorter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.claims.model import Claim, Diagnosis, Patient, ServiceLine, Source

from .problems import Problem
from .values import text


# Cell, LineDraft and RowValues pass a row from the sheet reader to the assembler, one of each
# (or ten cells) for every row read: plain slotted classes, as frozen dataclasses took 15% of
# the reading to make (bench/bench_scrub_process.py).
@dataclass(slots=True)
class Cell:
    """A parsed value and the column it came from (for messages)."""

    value: object
    header: str
    column_number: int
    raw_value: object = None  # the cell itself (to parse a repeated cell only once)

    @property
    def raw(self) -> str:
        """The cell as written, where the stored value is normalized."""
        return text(self.raw_value)


@dataclass(slots=True)
class LineDraft:
    dos: date
    code: str
    modifiers: tuple[str, ...]
    units: Decimal | None
    charge: Decimal | None
    pointers: tuple[int, ...]
    pos: str


@dataclass(slots=True)
class RowValues:
    """One worklist row after parsing: its claim-level values (blank and unreadable cells left
    out) and its service line, or None when the row could not become one."""

    source: Source
    claim_id: str
    claim_cells: dict[str, Cell]
    line: LineDraft | None
    had_problems: bool = False


@dataclass
class _Draft:
    claim_id: str
    source: Source
    values: dict[str, tuple[Cell, Source]] = field(default_factory=dict)
    lines: list[ServiceLine] = field(default_factory=list)
    rows: int = 0  # every row of the claim, read or not: line numbers keep their gaps
    incomplete: bool = False
    agreed: dict[str, Cell] | None = None  # the claim cells of a row that agreed with the claim


class ScatteredClaim(Exception):
    """A claim's rows are not together in the file (streaming cannot finish the claim early)."""


class ClaimAssembler:
    """Collects the rows of one file (all its sheets) and builds its claims in first-seen order.

    `streaming`: a claim is finished as soon as a row of another claim follows, and `finished()`
    hands it out then, so a file of a million claims is never held; a claim whose rows come back
    after another claim's raises ScatteredClaim (the caller reads that file whole instead). The
    claims and problems are the same either way, in the same order. `finished_before(id)` says
    whether a claim id was finished earlier in this file (the caller keeps every id anyway);
    by default the assembler keeps its own set."""

    def __init__(
        self,
        file: str,
        problems: list[Problem],
        streaming: bool = False,
        finished_before: Callable[[str], bool] | None = None,
    ) -> None:
        self.file = file
        self.problems = problems
        self.streaming = streaming
        self._drafts: dict[str, _Draft] = {}
        self._done: list[Claim] = []
        self._closed: set[str] = set()
        self._keeps_ids = finished_before is None
        self._finished_before = finished_before or self._closed.__contains__
        self._left_out: list[Problem] = []  # said after the file's rows, as claims() says them

    def add(self, row: RowValues) -> None:
        draft = self._drafts.get(row.claim_id)
        if draft is None:
            if self.streaming:
                if self._finished_before(row.claim_id):
                    raise ScatteredClaim(row.claim_id)
                self._finish_open()
            draft = self._drafts[row.claim_id] = _Draft(row.claim_id, row.source)
        if row.claim_cells is not draft.agreed:  # the same cells as the last row: agreed
            said = len(self.problems)
            for name, cell in row.claim_cells.items():
                self._agree(draft, name, cell, row.source)
            draft.agreed = row.claim_cells if len(self.problems) == said else None
        draft.incomplete = draft.incomplete or row.had_problems or row.line is None
        draft.rows += 1
        if row.line is None:
            return
        line = row.line
        draft.lines.append(
            ServiceLine(
                number=draft.rows,
                dos=line.dos,
                code=line.code,
                modifiers=line.modifiers,
                units=line.units,
                charge=line.charge,
                pointers=line.pointers,
                source=row.source,
                pos=line.pos,
            )
        )

    @property
    def ready(self) -> bool:
        """Whether finished claims wait to be handed out."""
        return bool(self._done)

    def finished(self) -> list[Claim]:
        """The claims finished since the last call (streaming), in order."""
        done, self._done = self._done, []
        return done

    def _finish_open(self) -> None:
        for draft in self._drafts.values():
            if self.streaming and self._keeps_ids:
                self._closed.add(draft.claim_id)
            self._build(draft)
        self._drafts.clear()

    def _agree(self, draft: _Draft, name: str, cell: Cell, source: Source) -> None:
        known = draft.values.get(name)
        if known is None:
            draft.values[name] = (cell, source)
            return
        first, first_source = known
        if first.value != cell.value:
            draft.incomplete = True
            self.problems.append(
                Problem(
                    self.file,
                    f"claim {draft.claim_id}: {name} is {_show(cell.value)} here but "
                    f"{_show(first.value)} on row {first_source.row}; the rows of one claim must "
                    f"agree (the claim keeps {_show(first.value)}): correct one of them",
                    sheet=source.sheet,
                    row=source.row,
                    column=cell.header,
                    column_number=cell.column_number,
                    claim_id=draft.claim_id,
                )
            )

    def claims(self) -> list[Claim]:
        """Every claim not handed out yet (at the end of the file)."""
        self._finish_open()
        self.problems.extend(self._left_out)
        self._left_out.clear()
        return self.finished()

    def _build(self, draft: _Draft) -> None:
        if not draft.lines:
            self._left_out.append(
                Problem(
                    self.file,
                    f"claim {draft.claim_id}: none of its rows could be read as a "
                    "service line, so the claim is left out: fix the rows reported above",
                    sheet=draft.source.sheet,
                    row=draft.source.row,
                    claim_id=draft.claim_id,
                )
            )
            return
        self._done.append(self._claim(draft))

    def _claim(self, draft: _Draft) -> Claim:
        def get(name: str, default: object = "") -> object:
            known = draft.values.get(name)
            return known[0].value if known else default

        diagnoses = tuple(
            Diagnosis(position=n, code=str(cell.value), raw=cell.raw)
            for n, cell in ((n, _cell(draft, name)) for n, name in _DX_NAMES)
            if cell is not None and cell.value
        )
        patient = Patient(
            id=str(get("patient_id")),
            dob=_date_or_none(get("patient_dob", None)),
            sex=_str_or_none(get("patient_sex", None)),
        )
        return Claim(
            claim_id=draft.claim_id,
            payer=str(get("payer")),
            patient=patient,
            billing_npi=str(get("billing_npi")),
            rendering_npi=str(get("rendering_npi")),
            pos=str(get("pos")),
            service_zip=str(get("service_zip")),
            diagnoses=diagnoses,
            lines=tuple(draft.lines),
            source=draft.source,
            incomplete=draft.incomplete,
        )


_DX_NAMES = tuple((n, f"dx{n}") for n in range(1, 13))


def _cell(draft: _Draft, name: str) -> Cell | None:
    known = draft.values.get(name)
    return known[0] if known else None


def _show(value: object) -> str:
    return f"'{value.isoformat()}'" if isinstance(value, date) else f"'{value}'"


def _date_or_none(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None

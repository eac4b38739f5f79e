"""The data rows of one worklist sheet (or CSV file) to RowValues for the claim assembler: every
cell parsed by its column's parser (core/claims_io/values.py), every unreadable cell reported
with its file, sheet, row and column.

A worklist repeats itself: the claim-level cells of a claim's rows, and the same dates, codes,
units and pointers on thousands of rows. A claim's repeated cells are parsed once (`_claim_cells`)
and each column keeps the values it has already parsed (`_Parsers`), so a row costs little more
than reading it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any

from core.claims.model import MAX_MODIFIERS, Source

from . import values as v
from .claim_builder import Cell, ClaimAssembler, LineDraft, RowValues
from .columns import CLAIM_LEVEL, MODIFIER_COLUMNS, HeaderMap
from .problems import Problem

PROGRESS_EVERY = 500  # rows between two progress reports
CACHE_LIMIT = 50_000  # parsed values kept per column (then the column starts afresh)
_CLAIM_PARSERS: dict[str, Callable[[object], object]] = {
    "payer": v.text,
    "patient_id": v.text,
    "patient_dob": v.parse_date,
    "patient_sex": v.parse_sex,
    "billing_npi": v.text,
    "rendering_npi": v.text,
    "pos": v.parse_pos,
    "service_zip": v.parse_zip,
    **{f"dx{n}": v.normalize_icd10 for n in range(1, 13)},
}
_LINE_PARSERS: dict[str, Callable[[object], object]] = {
    "dos": v.parse_date,
    "hcpcs": v.parse_procedure,
    "units": v.parse_units,
    "charge": v.parse_money,
    "dx_pointers": v.parse_pointers,
    "line_pos": v.parse_pos,
    "modifiers": v.parse_modifiers,
    **{name: v.parse_modifiers for name in MODIFIER_COLUMNS},
}
_NOT_CACHED = frozenset({"charge"})  # nearly every charge differs


class Unreadable:
    """A cell whose value cannot be known (an .xlsx formula saved without its result): reading
    it raises BadValue with `reason`, so the row is reported, never read as blank."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unreadable({self.reason!r})"


def _parser(parse: Callable[[object], object], cached: bool) -> Callable[[object], Any]:
    """`parse`, remembering what each hashable cell value gave (BadValue is raised again)."""
    memo: dict[object, object] = {}

    def remember(key: object, raw: object) -> object:
        value = parse(raw)
        if len(memo) >= CACHE_LIMIT:
            memo.clear()
        memo[key] = value
        return value

    def read(raw: object) -> object:
        if type(raw) is str:  # every CSV cell, most workbook cells
            found = memo.get(raw, memo)
            return remember(raw, raw) if found is memo else found
        if isinstance(raw, Unreadable):
            raise v.BadValue(raw.reason)
        key = (type(raw), raw)  # 1, 1.0 and True are different cells
        try:
            found = memo.get(key, memo)
        except TypeError:  # not hashable
            return parse(raw)
        return remember(key, raw) if found is memo else found

    def read_uncached(raw: object) -> object:
        if isinstance(raw, Unreadable):
            raise v.BadValue(raw.reason)
        return parse(raw)

    return read if cached else read_uncached


class SheetReader:
    """Turns the data rows of one sheet into RowValues for the assembler."""

    def __init__(
        self,
        file: str,
        sheet: str | None,
        mapping: HeaderMap,
        assembler: ClaimAssembler,
        problems: list[Problem],
    ) -> None:
        self.file, self.sheet, self.mapping = file, sheet, mapping
        self.assembler, self.problems = assembler, problems
        self.previous_claim = ""
        self.last_row = 0
        fields = mapping.fields
        self._claim_index = fields.get("claim_id")
        self._claim_fields = [
            (name, fields[name], _parser(_CLAIM_PARSERS[name], True))
            for name in CLAIM_LEVEL
            if name in fields
        ]
        self._claim_getter = _getter([index for _, index, _ in self._claim_fields])
        self._line_parsers = {
            name: _parser(parse, name not in _NOT_CACHED)
            for name, parse in _LINE_PARSERS.items()
            if name in fields
        }
        self._modifier_fields = [
            name for name in ("modifiers", *MODIFIER_COLUMNS) if name in fields
        ]
        self._width = max(fields.values()) + 1
        # the last row's claim-level cells: (claim id, raw cells, parsed cells, all parsed)
        self._last: tuple[str, tuple[object, ...] | None, dict[str, Cell], bool] = (
            "",
            None,
            {},
            False,
        )

    def read(
        self, rows: Iterator[tuple[int, tuple[object, ...]]], on_rows: Callable[[int], None]
    ) -> Iterator[None]:
        """Read the data rows; on_rows(row number) every PROGRESS_EVERY rows. Yields whenever
        the assembler has finished claims to hand out."""
        width = self._width
        for number, cells in rows:
            self.last_row = number
            if number % PROGRESS_EVERY == 0:
                on_rows(number)
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            if len(cells) < width:
                cells = (*cells, *(None,) * (width - len(cells)))
            self._row(number, cells)
            if self.assembler.ready:
                yield None

    def _problem(self, number: int, name: str, claim_id: str, message: str) -> None:
        index = self.mapping.fields[name]
        self.problems.append(
            Problem(
                self.file,
                message,
                sheet=self.sheet,
                row=number,
                column=self.mapping.headers[index],
                column_number=index + 1,
                claim_id=claim_id or None,
            )
        )

    def _row(self, number: int, cells: tuple[object, ...]) -> None:
        raw_id = cells[self._claim_index] if self._claim_index is not None else None
        if isinstance(raw_id, Unreadable):
            self._problem(
                number,
                "claim_id",
                "",
                f"{raw_id.reason}; the row is not loaded "
                "(it is not taken as part of the claim above)",
            )
            self.previous_claim = ""
            return
        claim_id = (
            raw_id.strip() if type(raw_id) is str else v.text(raw_id)
        ) or self.previous_claim
        if not claim_id:
            self._problem(
                number,
                "claim_id",
                "",
                "no claim id: give every row its claim's id (rows with the same id are one claim)",
            )
            return
        self.previous_claim = claim_id
        count = len(self.problems)
        claim_cells = self._claim_cells(number, cells, claim_id)
        line = self._line(number, cells, claim_id)
        source = Source(self.file, self.sheet, number)
        self.assembler.add(
            RowValues(source, claim_id, claim_cells, line, had_problems=len(self.problems) > count)
        )

    def _claim_cells(
        self, number: int, cells: tuple[object, ...], claim_id: str
    ) -> dict[str, Cell]:
        raw = self._claim_getter(cells)
        last_id, last_raw, previous, clean = self._last
        same_claim = claim_id == last_id
        if same_claim and clean and raw == last_raw:
            return previous  # the claim's cells repeated: parsed once
        found: dict[str, Cell] = {}
        all_parsed = True
        headers = self.mapping.headers
        for (name, index, parse), cell in zip(self._claim_fields, raw, strict=True):
            if cell is None or cell == "":
                continue
            if same_claim and name in previous and previous[name].raw_value == cell:
                found[name] = previous[name]  # repeated on the claim's rows: parsed once
                continue
            try:
                value = parse(cell)
            except v.BadValue as exc:
                all_parsed = False
                self._problem(number, name, claim_id, f"{exc} (claim {claim_id})")
                continue
            if value not in (None, ""):
                found[name] = Cell(value, headers[index], index + 1, raw_value=cell)
        self._last = (claim_id, raw, found, all_parsed)
        return found

    def _line(self, number: int, cells: tuple[object, ...], claim_id: str) -> LineDraft | None:
        fields = self.mapping.fields
        parsers = self._line_parsers
        failed = False

        def read(name: str, blank: Any) -> Any:
            nonlocal failed
            parse = parsers.get(name)
            if parse is None:
                return blank
            try:
                return parse(cells[fields[name]])
            except v.BadValue as exc:
                failed = True
                self._problem(number, name, claim_id, f"{exc}; this line is not loaded")
                return blank

        dos = read("dos", None)
        code, modifiers = read("hcpcs", ("", ()))
        units: Decimal | None = read("units", None)
        charge: Decimal | None = read("charge", None)
        pointers: tuple[int, ...] = read("dx_pointers", ())
        line_pos: str = read("line_pos", "")
        for name in self._modifier_fields:
            modifiers += read(name, ())
        if failed:
            return None
        for name, given in (("dos", dos), ("hcpcs", code)):
            if not given:
                what = "date of service" if name == "dos" else "procedure code"
                self._problem(
                    number,
                    name,
                    claim_id,
                    f"no {what}: every service line needs one; this line is not loaded",
                )
                return None
        if len(modifiers) > MAX_MODIFIERS:
            column = "modifiers" if "modifiers" in fields else "hcpcs"
            self._problem(
                number,
                column,
                claim_id,
                f"{len(modifiers)} modifiers "
                f"({' '.join(modifiers)}): a line takes at most {MAX_MODIFIERS}; "
                "this line is not loaded",
            )
            return None
        return LineDraft(
            dos=dos,
            code=code,
            modifiers=modifiers,
            units=units,
            charge=charge,
            pointers=pointers,
            pos=line_pos,
        )


def _getter(indexes: list[int]) -> Callable[[tuple[object, ...]], tuple[object, ...]]:
    """The cells at `indexes`, as a tuple (itemgetter gives a bare value for one index)."""
    if not indexes:
        return lambda cells: ()
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return itemgetter(*indexes)  # type: ignore[return-value]

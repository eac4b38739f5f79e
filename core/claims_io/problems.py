"""What could not be read, and where: every reader reports into a list of Problems instead of
raising, so one bad row or segment never loses the rest of a worklist."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.claims.model import Claim, Source
from core.words import cut_long_runs


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. `message` says what and what to do.

    Worklists: `sheet` (None for CSV), `row` as the spreadsheet numbers it, `column` the header as
    written in the file and `column_number` its 1-based position. 837 files: `kind` is "segment",
    `row` the segment number in the file (ISA is 1) and `column` the element, e.g. "CLM02"."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_number: int | None = None
    claim_id: str | None = None
    kind: str = "row"

    def __post_init__(self) -> None:
        # a cell of thousands of characters (a claim id, a pasted note) is quoted cut short
        object.__setattr__(self, "message", cut_long_runs(self.message))

    def location(self) -> str:
        parts = [Source(self.file, self.sheet, self.row, self.kind).describe()]
        if self.column_number is not None:
            label = f"column {column_letter(self.column_number)}"
            parts.append(f"{label} ({self.column})" if self.column else label)
        elif self.column:
            parts.append(self.column if self.kind == "segment" else f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "kind": self.kind,
            "column": self.column,
            "column_number": self.column_number,
            "claim_id": self.claim_id,
            "message": self.message,
            "location": self.location(),
        }


@dataclass(frozen=True)
class LoadResult:
    claims: tuple[Claim, ...]
    problems: tuple[Problem, ...]
    files_read: tuple[str, ...]  # files recognized as a worklist or an 837 and read

    @property
    def line_count(self) -> int:
        return sum(len(claim.lines) for claim in self.claims)


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA (the spreadsheet's own column names)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class RepeatedProblems:
    """A sender's habit that repeats all through a file, reported once: the first time, with
    how many times it happened."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[Problem, int]] = {}

    def add(self, key: str, problem: Problem) -> None:
        first, count = self._seen.get(key, (problem, 0))
        self._seen[key] = (first, count + 1)

    def problems(self) -> list[Problem]:
        return [
            replace(
                first, message=f"{first.message} ({count} times in this file; the first is shown)"
            )
            if count > 1
            else first
            for first, count in self._seen.values()
        ]


def segment_problem(
    file: str, row: int, column: str, message: str, claim_id: str | None = None
) -> Problem:
    """A problem at an X12 segment (837P, 835): its number in the file and its element."""
    return Problem(file, message, row=row, column=column, claim_id=claim_id, kind="segment")

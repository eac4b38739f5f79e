"""What `scrub` prints, claim by claim as each is checked (nothing is held for the end but the
counts): the text report, --json (one document, written as it goes: the same text json.dumps
would give for the whole) and --jsonl (one JSON object a line)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Protocol, TextIO

from core.words import money as money_text
from core.words import plural

if TYPE_CHECKING:
    from core.claims.checked import CheckedClaim
    from core.claims_io.problems import Problem

STATUSES = ("clean", "warnings", "errors")


class ScrubReport(Protocol):
    def claim(self, item: CheckedClaim) -> None: ...

    def end(self) -> None: ...


class TextReport:
    """For a person: each claim with its findings, then the counts and the input's problems."""

    def __init__(
        self, out: TextIO, as_of: date, count: int, workbook: str | None, problems: list[Problem]
    ) -> None:
        self.out, self.as_of, self.workbook, self.problems = out, as_of, workbook, problems
        self.counts: Counter[str] = Counter()
        print(f"checking {plural(count, 'claim')} as of {as_of.isoformat()}", file=out)

    def claim(self, item: CheckedClaim) -> None:
        self.counts[item.status] += 1
        amount = money_text(item.expected_amount, none="-")
        lines = [
            f"\nclaim {item.claim.claim_id}: {item.status_text}; expected Medicare allowed {amount}"
        ]
        lines += [f"  note: {note}" for note in item.amount_notes]
        for f in item.findings:
            where = f"line {f.line}" if f.line is not None else "claim"
            # most line messages start by naming their line ('line 2 94640: ...')
            said = f.message if f.message.startswith(f"{where} ") else f"{where}: {f.message}"
            stake = f.money_at_stake
            money = f" [at stake {money_text(stake)}]" if stake is not None else ""
            lines.append(f"  {f.severity.upper():<7} {f.rule:<20} {said}{money}")
            lines.append(f"          fix: {f.fix}")
            lines.append(f"          source: {f.source}")
        print("\n".join(lines), file=self.out)

    def end(self) -> None:
        counts = self.counts
        print(
            f"\nscrubbed {plural(sum(counts.values()), 'claim')} as of {self.as_of.isoformat()}: "
            f"{counts['clean']} clean, {counts['warnings']} with warnings, "
            f"{counts['errors']} with errors",
            file=self.out,
        )
        if self.problems:
            print("\nproblems reading the input:", file=self.out)
            for problem in self.problems:
                print(f"  {problem}", file=self.out)
        if self.workbook is not None:
            print(f"\nwrote the checked claims to {self.workbook}", file=self.out)
        self.out.flush()


class JsonReport:
    """One JSON document, {"as_of", "workbook", "claims": [...], "problems": [...]}, written
    claim by claim with the indentation json.dumps(indent=2) gives the whole."""

    def __init__(
        self, out: TextIO, as_of: date, workbook: str | None, problems: list[Problem]
    ) -> None:
        self.out, self.problems = out, problems
        self.first = True
        head = json.dumps({"as_of": as_of.isoformat(), "workbook": workbook}, indent=2)
        out.write(head[:-2] + ',\n  "claims": [')

    def claim(self, item: CheckedClaim) -> None:
        text = json.dumps(item.to_dict(), indent=2, default=str).replace("\n", "\n    ")
        self.out.write(("\n    " if self.first else ",\n    ") + text)
        self.first = False

    def end(self) -> None:
        problems = json.dumps([p.to_dict() for p in self.problems], indent=2, default=str)
        close = "]" if self.first else "\n  ]"
        self.out.write(f'{close},\n  "problems": {problems.replace(chr(10), chr(10) + "  ")}\n}}\n')
        self.out.flush()


class JsonLinesReport:
    """JSON lines: {"problem": ...} for each problem reading the input, then each checked
    claim (CheckedClaim.to_dict(), as --json gives it) as it is checked, then
    {"summary": {"as_of", "workbook", "claims", "clean", "warnings", "errors", "problems"}}."""

    def __init__(
        self, out: TextIO, as_of: date, workbook: str | None, problems: list[Problem]
    ) -> None:
        self.out, self.as_of, self.workbook, self.problems = out, as_of, workbook, problems
        self.counts: Counter[str] = Counter()
        for problem in problems:
            out.write(_line({"problem": problem.to_dict()}))

    def claim(self, item: CheckedClaim) -> None:
        self.counts[item.status] += 1
        self.out.write(_line(item.to_dict()))

    def end(self) -> None:
        summary = {
            "as_of": self.as_of.isoformat(),
            "workbook": self.workbook,
            "claims": sum(self.counts.values()),
            **{status: self.counts[status] for status in STATUSES},
            "problems": len(self.problems),
        }
        self.out.write(_line({"summary": summary}))
        self.out.flush()


def _line(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), default=str) + "\n"

"""A claim with what the scrubber found on it: the result the tab shows and the export writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.words import decimal_text

from .finding import Finding
from .model import Claim


@dataclass
class CheckedClaim:
    claim: Claim
    findings: list[Finding]
    status: str  # clean | warnings | errors
    expected_amount: Decimal | None  # Medicare allowed amount of the lines that could be priced
    amount_notes: list[str] = field(default_factory=list)
    line_amounts: dict[int, Decimal | None] = field(default_factory=dict)  # by line number

    @property
    def not_checked(self) -> list[str]:
        return [f.rule for f in self.findings if f.rule.endswith("-NOT-CHECKED")]

    @property
    def other_releases(self) -> list[str]:
        """Checks run against a release of another quarter than the date of service."""
        return [f.rule for f in self.findings if f.rule.endswith("-OTHER-RELEASE")]

    def to_dict(self) -> dict[str, object]:
        return {
            "claim_id": self.claim.claim_id,
            "status": self.status,
            "expected_amount": decimal_text(self.expected_amount),
            "amount_notes": self.amount_notes,
            "findings": [f.to_dict() for f in self.findings],
        }

    @property
    def status_note(self) -> str:
        """The checks that could not run, or ran against another quarter ('' when none)."""
        said = []
        if self.not_checked:
            said.append(
                "not checked: "
                + ", ".join(rule.removesuffix("-NOT-CHECKED") for rule in self.not_checked)
            )
        if self.other_releases:
            said.append(
                "other quarter: "
                + ", ".join(rule.removesuffix("-OTHER-RELEASE") for rule in self.other_releases)
            )
        return "; ".join(said)

    @property
    def status_text(self) -> str:
        """The status as the CLI and the tab show it: a claim some checks could not run on, or
        ran against another quarter's data, is never just 'clean'."""
        note = self.status_note
        return f"{self.status} ({note})" if note else self.status

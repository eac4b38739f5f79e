"""One thing the scrubber found on a claim: which rule, how bad, where, why and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.words import decimal_text

ERROR = "error"  # the claim or line will be denied or rejected
WARNING = "warning"  # a likely denial, or money lost
INFO = "info"  # worth knowing; nothing to fix (e.g. a check that could not run)
SEVERITIES = (ERROR, WARNING, INFO)

CLEAN = "clean"
WARNINGS = "warnings"
ERRORS = "errors"


@dataclass(frozen=True)
class Finding:
    rule: str  # stable id: "DX-UNKNOWN", "NCCI-PTP", ...
    severity: str  # error | warning | info
    claim_id: str
    line: int | None  # 1-based service-line number; None for the whole claim
    message: str  # plain words naming the line and the codes
    fix: str  # what to change
    source: str  # the reference it relies on: release, and row where there is one
    money_at_stake: Decimal | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
            "source": self.source,
            "money_at_stake": decimal_text(self.money_at_stake),
        }


def status_of(findings: list[Finding]) -> str:
    """errors if any error, warnings if any warning, else clean (info findings do not count;
    the NOT-CHECKED notices are listed beside a clean status, never hidden)."""
    severities = {finding.severity for finding in findings}
    if ERROR in severities:
        return ERRORS
    if WARNING in severities:
        return WARNINGS
    return CLEAN

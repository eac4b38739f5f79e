"""Assistant at surgery (80/81/82/AS), co-surgeons (62) and team surgery (66) against their
PPRRVU indicators (RVU read-me, "Assistant at Surgery", "Co-surgeons", "Team Surgery"; Pub 100-04
ch.12 §100, §40.8). One answer used by both the fee calculator (what it pays) and the scrubber
(what it reports), so the two never disagree: a modifier the calculator does not pay is a
finding, never a clean claim."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..refdata.pfs import RvuRow
from ..refdata.pfs_indicators import meaning

ASSISTANT = frozenset({"80", "81", "82", "AS"})
PAID = "paid"  # paid at the rate
DOCUMENTATION = "documentation"  # paid at the rate only with documentation of medical necessity
BY_REPORT = "by report"  # no fee schedule amount: the contractor prices it
REFUSED = "refused"  # not paid for this code


@dataclass(frozen=True)
class SurgeryModifier:
    modifier: str
    column: str  # the PPRRVU indicator column: assistant, co_surgeon, team_surgery
    indicator: str
    outcome: str  # PAID, DOCUMENTATION, BY_REPORT or REFUSED
    rate: Decimal  # share of the amount when paid
    rule: str  # the adjustment's name in the breakdown
    reason: str  # why, in words
    condition: str = ""  # DOCUMENTATION: what must be sent

    @property
    def meaning(self) -> str:
        return meaning(self.column, self.indicator)


def surgery_modifiers(code: str, row: RvuRow, modifiers: tuple[str, ...]) -> list[SurgeryModifier]:
    """The verdict on each assistant, co-surgeon and team modifier of the line, in the order the
    calculator applies them."""
    mods = set(modifiers)
    found = []
    assisting = sorted(mods & ASSISTANT)
    if assisting:
        found.append(_assistant(code, row["assistant"], "AS" if "AS" in mods else assisting[0]))
    if "62" in mods:
        found.append(_co_surgeon(code, row["co_surgeon"]))
    if "66" in mods:
        found.append(_team(code, row["team_surgery"]))
    return found


def _assistant(code: str, indicator: str, modifier: str) -> SurgeryModifier:
    rate, rule, why = (
        (
            Decimal("0.136"),
            "assistant (AS) 13.6%",
            "a non-physician assistant at surgery is paid 85% of 16%",
        )
        if modifier == "AS"
        else (
            Decimal("0.16"),
            f"assistant ({modifier}) 16%",
            "an assistant at surgery is paid 16% of the surgeon's amount",
        )
    )
    if indicator == "2":
        return SurgeryModifier(modifier, "assistant", indicator, PAID, rate, rule, why)
    if indicator == "0":
        return SurgeryModifier(
            modifier,
            "assistant",
            indicator,
            DOCUMENTATION,
            rate,
            rule,
            why,
            "assistant indicator 0: paid only with documentation of medical necessity",
        )
    said = {"1": "never paid (statutory restriction)", "9": "not applicable"}.get(
        indicator, "not defined in the RVU read-me"
    )
    return SurgeryModifier(
        modifier,
        "assistant",
        indicator,
        REFUSED,
        Decimal(0),
        rule,
        f"assistant at surgery ({modifier}) for {code}: indicator {indicator or 'blank'}, {said}",
    )


def _co_surgeon(code: str, indicator: str) -> SurgeryModifier:
    rate, rule, why = (
        Decimal("0.625"),
        "co-surgeon 62.5%",
        "each co-surgeon is paid 62.5% of the amount",
    )
    if indicator == "2":
        return SurgeryModifier("62", "co_surgeon", indicator, PAID, rate, rule, why)
    if indicator == "1":
        return SurgeryModifier(
            "62",
            "co_surgeon",
            indicator,
            DOCUMENTATION,
            rate,
            rule,
            why,
            "co-surgeon indicator 1: documentation of medical necessity required",
        )
    return SurgeryModifier(
        "62",
        "co_surgeon",
        indicator,
        REFUSED,
        Decimal(0),
        rule,
        f"co-surgeons (62) are not permitted for {code} (indicator {indicator or 'blank'})",
    )


def _team(code: str, indicator: str) -> SurgeryModifier:
    if indicator in ("1", "2"):
        docs = "; documentation of medical necessity required" if indicator == "1" else ""
        return SurgeryModifier(
            "66",
            "team_surgery",
            indicator,
            BY_REPORT,
            Decimal(0),
            "team surgery",
            f"team surgery (66) for {code} is priced by the contractor (by report){docs}",
        )
    return SurgeryModifier(
        "66",
        "team_surgery",
        indicator,
        REFUSED,
        Decimal(0),
        "team surgery",
        f"team surgery (66) is not permitted for {code} (indicator {indicator or 'blank'})",
    )

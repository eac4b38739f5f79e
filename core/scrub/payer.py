"""What kind of payer a claim is billed to, and how that is known: Medicare-only rules (PFS status,
Medicare timely filing) run on Medicare claims only.

In order: the 837 claim filing indicator (SBR09) when present; else a payer profile of the same
name with a type (the user's workspace, passed in by the caller: the engine never opens it);
else the payer's name ("Medicare" in it). Medicare Advantage plans are not Original Medicare:
their contracts set their own rules, so Medicare-only rules skip them too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.claims.model import Claim
from core.workspace.payers import (
    COMMERCIAL,
    MEDICAID,
    MEDICARE,
    MEDICARE_ADVANTAGE,
    PAYER_TYPES,
    PayerProfile,
)

OTHER = "other"  # workers' compensation, auto, VA, TRICARE...: not a profile type
UNKNOWN = "unknown"

# X12 5010 837P SBR09 claim filing indicator codes.
FILING_INDICATORS: dict[str, tuple[str, str]] = {
    "MA": (MEDICARE, "Medicare Part A"),
    "MB": (MEDICARE, "Medicare Part B"),
    "16": (MEDICARE_ADVANTAGE, "HMO Medicare Risk"),
    "MC": (MEDICAID, "Medicaid"),
    "CI": (COMMERCIAL, "Commercial Insurance Co."),
    "BL": (COMMERCIAL, "Blue Cross/Blue Shield"),
    "HM": (COMMERCIAL, "Health Maintenance Organization"),
    "11": (COMMERCIAL, "Other Non-Federal Programs"),
    "12": (COMMERCIAL, "Preferred Provider Organization"),
    "13": (COMMERCIAL, "Point of Service"),
    "14": (COMMERCIAL, "Exclusive Provider Organization"),
    "15": (COMMERCIAL, "Indemnity Insurance"),
    "17": (COMMERCIAL, "Dental Maintenance Organization"),
    "FI": (COMMERCIAL, "Federal Employees Program"),
    "AM": (OTHER, "Automobile Medical"),
    "CH": (OTHER, "CHAMPUS (TRICARE)"),
    "DS": (OTHER, "Disability"),
    "LM": (OTHER, "Liability Medical"),
    "OF": (OTHER, "Other Federal Program"),
    "TV": (OTHER, "Title V"),
    "VA": (OTHER, "Veterans Affairs Plan"),
    "WC": (OTHER, "Workers' Compensation Health Claim"),
    "ZZ": (OTHER, "Mutually Defined"),
}
KIND_NAMES = {**PAYER_TYPES, OTHER: "another kind of payer", UNKNOWN: "unknown"}


@dataclass(frozen=True)
class ClaimPayer:
    kind: str  # a PAYER_TYPES key, OTHER or UNKNOWN
    how: str  # how it is known, for the finding text
    profile: PayerProfile | None  # the payer profile of the same name, if any

    @property
    def medicare(self) -> bool:
        return self.kind == MEDICARE

    def describe(self) -> str:
        return f"{KIND_NAMES[self.kind]} claim ({self.how})"


def profiles_by_name(profiles: Iterable[PayerProfile]) -> dict[str, PayerProfile]:
    return {" ".join(p.name.split()).casefold(): p for p in profiles}


def claim_payer(claim: Claim, profiles: Mapping[str, PayerProfile]) -> ClaimPayer:
    name = " ".join(claim.payer.split())
    profile = profiles.get(name.casefold())
    indicator = claim.filing_indicator.strip().upper()
    if indicator in FILING_INDICATORS:
        kind, meaning = FILING_INDICATORS[indicator]
        return ClaimPayer(kind, f"837 filing indicator SBR09 {indicator}, {meaning}", profile)
    if profile is not None and profile.payer_type in PAYER_TYPES:
        return ClaimPayer(profile.payer_type, f"payer profile '{profile.name}'", profile)
    lowered = name.casefold()
    if "medicare" in lowered:
        kind = MEDICARE_ADVANTAGE if "advantage" in lowered else MEDICARE
        return ClaimPayer(kind, f"payer name '{name}'", profile)
    if "medicaid" in lowered:
        return ClaimPayer(MEDICAID, f"payer name '{name}'", profile)
    said = f"filing indicator '{indicator}' unknown, " if indicator else ""
    return ClaimPayer(UNKNOWN, f"{said}no payer profile '{name}' with a type", profile)

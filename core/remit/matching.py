"""Which worklist claim does a remittance claim answer? First by patient control number (CLP01 is
the claim id we sent), then by patient (member id or name), dates of service and codes: every
service line of the remittance must be a line of the worklist claim (same code, same day). A
remittance claim that fits no claim, or several, stays unmatched and says why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from core.claims.model import Claim

from .model import RemitClaim

BY_CLAIM_ID = "claim id"
BY_PATIENT = "patient, dates and codes"
NO_WORKLIST = (
    "no worklist to match against: open the claims in the scrub tab (or pass "
    "--worklist), then match again"
)


@dataclass(frozen=True)
class Match:
    claim: Claim | None
    method: str  # BY_CLAIM_ID, BY_PATIENT, or why it is unmatched

    @property
    def matched(self) -> bool:
        return self.claim is not None


@dataclass(frozen=True)
class Wanted:
    """What a remittance claim says about the claim it answers."""

    claim_id: str
    patients: frozenset[str]  # member ids and "LAST, FIRST", upper case
    services: frozenset[tuple[date | None, str]]  # (date of service, code as billed)
    days: frozenset[date]  # when it has no service lines


def _name(last: str, first: str) -> str:
    return f"{last.strip().upper()}, {first.strip().upper()}".strip(", ")


def wanted(answer: RemitClaim) -> Wanted:
    return Wanted(
        answer.patient_control_number,
        frozenset(
            {
                answer.patient_id.upper(),
                answer.insured_id.upper(),
                _name(answer.patient_last, answer.patient_first),
            }
            - {""}
        ),
        frozenset((line.service_date, line.billed_code) for line in answer.lines),
        frozenset(answer.service_dates),
    )


class Matcher:
    def __init__(self, worklist: Iterable[Claim]) -> None:
        self.claims = list(worklist)
        self.by_id: dict[str, Claim] = {}
        self.by_patient: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self.by_id.setdefault(claim.claim_id.strip().upper(), claim)
            keys = {claim.patient.id.strip().upper(), claim.patient.name.strip().upper()}
            for key in keys - {""}:
                self.by_patient[key].append(claim)

    def match(self, answer: RemitClaim) -> Match:
        if not self.claims:
            return Match(None, NO_WORKLIST)
        return self.match_wanted(wanted(answer))

    def match_wanted(self, want: Wanted) -> Match:
        if not self.claims:
            return Match(None, NO_WORKLIST)
        found = self.by_id.get(want.claim_id.strip().upper())
        if found is not None:
            return Match(found, BY_CLAIM_ID)
        candidates = {id(c): c for key in want.patients for c in self.by_patient.get(key, [])}
        if not candidates:
            return Match(None, f"no worklist claim has id {want.claim_id} or this patient")
        fitting = [c for c in candidates.values() if _covers(c, want)]
        if len(fitting) == 1:
            return Match(fitting[0], BY_PATIENT)
        if not fitting:
            return Match(None, "the patient's worklist claims have other dates of service or codes")
        exact = [c for c in fitting if _services(c) == {s for s in want.services if s[0]}]
        if len(exact) == 1:
            return Match(exact[0], BY_PATIENT)
        ids = ", ".join(sorted(c.claim_id for c in fitting)[:5])
        return Match(None, f"several worklist claims fit ({ids}): not matched")


def _services(claim: Claim) -> set[tuple[date | None, str]]:
    return {(line.dos, line.code) for line in claim.lines}


def _covers(claim: Claim, want: Wanted) -> bool:
    if want.services:
        services = _services(claim)
        codes = {line.code for line in claim.lines}
        return all(
            (day, code) in services if day is not None else code in codes
            for day, code in want.services
        )
    return bool(want.days) and want.days <= {line.dos for line in claim.lines}

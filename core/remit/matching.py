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


@dataclass(frozen=True)
class Match:
    claim: Claim | None
    method: str              # BY_CLAIM_ID, BY_PATIENT, or why it is unmatched

    @property
    def matched(self) -> bool:
        return self.claim is not None


def _name(last: str, first: str) -> str:
    return f"{last.strip().upper()}, {first.strip().upper()}".strip(", ")


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
            return Match(None, "no worklist to match against: open the claims in the scrub tab "
                               "(or pass --worklist) and import again")
        found = self.by_id.get(answer.patient_control_number.strip().upper())
        if found is not None:
            return Match(found, BY_CLAIM_ID)
        keys = {answer.patient_id.upper(), answer.insured_id.upper(),
                _name(answer.patient_last, answer.patient_first)} - {""}
        candidates = {id(c): c for key in keys for c in self.by_patient.get(key, [])}
        if not candidates:
            return Match(None, f"no worklist claim has id {answer.patient_control_number} or "
                               "this patient")
        fitting = [c for c in candidates.values() if _covers(c, answer)]
        if len(fitting) == 1:
            return Match(fitting[0], BY_PATIENT)
        if not fitting:
            return Match(None, "the patient's worklist claims have other dates of service or "
                               "codes")
        exact = [c for c in fitting if _services(c) == _answered(answer)]
        if len(exact) == 1:
            return Match(exact[0], BY_PATIENT)
        ids = ", ".join(sorted(c.claim_id for c in fitting)[:5])
        return Match(None, f"several worklist claims fit ({ids}): not matched")


def _services(claim: Claim) -> set[tuple[date, str]]:
    return {(line.dos, line.code) for line in claim.lines}


def _answered(answer: RemitClaim) -> set[tuple[date, str]]:
    return {(line.service_date, line.billed_code) for line in answer.lines
            if line.service_date is not None}


def _covers(claim: Claim, answer: RemitClaim) -> bool:
    if answer.lines:
        services = _services(claim)
        codes = {line.code for line in claim.lines}
        return all((line.service_date, line.billed_code) in services
                   if line.service_date is not None else line.billed_code in codes
                   for line in answer.lines)
    days = set(answer.service_dates)
    return bool(days) and days <= {line.dos for line in claim.lines}

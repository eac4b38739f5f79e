"""Age and sex conflicts of a diagnosis: DX-AGE and DX-SEX, from the table of limits in
resources/icd10cm_age_sex.csv (each range with its reason and source; core/refdata/icd_age_sex.py).

Age is whole years on the date of service: a patient turns N on their birthday, so a patient
whose 18th birthday is the date of service is 18 (Patient.age_on). DX-SEX is a warning, not an
error: CMS's Medicare Code Editor stopped applying its sex-conflict edit from FY2025, while
other payers may still deny."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.claims.finding import WARNING, Finding
from core.claims.model import Claim, Diagnosis
from core.refdata.icd_age_sex import age_limit, sex_limit

from .context import ScrubContext

_WHO = {"M": "male", "F": "female"}


def check(ctx: ScrubContext, claim: Claim, dx: Diagnosis, days: list[date]) -> Iterator[Finding]:
    where = f"diagnosis {dx.letter} {dx.code}"
    limit = age_limit(ctx.conn, dx.code)
    if limit is not None and claim.patient.dob is not None:
        for day in days:
            age = claim.patient.age_on(day)
            if age is None or _within(age, limit.min_age, limit.max_age):
                continue
            yield Finding(
                "DX-AGE",
                limit.severity,
                claim.claim_id,
                None,
                f"{where} is {limit.reason} ({limit.codes}: {limit.ages}); the "
                f"patient is {age} on {day.isoformat()}",
                "check the patient's date of birth and the diagnosis"
                + (
                    ""
                    if limit.severity == "error"
                    else "; keep the code only if the documentation supports it"
                ),
                limit.source(),
            )
            break
    limit = sex_limit(ctx.conn, dx.code)
    sex = claim.patient.sex
    if limit is not None and sex in _WHO and sex != limit.sex:
        yield Finding(
            "DX-SEX",
            WARNING,
            claim.claim_id,
            None,
            f"{where} ({limit.reason}) is a {_WHO[limit.sex]} code; this patient is "
            f"{_WHO[sex]}. Medicare's code editor no longer applies its sex edit "
            "(FY2025 on), but other payers may deny",
            "check the patient's sex and the diagnosis; if both are right (e.g. a "
            "transgender patient), keep the code and be ready to send documentation",
            limit.source(),
        )


def _within(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)

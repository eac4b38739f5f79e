"""Each diagnosis code on its dates of service: DX-UNKNOWN, DX-NOT-EFFECTIVE, DX-DELETED,
DX-NOT-BILLABLE (a header, or a missing 7th character), and DX-NOT-CHECKED when a date's
fiscal year is not loaded.

HIPAA (45 CFR 162.1002) requires the code set in effect on the date of service: ICD-10-CM
changes every October 1, so each date is judged against its fiscal year's code set
(core/refdata/icd_codes.py). A code must be reported to its full length, 7th character
included: ICD-10-CM Official Guidelines I.B.2 (level of detail) and I.A.5 (7th characters)."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date

from core.claims.finding import ERROR, INFO, Finding
from core.claims.model import ICD9, Claim, Diagnosis
from core.paths import command
from core.refdata.icd import IcdEntry, icd_lineage
from core.refdata.icd_codes import (
    DELETED,
    HEADER,
    NOT_EFFECTIVE,
    UNKNOWN,
    IcdStatus,
    fiscal_year,
    icd_status,
    judged_year,
)

from .context import ScrubContext


def dates_of(claim: Claim, dx: Diagnosis, as_of: date) -> list[date]:
    """The dates of service of the lines pointing to `dx` (every line's when none does)."""
    pointing = {line.dos for line in claim.lines if dx.position in line.pointers}
    return sorted(pointing or {line.dos for line in claim.lines} or {as_of})


def check(
    ctx: ScrubContext, claim: Claim, dx: Diagnosis, days: list[date]
) -> Generator[Finding, None, list[IcdEntry]]:
    """Yields what is wrong with the code on its dates; returns its lineage (the code and its
    ancestors) when it is billable on every one of them."""
    where = f"diagnosis {dx.letter} {dx.code}"
    if dx.code_set == ICD9:
        yield Finding(
            "DX-UNKNOWN",
            ERROR,
            claim.claim_id,
            None,
            f"{where} is an ICD-9-CM code: claims since October 2015 take ICD-10-CM",
            "code the diagnosis in ICD-10-CM",
            "HIPAA code sets (45 CFR 162.1002)",
        )
        return []
    statuses: dict[int, tuple[date, IcdStatus]] = {}
    for day in days:
        status = icd_status(ctx.conn, dx.code, day)
        statuses.setdefault(status.fiscal_year, (day, status))
    clean = True
    for day, status in statuses.values():
        finding = _problem(ctx, claim, where, day, status)
        if finding is not None:
            clean = False
            yield finding
    return icd_lineage(ctx.conn, dx.code) if clean else []


def not_checked(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    """One notice per fiscal year of the claim's dates whose code set is not loaded."""
    years = {fiscal_year(line.dos): line.dos for line in claim.lines}
    for year, day in sorted(years.items()):
        judged, note = judged_year(ctx.conn, day)
        if not note:
            continue
        newer = judged is not None and year > judged
        fix = (
            f"import CDC's FY{year} addenda ('{command('import-cms')} "
            f"icd10cm_order_addenda_{year}.txt') to check these dates exactly"
            if newer
            else f"check the diagnoses against the FY{year} code set by hand"
        )
        yield Finding(
            "DX-NOT-CHECKED",
            INFO,
            claim.claim_id,
            None,
            f"diagnoses on dates in FY{year}: {note}",
            fix,
            f"ICD-10-CM FY{judged}" if judged else "no ICD-10-CM loaded",
        )


def _problem(
    ctx: ScrubContext, claim: Claim, where: str, day: date, status: IcdStatus
) -> Finding | None:
    source = status.release + (f" ({status.changed_by})" if status.changed_by else "")
    on = f"on {day.isoformat()} (FY{status.fiscal_year})"

    def error(rule: str, message: str, fix: str) -> Finding:
        return Finding(rule, ERROR, claim.claim_id, None, message, fix, source)

    if status.state == UNKNOWN:
        return error(
            "DX-UNKNOWN",
            f"{where} is not an ICD-10-CM code" + _note(status),
            "check the code for a typo",
        )
    if status.state == NOT_EFFECTIVE:
        start = f"October 1, {status.starts_fy - 1}" if status.starts_fy else "later"
        return error(
            "DX-NOT-EFFECTIVE",
            f"{where} is not valid {on}: it starts in FY{status.starts_fy} "
            f"({start}){_note(status)}",
            f"use the code of the FY{status.fiscal_year} code set that describes the "
            "condition; the new code can be billed only for services from "
            f"{start}",
        )
    if status.state == DELETED:
        instead = f"; replaced by {', '.join(status.replacements)}" if status.replacements else ""
        return error(
            "DX-DELETED",
            f"{where} is not valid {on}: it was deleted from FY{status.deleted_fy} "
            f"(October 1, {(status.deleted_fy or 1) - 1}){instead}{_note(status)}",
            (
                f"code it as one of {', '.join(status.replacements)}"
                if instead
                else f"pick the code of the FY{status.fiscal_year} code set that replaced it"
            ),
        )
    if status.state == HEADER:
        lineage = icd_lineage(ctx.conn, status.code)
        examples = ", ".join(status.replacements[:6])
        if any(e.seven_chr for e in lineage):
            return error(
                "DX-NOT-BILLABLE",
                f"{where} needs a 7th character (e.g. A initial encounter, D "
                "subsequent, S sequela); use X placeholders to fill a short code",
                f"add the 7th character the tabular gives under {lineage[-1].code}",
            )
        return error(
            "DX-NOT-BILLABLE",
            f"{where} is a header code {on}, not billable: it needs more characters{_note(status)}",
            f"pick the most specific code under {status.code}"
            + (f" (e.g. {examples})" if examples else ""),
        )
    return None


def _note(status: IcdStatus) -> str:
    return f" ({status.note})" if status.note else ""

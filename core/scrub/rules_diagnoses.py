"""Diagnoses and pointers: DX-MISSING, DX-EXCLUDES1, DX-POINTER here; each code on its dates
of service (DX-UNKNOWN, DX-NOT-EFFECTIVE, DX-DELETED, DX-NOT-BILLABLE, DX-NOT-CHECKED) in
dx_validity.py; DX-AGE and DX-SEX in dx_age_sex.py; the order of the codes (DX-CODE-FIRST,
DX-FIRST-LISTED) in dx_sequence.py. All from the ICD-10-CM code sets by fiscal year (icd10cm,
icd10cm_changes), the code and its ancestors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from core.claims.finding import ERROR, Finding
from core.claims.model import ICD10, MAX_POINTERS, Claim
from core.refdata.icd import IcdEntry, prefetch_entries
from core.refdata.icd_codes import judged_year, prefetch_status
from core.refdata.releases import releases

from . import dx_age_sex, dx_sequence, dx_validity
from .context import ScrubContext
from .icd_notes import note_covers


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    if not claim.diagnoses:
        yield Finding(
            "DX-MISSING",
            ERROR,
            claim.claim_id,
            None,
            "the claim has no diagnosis: every claim needs at least one ICD-10-CM code",
            "add the diagnoses the provider documented (box 21 A-L)",
            _icd_source(ctx),
        )
    known: dict[int, list[IcdEntry]] = {}
    for dx in claim.diagnoses:
        days = dx_validity.dates_of(claim, dx, ctx.as_of)
        lineage = yield from dx_validity.check(ctx, claim, dx, days)
        if lineage:
            known[dx.position] = lineage
            yield from dx_age_sex.check(ctx, claim, dx, days)
    if any(dx.code_set == ICD10 for dx in claim.diagnoses):
        yield from dx_validity.not_checked(ctx, claim)
    yield from dx_sequence.check(claim, known)
    yield from _excludes1(claim, known, _icd_source(ctx))
    yield from _pointers(claim)


def prefetch(ctx: ScrubContext, claims: Sequence[Claim]) -> None:
    """Read the diagnoses of the next claims in a few queries (core/refdata/icd.py): their
    entries, and their status in the code set of each of the claim's dates."""
    codes: dict[str, None] = {}  # in claim order: the first spelling is kept
    by_year: dict[int, dict[str, None]] = {}
    years: dict[date, int | None] = {}
    for claim in claims:
        wanted = dict.fromkeys(dx.code for dx in claim.diagnoses if dx.code_set == ICD10)
        if not wanted:
            continue
        codes.update(wanted)
        for day in {line.dos for line in claim.lines} or {ctx.as_of}:
            year = years.get(day, 0)
            if year == 0:
                year = years[day] = judged_year(ctx.conn, day)[0]
            if year is not None:
                by_year.setdefault(year, {}).update(wanted)
    prefetch_entries(ctx.conn, codes)
    for year, asked in by_year.items():
        prefetch_status(ctx.conn, asked, year)


def _icd_source(ctx: ScrubContext) -> str:
    loaded = releases(ctx.conn, "icd10cm")
    return loaded[-1].name if loaded else "no ICD-10-CM release loaded"


def _excludes1(claim: Claim, known: dict[int, list[IcdEntry]], source: str) -> Iterator[Finding]:
    reported: set[frozenset[int]] = set()
    for dx in claim.diagnoses:
        for entry in known.get(dx.position, []):
            for note in entry.excludes1:
                if " with " in note:
                    continue  # "(E08-E13 with .42)": qualified notes are not matched
                for other in claim.diagnoses:
                    pair = frozenset((dx.position, other.position))
                    if other is dx or pair in reported or not note_covers(note, other.code):
                        continue
                    reported.add(pair)
                    yield Finding(
                        "DX-EXCLUDES1",
                        ERROR,
                        claim.claim_id,
                        None,
                        f"diagnoses {dx.letter} {dx.code} and {other.letter} {other.code} "
                        f"exclude each other (Excludes1 at {entry.code}: {note})",
                        "keep only the code the documentation supports; the two conditions "
                        "cannot be reported together",
                        source,
                    )


def _pointers(claim: Claim) -> Iterator[Finding]:
    positions = {dx.position for dx in claim.diagnoses}
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        fix_add = "point the line to the diagnoses that justify it (A-L, at most 4)"
        if not line.pointers:
            yield Finding(
                "DX-POINTER",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where} points to no diagnosis",
                fix_add,
                "CMS-1500 box 24E",
            )
            continue
        missing = [p for p in line.pointers if p not in positions]
        if missing:
            letters = ", ".join("ABCDEFGHIJKL"[p - 1] if 1 <= p <= 12 else str(p) for p in missing)
            yield Finding(
                "DX-POINTER",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where} points to diagnosis {letters}, which the claim does not have",
                fix_add,
                "CMS-1500 box 24E",
            )
        if len(line.pointers) > MAX_POINTERS:
            yield Finding(
                "DX-POINTER",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where} has {len(line.pointers)} diagnosis pointers; at most "
                f"{MAX_POINTERS} are allowed",
                "keep the 4 most relevant pointers",
                "CMS-1500 box 24E",
            )

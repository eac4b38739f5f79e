"""Diagnoses and pointers: DX-MISSING, DX-UNKNOWN, DX-NOT-BILLABLE (incl. a missing 7th
character), DX-EXCLUDES1, DX-CODE-FIRST, DX-AGE, DX-SEX, DX-POINTER. All from the loaded
ICD-10-CM tabular (icd10cm table), the code and its ancestors."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from . import reference as ref
from .context import ScrubContext
from .finding import ERROR, WARNING, Finding
from .icd_rules_data import (
    MANIFESTATION_WORDS,
    NEWBORN_MAX_AGE,
    NEWBORN_PREFIX,
    PREGNANCY_AGES,
    PREGNANCY_PREFIX,
    sex_only,
)
from .model import ICD9, MAX_POINTERS, Claim, Diagnosis

# "(E10.-)", "(E08-E13)", "(M05.5-)", "(P70.2)": codes and ranges inside a note's parentheses
_NOTE_CODE = re.compile(r"\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.?-)?"
                        r"(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?))?")


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    source = _icd_source(ctx)
    if not claim.diagnoses:
        yield Finding("DX-MISSING", ERROR, claim.claim_id, None,
                      "the claim has no diagnosis: every claim needs at least one ICD-10-CM code",
                      "add the diagnoses the provider documented (box 21 A-L)", source)
    known: dict[int, list[ref.IcdEntry]] = {}
    for dx in claim.diagnoses:
        lineage = yield from _code_validity(ctx, claim, dx, source)
        if lineage:
            known[dx.position] = lineage
            yield from _age_sex(ctx, claim, dx, source)
    yield from _code_first(claim, known, source)
    yield from _excludes1(claim, known, source)
    yield from _pointers(claim)


def _icd_source(ctx: ScrubContext) -> str:
    loaded = ref.releases(ctx.conn, "icd10cm")
    return loaded[-1].release if loaded else "no ICD-10-CM release loaded"


def _other_year(ctx: ScrubContext, claim: Claim) -> str:
    """A note when a date of service falls outside the loaded ICD-10-CM release: codes are
    added and expanded each October 1, so the code may have been valid then."""
    loaded = ref.releases(ctx.conn, "icd10cm")
    if not loaded or not claim.lines:
        return ""
    if all(ctx.release("icd10cm", line.dos) for line in claim.lines):
        return ""      # one of the loaded fiscal years covers every date
    release = loaded[-1]
    first, last = (min(ln.dos for ln in claim.lines).isoformat(),
                   max(ln.dos for ln in claim.lines).isoformat())
    if first >= release.effective_date and (not release.end_date or last <= release.end_date):
        return ""
    return (f" (checked against {release.release}; the date of service is outside it, and "
            "the code set of that date may differ)")


def _code_validity(ctx: ScrubContext, claim: Claim, dx: Diagnosis,
                   source: str) -> Generator[Finding, None, list[ref.IcdEntry]]:
    """Yields what is wrong with the code; returns its lineage when it is billable."""
    where = f"diagnosis {dx.letter} {dx.code}"
    if dx.code_set == ICD9:
        yield Finding("DX-UNKNOWN", ERROR, claim.claim_id, None,
                      f"{where} is an ICD-9-CM code: claims since October 2015 take ICD-10-CM",
                      "code the diagnosis in ICD-10-CM", source)
        return []
    lineage = ref.icd_lineage(ctx.conn, dx.code)
    if not lineage:
        yield Finding("DX-UNKNOWN", ERROR, claim.claim_id, None,
                      f"{where} is not an ICD-10-CM code{_other_year(ctx, claim)}",
                      "check the code for a typo", source)
        return []
    entry = lineage[0]
    if entry.billable:
        return lineage
    if any(e.seven_chr for e in lineage):
        yield Finding("DX-NOT-BILLABLE", ERROR, claim.claim_id, None,
                      f"{where} needs a 7th character (e.g. A initial encounter, D subsequent, "
                      "S sequela); use X placeholders to fill a short code",
                      f"add the 7th character the tabular gives under {lineage[-1].code}", source)
    else:
        yield Finding("DX-NOT-BILLABLE", ERROR, claim.claim_id, None,
                      f"{where} is a header code, not billable: it needs more characters"
                      f"{_other_year(ctx, claim)}",
                      f"pick the most specific code under {entry.code}", source)
    return []


def _age_sex(ctx: ScrubContext, claim: Claim, dx: Diagnosis, source: str) -> Iterator[Finding]:
    where = f"diagnosis {dx.letter} {dx.code}"
    first_dos = min((line.dos for line in claim.lines), default=None)
    age = claim.patient.age_on(first_dos) if first_dos else None
    if age is not None and dx.code.startswith(NEWBORN_PREFIX) and age > NEWBORN_MAX_AGE:
        yield Finding("DX-AGE", WARNING, claim.claim_id, None,
                      f"{where} is a perinatal (newborn) code on a patient aged {age}",
                      "use it on an adult only for a condition that began in the perinatal "
                      "period; otherwise code the adult condition", source)
    low, high = PREGNANCY_AGES
    if age is not None and dx.code.startswith(PREGNANCY_PREFIX) and not low <= age <= high:
        yield Finding("DX-AGE", ERROR, claim.claim_id, None,
                      f"{where} is a pregnancy code on a patient aged {age} (valid {low}-{high})",
                      "check the patient's date of birth and the diagnosis", source)
    only = sex_only(dx.code)
    sex = claim.patient.sex
    if only and sex in ("M", "F") and sex != only[0]:
        who = {"M": "male", "F": "female"}
        yield Finding("DX-SEX", ERROR, claim.claim_id, None,
                      f"{where} ({only[1]}) is for {who[only[0]]} patients; this patient is "
                      f"{who[sex]}", "check the patient's sex and the diagnosis", source)


def _code_first(claim: Claim, known: dict[int, list[ref.IcdEntry]],
                source: str) -> Iterator[Finding]:
    first = claim.diagnoses[0] if claim.diagnoses else None
    lineage = known.get(first.position) if first else None
    if first is None or not lineage:
        return
    manifestation = any(MANIFESTATION_WORDS in e.description.lower() for e in lineage)
    note = next((e for e in lineage if e.code_first), None)
    if manifestation and note is not None:
        yield Finding("DX-CODE-FIRST", ERROR, claim.claim_id, None,
                      f"diagnosis A {first.code} is a manifestation code and cannot be listed "
                      "first: the underlying disease must come before it",
                      f"list the underlying condition first (the tabular at {note.code}: code "
                      f"first {note.code_first.splitlines()[0].strip()})", source)


def _excludes1(claim: Claim, known: dict[int, list[ref.IcdEntry]],
               source: str) -> Iterator[Finding]:
    reported: set[frozenset[int]] = set()
    for dx in claim.diagnoses:
        for entry in known.get(dx.position, []):
            for note in entry.excludes1:
                if " with " in note:
                    continue     # "(E08-E13 with .42)": qualified notes are not matched
                for other in claim.diagnoses:
                    pair = frozenset((dx.position, other.position))
                    if other is dx or pair in reported or not _note_covers(note, other.code):
                        continue
                    reported.add(pair)
                    yield Finding(
                        "DX-EXCLUDES1", ERROR, claim.claim_id, None,
                        f"diagnoses {dx.letter} {dx.code} and {other.letter} {other.code} "
                        f"exclude each other (Excludes1 at {entry.code}: {note})",
                        "keep only the code the documentation supports; the two conditions "
                        "cannot be reported together", source)


def _note_covers(note: str, code: str) -> bool:
    for inner in re.findall(r"\(([^)]*)\)", note):
        for start, end in _NOTE_CODE.findall(inner):
            if end:
                if start[:3] <= code[:3] <= end[:3]:
                    return True
            elif code.startswith(start):
                return True
    return False


def _pointers(claim: Claim) -> Iterator[Finding]:
    positions = {dx.position for dx in claim.diagnoses}
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        fix_add = "point the line to the diagnoses that justify it (A-L, at most 4)"
        if not line.pointers:
            yield Finding("DX-POINTER", ERROR, claim.claim_id, line.number,
                          f"{where} points to no diagnosis", fix_add, "CMS-1500 box 24E")
            continue
        missing = [p for p in line.pointers if p not in positions]
        if missing:
            letters = ", ".join("ABCDEFGHIJKL"[p - 1] if 1 <= p <= 12 else str(p)
                                for p in missing)
            yield Finding("DX-POINTER", ERROR, claim.claim_id, line.number,
                          f"{where} points to diagnosis {letters}, which the claim does not have",
                          fix_add, "CMS-1500 box 24E")
        if len(line.pointers) > MAX_POINTERS:
            yield Finding("DX-POINTER", ERROR, claim.claim_id, line.number,
                          f"{where} has {len(line.pointers)} diagnosis pointers; at most "
                          f"{MAX_POINTERS} are allowed", "keep the 4 most relevant pointers",
                          "CMS-1500 box 24E")

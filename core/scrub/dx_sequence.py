"""The order of the diagnoses: DX-CODE-FIRST and DX-FIRST-LISTED.

- A manifestation code (its title, or its category's, says "in ... classified elsewhere": "in
  diseases", "in other diseases", "in conditions", "in infectious and parasitic diseases" ...)
  is never first-listed, and follows its etiology: ICD-10-CM Official Guidelines I.A.13
  (etiology/manifestation convention). Error.
- A code whose "code first" note asks for the underlying cause ("Code first underlying
  disease") is sequenced after that condition "if known" (I.A.13, second paragraph): first-listed
  alone it is a warning, since the cause may be undocumented. Notes that say "if known" or "if
  applicable" are left alone when the claim does not have the cause.
- Whatever the note, a code it names listed after the code is a pair out of order (an error for
  the two kinds above, a warning for other "code first" notes: I.A.13, "should be sequenced
  first").
- External cause codes (V00-Y99) are never first-listed: Guidelines I.C.20.a.6; tabular chapter
  20 note ("used secondary to a code from another chapter"). Error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim
from core.refdata.icd import IcdEntry

from .icd_notes import note_covers

MANIFESTATION = re.compile(r"\bin (?:\S+ ){1,6}?classified elsewhere\b", re.IGNORECASE)
_ETIOLOGY = re.compile(r"^(?:the |any (?:associated )?)?underlying\b", re.IGNORECASE)
_IF_KNOWN = re.compile(r"\bif (?:known|applicable)\b", re.IGNORECASE)
_GUIDELINE = "ICD-10-CM Official Guidelines I.A.13 (etiology/manifestation convention)"


def check(claim: Claim, known: dict[int, list[IcdEntry]]) -> Iterator[Finding]:
    if not claim.diagnoses:
        return
    first = claim.diagnoses[0]
    if first.code[:1] in "VWXY":
        yield Finding(
            "DX-FIRST-LISTED",
            ERROR,
            claim.claim_id,
            None,
            f"diagnosis A {first.code} is an external cause code (V00-Y99): it can "
            "never be the first-listed diagnosis",
            "list the injury or condition first and keep the external cause code after it",
            "ICD-10-CM Official Guidelines I.C.20.a.6; tabular chapter 20 note",
        )
    yield from _first_listed(claim, known)
    yield from _pairs(claim, known)


def _first_listed(claim: Claim, known: dict[int, list[IcdEntry]]) -> Iterator[Finding]:
    first = claim.diagnoses[0]
    lineage = known.get(first.position, [])
    titled = next((e for e in lineage if MANIFESTATION.search(e.description)), None)
    note = next((e for e in lineage if e.code_first), None)
    later = claim.diagnoses[1:]
    if note is not None and any(note_covers(note.code_first, dx.code) for dx in later):
        return  # the pair check names the etiology listed after it
    text = _first_line(note.code_first) if note else ""
    if titled is not None:
        yield Finding(
            "DX-CODE-FIRST",
            ERROR,
            claim.claim_id,
            None,
            f"diagnosis A {first.code} is a manifestation code ({titled.code}: "
            f"{titled.description}) and cannot be listed first: the underlying "
            "disease must come before it",
            "list the underlying condition first"
            + (
                f" (the tabular at {note.code}: code first {_summary(note.code_first)})"
                if note
                else ""
            ),
            _GUIDELINE,
        )
    elif note is not None and _ETIOLOGY.match(text) and not _IF_KNOWN.search(text):
        yield Finding(
            "DX-CODE-FIRST",
            WARNING,
            claim.claim_id,
            None,
            f"diagnosis A {first.code} has a 'code first' note at {note.code} "
            f"({text}): the underlying condition is listed before it when known",
            "add the underlying condition the provider documented and list it first",
            _GUIDELINE,
        )


def _pairs(claim: Claim, known: dict[int, list[IcdEntry]]) -> Iterator[Finding]:
    for index, dx in enumerate(claim.diagnoses):
        lineage = known.get(dx.position, [])
        note = next((e for e in lineage if e.code_first), None)
        if note is None:
            continue
        later = [o for o in claim.diagnoses[index + 1 :] if note_covers(note.code_first, o.code)]
        if not later:
            continue
        strict = any(MANIFESTATION.search(e.description) for e in lineage) or bool(
            _ETIOLOGY.match(_first_line(note.code_first))
        )
        other = later[0]
        yield Finding(
            "DX-CODE-FIRST",
            ERROR if strict else WARNING,
            claim.claim_id,
            None,
            f"diagnosis {dx.letter} {dx.code} is listed before {other.letter} "
            f"{other.code}, which its 'code first' note (at {note.code}) puts first",
            f"list {other.code} before {dx.code}",
            _GUIDELINE,
        )


def _first_line(note: str) -> str:
    return note.strip().splitlines()[0].strip() if note.strip() else ""


def _summary(note: str, width: int = 110) -> str:
    """The note on one line, cut at a word: "underlying disease, such as: amyloidosis (E85.-)"."""
    text = " ".join(note.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " ..."

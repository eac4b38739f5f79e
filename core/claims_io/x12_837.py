"""X12 837 professional claims (005010X222A1, and the A2 errata) to the claim model.

Every CLM in every ST-SE transaction becomes a claim. What is read, by loop:
- 2000A HL*20 billing provider: NM1*85 NM109 billing NPI; its N4 postal code.
- 2000B HL*22 subscriber: SBR09 filing indicator; NM1*IL NM109 member id (the patient id) and
  name; DMG date of birth and sex; NM1*PR payer name (NM103) and id (NM109).
- 2000C HL*23 patient (when not the subscriber): NM1*QC name; DMG date of birth and sex.
- 2300 CLM: CLM01 claim id, CLM02 total charge, CLM05-1 place of service; HI diagnoses
  (ABK principal, ABF other ICD-10-CM; BK/BF ICD-9-CM in old files); NM1*82 rendering NPI
  (loop 2310B; without it the billing provider renders); NM1*77 service facility N4 postal code,
  which prices the claim (else the billing provider's).
- 2400 LX/SV1: SV101 HC:code:mod1..mod4, SV102 charge, SV103 unit basis (UN, MJ minutes), SV104
  units, SV105 line place of service, SV107 diagnosis pointers; DTP*472 date of service (D8, or
  RD8 whose first day is the DOS); 2420A NM1*82 line rendering NPI.
Other payers' loops (2320/2330, from SBR after CLM up to the first LX) are skipped, as are all
segments not listed. A malformed segment is reported with its segment number and element; it
spoils only its line or claim, never the rest of the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.claims.model import Claim, Source

from .problems import Problem, RepeatedProblems, segment_problem
from .x12_claim import ClaimDraft, LineDraft837
from .x12_loops import BillingProvider, Member, ParseError
from .x12_segments import (
    Segment,
    decode,
    iter_segments,
    read_delimiters,
    used_component_separator,
)

PROFESSIONAL = "X222"
_ENDS = {"SE", "GE", "IEA"}


def read_837(path: Path, problems: list[Problem]) -> list[Claim]:
    """Raises X12SyntaxError when the file has no readable ISA; everything else is a Problem."""
    text = decode(path.read_bytes())
    delimiters = read_delimiters(text)
    reader = _Reader(path.name, problems)
    used = used_component_separator(text, delimiters)
    if used is not None:
        problems.append(
            Problem(
                path.name,
                f"ISA16 declares '{delimiters.component}' as the component separator "
                f"but the segments use '{used}': read with '{used}' (the sender should fix ISA16)",
                row=1,
                column="ISA16",
                kind="segment",
            )
        )
        delimiters = replace(delimiters, component=used)
    for segment in iter_segments(text, delimiters):
        reader.feed(segment)
    reader.finish()
    return reader.claims


class _Reader:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.claims: list[Claim] = []
        self.loop = "envelope"  # envelope, skip, billing, subscriber, patient, claim,
        self.last_id = ""  # other_payer, line
        self.version = ""
        self.billing: BillingProvider | None = None
        self.subscriber: Member | None = None
        self.patient: Member | None = None
        self.claim: ClaimDraft | None = None
        self.line: LineDraft837 | None = None
        self._repeats = RepeatedProblems()

    def problem(
        self, segment: Segment, message: str, index: int | None = None, claim_id: str | None = None
    ) -> None:
        column = segment.name(index) if index is not None else segment.id
        if claim_id is None and self.claim is not None:
            claim_id = self.claim.claim_id or None
        self.problems.append(segment_problem(self.file, segment.number, column, message, claim_id))

    def repeated(self, key: str, segment: Segment, message: str, index: int) -> None:
        """A sender's habit that repeats all through a file is reported once, with a count."""
        self._repeats.add(
            key, segment_problem(self.file, segment.number, segment.name(index), message)
        )

    def feed(self, segment: Segment) -> None:
        self.last_id = segment.id
        handler = _ENVELOPE.get(segment.id)
        if handler is not None:
            handler(self, segment)
        elif self.loop not in ("envelope", "skip"):
            try:
                self._loop_segment(segment)
            except ParseError as exc:
                if self.line is not None and self.loop == "line":
                    self.line.broken = True
                    self.problem(
                        segment, f"{exc.message}: this service line is not loaded", exc.index
                    )
                else:
                    self.problem(segment, exc.message, exc.index)
                    if self.claim is not None:
                        self.claim.incomplete = True

    def _loop_segment(self, segment: Segment) -> None:
        sid, loop = segment.id, self.loop
        if sid == "HL":
            self._hl(segment)
        elif sid == "CLM":
            self._clm(segment)
        elif self.claim is not None and self.claim.broken:
            return  # a claim without an id: skip to the next CLM or HL
        elif sid == "LX" and loop in ("claim", "other_payer", "line"):
            self._close_line()
            self.line = LineDraft837(segment.number)
            self.loop = "line"
        elif sid == "SBR" and loop in ("claim", "line"):
            self.loop = "other_payer"
        elif loop == "billing" and self.billing is not None:
            self.billing.read(segment, self)
        elif loop in ("subscriber", "patient"):
            member = self.subscriber if loop == "subscriber" else self.patient
            if member is not None:
                member.read(segment, self)
        elif loop == "claim" and self.claim is not None:
            self.claim.read(segment, self)
        elif loop == "line" and self.line is not None:
            self.line.read(segment, self)

    def _hl(self, segment: Segment) -> None:
        self._close_claim()
        level = segment.get(3)
        if level == "20":
            self.billing, self.subscriber, self.patient = BillingProvider(), None, None
            self.loop = "billing"
        elif level == "22":
            self.subscriber, self.patient = Member(), None
            self.loop = "subscriber"
        elif level == "23":
            self.patient = Member()
            self.loop = "patient"
        else:
            self.problem(
                segment,
                f"HL03 level '{level}' is not 20 (billing provider), 22 "
                "(subscriber) or 23 (patient): its segments are skipped",
                3,
            )
            self.loop = "skip_hl"

    def _clm(self, segment: Segment) -> None:
        self._close_claim()
        self.loop = "claim"
        self.claim = ClaimDraft(segment.number)
        if self.billing is None or self.subscriber is None:
            self.claim.broken = True
            self.problem(
                segment,
                "CLM comes before its billing provider (HL*20) and "
                "subscriber (HL*22) loops: this claim is skipped",
            )
            return
        self.claim.start(segment, self)

    def _close_line(self) -> None:
        if self.line is not None and self.claim is not None:
            self.claim.add_line(self.line, self)
        self.line = None

    def _close_claim(self) -> None:
        self._close_line()
        claim, self.claim = self.claim, None
        if claim is None or claim.broken:
            return
        assert self.billing is not None and self.subscriber is not None
        built = claim.build(self.billing, self.subscriber, self.patient, self)
        if built is not None:
            self.claims.append(built)

    def source(self, number: int) -> Source:
        return Source(self.file, None, number, kind="segment")

    def _st(self, segment: Segment) -> None:
        self._close_claim()
        self.billing = self.subscriber = self.patient = None
        self.version = segment.get(3) or self.version
        if segment.get(1) != "837":
            self.problem(
                segment, f"transaction set {segment.get(1)} is not an 837 claim: it is skipped", 1
            )
            self.loop = "skip"
        elif self.version and PROFESSIONAL not in self.version:
            kind = (
                "institutional (837I)"
                if "X223" in self.version
                else "dental (837D)"
                if "X224" in self.version
                else f"version {self.version}"
            )
            self.problem(
                segment,
                f"this 837 is {kind}: only professional claims "
                "(005010X222A1) are read; the transaction is skipped",
                3,
            )
            self.loop = "skip"
        else:
            self.loop = "header"

    def _gs(self, segment: Segment) -> None:
        self.version = segment.get(8)

    def _end(self, segment: Segment) -> None:
        self._close_claim()
        self.loop = "envelope"

    def finish(self) -> None:
        self.problems += self._repeats.problems()
        if self.last_id in _ENDS:
            self._close_claim()
            return
        claim_id = self.claim.claim_id if self.claim is not None else None
        if self.claim is not None:
            self.claim.incomplete = True
        self._close_claim()
        tail = f"; claim {claim_id} may be missing lines" if claim_id else ""
        self.problems.append(
            Problem(
                self.file,
                f"the file ends after a {self.last_id or 'no'} segment, without "
                f"SE/GE/IEA: it looks truncated{tail}; get the complete file from its sender",
                claim_id=claim_id,
                kind="segment",
            )
        )


_ENVELOPE = {
    "ST": _Reader._st,
    "GS": _Reader._gs,
    "SE": _Reader._end,
    "GE": _Reader._end,
    "IEA": _Reader._end,
    "ISA": _Reader._end,
}

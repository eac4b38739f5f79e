"""X12 835 remittance advice (005010X221A1, and 004010X091A1) to Remittance values.

A file may hold several interchanges (ISA..IEA), each several transactions (ST..SE); every ST*835
becomes one Remittance. What is read, by loop (model.py says what each field means):
- header: BPR01-04, BPR16; TRN02-03; DTM*405; 1000A N1*PR (+ REF*2U); 1000B N1*PE (+ REF*TJ).
- 2100 CLP01-09; CAS; NM1*QC, NM1*IL, NM1*82; DTM*232/233/050; MOA and MIA remark codes.
- 2110 SVC01-06; DTM*472 or 150/151; CAS; AMT*B6; REF*6R; LQ*HE.
- PLB after the claims.
Nothing here raises for what is in a file: every malformed thing is a Problem naming the file,
the segment number (ISA is 1) and the element. A claim with a malformed segment is not loaded
(a half-read claim would post wrong money) and the others still are; a malformed header value is
left empty. Amounts that do not balance are not problems here: see balance.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from core.claims_io.problems import Problem, RepeatedProblems, segment_problem
from core.claims_io.x12_segments import Segment, X12SyntaxError

from .codes import known_carc_codes
from .model import CLAIM_STATUS, ProviderAdjustment, RemitClaim, Remittance
from .segment_stream import NotX12, SegmentStream
from .x12_835_loops import ClaimDraft, Header, plb
from .x12_values import ParseError

_KNOWN = frozenset(
    {
        "BPR",
        "TRN",
        "CUR",
        "REF",
        "DTM",
        "N1",
        "N2",
        "N3",
        "N4",
        "PER",
        "RDM",
        "LX",
        "TS3",
        "TS2",
        "CLP",
        "CAS",
        "NM1",
        "MIA",
        "MOA",
        "AMT",
        "QTY",
        "SVC",
        "LQ",
        "PLB",
    }
)
_OTHER_TRANSACTIONS = {
    "837": "this is an 837 claim file, not an 835 remittance: load it as claims (a worklist) "
    "and pick the payer's 835 file here",
    "999": "this is a 999 acknowledgment, not an 835 remittance",
    "277": "this is a 277 claim status response, not an 835 remittance",
    "270": "this is a 270 eligibility inquiry, not an 835 remittance",
    "271": "this is a 271 eligibility response, not an 835 remittance",
}


@dataclass(frozen=True)
class Read835:
    remittances: tuple[Remittance, ...]
    problems: tuple[Problem, ...]
    files_read: tuple[str, ...]

    @property
    def claims(self) -> tuple[RemitClaim, ...]:
        return tuple(c for r in self.remittances for c in r.claims)


def read_835(path: Path) -> Read835:
    return read_835_files([path])


def read_835_files(paths: Iterable[Path]) -> Read835:
    remittances: list[Remittance] = []
    problems: list[Problem] = []
    files: list[str] = []
    for path in paths:
        before = len(remittances)
        remittances.extend(iter_835(path, problems))
        if len(remittances) > before:
            files.append(path.name)
    return Read835(tuple(remittances), tuple(problems), tuple(files))


def iter_835(path: Path, problems: list[Problem]) -> Iterator[Remittance]:
    """Each remittance of the file as soon as its SE is read; problems go into `problems`."""
    try:
        stream = SegmentStream(path)
    except OSError as exc:
        problems.append(
            Problem(
                path.name,
                f"the file cannot be read ({exc.strerror or exc}): "
                "check that it exists and that you may open it",
                kind="segment",
            )
        )
        return
    except NotX12 as exc:
        problems.append(Problem(path.name, str(exc), kind="segment"))
        return
    except X12SyntaxError as exc:
        problems.append(
            Problem(
                path.name,
                f"{exc}; get the complete 835 file from the payer",
                row=1,
                column="ISA",
                kind="segment",
            )
        )
        return
    used = stream.used_component_separator()
    if used is not None:
        problems.append(
            Problem(
                path.name,
                f"ISA16 declares '{stream.delimiters.component}' as the component "
                f"separator but the segments use '{used}': read with '{used}' (the payer should "
                "fix ISA16)",
                row=1,
                column="ISA16",
                kind="segment",
            )
        )
        stream.delimiters = replace(stream.delimiters, component=used)
    reader = _Reader(path.name, problems)
    for segment in stream:
        done = reader.feed(segment)
        if done is not None:
            yield done
    done = reader.finish()
    if done is not None:
        yield done


class _Transaction:
    def __init__(self, st: Segment, icn: str, version: str) -> None:
        self.st, self.icn, self.version = st, icn, st.get(3) or version
        self.header = Header()
        self.count = 1
        self.in_claims = False
        self.foreign_loop = False  # inside a second N1 loop after the claims
        self.claim: ClaimDraft | None = None
        self.claims: list[RemitClaim] = []
        self.plb: list[ProviderAdjustment] = []


class _Reader:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems
        self.first_problem = len(problems)
        self.icn = self.version = self.last_id = ""
        self.tx: _Transaction | None = None
        self.skipping = False
        self.transactions = 0
        self._repeats = RepeatedProblems()
        self._carc = known_carc_codes()

    # -- reporting
    def problem(
        self, segment: Segment, message: str, index: int | None = None, claim_id: str | None = None
    ) -> None:
        column = segment.name(index) if index is not None else segment.id
        self.problems.append(segment_problem(self.file, segment.number, column, message, claim_id))

    def repeated(self, key: str, row: int, message: str, column: str) -> None:
        """Reported once per file, with how many times it happened."""
        self._repeats.add(key, segment_problem(self.file, row, column, message))

    # -- segments
    def feed(self, segment: Segment) -> Remittance | None:
        sid = self.last_id = segment.id
        if sid in ("ISA", "GS", "ST", "SE", "GE", "IEA"):
            return self._envelope(segment)
        if self.tx is not None:
            self.tx.count += 1
            self._transaction_segment(self.tx, segment)
        elif not self.skipping:
            self.repeated(
                "outside",
                segment.number,
                f"segment {sid} is outside any ST..SE transaction: it is ignored",
                sid,
            )
        return None

    def _envelope(self, segment: Segment) -> Remittance | None:
        sid, done = segment.id, None
        if sid == "SE" and self.tx is not None:
            self.tx.count += 1
            expected = segment.get(1)
            if expected != str(self.tx.count):
                self.problem(
                    segment,
                    f"SE01 says the transaction has '{expected}' segments "
                    f"but it has {self.tx.count}: segments may be missing or the file "
                    "was edited; check its totals with the payer",
                    1,
                )
            return self._close(complete=True)
        if self.tx is not None:
            self.problem(
                segment,
                f"{sid} comes before the SE that ends transaction "
                f"{self.tx.st.get(2)} (segment {self.tx.st.number}): the transaction "
                "is cut short; its last claim is not loaded",
            )
            done = self._close(complete=False)
        self.skipping = False
        if sid == "ISA":
            self.icn = segment.get(13).strip()
        elif sid == "GS":
            self.version = segment.get(8)
        elif sid == "ST":
            self._st(segment)
        return done

    def _st(self, segment: Segment) -> None:
        kind = segment.get(1)
        if kind == "835":
            self.tx = _Transaction(segment, self.icn, self.version)
            self.transactions += 1
            return
        message = _OTHER_TRANSACTIONS.get(
            kind, f"transaction set '{kind}' is not an 835 remittance"
        )
        self.repeated(f"st{kind}", segment.number, message + " (it is skipped)", "ST01")
        self.skipping = True

    def _transaction_segment(self, tx: _Transaction, segment: Segment) -> None:
        sid = segment.id
        if sid not in _KNOWN:
            self.repeated(
                f"id{sid}", segment.number, f"'{sid}' is not an 835 segment: it is ignored", sid
            )
            return
        if sid in ("LX", "CLP", "PLB"):
            self._close_claim(tx)
            tx.in_claims, tx.foreign_loop = True, False
            if sid == "CLP":
                self._clp(tx, segment)
            elif sid == "PLB":
                self._plb(tx, segment)
            return
        if not tx.in_claims:
            try:
                tx.header.read(segment)
            except ParseError as exc:
                self.problem(
                    segment, exc.message + ": the remittance is read without it", exc.index
                )
            return
        if sid == "N1":
            self._close_claim(tx)
            tx.foreign_loop = True
            self.repeated(
                "n1",
                segment.number,
                f"an N1*{segment.get(1)} loop after the "
                "claims: an 835 names its payer and payee once, before the first "
                "claim; it is ignored (the claims stay with the first payee)",
                "N101",
            )
            return
        claim = tx.claim
        if claim is None or claim.broken or tx.foreign_loop:
            return
        try:
            claim.read(segment)
        except ParseError as exc:
            self._broken(claim, segment, exc)

    def _clp(self, tx: _Transaction, segment: Segment) -> None:
        tx.claim = ClaimDraft(segment)
        try:
            tx.claim.start()
        except ParseError as exc:
            self._broken(tx.claim, segment, exc)

    def _broken(self, claim: ClaimDraft, segment: Segment, exc: ParseError) -> None:
        claim.broken = True
        who = f"claim {claim.claim_id}" if claim.claim_id else "this claim"
        self.problem(
            segment,
            f"{exc.message}: {who} (CLP at segment {claim.clp.number}) is not loaded",
            exc.index,
            claim.claim_id or None,
        )

    def _plb(self, tx: _Transaction, segment: Segment) -> None:
        try:
            tx.plb.extend(plb(segment, segment.component_separator))
        except ParseError as exc:
            self.problem(
                segment,
                exc.message + ": this provider adjustment is not loaded, "
                "so the payment total will not balance",
                exc.index,
            )

    def _close_claim(self, tx: _Transaction) -> None:
        draft, tx.claim = tx.claim, None
        if draft is None or draft.broken:
            return
        claim = draft.build()
        if claim.status not in CLAIM_STATUS:
            self.problem(
                draft.clp,
                f"CLP02 claim status '{claim.status}' is not a known "
                "status code: the claim is kept; check it with the payer",
                2,
                claim.patient_control_number,
            )
        for adjustment in claim.all_adjustments():
            if adjustment.reason not in self._carc:
                self.repeated(
                    f"carc{adjustment.reason}",
                    adjustment.segment,
                    f"CAS reason '{adjustment.reason}' is not on X12's list of claim "
                    "adjustment reason codes: the adjustment is kept; ask the payer "
                    "what it means",
                    "CAS",
                )
        tx.claims.append(claim)

    def _close(self, complete: bool) -> Remittance:
        tx, self.tx = self.tx, None
        assert tx is not None
        if complete:
            self._close_claim(tx)
        h = tx.header
        return Remittance(
            self.file,
            tx.icn,
            tx.st.get(2),
            tx.version,
            h.trace_number,
            h.trace_originator,
            h.handling,
            h.payment_amount,
            h.credit_debit,
            h.payment_method,
            h.payment_date,
            h.production_date,
            h.payer_name,
            h.payer_id,
            h.payee_name,
            h.payee_npi,
            h.payee_tin,
            tuple(tx.claims),
            tuple(tx.plb),
            tx.st.number,
            complete,
        )

    def finish(self) -> Remittance | None:
        self.problems += self._repeats.problems()
        done = None
        if self.tx is not None:
            cut = self.tx.claim
            tail = (
                f"; claim {cut.claim_id} (CLP at segment {cut.clp.number}), the one being "
                "read, is not loaded"
                if cut is not None and not cut.broken
                else ""
            )
            self.problems.append(
                Problem(
                    self.file,
                    f"the file ends after a {self.last_id} segment inside transaction "
                    f"{self.tx.st.get(2)}, without SE/GE/IEA: it looks truncated{tail}; get the "
                    "complete file from the payer",
                    kind="segment",
                )
            )
            done = self._close(complete=False)
        elif self.last_id != "IEA" and self.transactions:
            self.problems.append(
                Problem(
                    self.file,
                    f"the file ends after a {self.last_id} segment, without IEA: it may "
                    "be truncated; get the complete file from the payer",
                    kind="segment",
                )
            )
        if not self.transactions and len(self.problems) == self.first_problem:
            self.problems.append(
                Problem(
                    self.file,
                    "the file has no 835 transaction (ST*835): it is not a remittance",
                    kind="segment",
                )
            )
        return done

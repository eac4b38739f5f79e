"""NCCI procedure-to-procedure edits and medically unlikely edits: NCCI-PTP, MUE,
NCCI-NOT-CHECKED, MUE-NOT-CHECKED.

Lines are compared across the whole worklist for the same patient, rendering provider and DOS.
Only the release in effect on the DOS is used, and within it only edits active that day.
A DOS no loaded release covers is never passed: the claim gets a NOT-CHECKED notice."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from core.claims.finding import ERROR, INFO, Finding
from core.claims.model import MINUTES, Claim, ServiceLine
from core.paths import command
from core.refdata.ncci import (
    PtpEdit,
    mue_row,
    prefetch_mue,
    ptp_edits_among,
    ptp_edits_for_days,
)
from core.refdata.releases import covered_until, releases

from .context import DayKey, LineRef, ScrubContext, day_key

NCCI_ASSOCIATED = frozenset(
    {
        "59",
        "XE",
        "XS",
        "XP",
        "XU",
        "24",
        "25",
        "57",
        "58",
        "78",
        "79",
        "27",
        "91",
        "E1",
        "E2",
        "E3",
        "E4",
        "FA",
        "F1",
        "F2",
        "F3",
        "F4",
        "F5",
        "F6",
        "F7",
        "F8",
        "F9",
        "TA",
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "LT",
        "RT",
        "LC",
        "LD",
        "LM",
        "RC",
        "RI",
    }
)
PER_LINE = "1"


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    yield from _not_checked(ctx, claim, "ncci_ptp", "NCCI-NOT-CHECKED", "NCCI PTP")
    yield from _not_checked(ctx, claim, "mue", "MUE-NOT-CHECKED", "MUE")
    yield from _other_release(ctx, claim, "ncci_ptp", "NCCI-OTHER-RELEASE", "NCCI PTP")
    yield from _other_release(ctx, claim, "mue", "MUE-OTHER-RELEASE", "MUE")
    for line in claim.lines:
        ncci = ctx.release("ncci_ptp", line.dos)
        if ncci is not None:
            yield from _ptp(ctx, claim, line, ncci.name)
        mue = ctx.release("mue", line.dos)
        if mue is not None:
            yield from _mue(ctx, claim, line, mue.name)


def prefetch(ctx: ScrubContext, claims: Sequence[Claim]) -> None:
    """Read the next claims' NCCI edits (every day of theirs with more than one code) and MUE
    rows, in one query per release."""
    by_release: dict[str, set[str]] = {}
    days: dict[str, dict[DayKey, None]] = {}
    for claim in claims:
        for line in claim.lines:
            mue = ctx.release("mue", line.dos)
            if mue is not None:
                by_release.setdefault(mue.name, set()).add(line.code)
            ncci = ctx.release("ncci_ptp", line.dos)
            if ncci is not None:
                days.setdefault(ncci.name, {})[day_key(claim, line)] = None
    for release, codes in by_release.items():
        prefetch_mue(ctx.conn, release, codes)
    for release, keys in days.items():
        asked = [(key, ctx.codes_on(key)) for key in keys]
        asked = [(key, codes) for key, codes in asked if len(codes) > 1]
        edits = ptp_edits_for_days(ctx.conn, release, [(codes, key[2]) for key, codes in asked])
        for (key, _), found in zip(asked, edits, strict=True):
            ctx.per_chunk[("ptp", release, key)] = found


def _not_checked(
    ctx: ScrubContext, claim: Claim, source: str, rule: str, label: str
) -> Iterator[Finding]:
    days = sorted({line.dos for line in claim.lines if ctx.release(source, line.dos) is None})
    if not days:
        return
    loaded = (
        ", ".join(
            f"{r.name} ({r.effective_date} to {covered_until(ctx.conn, r)})"
            for r in releases(ctx.conn, source)
        )
        or "none"
    )
    yield Finding(
        rule,
        INFO,
        claim.claim_id,
        None,
        f"not checked: no {label} data for {_quarters(days)}; these edits were not "
        "run, so the claim is not known to pass them",
        f"import CMS's practitioner {label} file for that quarter "
        f"('{command('import-cms FILE')}') and scrub again",
        f"{label} releases loaded: {loaded}",
    )


def _other_release(
    ctx: ScrubContext, claim: Claim, source: str, rule: str, label: str
) -> Iterator[Finding]:
    """Checked, but against a release of another quarter than the date of service: say so (the
    policy of core/refdata/releases.py), never a silent pass."""
    notes: dict[str, str] = {}
    for line in claim.lines:
        applied = ctx.release(source, line.dos)
        if applied is not None and applied.note:
            notes.setdefault(applied.name, applied.note)
    for name, note in notes.items():
        yield Finding(
            rule,
            INFO,
            claim.claim_id,
            None,
            f"{label}: {note}",
            f"import CMS's practitioner {label} file for the quarter of the date of "
            "service and scrub again",
            f"{name} (the release the check used)",
        )


def _quarters(days: list[date]) -> str:
    names = sorted({f"{d.year} Q{(d.month - 1) // 3 + 1}" for d in days})
    return ", ".join(names)


def _ptp(ctx: ScrubContext, claim: Claim, line: ServiceLine, release: str) -> Iterator[Finding]:
    """This line as column 2 of an edit with another line that day: the column 2 line is the
    one denied. Each other code of the day is asked once, then its lines are looked at."""
    for other, edit in _edits_against(ctx, claim, line, release):
        bypass = (set(line.modifiers) | set(other.modifiers)) & NCCI_ASSOCIATED
        if edit.modifier_indicator == "1" and bypass:
            continue
        other_where = ctx.where(other)
        if edit.modifier_indicator == "0":
            fix = (
                "the pair is never paid together (modifier indicator 0): remove "
                f"{line.code}, or correct the codes"
            )
        else:
            fix = (
                "if the service was distinct (another site, session or encounter) and the "
                "record shows it, add the fitting modifier (XS, XE, XU, XP or 59; 25 on "
                "an E/M); otherwise remove the line"
            )
        yield Finding(
            "NCCI-PTP",
            ERROR,
            claim.claim_id,
            line.number,
            f"line {line.number} {line.code} is column 2 of an NCCI edit with "
            f"{other.code} ({other_where}) on {line.dos.isoformat()}: "
            f"{line.code} will be denied ({edit.rationale})",
            fix,
            f"{edit.release}, {edit.source_file} line {edit.source_line}",
            ctx.amount(claim, line),
        )
        return


def _edits_against(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, release: str
) -> Iterator[tuple[LineRef, PtpEdit]]:
    """(line, edit) for each other line that day whose code is column 1 of an active edit with
    this line's code as column 2 (the day's edits are read in one query, once per claim)."""
    key = day_key(claim, line)
    codes = ctx.codes_on(key)
    if len(codes) < 2:
        return
    asked = ("ptp", release, key)
    edits = ctx.per_chunk.get(asked)
    if edits is None:
        edits = ctx.per_claim.get(asked)
    if edits is None:
        edits = ctx.per_claim[asked] = ptp_edits_among(ctx.conn, release, codes, line.dos)
    assert isinstance(edits, dict)
    for code in codes:
        if code == line.code:
            continue
        edit = edits.get((code, line.code))
        if edit is None or edit.modifier_indicator == "9":
            continue
        for other in ctx.lines_of(key, code):
            yield other, edit


def _units(line: ServiceLine | LineRef) -> Decimal:
    """Units the MUE counts: anesthesia minutes (MJ) are one service."""
    if line.units is None or line.units <= 0:
        return Decimal(0)
    return Decimal(1) if line.unit_basis == MINUTES else line.units


def _mue(ctx: ScrubContext, claim: Claim, line: ServiceLine, release: str) -> Iterator[Finding]:
    limit = mue_row(ctx.conn, release, line.code)
    units = _units(line)
    if limit is None or not units:
        return
    source = f"{limit.release}, line {limit.source_line} (MAI {limit.mai}: {limit.mai_text})"
    where = f"line {line.number} {line.code}"
    if limit.mai == PER_LINE:
        if units > limit.max_units:
            yield Finding(
                "MUE",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: {units} units on one line; the MUE allows {limit.max_units} per line",
                "check the units; when more were "
                "really given on separate sites or sessions, bill them on separate "
                "lines with an anatomic or XS/59 modifier",
                source,
                _excess_amount(ctx, claim, line, limit.max_units),
            )
        return
    total = _day_units(ctx, claim, line)
    first_here = next(
        ln
        for ln in claim.lines
        if ln.code == line.code
        and ln.dos == line.dos
        and claim.line_rendering_npi(ln) == claim.line_rendering_npi(line)
    )
    if total <= limit.max_units or first_here is not line:
        return
    appeal = (
        "the units above it are never paid"
        if limit.mai == "2"
        else "units above it are denied; they can be paid on appeal with records"
    )
    yield Finding(
        "MUE",
        ERROR,
        claim.claim_id,
        line.number,
        f"{where}: {total} units of {line.code} for this patient and provider on "
        f"{line.dos.isoformat()} (all lines and claims); the MUE allows "
        f"{limit.max_units} per day: {appeal}",
        "check the units against the record",
        source,
        _excess_amount(ctx, claim, line, max(limit.max_units - int(total - units), 0)),
    )


def _day_units(ctx: ScrubContext, claim: Claim, line: ServiceLine) -> Decimal:
    """Units of the line's code for this patient and provider that day, all lines and claims."""
    return sum((_units(o) for o in ctx.lines_of(day_key(claim, line), line.code)), Decimal(0))


def _excess_amount(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, allowed_units: int
) -> Decimal | None:
    amount, units = ctx.amount(claim, line), _units(line)
    if amount is None or not units:
        return None
    excess = max(units - allowed_units, Decimal(0))
    return (amount * excess / units).quantize(Decimal("0.01"))

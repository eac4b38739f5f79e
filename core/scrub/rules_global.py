"""Global surgery: GLOBAL-EM-SAME-DAY and GLOBAL-POSTOP, across the whole worklist for the same
patient and rendering provider (Pub 100-04 ch.12 §40.1-40.2; global days from the PPRRVU row of
the code on its date of service, RVU read-me "Global Surgery").

- An E/M the day before or the day of a 090 procedure needs 57 (decision for surgery); the same
  day as a 000 or 010 procedure it needs 25.
- Post-operative period: days 1-10 after a 010 procedure, days 1-90 after a 090 procedure. An E/M
  in it is part of the package unless it is unrelated (24; critical care unrelated to the surgery
  takes FT). A procedure (000/010/090) in it is part of the package unless it is staged or
  planned (58), a return to the operating room for a complication (78) or unrelated (79). A
  surgery billed with 54 (surgical care only) leaves its post-operative care to someone else.
  Tests (XXX) and add-ons (ZZZ) are outside the package (their primary carries the modifier).

The worklist's surgeries are indexed once by patient, provider and date, so each line looks up
only its own days (linear in the worklist, not quadratic in one patient's claims)."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from core.claims.finding import ERROR, Finding
from core.claims.model import Claim, ServiceLine
from core.refdata.pfs import global_days_of, rvu_row

from .context import DayKey, LineRef, ScrubContext, day_key
from .rules_modifiers import is_em
from .worklist_index import provider_key

SURGERY = ("000", "010", "090")
POST_OP_DAYS = {"010": 10, "090": 90}
CRITICAL_CARE = frozenset({"99291", "99292"})
RULE = "Pub 100-04 ch.12 §40.1-40.2 (global surgery)"


@dataclass(frozen=True)
class Surgery:
    dos: date
    days: str  # 000, 010, 090
    line: LineRef
    source: str  # PFS release and PPRRVU line of its global days


def global_days(ctx: ScrubContext, line: ServiceLine | LineRef) -> tuple[str, str] | None:
    """(global days, source) of the line's code on its DOS, when a PFS release has it."""
    return code_global_days(ctx, line.code, line.dos)


def code_global_days(ctx: ScrubContext, code: str, day: date) -> tuple[str, str] | None:
    release = ctx.release("pfs", day)
    row = rvu_row(ctx.conn, release.name, code) if release else None
    if row is None:
        return None
    return row["global_days"], f"PFS {row.release}, PPRRVU line {row['source_line']}"


class SurgeryIndex:
    """The worklist's procedures with a post-operative period (010, 090, without 54) by patient
    and provider, in date and then worklist order: each kept as one number (its date and its
    position in the worklist), made a Surgery when asked. Same-day procedures are looked up in
    the day's lines (`on`). It keeps no context, only what it found: the processes that check
    a worklist's claims share the one their parent built (core/scrub/parallel.py)."""

    def __init__(self, ctx: ScrubContext):
        worklist = ctx.worklist
        applied = (ctx.release("pfs", day) for day in worklist.dates())
        releases = {each.name for each in applied if each is not None}
        # the global days of every code of the worklist, by release, in a few queries
        global_days = {
            release: global_days_of(ctx.conn, release, worklist.codes.values[1:])
            for release in releases
        }

        def post_op_days(line: int) -> str | None:
            release = ctx.release("pfs", worklist.dos(line))
            if release is None:
                return None
            found = global_days[release.name].get(worklist.codes.values[worklist.code_id(line)])
            if found is None or found[0] not in POST_OP_DAYS or "54" in worklist.modifiers(line):
                return None
            return found[0]

        self.post_op: dict[str, array[int]] = {}
        for provider, firsts in worklist.providers():
            found = sorted(
                (worklist.dos(line).toordinal() << 32) | line
                for first in firsts
                for line in worklist.chain(first)
                if post_op_days(line)
            )
            if found:
                self.post_op[provider] = array("Q", found)

    @staticmethod
    def on(ctx: ScrubContext, key: DayKey, days: str) -> Surgery | None:
        """The day's first procedure (in worklist order) with `days` global days: each code of
        the day is looked at once (its lines share the code and the date)."""
        best: Surgery | None = None
        for code in ctx.codes_on(key):
            line = ctx.lines_of(key, code)[0]
            if best is not None and best.line.index < line.index:
                continue
            found = global_days(ctx, line)
            if found is not None and found[0] == days:
                best = Surgery(line.dos, days, line, found[1])
        return best

    def in_post_op(self, ctx: ScrubContext, patient: str, npi: str, day: date) -> Surgery | None:
        """The latest surgery whose post-operative period (day 1 to 10 or 90) holds `day`."""
        found = self.post_op.get(provider_key(patient, npi))
        if not found:
            return None
        start = bisect_left(found, (day - timedelta(days=90)).toordinal() << 32)
        for packed in reversed(found[start : bisect_left(found, day.toordinal() << 32)]):
            line = ctx.worklist.line(packed & 0xFFFFFFFF)
            days = global_days(ctx, line)
            assert days is not None
            surgery = Surgery(line.dos, days[0], line, days[1])
            if (day - surgery.dos).days <= POST_OP_DAYS[surgery.days]:
                return surgery
        return None


def index(ctx: ScrubContext) -> SurgeryIndex:
    """The worklist's surgery index, built at the first claim (or given: ctx.indexes)."""
    found = ctx.indexes.get("surgeries")
    if not isinstance(found, SurgeryIndex):
        found = ctx.indexes["surgeries"] = SurgeryIndex(ctx)
    return found


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    surgeries = index(ctx)
    for line in claim.lines:
        if is_em(line.code):
            yield from _same_day(ctx, surgeries, claim, line)
        yield from _post_op(ctx, surgeries, claim, line)


def _same_day(
    ctx: ScrubContext, surgeries: SurgeryIndex, claim: Claim, line: ServiceLine
) -> Iterator[Finding]:
    mods = set(line.modifiers)
    key = day_key(claim, line)
    where = f"line {line.number} {line.code}"
    major = surgeries.on(ctx, key, "090") or surgeries.on(
        ctx, (key[0], key[1], line.dos + timedelta(days=1)), "090"
    )
    if major is not None and "57" not in mods:
        when = "the same day as" if major.dos == line.dos else "the day before"
        yield Finding(
            "GLOBAL-EM-SAME-DAY",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: E/M visit {when} major surgery {major.line.code} "
            f"({ctx.where(major.line)}, 90-day global) without modifier 57",
            "add 57 when this visit is where the decision for surgery was made; "
            "otherwise the visit is part of the surgery",
            f"{major.source}; {RULE}",
            ctx.amount(claim, line),
        )
        return
    minor = surgeries.on(ctx, key, "000") or surgeries.on(ctx, key, "010")
    if minor is not None and "25" not in mods:
        yield Finding(
            "GLOBAL-EM-SAME-DAY",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: E/M visit the same day as minor procedure {minor.line.code} "
            f"({ctx.where(minor.line)}, {int(minor.days)}-day global) without modifier "
            "25",
            "add 25 when the visit was significant and separately "
            "identifiable; otherwise remove the visit",
            f"{minor.source}; {RULE}",
            ctx.amount(claim, line),
        )


def _post_op(
    ctx: ScrubContext, surgeries: SurgeryIndex, claim: Claim, line: ServiceLine
) -> Iterator[Finding]:
    mods = set(line.modifiers)
    em = is_em(line.code) and line.code.isdigit()  # preventive G-code visits are not in it
    if em:
        allowed = {"24", "FT"} if line.code in CRITICAL_CARE else {"24"}
    else:
        found = global_days(ctx, line)
        if found is None or found[0] not in SURGERY:
            return
        allowed = {"58", "78", "79"}
    if mods & allowed:
        return
    surgery = surgeries.in_post_op(ctx, claim.patient.id, claim.line_rendering_npi(line), line.dos)
    if surgery is None or surgery.line.is_line(ctx.ordinal, line):
        return
    day = (line.dos - surgery.dos).days
    period = (
        f"day {day} of the {int(surgery.days)}-day post-operative period of "
        f"{surgery.line.code} on {surgery.dos.isoformat()} ({ctx.where(surgery.line)}), "
        "same provider"
    )
    if em:
        fix = (
            "add 24 when the visit was for a problem unrelated to the surgery (the diagnosis "
            "must show it"
            + ("; FT for unrelated critical care" if line.code in CRITICAL_CARE else "")
            + "); otherwise the visit is part of the surgery's "
            "global package and is not paid separately"
        )
        what = f"E/M visit on {period}, without modifier {' or '.join(sorted(allowed))}"
    else:
        fix = (
            "add 58 when it was staged or planned (or more extensive than the first), 78 "
            "when it is an unplanned return to the operating room for a complication, 79 "
            "when it is unrelated to the first surgery; otherwise it is part of that "
            "surgery's global package"
        )
        what = f"procedure on {period}, without modifier 58, 78 or 79"
    yield Finding(
        "GLOBAL-POSTOP",
        ERROR,
        claim.claim_id,
        line.number,
        f"line {line.number} {line.code}: {what}",
        fix,
        f"{surgery.source}; {RULE}",
        ctx.amount(claim, line),
    )

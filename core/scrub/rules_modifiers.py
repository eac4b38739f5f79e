"""Modifiers against the PFS indicators of the code on its DOS: MOD-UNKNOWN, MOD-PCTC, MOD-53,
MOD-BILATERAL, MOD-ASSISTANT, MOD-COSURGEON, MOD-TEAM, MOD-25-NOT-EM, MOD-CONFLICT.

The PPRRVU row a line is priced from (26, TC, 53) and the assistant, co-surgeon and team
verdicts come from the fee calculator's own functions (core.fees.modifiers.row_modifier,
core.fees.surgery_modifiers), so a modifier the calculator does not pay is always a finding.
Ambulance origin/destination modifiers (Pub 100-04 ch.15 §30.A) are pairs of the one-letter
codes D, E, G, H, I, J, N, P, R, S, X (RH: residence to hospital), not in the modifier list:
any such pair is accepted on an ambulance code (A0xxx)."""

from __future__ import annotations

from collections.abc import Iterator

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim, ServiceLine
from core.fees import FeeError
from core.fees.modifiers import COMPONENT, NO_53_ROW, NO_GLOBAL, row_modifier
from core.fees.surgery_modifiers import (
    BY_REPORT,
    DOCUMENTATION,
    PAID,
    REFUSED,
    surgery_modifiers,
)
from core.refdata.pfs import RvuRow, rvu_row
from core.refdata.pfs_indicators import meaning

from .context import ScrubContext

X_MODIFIERS = frozenset({"XE", "XS", "XP", "XU"})


def is_em(code: str) -> bool:
    """Evaluation and management: CPT 99202-99499 and the Medicare wellness visits."""
    return (code.isdigit() and 99202 <= int(code) <= 99499) or code in {"G0402", "G0438", "G0439"}


AMBULANCE_PLACES = frozenset("DEGHIJNPRSX")


def is_ambulance_pair(code: str, modifier: str) -> bool:
    """An origin/destination pair on an ambulance code (A0xxx)."""
    return code.startswith("A0") and len(modifier) == 2 and set(modifier) <= AMBULANCE_PLACES


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    known = ctx.modifiers()
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        for modifier in line.modifiers:
            if modifier in known or is_ambulance_pair(line.code, modifier):
                continue
            ambulance = len(modifier) == 2 and set(modifier) <= AMBULANCE_PLACES
            yield Finding(
                "MOD-UNKNOWN",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: {modifier} is not a known modifier"
                + (
                    " (an ambulance origin/destination pair belongs on an ambulance "
                    "code, A0xxx, only)"
                    if ambulance
                    else ""
                ),
                "check the modifier for a typo, or remove it",
                "modifier list (bundled); ambulance origin/destination codes: "
                "Pub 100-04 ch.15 §30.A",
            )
        yield from _conflicts(ctx, claim, line, where)
        release = ctx.release("pfs", line.dos)
        if release is not None:
            yield from _pfs_rows(ctx, claim, line, where, release.name)


def _pfs_rows(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, where: str, release: str
) -> Iterator[Finding]:
    """The row the calculator prices from, then the indicators of the global row."""
    try:
        chosen, problem = row_modifier(ctx.conn, release, line.code, line.modifiers)
    except FeeError:
        return  # not in the fee schedule: the code rules report it
    row = rvu_row(ctx.conn, release, line.code, chosen) or rvu_row(ctx.conn, release, line.code)
    source = f"PFS {release}" + (f", PPRRVU line {row['source_line']}" if row else "")
    amount = ctx.amount(claim, line)
    if problem is not None and problem.kind in (COMPONENT, NO_GLOBAL):
        fix = (
            "bill it with 26"
            if problem.kind == NO_GLOBAL
            else f"remove {chosen}: this code has no separate "
            f"{'professional' if chosen == '26' else 'technical'} component"
        )
        yield Finding(
            "MOD-PCTC",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: {problem.text}",
            fix,
            f"{source} (PC/TC indicator: RVU read-me, Attachment A)",
            amount,
        )
    elif problem is not None and problem.kind == NO_53_ROW:
        yield Finding(
            "MOD-53",
            WARNING,
            claim.claim_id,
            line.number,
            f"{where}: {problem.text}",
            "send the record of what was done before the procedure was stopped; "
            "expect the contractor to set the amount",
            f'{source} (RVU read-me, "Modifier": only codes with a 53 row have a 53 amount)',
            amount,
        )
    glob = rvu_row(ctx.conn, release, line.code)
    if glob is not None:
        yield from _indicators(ctx, claim, line, where, glob)


# Modifiers that cannot stand together on one line: the pair, the fix, the reference.
_EXCLUSIVE_PAIRS = (
    (
        ("LT", "RT"),
        "bill both sides as one line with 50 "
        "when the code allows it, else one line LT and one line RT",
        "CMS anatomic modifiers",
    ),
    (("26", "TC"), "bill the global service with neither", "CMS PC/TC rules"),
)


def _conflicts(ctx: ScrubContext, claim: Claim, line: ServiceLine, where: str) -> Iterator[Finding]:
    mods = set(line.modifiers)
    if "25" in mods and not is_em(line.code):
        yield Finding(
            "MOD-25-NOT-EM",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: modifier 25 belongs on an E/M visit only",
            "remove 25; for a distinct procedure use 59 or XE/XS/XP/XU",
            "CPT modifier 25 definition",
            ctx.amount(claim, line),
        )
    if "59" in mods and mods & X_MODIFIERS:
        yield Finding(
            "MOD-CONFLICT",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: 59 and {', '.join(sorted(mods & X_MODIFIERS))} together: the X "
            "modifiers replace 59",
            "keep only the X modifier that fits",
            "CMS MLN: proper use of modifiers 59 and X{EPSU}",
        )
    for (first, second), fix, source in _EXCLUSIVE_PAIRS:
        if {first, second} <= mods:
            yield Finding(
                "MOD-CONFLICT",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: {first} and {second} on one line",
                fix,
                source,
            )


def _indicators(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, where: str, row: RvuRow
) -> Iterator[Finding]:
    source = f"PFS {row.release}, PPRRVU line {row['source_line']}"
    amount = ctx.amount(claim, line)
    if "50" in line.modifiers and row["bilateral"] in ("0", "2", "9"):
        yield Finding(
            "MOD-BILATERAL",
            ERROR if row["bilateral"] != "2" else WARNING,
            claim.claim_id,
            line.number,
            f"{where}: modifier 50 with bilateral "
            f"indicator {row['bilateral']} ({meaning('bilateral', row['bilateral'])})",
            "remove 50"
            + (
                "; the code is already bilateral"
                if row["bilateral"] == "2"
                else "; bill one line per side with LT/RT if allowed"
            ),
            source,
            amount,
        )
    for verdict in surgery_modifiers(line.code, row, line.modifiers):
        if verdict.outcome == PAID:
            continue
        rule, fix = SURGERY_FINDINGS[verdict.column]
        severity = ERROR if verdict.outcome == REFUSED else WARNING
        if verdict.outcome == DOCUMENTATION:
            said, fix = verdict.condition, DOCUMENTS[verdict.column]
        elif verdict.outcome == BY_REPORT:
            said, fix = (
                verdict.reason,
                "send the operative reports of the team; the "
                "contractor sets the amount (the fee calculator shows none)",
            )
        else:
            said = verdict.reason
        yield Finding(
            rule,
            severity,
            claim.claim_id,
            line.number,
            f"{where}: modifier {verdict.modifier}: {said} ({verdict.meaning})",
            fix,
            f"{source} ({verdict.column.replace('_', ' ')} indicator: RVU read-me)",
            amount,
        )


SURGERY_FINDINGS = {
    "assistant": (
        "MOD-ASSISTANT",
        "an assistant is not paid for this code: do not bill the assistant line",
    ),
    "co_surgeon": (
        "MOD-COSURGEON",
        "co-surgeons are not paid for this code: bill as a single surgeon",
    ),
    "team_surgery": (
        "MOD-TEAM",
        "team surgery is not paid for this code: each surgeon bills their own procedure without 66",
    ),
}
DOCUMENTS = {
    "assistant": "send the operative report showing why an assistant was needed",
    "co_surgeon": "send both surgeons' operative reports",
    "team_surgery": "send the operative reports of the team",
}

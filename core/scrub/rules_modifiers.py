"""Modifiers against the PFS indicators of the code on its DOS: MOD-UNKNOWN, MOD-PCTC,
MOD-BILATERAL, MOD-ASSISTANT, MOD-COSURGEON, MOD-25-NOT-EM, MOD-CONFLICT."""

from __future__ import annotations

from collections.abc import Iterator

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim, ServiceLine
from core.refdata.pfs import RvuRow, rvu_row
from core.refdata.pfs_indicators import meaning

from .context import ScrubContext

X_MODIFIERS = frozenset({"XE", "XS", "XP", "XU"})
ASSISTANT = frozenset({"80", "81", "82", "AS"})
PCTC_ALLOWS = {"26": {"1", "6"}, "TC": {"1"}}


def is_em(code: str) -> bool:
    """Evaluation and management: CPT 99202-99499 and the Medicare wellness visits."""
    return (code.isdigit() and 99202 <= int(code) <= 99499) or code in {"G0402", "G0438",
                                                                        "G0439"}


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    known = ctx.modifiers()
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        for modifier in line.modifiers:
            if modifier not in known:
                yield Finding("MOD-UNKNOWN", ERROR, claim.claim_id, line.number,
                              f"{where}: {modifier} is not a known modifier",
                              "check the modifier for a typo, or remove it",
                              "modifier list (bundled)")
        yield from _conflicts(ctx, claim, line, where)
        release = ctx.release("pfs", line.dos)
        row = rvu_row(ctx.conn, release.name, line.code) if release else None
        if row is not None:
            yield from _indicators(ctx, claim, line, where, row)


def _conflicts(ctx: ScrubContext, claim: Claim, line: ServiceLine,
               where: str) -> Iterator[Finding]:
    mods = set(line.modifiers)
    if "25" in mods and not is_em(line.code):
        yield Finding("MOD-25-NOT-EM", ERROR, claim.claim_id, line.number,
                      f"{where}: modifier 25 belongs on an E/M visit only",
                      "remove 25; for a distinct procedure use 59 or XE/XS/XP/XU",
                      "CPT modifier 25 definition", ctx.amount(claim, line))
    if "59" in mods and mods & X_MODIFIERS:
        yield Finding("MOD-CONFLICT", ERROR, claim.claim_id, line.number,
                      f"{where}: 59 and {', '.join(sorted(mods & X_MODIFIERS))} together: the X "
                      "modifiers replace 59", "keep only the X modifier that fits",
                      "CMS MLN: proper use of modifiers 59 and X{EPSU}")
    if {"LT", "RT"} <= mods:
        yield Finding("MOD-CONFLICT", ERROR, claim.claim_id, line.number,
                      f"{where}: LT and RT on one line", "bill both sides as one line with 50 "
                      "when the code allows it, else one line LT and one line RT",
                      "CMS anatomic modifiers")
    if {"26", "TC"} <= mods:
        yield Finding("MOD-CONFLICT", ERROR, claim.claim_id, line.number,
                      f"{where}: 26 and TC on one line", "bill the global service with neither",
                      "CMS PC/TC rules")


def _indicators(ctx: ScrubContext, claim: Claim, line: ServiceLine, where: str,
                row: RvuRow) -> Iterator[Finding]:
    source = f"PFS {row.release}, PPRRVU line {row['source_line']}"
    amount = ctx.amount(claim, line)
    for modifier, allowed in PCTC_ALLOWS.items():
        if modifier in line.modifiers and row["pctc"] not in allowed:
            yield Finding("MOD-PCTC", ERROR, claim.claim_id, line.number,
                          f"{where}: modifier {modifier} with PC/TC indicator {row['pctc']} "
                          f"({meaning('pctc', row['pctc'])})",
                          f"remove {modifier}: this code has no separate "
                          f"{'professional' if modifier == '26' else 'technical'} component",
                          source, amount)
    if "50" in line.modifiers and row["bilateral"] in ("0", "2", "9"):
        yield Finding("MOD-BILATERAL", ERROR if row["bilateral"] != "2" else WARNING,
                      claim.claim_id, line.number, f"{where}: modifier 50 with bilateral "
                      f"indicator {row['bilateral']} ({meaning('bilateral', row['bilateral'])})",
                      "remove 50" + ("; the code is already bilateral" if row["bilateral"] == "2"
                                     else "; bill one line per side with LT/RT if allowed"),
                      source, amount)
    assisting = sorted(set(line.modifiers) & ASSISTANT)
    if assisting and row["assistant"] in ("1", "9"):
        yield Finding("MOD-ASSISTANT", ERROR, claim.claim_id, line.number,
                      f"{where}: assistant-at-surgery modifier {assisting[0]} with assistant "
                      f"indicator {row['assistant']} ({meaning('assistant', row['assistant'])})",
                      "an assistant is not paid for this code: do not bill the assistant line",
                      source, amount)
    elif assisting and row["assistant"] == "0":
        yield Finding("MOD-ASSISTANT", WARNING, claim.claim_id, line.number,
                      f"{where}: assistant-at-surgery modifier {assisting[0]} is paid for this "
                      "code only with documentation of medical necessity",
                      "send the operative report showing why an assistant was needed",
                      source, amount)
    if "62" in line.modifiers and row["co_surgeon"] in ("0", "9"):
        yield Finding("MOD-COSURGEON", ERROR, claim.claim_id, line.number,
                      f"{where}: modifier 62 with co-surgeon indicator {row['co_surgeon']} "
                      f"({meaning('co_surgeon', row['co_surgeon'])})",
                      "co-surgeons are not paid for this code: bill as a single surgeon",
                      source, amount)
    elif "62" in line.modifiers and row["co_surgeon"] == "1":
        yield Finding("MOD-COSURGEON", WARNING, claim.claim_id, line.number,
                      f"{where}: modifier 62 is paid for this code only with documentation",
                      "send both surgeons' operative reports", source, amount)

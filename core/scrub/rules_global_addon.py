"""Global surgery and add-on codes: GLOBAL-EM-SAME-DAY, ADDON-WITHOUT-PRIMARY. Lines are
compared across the worklist for the same patient and rendering provider."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from core.claims.finding import ERROR, Finding
from core.claims.model import Claim, ServiceLine
from core.refdata.pfs import rvu_row
from core.refdata.pfs_indicators import ADD_ON_GLOBAL

from .context import ScrubContext
from .rules_modifiers import is_em


def _global_days(ctx: ScrubContext, line: ServiceLine) -> tuple[str, str] | None:
    """(global days, source) of the line's code on its DOS, when a PFS release has it."""
    release = ctx.release("pfs", line.dos)
    row = rvu_row(ctx.conn, release.name, line.code) if release else None
    if row is None:
        return None
    return row["global_days"], f"PFS {row.release}, PPRRVU line {row['source_line']}"


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    for line in claim.lines:
        if is_em(line.code):
            yield from _em_in_global(ctx, claim, line)
        found = _global_days(ctx, line)
        if found and found[0] == ADD_ON_GLOBAL:
            same_day = ctx.same_day_lines(claim, line)
            if not any((g := _global_days(ctx, other)) and g[0] != ADD_ON_GLOBAL
                       and not is_em(other.code) for _, other in same_day):
                yield Finding("ADDON-WITHOUT-PRIMARY", ERROR, claim.claim_id, line.number,
                              f"line {line.number} {line.code} is an add-on code (global ZZZ) "
                              f"with no primary procedure by the same provider on "
                              f"{line.dos.isoformat()}",
                              "bill the primary procedure with it, or remove the add-on",
                              found[1], ctx.amount(claim, line))


def _em_in_global(ctx: ScrubContext, claim: Claim, line: ServiceLine) -> Iterator[Finding]:
    mods = set(line.modifiers)
    candidates = ctx.same_day_lines(claim, line)
    next_day = line.dos + timedelta(days=1)
    candidates += ctx.lines_on(claim.patient.id, claim.line_rendering_npi(line), next_day)
    for _, other in candidates:
        found = _global_days(ctx, other)
        if found is None:
            continue
        days, source = found
        where = f"line {line.number} {line.code}"
        if days == "090" and "57" not in mods:
            when = "the day before" if other.dos == next_day else "the same day as"
            yield Finding("GLOBAL-EM-SAME-DAY", ERROR, claim.claim_id, line.number,
                          f"{where}: E/M visit {when} major surgery {other.code} (90-day global) "
                          "without modifier 57", "add 57 when this visit is where the decision "
                          "for surgery was made; otherwise the visit is part of the surgery",
                          source, ctx.amount(claim, line))
            return
        if days in ("000", "010") and other.dos == line.dos and "25" not in mods:
            yield Finding("GLOBAL-EM-SAME-DAY", ERROR, claim.claim_id, line.number,
                          f"{where}: E/M visit the same day as minor procedure {other.code} "
                          f"({int(days)}-day global) without modifier 25",
                          "add 25 when the visit was significant and separately identifiable; "
                          "otherwise remove the visit", source, ctx.amount(claim, line))
            return

"""DENIAL-HISTORY (warning): a line matches a pattern (payer, code, modifiers) this practice's
own remittances show denied often: at least N times (default 3) at a rate of at least 30% for
that payer. The message gives the counts and the top reason in words; the fix, what got the same
service paid later ("paid after adding 26"). The history is handed in by the caller
(core.remit.history.load_denial_history); without one the rule is silent."""

from __future__ import annotations

from collections.abc import Iterator

from core.claims.finding import WARNING, Finding
from core.claims.model import Claim

from .context import ScrubContext

RULE = "DENIAL-HISTORY"


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    history = ctx.denial_history
    if not history:
        return
    for line in claim.lines:
        found = history.find((claim.payer, claim.payer_id), line.code, line.modifiers)
        if found is None:
            continue
        billed = (
            f"{line.code}-{'-'.join(found.modifiers)}"
            if found.modifiers
            else f"{line.code} without a modifier"
        )
        reason = (
            f"CARC {found.top_reason} ({found.top_reason_words})"
            if found.top_reason
            else "no reason code"
        )
        message = (
            f"line {line.number}: {found.payer} denied {billed} {found.denied} of "
            f"{found.billed} times ({found.rate}%) in your remittances paid "
            f"{found.first:%m/%d/%Y} to {found.last:%m/%d/%Y}; top reason {reason}, "
            f"{found.top_reason_count} of the {found.denied} denials"
        )
        if found.fix:
            fix = f"{found.fix}: check whether this claim needs the same change"
        else:
            fix = (
                f"no later claim for {billed} was paid by this payer: read the reason and "
                "the payer's policy for the code before sending"
            )
        source = (
            f"your remittances: {found.denied} denied lines, ${found.dollars:,.2f} "
            f"denied (at least {history.min_denials} denials at "
            f"{history.min_rate}% or more make a pattern)"
        )
        yield Finding(
            RULE,
            WARNING,
            claim.claim_id,
            line.number,
            message,
            fix,
            source,
            ctx.amount(claim, line),
        )

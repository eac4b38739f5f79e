"""Procedure codes on their date of service: CODE-UNKNOWN, CODE-NOT-EFFECTIVE, CODE-NOT-PAYABLE,
CODE-OTHER-SCHEDULE, PAYER-TYPE-UNKNOWN.

A code is known when a loaded PFS release or the bundled code list has it. It is effective when
the PFS release in effect on the DOS has a row for it. PFS status codes are Medicare's (RVU
read-me, Attachment A), so the status rules run on Medicare claims only (core.scrub.payer):
- B, D, F, G, H, I, N, P: not paid by Medicare (error, CODE-NOT-PAYABLE);
- E (excluded from the PFS by regulation) and X (statutory exclusion: not a physician service,
  e.g. labs, venipuncture, ambulance, drugs paid by ASP) are not "never paid": Medicare pays them
  under another fee schedule the app does not hold (info, CODE-OTHER-SCHEDULE, no amount);
- A, R, T are priced; C (carrier priced), J (anesthesia) and M (measurement) are left alone.
A claim whose payer type is not known gets PAYER-TYPE-UNKNOWN (info): the Medicare-only rules
were not run on it. When no PFS release covers the DOS, effectiveness is not judged (the amount
notes say so)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from core.claims.finding import ERROR, INFO, WARNING, Finding
from core.claims.model import Claim, ServiceLine
from core.paths import command
from core.refdata.codes import procedure_description
from core.refdata.pfs import RvuRow, prefetch_rows, releases_with, rvu_row
from core.refdata.pfs_indicators import meaning
from core.refdata.releases import releases

from .context import ScrubContext
from .payer import UNKNOWN

NEVER_PAID = frozenset("BDFGHINP")
OTHER_SCHEDULE = frozenset("EX")
_CODE_RE = re.compile(r"^[0-9A-Z]{5}$")


def prefetch(ctx: ScrubContext, claims: Sequence[Claim]) -> None:
    """Read the PFS rows of the next claims' codes in a few queries per release."""
    by_release: dict[str, set[str]] = {}
    for claim in claims:
        for line in claim.lines:
            release = ctx.release("pfs", line.dos)
            if release is not None and line.code:
                by_release.setdefault(release.name, set()).add(line.code)
    for name, codes in by_release.items():
        prefetch_rows(ctx.conn, name, codes)


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    payer = ctx.payer(claim)
    if payer.kind == UNKNOWN:
        yield Finding(
            "PAYER-TYPE-UNKNOWN",
            INFO,
            claim.claim_id,
            None,
            f"the payer '{claim.payer}' is not known to be Medicare or another kind "
            f"({payer.how}): the Medicare-only checks (PFS status, Medicare's "
            "one-year filing limit) were not run on this claim",
            f"save a payer profile named '{claim.payer}' with its type (and its filing "
            "limit), e.g. python main.py payer add NAME PERCENT --type commercial",
            "837 SBR09 claim filing indicator; payer profiles",
        )
    for line in claim.lines:
        code = line.code
        where = f"line {line.number} {code or '(no code)'}"
        seen = releases_with(ctx.conn, code) if code else []
        if not _CODE_RE.match(code) or not (seen or procedure_description(ctx.conn, code)):
            yield _unknown(ctx, claim, line.number, where, bool(_CODE_RE.match(code)))
            continue
        release = ctx.release("pfs", line.dos)
        if release is None:
            continue
        row = rvu_row(ctx.conn, release.name, code)
        if row is None:
            if not seen:
                continue  # only in the bundled code list: the PFS does not price it
            yield Finding(
                "CODE-NOT-EFFECTIVE",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: not in effect on {line.dos.isoformat()} (the fee schedule "
                f"in effect then, {release.name}, has no row for it; found in "
                f"{', '.join(seen)})",
                "use the code valid on the date of service (a deleted code has a "
                "replacement; a new code cannot be billed before it starts)",
                f"PFS {release.name} (effective {release.release.effective_date})",
            )
            continue
        if payer.medicare:
            yield from _status(ctx, claim, line, where, row, payer.describe())


def _status(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, where: str, row: RvuRow, payer: str
) -> Iterator[Finding]:
    status = row["status"]
    source = (
        f"PFS {row.release}, PPRRVU line {row['source_line']} (status: RVU read-me, Attachment A)"
    )
    if status in NEVER_PAID:
        yield Finding(
            "CODE-NOT-PAYABLE",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: PFS status {status}: {meaning('status', status)} ({payer})",
            "bill the code Medicare pays for this service, or bill the "
            "patient with an ABN when the service is not covered",
            source,
            ctx.amount(claim, line),
        )
    elif status in OTHER_SCHEDULE:
        yield Finding(
            "CODE-OTHER-SCHEDULE",
            INFO,
            claim.claim_id,
            line.number,
            f"{where}: PFS status {status}: {meaning('status', status)} Medicare "
            "pays it under another fee schedule (clinical lab, ambulance, DMEPOS, "
            f"drug ASP pricing...) that this app does not hold, so no amount is shown "
            f"({payer})",
            "nothing to fix for the physician fee schedule; check the "
            "amount against the fee schedule that pays this code",
            source,
        )


def _unknown(
    ctx: ScrubContext, claim: Claim, number: int, where: str, well_formed: bool
) -> Finding:
    """An error when the code is malformed or a full CMS PPRRVU file is loaded; a warning when
    only the bundled fee schedule (a part of CMS's file) could be searched."""
    loaded = releases(ctx.conn, "pfs")
    names = ", ".join(f"{r.name} ({r.origin})" for r in loaded) or "none"
    source = f"PFS releases loaded: {names}; bundled code list"
    full = any(r.origin != "bundled" for r in loaded)
    if well_formed and not full:
        return Finding(
            "CODE-UNKNOWN",
            WARNING,
            claim.claim_id,
            number,
            f"{where}: not among the codes of the bundled fee schedule, which holds "
            "only part of CMS's file",
            "check the code for a typo; import CMS's full "
            f"PPRRVU file ('{command('import-cms')}') to check every code",
            source,
        )
    return Finding(
        "CODE-UNKNOWN",
        ERROR,
        claim.claim_id,
        number,
        f"{where}: not a CPT/HCPCS code"
        + ("" if not well_formed else " in the loaded fee schedule or code list"),
        "check the code for a typo (5 characters, e.g. 99213 or G0439)",
        source,
    )

"""Procedure codes on their date of service: CODE-UNKNOWN, CODE-NOT-EFFECTIVE, CODE-NOT-PAYABLE.

A code is known when a loaded PFS release or the bundled code list has it. It is effective when
the PFS release in effect on the DOS has a row for it. It is payable when that row's status is
A, R or T; statuses B, E, I, N, P, X and D are never paid by Medicare (error). C (carrier
priced), J (anesthesia) and M (measurement) are left alone: they are paid or reported otherwise.
When no PFS release covers the DOS, effectiveness is not judged (the amount notes say so)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim
from core.paths import command
from core.refdata.codes import procedure_description
from core.refdata.pfs import releases_with, rvu_row
from core.refdata.pfs_indicators import meaning
from core.refdata.releases import releases

from .context import ScrubContext

NEVER_PAID = frozenset("BEINPXD")
_CODE_RE = re.compile(r"^[0-9A-Z]{5}$")


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
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
                continue      # only in the bundled code list: the PFS does not price it
            yield Finding("CODE-NOT-EFFECTIVE", ERROR, claim.claim_id, line.number,
                          f"{where}: not in effect on {line.dos.isoformat()} (the fee schedule "
                          f"in effect then, {release.name}, has no row for it; found in "
                          f"{', '.join(seen)})",
                          "use the code valid on the date of service (a deleted code has a "
                          "replacement; a new code cannot be billed before it starts)",
                          f"PFS {release.name} (effective {release.release.effective_date})")
            continue
        if row["status"] in NEVER_PAID:
            yield Finding("CODE-NOT-PAYABLE", ERROR, claim.claim_id, line.number,
                          f"{where}: PFS status {row['status']}: "
                          f"{meaning('status', row['status'])}",
                          "bill the code Medicare pays for this service, or bill the patient "
                          "with an ABN when the service is not covered",
                          f"PFS {release.name}, PPRRVU line {row['source_line']}")


def _unknown(ctx: ScrubContext, claim: Claim, number: int, where: str,
             well_formed: bool) -> Finding:
    """An error when the code is malformed or a full CMS PPRRVU file is loaded; a warning when
    only the bundled fee schedule (a part of CMS's file) could be searched."""
    loaded = releases(ctx.conn, "pfs")
    names = ", ".join(f"{r.name} ({r.origin})" for r in loaded) or "none"
    source = f"PFS releases loaded: {names}; bundled code list"
    full = any(r.origin != "bundled" for r in loaded)
    if well_formed and not full:
        return Finding("CODE-UNKNOWN", WARNING, claim.claim_id, number,
                       f"{where}: not among the codes of the bundled fee schedule, which holds "
                       "only part of CMS's file", "check the code for a typo; import CMS's full "
                       f"PPRRVU file ('{command('import-cms')}') to check every code", source)
    return Finding("CODE-UNKNOWN", ERROR, claim.claim_id, number,
                   f"{where}: not a CPT/HCPCS code" + ("" if not well_formed else
                                                     " in the loaded fee schedule or code list"),
                   "check the code for a typo (5 characters, e.g. 99213 or G0439)", source)

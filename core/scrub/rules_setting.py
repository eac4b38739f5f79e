"""Place of service against the code's parts: PCTC-FACILITY.

A diagnostic test with a professional and a technical component (PC/TC indicator 1, RVU read-me
Attachment A) furnished to a patient of a facility (hospital inpatient or outpatient, emergency
room, ASC, SNF, hospice, psychiatric and rehabilitation facilities) is split: the facility bills
the technical part, the physician bills the professional part with modifier 26. Billed by a
physician there as the global service or with TC, the line is an error. The settings are the
ones issue 10 names (the facility places of service of our POS table less telehealth 02,
ambulance 41/42 and community mental health centers 53); the read-me itself does not list who
bills the technical part by setting."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from core.claims.finding import ERROR, Finding
from core.claims.model import Claim, ServiceLine
from core.fees import FeeError, LineRequest, price_line
from core.refdata.codes import places_of_service
from core.refdata.pfs import rvu_row
from core.refdata.pfs_indicators import PAYABLE_STATUSES

from .context import ScrubContext

FACILITY_BILLS_TC = frozenset(
    {"19", "21", "22", "23", "24", "26", "31", "34", "51", "52", "56", "61"}
)


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    for line in claim.lines:
        pos = claim.line_pos(line)
        if pos not in FACILITY_BILLS_TC or "26" in line.modifiers:
            continue
        release = ctx.release("pfs", line.dos)
        row = rvu_row(ctx.conn, release.name, line.code) if release else None
        if row is None or row["pctc"] != "1" or row["status"] not in PAYABLE_STATUSES:
            continue
        place = places_of_service(ctx.conn).get(pos)
        where = f"line {line.number} {line.code}"
        billed = "with TC" if "TC" in line.modifiers else "as the global service"
        pc = _professional(ctx, claim, line)
        pays = f": with 26 it pays ${pc:,.2f} per unit here" if pc is not None else ""
        amount = ctx.amount(claim, line)
        stake = f" (the ${amount:,.2f} expected for this line is at stake)" if amount else ""
        yield Finding(
            "PCTC-FACILITY",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: a test with professional and technical parts (PC/TC indicator "
            f"1) billed {billed} at POS {pos} {place.name if place else ''}, a "
            f"facility: the facility bills the technical part, the physician only the "
            f"professional part{pays}{stake}",
            "bill the interpretation only, with modifier 26 (remove TC); the "
            "technical part is billed by the facility",
            f"PFS {row.release}, PPRRVU line {row['source_line']} (PC/TC indicator 1: "
            "RVU read-me, Attachment A); place of service "
            f"{pos}",
            amount,
        )


def _professional(ctx: ScrubContext, claim: Claim, line: ServiceLine) -> Decimal | None:
    """What the line pays per unit with 26 instead, in its own place and locality."""
    known = ctx.professional.get(line.number)
    if known is not None or not ctx.is_priced:
        return known
    mods = ("26", *(m for m in line.modifiers if m != "TC"))[:4]
    request = LineRequest(
        line.code,
        mods,
        1,
        zip_code=ctx.priced_zip,
        pos=claim.line_pos(line) or None,
        date_of_service=line.dos,
    )
    try:
        return price_line(ctx.conn, request).amount
    except FeeError:
        return None

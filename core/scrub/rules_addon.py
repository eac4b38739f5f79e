"""Add-on codes (global days ZZZ): ADDON-WITHOUT-PRIMARY.

With CMS's NCCI add-on code edits loaded (core.refdata.addons.addon_primaries): a type 1 add-on
needs one of its listed primaries by the same provider that day (error); type 3 accepts its
listed primaries, and with only other procedures that day the contractor decides (warning);
type 2 has no list (the contractor decides): the fallback below is used.

Without that data (today), the fallback: an add-on needs a primary procedure by the same
provider that day, i.e. a code with a PFS row that is neither an add-on nor an E/M; add-ons
whose primaries are E/M visits (or other add-ons) accept those instead (EM_PRIMARIES). The codes
there come from the add-on codes' own definitions; the AOC file, once loaded, decides."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim, ServiceLine
from core.refdata.addons import LISTED_AND_OTHERS, ONLY_LISTED, AddonEdit, addon_primaries
from core.refdata.pfs_indicators import ADD_ON_GLOBAL

from .context import ScrubContext, day_key
from .rules_global import code_global_days, global_days
from .rules_modifiers import is_em


def _office_em(code: str) -> bool:
    """Office or other outpatient E/M: 99202-99205, 99211-99215."""
    return code.isdigit() and (99202 <= int(code) <= 99205 or 99211 <= int(code) <= 99215)


def _any_em(code: str) -> bool:
    return is_em(code) or (code.isdigit() and 98000 <= int(code) <= 98015)  # + telehealth E/M


PSYCHOTHERAPY_WITH_EM = frozenset({"90833", "90836", "90838"})
# add-on -> (which codes are its primaries, in words for the finding)
EM_PRIMARIES: dict[str, tuple[Callable[[str], bool], str]] = {
    "G2211": (_office_em, "an office/outpatient E/M visit (99202-99205, 99211-99215)"),
    "99292": (lambda code: code == "99291", "critical care, first 30-74 minutes (99291)"),
    "90833": (_any_em, "an E/M visit (psychotherapy with E/M)"),
    "90836": (_any_em, "an E/M visit (psychotherapy with E/M)"),
    "90838": (_any_em, "an E/M visit (psychotherapy with E/M)"),
    # interactive complexity also goes with psychotherapy add-ons billed with an E/M
    "90785": (
        lambda code: code in PSYCHOTHERAPY_WITH_EM,
        "a psychiatric service, or psychotherapy with an E/M (90833, 90836, 90838)",
    ),
}
PRIMARY_PROCEDURE = "a primary procedure (a code that is neither an add-on nor an E/M)"


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    for line in claim.lines:
        found = global_days(ctx, line)
        if found is None or found[0] != ADD_ON_GLOBAL:
            continue
        codes = ctx.codes_on(day_key(claim, line))
        edit = addon_primaries(ctx.conn, line.code, line.dos)
        if edit is not None and edit.edit_type in (ONLY_LISTED, LISTED_AND_OTHERS):
            yield from _by_edit(ctx, claim, line, edit, codes)
        elif not _fallback_primary(ctx, line, codes):
            what = EM_PRIMARIES.get(line.code, (None, PRIMARY_PROCEDURE))[1]
            data = (
                "no NCCI add-on code edit data is loaded"
                if edit is None
                else f"{edit.release}: edit type 2, the contractor decides its primaries"
            )
            yield Finding(
                "ADDON-WITHOUT-PRIMARY",
                ERROR,
                claim.claim_id,
                line.number,
                f"line {line.number} {line.code} is an add-on code (global ZZZ) "
                f"billed without {what} by the same provider on "
                f"{line.dos.isoformat()}",
                "bill the primary service with it, or remove the add-on",
                f"{found[1]}; {data} (checked by the add-on's own definition)",
                ctx.amount(claim, line),
            )


def _fallback_primary(ctx: ScrubContext, line: ServiceLine, codes: tuple[str, ...]) -> bool:
    accepts = EM_PRIMARIES.get(line.code, (None, ""))[0]
    for code in codes:
        if code == line.code:
            continue
        if accepts is not None and accepts(code):
            return True
        if is_em(code):
            continue
        days = code_global_days(ctx, code, line.dos)
        if days is not None and days[0] != ADD_ON_GLOBAL:
            return True
    return False


def _by_edit(
    ctx: ScrubContext, claim: Claim, line: ServiceLine, edit: AddonEdit, codes: tuple[str, ...]
) -> Iterator[Finding]:
    if edit.primaries & set(codes):
        return
    listed = ", ".join(sorted(edit.primaries)[:8]) + (" ..." if len(edit.primaries) > 8 else "")
    source = f"NCCI add-on code edits {edit.release}, {edit.source}" + (
        f" ({edit.note})" if edit.note else ""
    )
    if edit.edit_type == ONLY_LISTED:
        yield Finding(
            "ADDON-WITHOUT-PRIMARY",
            ERROR,
            claim.claim_id,
            line.number,
            f"line {line.number} {line.code} is a type 1 add-on: it is paid only with "
            f"one of its listed primaries ({listed}) by the same provider on "
            f"{line.dos.isoformat()}, and none is billed",
            "bill it with one of its listed primary codes, or remove it",
            source,
            ctx.amount(claim, line),
        )
    elif not _fallback_primary(ctx, line, codes):
        yield Finding(
            "ADDON-WITHOUT-PRIMARY",
            ERROR,
            claim.claim_id,
            line.number,
            f"line {line.number} {line.code} is an add-on billed without a primary "
            f"service on {line.dos.isoformat()} (its listed primaries: {listed})",
            "bill the primary service with it, or remove the add-on",
            source,
            ctx.amount(claim, line),
        )
    else:
        yield Finding(
            "ADDON-WITHOUT-PRIMARY",
            WARNING,
            claim.claim_id,
            line.number,
            f"line {line.number} {line.code} is a type 3 add-on billed without one of "
            f"its listed primaries ({listed}): the contractor decides whether the "
            "other service that day is an acceptable primary",
            "check the contractor's policy, or bill it with a listed primary",
            source,
            ctx.amount(claim, line),
        )

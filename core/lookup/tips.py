"""Billing tips for a procedure code, derived from its own data in the loaded releases (PFS
indicators, MUE, NCCI pairs, add-on edits), each with its effect in dollars where it has one.
The dollars come from the fee calculator (pricing.py) in the chosen locality and date. Nothing
is invented: a tip whose data is not loaded says what to import instead.

Sources: CMS's RVU file read-me (status, PC/TC, global days, multiple procedure, bilateral,
assistant and co-surgeon indicators); Medicare Claims Processing Manual ch. 12 (global surgery,
modifiers 24/25/57/58/78/79, 54/55/56); NCCI Policy Manual ch. 1 (PTP modifiers, XE/XS/XP/XU);
the MUE adjudication indicators.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..refdata.addons import addon_links
from ..refdata.ncci import ptp_indicator_counts
from ..refdata.pfs_indicators import STATUS, is_payable
from ..refdata.releases import missing_reason
from ..words import money
from .pricing import Amount, Pricer
from .procedure_detail import ProcedureDetail

X_MODIFIERS = (
    "XE: separate encounter (a different visit the same day); XS: separate structure "
    "or organ; XP: a different practitioner; XU: an unusual service that does not "
    "overlap the usual parts of the other; use 59 only when none of these fits"
)
_GLOBAL_ADVICE = {
    "000": "An E/M the same day is included unless it is significant and separately "
    "identifiable: then add 25 to the E/M.",
    "010": "E/M visits for this problem during the 10 days after are not paid. Add 25 to a "
    "separate E/M the same day, 24 to an unrelated E/M later, 79 to an unrelated "
    "procedure, 78 to a return to the operating room.",
    "090": "The visit the day before or the day of surgery is included unless it is where the "
    "decision to operate was made: then add 57 to it. During the 90 days after: 24 for "
    "an unrelated E/M, 58 for a staged or related procedure, 78 for a return to the OR, "
    "79 for an unrelated procedure.",
}
_SURGICAL = ("000", "010", "090")  # global periods of procedures (assistants, 50 = no)
_MULT_PROC_REDUCTION = {
    "4": "a second imaging service of the same family in the same session: technical part "
    "-50%, professional part -5%",
    "5": "the second and later therapy services that day: practice expense part -50%",
    "6": "the second and later cardiovascular tests that day: technical part -25%",
    "7": "the second and later ophthalmology tests that day: technical part -20%",
}


@dataclass(frozen=True)
class Tip:
    topic: str
    advice: str
    effect: str = ""  # the dollars it changes ('' when it changes none)


def _money(value: Decimal | None) -> str:
    return money(value, none="not paid")


def _both(amount: Amount) -> str:
    text = _money(amount.medicare)
    if amount.payer is not None:
        text += f" (payer {_money(amount.payer)})"
    return text


def billing_tips(
    conn: sqlite3.Connection, d: ProcedureDetail, price: Pricer, day: date
) -> list[Tip]:
    if not d.lines:
        return []
    row = {i.column: i.value for i in d.indicators}
    tips = [_status(d, price)]
    surgical = row.get("global_days") in _SURGICAL
    tips += [
        t
        for t in (
            _pctc(row, price),
            _global(d, row, price, conn, day),
            _mue(d, price),
            _ncci(conn, d),
            _bilateral(row, price, surgical),
            _multiple(conn, d, row, price),
            _assistant(row, price) if surgical else None,
            _co_surgeon(row, price),
        )
        if t
    ]
    return tips


def _status(d: ProcedureDetail, price: Pricer) -> Tip:
    status = d.status or ""
    if is_payable(status):
        office, facility = price.amount(), price.amount(facility=True)
        said = {
            "A": "Paid separately under the fee schedule when covered.",
            "R": "Restricted coverage: paid only in the cases CMS allows.",
            "T": "Paid only when no other fee schedule service is billed that day by the "
            "same provider.",
        }[status]
        return Tip(
            "Medicare status",
            f"{status}: {said}",
            f"pays {_both(office)} in an office, {_both(facility)} in a facility",
        )
    return Tip(
        "Medicare status",
        f"{status}: {STATUS.get(status, 'unknown status')} Other "
        "payers may cover or price it: check their policy.",
        "no Medicare fee schedule amount",
    )


def _pctc(row: dict[str, str], price: Pricer) -> Tip | None:
    if row.get("pctc") != "1":
        return None
    prof, tech = price.amount(("26",), True), price.amount(("TC",))
    return Tip(
        "Professional / technical split",
        "For a hospital patient (facility) bill 26: the hospital bills the technical "
        "part. In your own office with your own equipment bill the global code; bill TC "
        "when you own the equipment but another provider reads.",
        f"26 (facility) {_both(prof)}, TC {_both(tech)}, global {_both(price.amount())}",
    )


def _global(
    d: ProcedureDetail, row: dict[str, str], price: Pricer, conn: sqlite3.Connection, day: date
) -> Tip | None:
    days = row.get("global_days", "")
    if days == "ZZZ":
        links = addon_links(conn, d.code, day)
        if links is None:
            listed = (
                f"not listed: {missing_reason(conn, 'aoc', day)}; import CMS's AOC file "
                "for that quarter to list them"
            )
        elif links.primaries:
            listed = f"{', '.join(links.primaries[:12])} ({links.release}: {links.edit_type_text})"
        else:
            listed = f"{links.edit_type_text} ({links.release})"
        said = f" ({links.note})" if links is not None and links.note else ""
        return Tip(
            "Add-on code",
            "Bill it only with its primary procedure, same provider, "
            f"same day; primary codes: {listed}{said}.",
        )
    if days not in _GLOBAL_ADVICE:
        return None
    effect = ""
    if days == "090":
        surgery, post = price.amount(("54",), True), price.amount(("55",), True)
        if surgery.medicare is not None:
            effect = (
                f"surgical care only (54) {_both(surgery)}, postoperative care only (55) "
                f"{_both(post)} (facility)"
            )
    return Tip(f"Global period {days}", _GLOBAL_ADVICE[days], effect)


def _mue(d: ProcedureDetail, price: Pricer) -> Tip:
    mue = d.mue
    if mue.release is None:
        return Tip(
            "Units (MUE)",
            "No MUE release is loaded for this date: units are not "
            "checked. Import CMS's practitioner MUE file.",
        )
    if mue.max_units is None:
        return Tip("Units (MUE)", f"No MUE for this code in {mue.release}.")
    advice = {
        "1": "per claim line: more units on separate lines need modifiers (76, 91, XE, "
        "XS, anatomic) that the record supports",
        "2": "per day, an absolute policy limit: units above it are never paid, even on appeal",
        "3": "per day, a clinical limit: units above it are denied but can be paid on "
        "appeal with records",
    }.get(mue.mai, mue.mai_text)
    one = price.amount()
    effect = ""
    if one.medicare is not None:
        most = price.amount(units=mue.max_units)
        effect = f"the most payable in a day: {_both(most)} ({mue.max_units} units)"
    said = mue.note[0].upper() + mue.note[1:] if mue.note else mue.release
    return Tip(
        "Units (MUE)",
        f"At most {mue.max_units} unit{'s' if mue.max_units != 1 else ''} {advice}. {said}.",
        effect,
    )


def _ncci(conn: sqlite3.Connection, d: ProcedureDetail) -> Tip:
    ncci = d.ncci
    if ncci.release is None:
        return Tip(
            "NCCI pairs",
            "No NCCI PTP release is loaded for this date: pairs with "
            "other codes are not checked. Import CMS's practitioner PTP files.",
        )
    on = date.fromisoformat(ncci.as_of)
    denied = ptp_indicator_counts(conn, ncci.release, d.code, "column2", on)
    others = ncci.column1_total
    allowed, never = denied.get("1", 0), denied.get("0", 0)
    advice = (
        f"{d.code} is denied (column 2) with {allowed + never} other code(s) billed the "
        f"same day by the same provider: {allowed} can be bypassed with a modifier on "
        f"{d.code} when the record shows a distinct service ({X_MODIFIERS}); "
        f"{never} never. It denies {others} other code(s) billed with it. "
        f"{ncci.release}."
    )
    return Tip("NCCI pairs", advice)


def _bilateral(row: dict[str, str], price: Pricer, surgical: bool) -> Tip | None:
    one = price.amount()
    indicator = row.get("bilateral")
    if one.medicare is None or (indicator == "0" and not surgical):
        return None
    if indicator == "1":
        return Tip(
            "Both sides",
            "Bill one line with modifier 50 and 1 unit: Medicare pays 150% "
            "of the one-side amount (not twice).",
            f"with 50: {_both(price.amount(('50',)))}",
        )
    if indicator == "0":
        return Tip(
            "Both sides",
            "No bilateral payment: 50 is usually wrong; both sides "
            "together pay at most the one-side amount.",
            f"at most {_both(one)}",
        )
    if indicator == "2":
        return Tip("Both sides", "Already bilateral: bill it once, without 50.", _both(one))
    if indicator == "3":
        return Tip(
            "Both sides",
            "Each side is paid in full: RT and LT (or 50).",
            f"two sides: {_both(price.amount(('50',)))}",
        )
    return None


def _multiple(
    conn: sqlite3.Connection, d: ProcedureDetail, row: dict[str, str], price: Pricer
) -> Tip | None:
    indicator = row.get("mult_proc")
    one = price.amount()
    if indicator == "2" and one.medicare is not None:
        half = one.medicare / 2
        return Tip(
            "Several procedures the same day",
            "Ranked by amount: the highest pays "
            "100%, the 2nd to 5th 50% (modifier 51 where the payer wants it).",
            f"when not the highest: ${half:,.2f}",
        )
    if indicator == "3" and d.endo_base:
        base = Pricer(conn, d.endo_base, price.day, price.pricing).amount()
        effect = ""
        if one.medicare is not None and base.medicare is not None:
            effect = (
                f"with another endoscopy of base {d.endo_base}: {_money(one.medicare)} - "
                f"{_money(base.medicare)} = ${one.medicare - base.medicare:,.2f}"
            )
        return Tip(
            "Endoscopy family",
            f"Endoscopies sharing base code {d.endo_base}: the "
            "highest pays in full, each other pays its amount minus the base's.",
            effect,
        )
    if indicator in _MULT_PROC_REDUCTION:
        return Tip(
            "Several services the same day", f"Reduced for {_MULT_PROC_REDUCTION[indicator]}."
        )
    return None


def _assistant(row: dict[str, str], price: Pricer) -> Tip | None:
    indicator = row.get("assistant")
    if indicator == "1":
        return Tip("Assistant at surgery", "80, 81, 82 and AS are never paid for this code.")
    if indicator in ("0", "2"):
        when = "only with documentation of medical necessity" if indicator == "0" else "paid"
        return Tip(
            "Assistant at surgery",
            f"80/82 (physician) and AS (PA, NP, CNS): {when}.",
            f"80: {_both(price.amount(('80',), True))}, AS: "
            f"{_both(price.amount(('AS',), True))} (facility)",
        )
    return None


def _co_surgeon(row: dict[str, str], price: Pricer) -> Tip | None:
    indicator = row.get("co_surgeon")
    if indicator in ("1", "2"):
        when = "with documentation" if indicator == "1" else "allowed"
        return Tip(
            "Co-surgeons",
            f"62 ({when}): each surgeon bills the code with 62.",
            f"each: {_both(price.amount(('62',), True))} (facility)",
        )
    return None

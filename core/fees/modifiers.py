"""Payment modifiers: which PFS row a line uses (26, TC, 53) and the percentages the others apply
(50, 80/81/82/AS, 62, 66, 54/55/56, CQ/CO), each per the indicator in the RVU file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from ..refdata.pfs import RvuRow, rvu_row
from ..refdata.pfs_indicators import meaning
from .model import LinePrice
from .surgery_modifiers import DOCUMENTATION, PAID, surgery_modifiers

# Why a line's modifiers leave no PPRRVU row to price from (RowProblem.kind).
CONFLICT, COMPONENT, NO_GLOBAL, NO_53_ROW = "conflict", "component", "no global row", "no 53 row"
# Social Security Act §1834(v): therapy furnished in whole or in part by a PT or OT assistant
# (CQ/CO) is paid 85% of the fee schedule amount (from 2022).
THERAPY_ASSISTANT = Decimal("0.85")
THERAPY_ASSISTANT_MODIFIERS = frozenset({"CQ", "CO"})


@dataclass(frozen=True)
class RowProblem:
    kind: str  # CONFLICT, COMPONENT, NO_GLOBAL or NO_53_ROW
    text: str


def row_modifier(
    conn: sqlite3.Connection, release: str, code: str, modifiers: tuple[str, ...]
) -> tuple[str, RowProblem | None]:
    """The PPRRVU row to price from ('' global, '26', 'TC', '53'), or a reason it can't be."""
    glob = rvu_row(conn, release, code, "")
    if glob is None and rvu_row(conn, release, code, "26") is None:
        from .model import FeeError

        raise FeeError(
            f"{code} is not in the {release} fee schedule: check the code, or import "
            "the PPRRVU file that has it"
        )
    components = [m for m in ("26", "TC") if m in modifiers]
    if len(components) == 2:
        return "", RowProblem(
            CONFLICT, "26 and TC together describe the global service: bill it without either"
        )
    if components:
        mod = components[0]
        component = rvu_row(conn, release, code, mod)
        known = component or glob
        pctc = known["pctc"] if known is not None else "9"
        if component is not None and (pctc == "1" or (pctc == "6" and mod == "26")):
            return mod, None
        return mod, RowProblem(
            COMPONENT,
            f"modifier {mod} cannot be used with {code}: PC/TC "
            f"indicator {pctc}. {meaning('pctc', pctc)}",
        )
    if glob is None:
        return "", RowProblem(
            NO_GLOBAL,
            f"{code} is paid only as a laboratory physician "
            "interpretation: bill it with modifier 26 (the test "
            "itself is paid under the lab fee schedule)",
        )
    if "53" in modifiers:
        if rvu_row(conn, release, code, "53") is not None:
            return "53", None
        # RVU read-me, "Modifier": codes other than those with a 53 row billed with 53 are
        # subject to carrier medical review and priced by individual consideration.
        return "", RowProblem(
            NO_53_ROW,
            f"{code} has no discontinued-procedure (53) amount in "
            "the fee schedule: the contractor prices it case by "
            "case",
        )
    return "", None


def apply_payment_modifiers(line: LinePrice, row: RvuRow) -> None:
    mods = set(line.modifiers)
    if "50" in mods:
        _bilateral(line, row["bilateral"])
    for verdict in surgery_modifiers(line.code, row, line.modifiers):
        if not line.payable:
            break
        if verdict.outcome in (PAID, DOCUMENTATION):
            line.adjust(verdict.rule, verdict.reason, verdict.rate)
            if verdict.outcome == DOCUMENTATION:
                line.notes.append(verdict.condition)
        else:
            _not_payable(line, verdict.reason)
    split = mods & {"54", "55", "56"}
    if split and line.payable:
        _split_global(line, row, sorted(split))
    if mods & THERAPY_ASSISTANT_MODIFIERS and line.payable:
        line.adjust(
            "therapy assistant 85%",
            "therapy furnished in whole or in part by a PT or OT assistant (CQ/CO) is paid at 85%",
            THERAPY_ASSISTANT,
        )
    for mod in ("22", "52"):
        if mod in mods:
            line.notes.append(
                f"modifier {mod}: the contractor may change the amount after "
                "reviewing documentation; priced here at the full amount"
            )


def _not_payable(line: LinePrice, reason: str) -> None:
    line.payable = False
    line.explanation = reason


def _bilateral(line: LinePrice, indicator: str) -> None:
    if indicator == "1":
        line.adjust(
            "bilateral 150%",
            "bilateral indicator 1: both sides paid at 150% of one side",
            Decimal("1.5"),
        )
    elif indicator == "3":
        line.adjust("bilateral 200%", "bilateral indicator 3: each side paid at 100%", Decimal(2))
    elif indicator == "2":
        line.notes.append(
            "bilateral indicator 2: the code is already bilateral; modifier 50 adds nothing (100%)"
        )
    elif indicator == "0":
        line.notes.append(
            "bilateral indicator 0: modifier 50 does not apply to this code; "
            "paid as one side (100%)"
        )
    else:
        line.notes.append("bilateral indicator 9: the bilateral concept does not apply")


def _split_global(line: LinePrice, row: RvuRow, split: list[str]) -> None:
    shares = {"54": ("pre_op", "intra_op"), "55": ("post_op",), "56": ("pre_op",)}
    names = {"pre_op": "pre-op", "intra_op": "intra-op", "post_op": "post-op"}
    fields = sorted({f for mod in split for f in shares[mod]})
    share = sum((row.dec(f) for f in fields), Decimal(0))
    if share == 0:
        line.notes.append(
            f"modifier {'/'.join(split)}: {line.code} has no global-period split "
            f"(global {row['global_days']}); priced in full"
        )
        return
    parts = " + ".join(f"{names[f]} {row.dec(f):%}" for f in fields)
    line.adjust(
        f"split global {'/'.join(split)} {share:.0%}",
        f"only part of the global package was furnished: {parts}",
        share,
    )

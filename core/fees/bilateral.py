"""Bilateral procedures reported without modifier 50.

RVU read-me (RVU25D, "Bilateral Surgery (Modifier 50)" indicator; Pub 100-04 ch.12 §40.7): a code
"reported twice on the same day by any other means (e.g., with RT and LT modifiers, or with a 2 in
the units field)" is a bilateral procedure:
- indicator 1: both sides together are paid 150% of one side, and the bilateral adjustment is
  made before any multiple procedure rule, so the pair ranks as one procedure;
- indicator 2: the RVUs already cover both sides: 100% of one side for the pair;
- indicator 3: each side is paid 100%; the bilateral amount is also set before the multiple
  procedure rules;
- indicator 0: with RT and LT (the read-me names only 50 or RT/LT here, not 2 units) the two
  sides together are paid at most 100% of one side.
Indicator 9 (concept does not apply): RT and LT lines are two services, as billed.

Line pricing reads 2 units this way (`price_bilateral_units`); the encounter pairs an RT line
with an LT line of the same code and PFS row (`pair_sides`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..refdata.pfs import RvuRow
from .model import LinePrice

SIDES = frozenset({"RT", "LT"})
_UNITS: dict[str, tuple[Decimal, str]] = {
    "1": (
        Decimal("1.5"),
        "bilateral indicator 1: 2 units of this code are one bilateral "
        "procedure, paid 150% of one side; it ranks as one procedure",
    ),
    "2": (
        Decimal(1),
        "bilateral indicator 2: the RVUs already cover both sides, so 2 units are "
        "paid 100% of one side; it ranks as one procedure",
    ),
    "3": (
        Decimal(2),
        "bilateral indicator 3: 2 units are the two sides, each paid 100%; they "
        "rank as one procedure",
    ),
}


def price_bilateral_units(line: LinePrice, row: RvuRow) -> bool:
    """A line of 2 units read as both sides (indicators 1, 2, 3); False when it is not one."""
    mods = set(line.modifiers)
    indicator = row["bilateral"]
    if line.units != 2 or "50" in mods or len(mods & SIDES) == 1 or indicator not in _UNITS:
        return False
    factor, reason = _UNITS[indicator]
    line.adjust(f"bilateral {factor:.0%} (2 units)", reason, factor)
    line.bilateral_units = True
    return True


def _side(line: LinePrice) -> str | None:
    mods = set(line.modifiers)
    sides = mods & SIDES
    if (
        len(sides) != 1
        or "50" in mods
        or line.units != 1
        or not line.payable
        or line.indicators.get("bilateral") not in ("0", "1", "2", "3")
    ):
        return None
    return sides.pop()


def pair_sides(lines: list[LinePrice]) -> list[tuple[LinePrice, LinePrice]]:
    """Pair each RT line with an LT line of the same code and PFS row (in line order), price the
    pair as one bilateral procedure and say so on both lines. The second line of a pair carries
    the bilateral adjustment."""
    waiting: dict[tuple[str, str, str], list[LinePrice]] = defaultdict(list)
    pairs: list[tuple[LinePrice, LinePrice]] = []
    for line in lines:
        side = _side(line)
        if side is None:
            continue
        other = "LT" if side == "RT" else "RT"
        match = waiting[(line.code, line.pfs_row, other)]
        if match:
            first = match.pop(0)
            _price_pair(first, line)
            pairs.append((first, line))
        else:
            waiting[(line.code, line.pfs_row, side)].append(line)
    return pairs


def _price_pair(first: LinePrice, second: LinePrice) -> None:
    indicator = first.indicators["bilateral"]
    amount = second.unrounded_amount
    assert amount is not None
    code = first.code
    said = (
        f"{code} RT and LT the same day are one bilateral procedure (bilateral indicator "
        f"{indicator}"
    )
    if indicator == "1":
        second.adjust_to(
            "bilateral pair 150%",
            f"{said}): both sides are paid 150% of one "
            "side, 100% on the first line and 50% on this one; the pair ranks as "
            "one procedure",
            amount * Decimal("0.5"),
        )
        share = "paid 150% of one side with the other line"
    elif indicator == "2":
        second.adjust_to(
            "bilateral pair 100%",
            f"{said}): the RVUs already cover both sides, "
            "so the pair is paid 100% of one side, nothing more for this line",
            Decimal(0),
        )
        share = "paid 100% of one side for both sides"
    elif indicator == "0":
        second.adjust_to(
            "bilateral pair 100%",
            f"{said}): no bilateral payment for this code; "
            "both sides together are paid at most 100% of one side",
            Decimal(0),
        )
        share = "both sides paid at most 100% of one side"
    else:
        second.note_encounter(f"{said}): each side is paid 100%; the pair ranks as one procedure")
        share = "each side paid 100%"
    first.note_encounter(f"{said}): {share}; the pair ranks as one procedure")

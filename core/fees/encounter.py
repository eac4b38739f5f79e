"""Price the lines of one patient's day together, per date and provider: status T bundling, the
bilateral pairs, then the multiple-procedure rules of the RVU file (indicator 2 ranking 100/50%,
3 endoscopy families, 4 imaging, 5 therapy, 6 cardiovascular, 7 ophthalmology). Each unit counts
as one service, except the two sides of a bilateral procedure (bilateral.py)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from .bilateral import pair_sides
from .data import NATIONAL
from .line import apply_participation, price_line_before_participation
from .model import EncounterPrice, FeeError, LinePrice, LineRequest
from .modifiers import THERAPY_ASSISTANT, THERAPY_ASSISTANT_MODIFIERS
from .technical import split_pc_tc

HALF = Decimal("0.5")
# Statuses of services paid under the fee schedule besides T: A and R (RVUs), C (priced by the
# contractor), J (anesthesia). A status T service billed with one of them is bundled.
OTHER_PFS_SERVICES = frozenset("ACJR")


def price_encounter(conn: sqlite3.Connection, requests: Sequence[LineRequest]) -> EncounterPrice:
    """Lines that cannot be priced come back with `error` set; the others are still priced."""
    lines = [_price_or_fail(conn, request) for request in requests]
    groups: dict[tuple[date, str], list[LinePrice]] = defaultdict(list)
    for line in lines:
        if not line.error:
            groups[(line.request.date_of_service, line.request.provider)].append(line)
    for day_lines in groups.values():
        bundled = _status_t(day_lines)
        payable = [line for line in day_lines if line.payable and id(line) not in bundled]
        pairs = pair_sides(payable)
        _surgical_ranking(conn, payable, pairs)
        _imaging(conn, payable)
        _therapy(payable)
        _technical_reduction(conn, payable, "6", Decimal("0.25"), "cardiovascular")
        _technical_reduction(conn, payable, "7", Decimal("0.20"), "ophthalmology")
    for line in lines:
        apply_participation(line)
    return EncounterPrice(lines)


def _price_or_fail(conn: sqlite3.Connection, request: LineRequest) -> LinePrice:
    try:
        return price_line_before_participation(conn, request)
    except FeeError as exc:
        return LinePrice.failed(request, NATIONAL, str(exc))


def _status_t(lines: list[LinePrice]) -> set[int]:
    """RVU read-me, Attachment A, status T: paid only when no other service payable under the
    fee schedule is billed by the same provider that day; otherwise bundled into it ($0). The
    read-me does not say what happens when only status T services are billed together: they
    are left paid here."""
    others = [line for line in lines if line.status in OTHER_PFS_SERVICES]
    if not others:
        return set()
    bundled: set[int] = set()
    for line in lines:
        if line.status != "T" or not line.payable:
            continue
        line.adjust_to(
            "status T bundled",
            f"status T: paid only when no other fee schedule "
            f"service is billed by the same provider that day; {others[0].code} is, "
            "so this service is bundled into it",
            Decimal(0),
        )
        line.note_encounter(
            f"bundled: status T {line.code} with {others[0].code} the same day "
            "by the same provider is paid $0"
        )
        bundled.add(id(line))
    return bundled


def _per_unit(line: LinePrice) -> Decimal:
    amount = line.unrounded_amount
    assert amount is not None
    return amount / line.units


def _component_per_unit(
    conn: sqlite3.Connection, line: LinePrice, code: str, modifier: str
) -> Decimal:
    """What `code` with only `modifier` ('26', 'TC' or '') pays for one unit in this line's
    place and setting."""
    request = replace(
        line.request,
        code=code,
        modifiers=(modifier,) if modifier else (),
        units=1,
        locality=line.locality.key,
        zip_code=None,
        facility=line.facility,
        participating=True,
    )
    priced = price_line_before_participation(conn, request)
    return priced.unrounded_amount or Decimal(0)


@dataclass
class _Service:
    """One ranked service: a unit of a line, a bilateral procedure, or an endoscopy family."""

    value: Decimal
    parts: list[tuple[LinePrice, Decimal]]  # (line, amount of this service paid by that line)


def _unit_values(line: LinePrice) -> list[Decimal]:
    """The line's services for ranking: one per unit, or one for both sides of a 2-unit
    bilateral procedure."""
    if line.bilateral_units:
        amount = line.unrounded_amount
        assert amount is not None
        return [amount]
    return [_per_unit(line)] * line.units


def _surgical_ranking(
    conn: sqlite3.Connection, lines: list[LinePrice], pairs: list[tuple[LinePrice, LinePrice]]
) -> None:
    services: list[_Service] = []
    families: dict[str, list[LinePrice]] = defaultdict(list)
    paired = {id(line): pair for pair in pairs for line in pair}
    for line in lines:
        if line.indicators.get("mult_proc") == "3" and line.indicators.get("endo_base"):
            families[line.indicators["endo_base"]].append(line)
    for line in lines:
        indicator = line.indicators.get("mult_proc")
        if line.code in families and indicator != "3":
            families[line.code].append(line)  # a base endoscopy joins its family
        elif indicator in ("1", "2") and id(line) in paired:
            first, second = paired[id(line)]
            if line is first:  # RVU read-me: the bilateral pair ranks as one procedure
                parts = [(side, side.unrounded_amount or Decimal(0)) for side in (first, second)]
                services.append(_Service(sum((a for _, a in parts), Decimal(0)), parts))
        elif indicator in ("1", "2"):
            services += [_Service(value, [(line, value)]) for value in _unit_values(line)]
    for base, members in families.items():
        services.append(_endoscopy_family(conn, base, members))
    if len(services) < 2:
        return
    ranked = sorted(services, key=lambda s: s.value, reverse=True)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    ranks: dict[int, list[int]] = defaultdict(list)
    for rank, service in enumerate(ranked, start=1):
        factor = Decimal(1) if rank == 1 else HALF
        for line, amount in service.parts:
            paid[id(line)] += amount * factor
            ranks[id(line)].append(rank)
    for line in {id(line): line for s in services for line, _ in s.parts}.values():
        order = ranks[id(line)]
        if all(rank == 1 for rank in order) or paid[id(line)] == line.unrounded_amount:
            continue
        note = " (6th and later: by report, the contractor may review)" if max(order) > 5 else ""
        line.adjust_to(
            "multiple procedure",
            f"ranked {', '.join(map(str, order))} of "
            f"{len(ranked)} procedures that day: highest 100%, others 50%{note}",
            paid[id(line)],
        )


def _endoscopy_family(conn: sqlite3.Connection, base: str, members: list[LinePrice]) -> _Service:
    """The highest endoscopy in full; each other one its amount minus the base endoscopy's;
    the base itself is not paid beside another member of its family."""
    base_amount = _component_per_unit(conn, members[0], base, "")
    units = [(line, value) for line in members for value in _unit_values(line)]
    non_base = [(line, value) for line, value in units if line.code != base]
    if not non_base:  # only the base endoscopy: nothing to reduce within the family
        return _Service(sum((v for _, v in units), Decimal(0)), units)
    units.sort(key=lambda item: item[1], reverse=True)
    top_line, top_value = max(non_base, key=lambda item: item[1])
    parts: list[tuple[LinePrice, Decimal]] = [(top_line, top_value)]
    skipped_top = False
    for line, value in units:
        if line is top_line and value == top_value and not skipped_top:
            skipped_top = True
            continue
        reduced = Decimal(0) if line.code == base else max(value - base_amount, Decimal(0))
        parts.append((line, reduced))
    family_lines = {id(line): line for line, _ in parts}
    if len(units) > 1:
        for line in family_lines.values():
            paid = sum((amount for member, amount in parts if member is line), Decimal(0))
            if paid == line.unrounded_amount:
                continue
            line.adjust_to(
                f"endoscopy family {base}",
                "same-family endoscopies: the highest in "
                f"full, each other one minus the base {base} amount "
                f"({base_amount:.2f}); the base alone is not paid",
                paid,
            )
    return _Service(sum((amount for _, amount in parts), Decimal(0)), parts)


def _splits(
    conn: sqlite3.Connection, lines: list[LinePrice]
) -> tuple[list[tuple[LinePrice, Decimal, Decimal]], list[LinePrice]]:
    """(line, professional, technical) per unit of each line whose split is known; the lines
    whose split is not known are left out of the reduction with a note."""
    known: list[tuple[LinePrice, Decimal, Decimal]] = []
    unknown: list[LinePrice] = []
    for line in lines:
        split = split_pc_tc(
            conn,
            line,
            _per_unit(line),
            lambda ln, code, mod: _component_per_unit(conn, ln, code, mod),
        )
        if isinstance(split, str):
            line.note_encounter(
                f"{split}: it is left out of the technical-component reduction "
                "here (the contractor applies it); its amount is not reduced"
            )
            unknown.append(line)
        else:
            known += [(line, split[0], split[1])] * line.units
    return known, unknown


def _reduce_ranked(items: list[tuple[LinePrice, Decimal]], rate: Decimal) -> dict[int, Decimal]:
    """Reductions per line when every item but the highest loses `rate` of its value."""
    reductions: dict[int, Decimal] = defaultdict(Decimal)
    for line, value in sorted(items, key=lambda i: i[1], reverse=True)[1:]:
        reductions[id(line)] += value * rate
    return reductions


def _apply_reductions(
    lines: list[LinePrice], reductions: dict[int, Decimal], rule: str, reason: str
) -> None:
    for line in lines:
        cut = reductions.get(id(line), Decimal(0))
        if cut:
            before = line.unrounded_amount
            assert before is not None
            line.adjust_to(rule, reason, before - cut)


def _imaging(conn: sqlite3.Connection, lines: list[LinePrice]) -> None:
    imaging = [line for line in lines if line.indicators.get("mult_proc") == "4"]
    if sum(line.units for line in imaging) < 2:
        return
    known, _ = _splits(conn, imaging)
    professional = [(line, pc) for line, pc, _ in known if pc]
    technical = [(line, tc) for line, _, tc in known if tc]
    cuts = _reduce_ranked(technical, HALF)
    for key, value in _reduce_ranked(professional, Decimal("0.05")).items():
        cuts[key] += value
    _apply_reductions(
        imaging,
        cuts,
        "multiple imaging",
        "2nd and later imaging services that session: technical part -50%, professional part -5%",
    )


def _therapy(lines: list[LinePrice]) -> None:
    """Indicator 5: the PE of every therapy unit but the highest is cut 50%. With CQ/CO the two
    reductions multiply (the amount is 85% of the amount after the PE cut), so the PE cut of a
    CQ/CO line is 85% of the plain one, whatever the order they are applied in."""
    therapy = [line for line in lines if line.indicators.get("mult_proc") == "5"]
    units = [
        (line, line.components.pe) for line in therapy if line.components for _ in range(line.units)
    ]
    if len(units) < 2:
        return
    cuts = _reduce_ranked(units, HALF)
    for line in therapy:
        if set(line.modifiers) & THERAPY_ASSISTANT_MODIFIERS and id(line) in cuts:
            cuts[id(line)] *= THERAPY_ASSISTANT
    _apply_reductions(
        therapy,
        cuts,
        "multiple therapy",
        "therapy: the unit with the highest practice expense in full, the PE of "
        "every other unit -50% (with CQ/CO: 85% of the reduced amount)",
    )


def _technical_reduction(
    conn: sqlite3.Connection, lines: list[LinePrice], indicator: str, rate: Decimal, family: str
) -> None:
    chosen = [line for line in lines if line.indicators.get("mult_proc") == indicator]
    if sum(line.units for line in chosen) < 2:
        return
    known, _ = _splits(conn, chosen)
    technical = [(line, tc) for line, _, tc in known if tc]
    if len(technical) < 2:
        return
    _apply_reductions(
        chosen,
        _reduce_ranked(technical, rate),
        f"multiple {family}",
        f"2nd and later diagnostic {family} services that day: technical part -{rate:.0%}",
    )

"""A priced line as an auditable breakdown: plain text for people, a dict for JSON and Excel."""

from __future__ import annotations

from decimal import Decimal

from core.words import decimal_text

from .model import LinePrice, cents


def payer_amount(line: LinePrice, percent: Decimal) -> Decimal | None:
    """What a payer paying `percent`% of Medicare allows for the line."""
    value = line.unrounded_amount
    return None if value is None else cents(value * percent / 100)


def line_to_dict(line: LinePrice, percent: Decimal | None = None) -> dict[str, object]:
    loc = line.locality
    data: dict[str, object] = {
        "code": line.code,
        "modifiers": list(line.modifiers),
        "units": line.units,
        "date_of_service": line.request.date_of_service.isoformat(),
        "carrier": loc.carrier or None,
        "locality": loc.locality or None,
        "locality_name": loc.name,
        "facility": line.facility,
        "setting": line.setting_reason,
        "release": line.release,
        "pfs_row": line.pfs_row or "global",
        "source_line": line.source_line,
        "status": line.status,
        "payable": line.payable,
        "explanation": line.explanation or None,
        "error": line.error,
        "indicators": line.indicators,
        "participating": line.request.participating,
    }
    if line.payable and line.components is not None:
        data.update(
            {
                "rvu": {k: str(v) for k, v in line.rvu.items()},
                "gpci": {
                    "work": str(loc.work),
                    "pe": str(loc.pe),
                    "mp": str(loc.mp),
                    "release": loc.release,
                    "source_line": loc.source_line,
                },
                "products": {k: str(v) for k, v in line.products.items()},
                "conversion_factor": str(line.conversion_factor),
                "conversion_factor_source": line.conversion_factor_source,
                "fee_schedule_amount": decimal_text(line.fee_schedule_amount),
                "opps_cap": None if line.opps_cap is None else decimal_text(cents(line.opps_cap)),
                "adjustments": [
                    {
                        "rule": a.rule,
                        "reason": a.reason,
                        "before": str(a.before),
                        "after": str(a.after),
                    }
                    for a in line.adjustments
                ],
                "unrounded_amount": str(line.unrounded_amount),
            }
        )
    else:
        data.update({"conversion_factor": None, "rvu": None, "gpci": None, "adjustments": []})
    data.update(
        {
            "amount": decimal_text(line.amount),
            "limiting_charge": decimal_text(line.limiting_charge),
            "medicare_pays": decimal_text(line.medicare_share),
            "patient_pays": decimal_text(line.patient_share),
            "notes": line.notes,
        }
    )
    if percent is not None:
        data["payer_percent_of_medicare"] = str(percent)
        data["payer_amount"] = decimal_text(payer_amount(line, percent))
    return data


def line_to_text(line: LinePrice, percent: Decimal | None = None) -> str:
    loc = line.locality
    mods = f" -{' -'.join(line.modifiers)}" if line.modifiers else ""
    where = f"{loc.key} {loc.name}" if loc.carrier else loc.name
    out = [
        f"{line.code}{mods} x{line.units}  {where}, {line.setting_reason}, "
        f"DOS {line.request.date_of_service.isoformat()}",
        f"  {line.release} {line.pfs_row or 'global'} row (line {line.source_line}), "
        f"status {line.status}",
    ]
    if line.error:
        return f"{line.code}: not priced: {line.error}"
    if not line.payable or line.components is None:
        out.append(f"  No amount: {line.explanation}")
        out += [f"  note: {n}" for n in line.notes]
        return "\n".join(out)
    for part in ("work", "pe", "mp"):
        gpci = getattr(loc, part)
        out.append(
            f"  {part.upper():<4} RVU {line.rvu[part]:>7} x GPCI {gpci:<6} = "
            f"{line.products[part]:.4f}"
        )
    total = sum(line.products.values(), Decimal(0))
    out.append(
        f"  total {total:.4f} x CF {line.conversion_factor} "
        f"({line.conversion_factor_source}) = {line.components.total:.4f}"
    )
    out.append(f"  fee schedule amount ${line.fee_schedule_amount:,.2f}")
    for adj in line.adjustments:
        out.append(f"  {adj.rule}: {adj.before:.4f} -> {adj.after:.4f}  ({adj.reason})")
    out.append(
        f"  Allowed ${line.amount:,.2f}  (Medicare 80% ${line.medicare_share:,.2f}, "
        f"patient 20% ${line.patient_share:,.2f}); limiting charge "
        f"${line.limiting_charge:,.2f}"
    )
    if percent is not None:
        out.append(f"  Payer at {percent}% of Medicare: ${payer_amount(line, percent):,.2f}")
    out += [f"  note: {n}" for n in line.notes]
    return "\n".join(out)

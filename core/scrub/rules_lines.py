"""Lines, dates, providers, place of service and patient: LINE-DUPLICATE, LINE-UNITS,
LINE-CHARGE, DOS-FUTURE, TIMELY-FILING, NPI-INVALID, POS-UNKNOWN, PATIENT-INCOMPLETE."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import MINUTES, Claim, ServiceLine
from core.refdata.pfs import rvu_row
from core.words import plural

from .context import LineRef, ScrubContext, day_key
from .filing_limits import medicare_filing_deadline, payer_filing_deadline

TIMELY_FILING_WARN_DAYS = 30
NPI_PREFIX = "80840"  # the card issuer prefix the NPI check digit is figured with


def check(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    yield from _patient(claim)
    yield from _npis(claim)
    yield from _places(ctx, claim)
    yield from _line_values(ctx, claim)
    yield from _dates(ctx, claim)
    yield from _duplicates(ctx, claim)


def npi_valid(npi: str) -> bool:
    """10 digits whose last is the Luhn check digit of 80840 + the first 9."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in NPI_PREFIX + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def _patient(claim: Claim) -> Iterator[Finding]:
    patient = claim.patient
    missing = [
        name
        for name, absent in (
            ("patient id", not patient.id),
            ("date of birth", patient.dob is None),
            ("sex", patient.sex in (None, "", "U")),
        )
        if absent
    ]
    if missing:
        yield Finding(
            "PATIENT-INCOMPLETE",
            ERROR,
            claim.claim_id,
            None,
            f"the patient's {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing",
            "fill in the patient's id (member id), date of birth and sex "
            "(M or F) as on the insurance card",
            "CMS-1500 boxes 1a, 3",
        )
    first = min((line.dos for line in claim.lines), default=None)
    if patient.dob is not None and first is not None and patient.dob > first:
        yield Finding(
            "PATIENT-INCOMPLETE",
            ERROR,
            claim.claim_id,
            None,
            f"the patient's date of birth {patient.dob.isoformat()} is after the date "
            f"of service {first.isoformat()}",
            "correct the date of birth",
            "CMS-1500 box 3",
        )


def _npis(claim: Claim) -> Iterator[Finding]:
    checked: list[tuple[str, int | None, str]] = [
        ("billing", None, claim.billing_npi),
        ("rendering", None, claim.rendering_npi),
    ]
    checked += [
        ("line rendering", line.number, line.rendering_npi)
        for line in claim.lines
        if line.rendering_npi and line.rendering_npi != claim.rendering_npi
    ]
    for role, number, npi in checked:
        if npi_valid(npi):
            continue
        what = "is missing" if not npi else f"{npi} is not a valid NPI (10 digits, check digit)"
        yield Finding(
            "NPI-INVALID",
            ERROR,
            claim.claim_id,
            number,
            f"the {role} NPI {what}",
            "copy the NPI from the NPPES registry; a typo breaks the check digit",
            "NPI check digit: Luhn over 80840 + the NPI (CMS NPI standard)",
        )


def _places(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    known = ctx.places_of_service()
    places = [(None, claim.pos)] + [
        (line.number, line.pos) for line in claim.lines if line.pos and line.pos != claim.pos
    ]
    for number, pos in places:
        if pos in known or (number is None and not pos and all(line.pos for line in claim.lines)):
            continue
        what = "is missing" if not pos else f"{pos} is not a place-of-service code"
        yield Finding(
            "POS-UNKNOWN",
            ERROR,
            claim.claim_id,
            number,
            f"the place of service {what}",
            "use the two-digit CMS place-of-service code (11 office, 22 outpatient "
            "hospital, ...); it also decides facility or non-facility pay",
            "CMS place of service code set (bundled)",
        )


def _line_values(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        if line.units is None or line.units <= 0:
            shown = "missing" if line.units is None else f"{line.units}"
            yield Finding(
                "LINE-UNITS",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: units {shown}; units must be more than 0",
                "enter the number of units performed (1 or more)",
                "CMS-1500 box 24G",
            )
        elif line.units != line.units.to_integral_value() and not _time_units(ctx, line):
            yield Finding(
                "LINE-UNITS",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: {line.units} units; this code is counted in whole units "
                "(only anesthesia time may be a fraction)",
                "enter the whole number of units performed (round as the code's "
                "definition says, e.g. a drug's billing units are rounded up)",
                "CMS-1500 box 24G / 837P SV104 units of service; whole units for "
                "every code but anesthesia time are not spelled out in one CMS rule",
            )
        if line.charge is None or line.charge <= 0:
            shown = "missing" if line.charge is None else f"{line.charge}"
            yield Finding(
                "LINE-CHARGE",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: charge {shown}; every line needs a charge above 0",
                "enter the practice's charge for the line",
                "CMS-1500 box 24F",
                ctx.amount(claim, line),
            )


def _time_units(ctx: ScrubContext, line: ServiceLine) -> bool:
    """Anesthesia time may be reported in fractions: minutes (MJ), or an anesthesia code
    (CPT 00100-01999, or PFS status J on the date of service)."""
    if line.unit_basis == MINUTES or (line.code.isdigit() and 100 <= int(line.code) <= 1999):
        return True
    release = ctx.release("pfs", line.dos)
    row = rvu_row(ctx.conn, release.name, line.code) if release else None
    return row is not None and row["status"] == "J"


def _dates(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    payer = ctx.payer(claim)
    days = payer.profile.timely_filing_days if payer.profile else None
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        if line.dos > ctx.as_of:
            yield Finding(
                "DOS-FUTURE",
                ERROR,
                claim.claim_id,
                line.number,
                f"{where}: date of service {line.dos.isoformat()} is after "
                f"{ctx.as_of.isoformat()}, the day of this check",
                "bill a service only once it is performed; check the date",
                "claim data",
                ctx.amount(claim, line),
            )
            continue
        if payer.medicare:
            deadline, why = medicare_filing_deadline(line.dos)
            rule = (
                "Medicare timely filing: one calendar year after the date of service, the "
                "next federal workday when that day is a weekend or holiday (42 CFR "
                f"424.44; Pub 100-04 ch.1 §70); {payer.describe()}"
            )
        elif days is not None and payer.profile is not None:
            deadline, why = payer_filing_deadline(line.dos, days), ""
            rule = (
                f"payer profile '{payer.profile.name}': {days} days after the date of "
                "service (no weekend or holiday extension assumed)"
            )
        else:
            continue  # other payers: only a limit the user saved in a payer profile
        yield from _deadline(ctx, claim, line, where, deadline, why, rule)


def _deadline(
    ctx: ScrubContext,
    claim: Claim,
    line: ServiceLine,
    where: str,
    deadline: date,
    why: str,
    rule: str,
) -> Iterator[Finding]:
    days_left = (deadline - ctx.as_of).days
    said = f" ({why})" if why else ""
    if days_left < 0:
        yield Finding(
            "TIMELY-FILING",
            ERROR,
            claim.claim_id,
            line.number,
            f"{where}: date of service {line.dos.isoformat()} is past the filing "
            f"limit (last day {deadline.isoformat()}{said})",
            "a late claim is denied: file only with a documented exception",
            rule,
            ctx.amount(claim, line),
        )
    elif days_left <= TIMELY_FILING_WARN_DAYS:
        yield Finding(
            "TIMELY-FILING",
            WARNING,
            claim.claim_id,
            line.number,
            f"{where}: {plural(days_left, 'day')} left to file (last day "
            f"{deadline.isoformat()}{said})",
            "send this claim now",
            rule,
            ctx.amount(claim, line),
        )


def _duplicates(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    """A line that repeats an earlier one of the worklist: same patient, provider, DOS, code,
    modifiers and units (the later one is reported, against the first)."""
    for line in claim.lines:
        first = _first_of(ctx, claim, line)
        if first is None:
            continue
        yield Finding(
            "LINE-DUPLICATE",
            WARNING,
            claim.claim_id,
            line.number,
            f"line {line.number} {line.code} on {line.dos.isoformat()} repeats {ctx.where(first)}",
            "remove the copy; if the service really was repeated, add the repeat "
            "modifier (76/77, or 91 for a lab)",
            "claim data",
            ctx.amount(claim, line),
        )


def _first_of(ctx: ScrubContext, claim: Claim, line: ServiceLine) -> LineRef | None:
    """The first line of the worklist with the same service that day, when it is not this one."""
    service = _service(line.code, line.modifiers, line.units)
    for other in ctx.lines_of(day_key(claim, line), line.code):
        if _service(other.code, other.modifiers, other.units) == service:
            return None if other.is_line(ctx.ordinal, line) else other
    return None


def _service(code: str, modifiers: tuple[str, ...], units: object) -> tuple[object, ...]:
    return code, tuple(sorted(modifiers)), units

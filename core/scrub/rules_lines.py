"""Lines, dates, providers, place of service and patient: LINE-DUPLICATE, LINE-UNITS,
LINE-CHARGE, DOS-FUTURE, TIMELY-FILING, NPI-INVALID, POS-UNKNOWN, PATIENT-INCOMPLETE."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from core.claims.finding import ERROR, WARNING, Finding
from core.claims.model import Claim, ServiceLine
from core.words import plural

from .context import ScrubContext, day_key

TIMELY_FILING_MONTHS = 12
TIMELY_FILING_WARN_DAYS = 30
NPI_PREFIX = "80840"      # the card issuer prefix the NPI check digit is figured with


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


def filing_deadline(dos: date) -> date:
    """The last day to file: 12 months after the date of service (the day before its
    anniversary; Feb 29 goes to Feb 28)."""
    try:
        anniversary = dos.replace(year=dos.year + 1)
    except ValueError:
        anniversary = date(dos.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


def _patient(claim: Claim) -> Iterator[Finding]:
    patient = claim.patient
    missing = [name for name, absent in (("patient id", not patient.id),
                                          ("date of birth", patient.dob is None),
                                          ("sex", patient.sex in (None, "", "U"))) if absent]
    if missing:
        yield Finding("PATIENT-INCOMPLETE", ERROR, claim.claim_id, None,
                      f"the patient's {', '.join(missing)} {'is' if len(missing) == 1 else 'are'}"
                      " missing", "fill in the patient's id (member id), date of birth and sex "
                      "(M or F) as on the insurance card", "CMS-1500 boxes 1a, 3")
    first = min((line.dos for line in claim.lines), default=None)
    if patient.dob is not None and first is not None and patient.dob > first:
        yield Finding("PATIENT-INCOMPLETE", ERROR, claim.claim_id, None,
                      f"the patient's date of birth {patient.dob.isoformat()} is after the date "
                      f"of service {first.isoformat()}", "correct the date of birth",
                      "CMS-1500 box 3")


def _npis(claim: Claim) -> Iterator[Finding]:
    checked: list[tuple[str, int | None, str]] = [("billing", None, claim.billing_npi),
                                                  ("rendering", None, claim.rendering_npi)]
    checked += [("line rendering", line.number, line.rendering_npi) for line in claim.lines
                if line.rendering_npi and line.rendering_npi != claim.rendering_npi]
    for role, number, npi in checked:
        if npi_valid(npi):
            continue
        what = "is missing" if not npi else f"{npi} is not a valid NPI (10 digits, check digit)"
        yield Finding("NPI-INVALID", ERROR, claim.claim_id, number, f"the {role} NPI {what}",
                      "copy the NPI from the NPPES registry; a typo breaks the check digit",
                      "NPI check digit: Luhn over 80840 + the NPI (CMS NPI standard)")


def _places(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    known = ctx.places_of_service()
    places = [(None, claim.pos)] + [(line.number, line.pos) for line in claim.lines
                                   if line.pos and line.pos != claim.pos]
    for number, pos in places:
        if pos in known or (number is None and not pos and all(line.pos for line in claim.lines)):
            continue
        what = "is missing" if not pos else f"{pos} is not a place-of-service code"
        yield Finding("POS-UNKNOWN", ERROR, claim.claim_id, number, f"the place of service {what}",
                      "use the two-digit CMS place-of-service code (11 office, 22 outpatient "
                      "hospital, ...); it also decides facility or non-facility pay",
                      "CMS place of service code set (bundled)")


def _line_values(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        if line.units is None or line.units <= 0:
            shown = "missing" if line.units is None else f"{line.units}"
            yield Finding("LINE-UNITS", ERROR, claim.claim_id, line.number,
                          f"{where}: units {shown}; units must be more than 0",
                          "enter the number of units performed (1 or more)", "CMS-1500 box 24G")
        if line.charge is None or line.charge <= 0:
            shown = "missing" if line.charge is None else f"{line.charge}"
            yield Finding("LINE-CHARGE", ERROR, claim.claim_id, line.number,
                          f"{where}: charge {shown}; every line needs a charge above 0",
                          "enter the practice's charge for the line", "CMS-1500 box 24F",
                          ctx.amount(claim, line))


def _dates(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    medicare = claim.filing_indicator == "MB" or "medicare" in claim.payer.lower()
    for line in claim.lines:
        where = f"line {line.number} {line.code}"
        if line.dos > ctx.as_of:
            yield Finding("DOS-FUTURE", ERROR, claim.claim_id, line.number,
                          f"{where}: date of service {line.dos.isoformat()} is after "
                          f"{ctx.as_of.isoformat()}, the day of this check",
                          "bill a service only once it is performed; check the date",
                          "claim data", ctx.amount(claim, line))
            continue
        deadline = filing_deadline(line.dos)
        days_left = (deadline - ctx.as_of).days
        rule = f"Medicare timely filing: {TIMELY_FILING_MONTHS} months from the date of service"
        if days_left < 0:
            yield Finding("TIMELY-FILING", ERROR if medicare else WARNING, claim.claim_id,
                          line.number, f"{where}: date of service {line.dos.isoformat()} is past "
                          f"the filing limit (last day {deadline.isoformat()})"
                          + ("" if medicare else "; other payers' limits vary"),
                          "a late claim is denied: file only with a documented exception",
                          rule, ctx.amount(claim, line))
        elif days_left <= TIMELY_FILING_WARN_DAYS:
            yield Finding("TIMELY-FILING", WARNING, claim.claim_id, line.number,
                          f"{where}: {plural(days_left, 'day')} left to file (last day "
                          f"{deadline.isoformat()})", "send this claim now", rule,
                          ctx.amount(claim, line))


def _duplicates(ctx: ScrubContext, claim: Claim) -> Iterator[Finding]:
    """A line that repeats an earlier one of the worklist: same patient, provider, DOS, code,
    modifiers and units (the later one is reported)."""
    for line in claim.lines:
        same = ctx.lines_on(*day_key(claim, line))
        mine = next(i for i, (c, ln) in enumerate(same) if c is claim and ln is line)
        earlier = next(((c, ln) for c, ln in same[:mine] if _same_service(ln, line)), None)
        if earlier is None:
            continue
        first_claim, first_line = earlier
        what = (f"line {first_line.number}" if first_claim is claim
                else f"claim {first_claim.claim_id} line {first_line.number}")
        yield Finding("LINE-DUPLICATE", WARNING, claim.claim_id, line.number,
                      f"line {line.number} {line.code} on {line.dos.isoformat()} repeats {what}",
                      "remove the copy; if the service really was repeated, add the repeat "
                      "modifier (76/77, or 91 for a lab)", "claim data", ctx.amount(claim, line))


def _same_service(one: ServiceLine, other: ServiceLine) -> bool:
    return (one.code, sorted(one.modifiers), one.units) == \
        (other.code, sorted(other.modifiers), other.units)

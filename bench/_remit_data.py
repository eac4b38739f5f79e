"""The remittance benchmarks' data (bench_remit_import, bench_remit_store): the de-identified
835 sample, and how the generated 835 answers a claim: the codes billed and the payer's
adjustments of a line, paid or denied."""

from __future__ import annotations

from decimal import Decimal

from _common import ROOT

from tests.support.x12_835_writer import PaidClaim, PaidLine

SAMPLE = (
    ROOT.parent
    / "shared"
    / "reference"
    / "x12"
    / "835"
    / "oopfactory_4010_FromNth_835_DeIdent_02.dat"
)
CLAIMS = 100_000
CODES = [
    ("99213", ()),
    ("99214", ("25",)),
    ("93000", ()),
    ("36415", ()),
    ("71046", ("26",)),
    ("20610", ("RT",)),
    ("97110", ("GP",)),
    ("J1100", ()),
]
CENT = Decimal("0.01")


def adjusted(charge: Decimal, denial: str | None) -> tuple[Decimal | None, tuple]:
    """A line's allowed amount and adjustments: a denial writes off the charge (CO and its
    reason, nothing allowed); a paid line is allowed 60% of its charge (CO 45 the rest), with 20%
    coinsurance (PR 2) and 50 cents of sequestration (CO 253)."""
    if denial:
        return None, (("CO", denial, charge),)
    allowed = (charge * Decimal("0.6")).quantize(CENT)
    coinsurance = (allowed * Decimal("0.2")).quantize(CENT)
    return allowed, (
        ("CO", "45", charge - allowed),
        ("PR", "2", coinsurance),
        ("CO", "253", Decimal("0.50")),
    )


def answered_claim(number: int, lines: list[PaidLine], denial: str | None) -> PaidClaim:
    """Claim C{number}'s answer (status 4 when denied) for patient M{number}."""
    return PaidClaim(
        f"C{number:06d}",
        lines,
        status="4" if denial else "1",
        patient_last=f"PATIENT{number % 997}",
        patient_first="ALEX",
        patient_id=f"M{number:08d}",
    )

"""How a claim's payer type is known (issue 10): the 837 filing indicator SBR09 first, then a
payer profile of the same name, then the payer's name."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.claims_io import load_worklist
from core.scrub.payer import MEDICAID, MEDICARE, UNKNOWN, claim_payer, profiles_by_name
from core.workspace.payers import COMMERCIAL, MEDICARE_ADVANTAGE, PayerProfile
from tests.support.claims import claim
from tests.support.worklists import x12_file

PROFILES = profiles_by_name(
    [
        PayerProfile("Acme Health", Decimal(110), COMMERCIAL, 90),
        PayerProfile("Blue Sky Senior", Decimal(100), MEDICARE_ADVANTAGE),
        PayerProfile("No Type Co", Decimal(100)),
    ]
)


def test_the_filing_indicator_decides_first():
    medicare = claim_payer(claim(payer="Acme Health", filing_indicator="MB"), PROFILES)
    assert medicare.kind == MEDICARE and "SBR09 MB" in medicare.how
    assert medicare.profile is not None and medicare.profile.timely_filing_days == 90
    assert claim_payer(claim(payer="x", filing_indicator="16"), {}).kind == MEDICARE_ADVANTAGE
    assert claim_payer(claim(payer="Medicare", filing_indicator="CI"), {}).kind == COMMERCIAL


def test_then_a_payer_profile_of_the_same_name_then_the_name():
    by_profile = claim_payer(claim(payer="acme  health", filing_indicator=""), PROFILES)
    assert by_profile.kind == COMMERCIAL and "payer profile 'Acme Health'" in by_profile.how
    senior = claim_payer(claim(payer="Blue Sky Senior", filing_indicator=""), PROFILES)
    assert senior.kind == MEDICARE_ADVANTAGE
    by_name = claim_payer(claim(payer="Medicare", filing_indicator=""), PROFILES)
    assert by_name.kind == MEDICARE and "payer name 'Medicare'" in by_name.how
    assert claim_payer(claim(payer="Texas Medicaid", filing_indicator=""), {}).kind == MEDICAID


def test_unknown_when_nothing_tells():
    untyped = claim_payer(claim(payer="No Type Co", filing_indicator=""), PROFILES)
    assert untyped.kind == UNKNOWN and not untyped.medicare
    odd = claim_payer(claim(payer="Acme", filing_indicator="Q9"), {})
    assert odd.kind == UNKNOWN and "'Q9' unknown" in odd.how


def test_sample_837_claims_are_typed_by_their_filing_indicator():
    loaded = load_worklist([x12_file("linuxforhealth_x12", "demo.example6.837")]).claims
    assert [claim_payer(c, {}).kind for c in loaded] == [MEDICARE]
    commercial = load_worklist([x12_file("imsweb_x12-parser", "x12_valid.txt")]).claims
    assert {claim_payer(c, {}).kind for c in commercial} == {COMMERCIAL}
    without = claim_payer(replace(loaded[0], filing_indicator=""), {})  # MEDICARE PART B ...
    assert without.kind == MEDICARE and without.how == "payer name 'MEDICARE PART B MARYLAND'"

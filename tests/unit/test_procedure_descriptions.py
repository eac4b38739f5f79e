"""Our own procedure descriptions (resources/procedure_codes/*.csv): never CMS/AMA text, yet
findable by the clinical words CMS uses.

House rule: CPT descriptors are AMA copyright, so every description is written in our own words
(the CMS short descriptor in the PPRRVU DESCRIPTION column is read only to know what the code is).
Billers search by the clinical word, so each description shares at least one key term (a word
stem, see tests/key_terms.py) with the CMS short descriptor of the RVU25D and of the RVU26C file,
read with CMS's abbreviations spelled out. A one- or two-word descriptor is the bare name of the
service and may appear in our text; a longer one never does.
"""

from __future__ import annotations

import pytest

from core.sources import bundle
from tests.conftest import cms_file
from tests.key_terms import key_terms, normalized, short_descriptors

RELEASES = {
    "RVU25D": ("pfs", "PPRRVU2025_Oct.csv"),
    "RVU26C": ("pfs2026", "PPRRVU2026_Jul_nonQPP.csv"),
}
MIN_CHARS, MAX_CHARS = 30, 250
NAME_WORDS = 3  # descriptors shorter than this are a bare service name (see contains_descriptor)


@pytest.fixture(scope="module")
def described() -> list[dict[str, str]]:
    return bundle.procedure_rows()


@pytest.fixture(scope="module", params=sorted(RELEASES))
def descriptors(request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    return request.param, short_descriptors(cms_file(*RELEASES[request.param]))


def test_every_description_shares_a_key_term_with_the_cms_short_descriptor(described, descriptors):
    release, cms = descriptors
    flagged = [
        f"{row['code']}: CMS '{cms[row['code']]}' / ours '{row['description']}'"
        for row in described
        if row["code"] in cms
        and not key_terms(row["description"]) & key_terms(cms[row["code"]], cms=True)
    ]
    assert not flagged, (
        f"{len(flagged)} descriptions share no key term with the {release} short descriptor; "
        "name the clinical term (e.g. 'biopsy', 'arthroplasty') as well as the lay word:\n"
        + "\n".join(flagged)
    )


def contains_descriptor(description: str, descriptor: str) -> bool:
    """True when the normalized descriptor appears word for word inside the description.

    A descriptor of one or two words ('Goniotomy', 'Lipid panel', 'Partial mastectomy') is the
    bare name of the service, which the key-term rule itself requires, so it is not counted."""
    words = normalized(descriptor)
    return len(words.split()) >= NAME_WORDS and f" {words} " in f" {normalized(description)} "


def test_no_description_contains_the_cms_short_descriptor(described, descriptors):
    release, cms = descriptors
    copied = [
        f"{row['code']}: '{row['description']}' contains '{cms[row['code']]}'"
        for row in described
        if row["code"] in cms and contains_descriptor(row["description"], cms[row["code"]])
    ]
    assert not copied, (
        f"{len(copied)} descriptions contain the {release} short descriptor "
        "(AMA text); rewrite them in our own words:\n" + "\n".join(copied)
    )


def test_every_description_is_a_readable_sentence_of_30_to_250_characters(described):
    wrong = [
        f"{row['code']} ({len(row['description'])} chars): {row['description']}"
        for row in described
        if not MIN_CHARS <= len(row["description"]) <= MAX_CHARS
    ]
    assert not wrong, f"descriptions must be {MIN_CHARS}-{MAX_CHARS} characters:\n" + "\n".join(
        wrong
    )


def test_the_key_term_rule_expands_cms_abbreviations_and_ignores_stopwords():
    assert key_terms("Bx skin tangential 1st les", cms=True) >= {"biops", "skin", "tange", "lesio"}
    assert key_terms("Anes px plstc rpr cleft lip", cms=True) >= {"anest", "repai", "cleft", "lip"}
    assert key_terms("Rpr s/n/ax/gen/trnk2.6-7.5cm", cms=True) == {"repai", "trunk"}
    assert key_terms("Colonoscopy w/biopsy") == {"colon", "biops"}
    assert key_terms("Wound repair on the trunk") & key_terms("Rpr s/n/ax/gen/trnk", cms=True)
    assert not key_terms("Add-on for each additional one done in the same session")


def test_the_copy_check_reads_through_case_punctuation_and_hyphens():
    assert contains_descriptor("Scope exam: Colonoscopy, W/Biopsy!", "Colonoscopy w/biopsy")
    assert contains_descriptor("a c-reactive protein hs test", "C-Reactive protein, hs")
    assert not contains_descriptor("Lipid panel: cholesterol and triglycerides", "Lipid panel")
    assert not contains_descriptor("Colonoscopy with a biopsy", "Colonoscopy w biopsy")

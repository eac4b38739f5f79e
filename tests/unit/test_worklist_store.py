"""The scrub worklist saved in the workspace database comes back exactly as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.claims.model import MINUTES
from core.claims.serialize import claim_from_dict, claim_to_dict
from core.scrub.worklist_store import load_saved_worklist, save_worklist
from tests.unit.test_scrub_support import claim, line


def test_a_claim_round_trips_through_its_dict():
    original = claim(line(1, "99213", ("25",), units=Decimal("1.5"), pointers=(1, 2)),
                     line(2, "00142", units=Decimal(30), unit_basis=MINUTES,
                          dos_end=date(2025, 11, 4), pos="22", rendering_npi="1245319599"),
                     dx=("I10", "E11.9"), total_charge=Decimal("250.00"), payer_id="MCR01")
    assert claim_from_dict(claim_to_dict(original)) == original


def test_saving_replaces_the_worklist_and_it_is_there_after_reopening(tmp_path):
    path = tmp_path / "workspace.sqlite"
    assert load_saved_worklist(path) == ()
    first = (claim(claim_id="A"), claim(claim_id="B", dob=None, sex=None))
    save_worklist(first, path)
    assert load_saved_worklist(path) == first
    edited = replace(first[1], lines=(line(units=Decimal(2), charge=None),))
    save_worklist([edited], path)
    assert load_saved_worklist(path) == (edited,)
    save_worklist([], path)
    assert load_saved_worklist(path) == ()

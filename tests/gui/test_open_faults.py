"""The scrub tab on faults and loads (issue 16, items 7 and 8): an absurd number is a problem at
its cell, and the good files opened with it load (before, the tab showed
'[<class decimal.InvalidOperation>]' and dropped them all); an edit re-scrubs only the claims
its rules compare it with, with the same findings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.scrub.engine import scrub
from tests.gui.test_scrub_tab import AS_OF
from tests.support.one_patient import one_patient
from tests.support.worklists import HEADER, visit_row, write_csv, write_xlsx
from ui.scrub.editing import neighbours
from ui.scrub.tab import ScrubTab

AS_OF_2026 = date(2026, 12, 31)


@pytest.fixture
def tab(qtbot, make_context) -> ScrubTab:
    widget = ScrubTab(make_context(today=AS_OF))
    qtbot.addWidget(widget)
    qtbot.waitUntil(
        lambda: widget.job is None or widget.job.name != "worklist restore", timeout=20000
    )
    return widget


def test_an_absurd_number_is_a_problem_and_the_good_files_load(qtbot, tab, tmp_path: Path):
    good = write_csv(tmp_path / "good.csv", [HEADER, visit_row("G1"), visit_row("G2", "P2")])
    absurd = write_xlsx(
        tmp_path / "absurd.xlsx",
        {"Claims": [HEADER, visit_row("A1", units=1e30), visit_row("A2", "P3", units=1)]},
    )

    job = tab.open_paths([good, absurd])

    assert job is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert not tab.last_error
    assert sorted(r.claim.claim_id for r in tab.rows()) == ["A2", "G1", "G2"]
    problems = [tab.view.problems.item(i).text() for i in range(tab.view.problems.count())]
    assert any(
        "absurd.xlsx" in p and "units '1000000000000000019884624838656' is too large" in p
        for p in problems
    ), problems
    assert not any("InvalidOperation" in p for p in problems)


def test_an_edit_rescrubs_only_the_claims_its_rules_compare_and_finds_the_same(conn):
    """Issue 16, item 8: the tab scrubbed every claim of the patient again on the GUI thread
    after each edit (2,000 claims: seconds). It now scrubs those within the rules' reach, and
    each claim's findings are those of a scrub of the whole worklist (post-operative periods of
    surgeries weeks before, same-day rules)."""
    claims = one_patient(2_000)
    others = [
        replace(c, patient=replace(c.patient, id="P2"), claim_id=c.claim_id + "B")
        for c in claims[:300]
    ]
    worklist = claims + others
    whole = {
        checked.claim.claim_id: checked.findings for checked in scrub(conn, worklist, AS_OF_2026)
    }

    for edited in worklist[::97]:
        nearby = neighbours(worklist, edited)
        assert edited in nearby and len(nearby) <= 300  # about 3 months of claims
        assert {c.patient.id for c in nearby} == {edited.patient.id}
        found = next(c for c in scrub(conn, nearby, AS_OF_2026) if c.claim is edited)
        assert found.findings == whole[edited.claim_id], edited.claim_id
    assert any(f.rule == "GLOBAL-POSTOP" for f in whole["C00100"])  # a surgery 75 days before

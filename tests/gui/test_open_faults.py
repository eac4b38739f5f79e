"""The scrub tab opening files with faults in them (issue 16, item 7): an absurd number is a
problem at its cell, and the good files opened with it load. Before, the tab showed
'[<class decimal.InvalidOperation>]' and dropped them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.test_scrub_tab import AS_OF, row
from tests.support.worklists import HEADER, write_csv, write_xlsx
from ui.scrub.tab import ScrubTab


@pytest.fixture
def tab(qtbot, make_context) -> ScrubTab:
    widget = ScrubTab(make_context(today=AS_OF))
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.job is None or widget.job.name != "worklist restore",
                    timeout=20000)
    return widget


def test_an_absurd_number_is_a_problem_and_the_good_files_load(qtbot, tab, tmp_path: Path):
    good = write_csv(tmp_path / "good.csv", [HEADER, row("G1"), row("G2", patient="P2")])
    absurd = write_xlsx(tmp_path / "absurd.xlsx", {"Claims": [
        HEADER, row("A1", units=1e30), row("A2", patient="P3")]})

    job = tab.open_paths([good, absurd])

    assert job is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert not tab.last_error
    assert sorted(r.claim.claim_id for r in tab.rows()) == ["A2", "G1", "G2"]
    problems = [tab.view.problems.item(i).text() for i in range(tab.view.problems.count())]
    assert any("absurd.xlsx" in p and "units '1000000000000000019884624838656' is too large" in p
               for p in problems), problems
    assert not any("InvalidOperation" in p for p in problems)

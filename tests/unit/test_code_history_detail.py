"""A procedure code's detail page shows this practice's own history for the code (times billed,
paid and denied, the top reasons, average paid against expected) from the remittances imported
into the workspace: in core (the caller passes the history in), and end to end through the CLI
after `remit import` of an 835 written for the worklist."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.db import open_readonly
from core.lookup.detail import DetailPricing, detail_view
from core.lookup.procedure_view import PRACTICE_TITLE
from core.lookup.text import format_detail
from core.remit.code_history import code_history
from core.remit.importing import import_remittances
from core.workspace import open_workspace
from tests.support.remittances import x_ray_answers
from tests.support.worklists import HEADER, write_csv
from tests.support.x12_835_writer import Payment, write_835
from tests.support.zip5 import import_zip5
from tests.unit.test_cli import run
from tests.unit.test_remit_end_to_end import medicare_claim

D = Decimal
DOS = date(2025, 11, 3)


def x_ray_answer_file(path: Path) -> Path:
    """Three chest x-rays denied for the modifier (CARC 4), one paid $8.00."""
    x_rays = x_ray_answers(paid_adjustments=(("CO", "45", D("80.00")), ("PR", "2", D("2.00"))))
    write_835(path, [Payment("EFT55", x_rays, payment_date=date(2025, 11, 20))])
    return path


def section(view, title: str = PRACTICE_TITLE):
    return next((s for s in view.sections if s.title == title), None)


def test_the_detail_page_shows_the_practice_s_history_passed_in(db_path, tmp_path):
    ref = open_readonly(import_zip5(db_path, tmp_path / "zip5"))
    ws = open_workspace(tmp_path / "workspace.sqlite")
    try:
        claims = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in range(1, 5)]
        import_remittances(ws, ref, [x_ray_answer_file(tmp_path / "answer.835")], claims)
        pricing = DetailPricing("13202-01")
        page = detail_view(ref, "71046", "cpt", DOS, pricing, code_history(ws, "71046"))
        assert page is not None
        notes = section(page).notes
        assert notes[0] == (
            "Billed 4 times on remittances paid 11/20/2025 to 11/20/2025: 1 paid, 3 denied (75.0%)."
        )
        assert notes[1] == "Top denial reasons: CARC 4 coding/modifier (3x, $270.00)"
        # expected: the $37.69 Manhattan fee less the $2.00 the patient owes
        assert notes[2] == (
            "Average paid $8.00 a line; where the expected payment is known "
            "(1 line): paid $8.00 against $35.69 expected."
        )
        assert notes[-1].startswith("From the 835 remittances imported into your workspace")
        titles = [s.title for s in page.sections]  # after the tips, before related codes
        assert titles.index(PRACTICE_TITLE) == titles.index("Billing tips (Medicare)") + 1
        assert "This practice's remittances\n  Billed 4 times" in format_detail(page)

        never = detail_view(ref, "99213", "cpt", DOS, pricing, code_history(ws, "99213"))
        assert never is not None
        assert section(never).notes[0] == "99213 is not on any remittance you imported yet."
        plain = detail_view(ref, "71046", "cpt", DOS, pricing)  # no history passed: none
        assert plain is not None and section(plain) is None
        icd = detail_view(ref, "I10", "icd10", DOS, pricing, code_history(ws, "I10"))
        assert icd is not None and section(icd) is None  # procedures only
    finally:
        ws.close()
        ref.close()


@pytest.mark.parametrize("json_output", [False, True])
def test_cli_lookup_shows_the_history_after_remit_import(tmp_path, built_db, json_output):
    home = tmp_path / "home"
    worklist = write_csv(
        tmp_path / "worklist.csv",
        [
            HEADER,
            *[
                [
                    f"C{n}",
                    "Medicare",
                    f"P{n}",
                    "03/14/1950",
                    "F",
                    "1234567893",
                    "1245319599",
                    "11",
                    "",
                    "11/03/2025",
                    "71046",
                    "",
                    1,
                    "90.00",
                    "A",
                    "I10",
                    "",
                    "",
                ]
                for n in range(1, 5)
            ],
        ],
    )
    before = run("lookup", "71046", "--db", str(built_db), home=home)
    assert before.returncode == 0 and PRACTICE_TITLE not in before.stdout  # no workspace yet
    assert not (home / "workspace.sqlite").exists()
    imported = run(
        "remit",
        "import",
        str(x_ray_answer_file(tmp_path / "answer.835")),
        "--worklist",
        str(worklist),
        "--db",
        str(built_db),
        home=home,
    )
    assert imported.returncode == 0, imported.stderr
    args = ("--json",) if json_output else ()
    result = run("lookup", "71046", "--db", str(built_db), *args, home=home)
    assert result.returncode == 0, result.stderr
    if json_output:
        (detail,) = json.loads(result.stdout)["details"]
        practice = detail["practice"]
        assert (practice["billed"], practice["paid"], practice["denied"]) == (4, 1, 3)
        assert practice["top_reasons"][0]["reason"] == "4"
    else:
        said = result.stdout[result.stdout.index(PRACTICE_TITLE) :]
        assert (
            "Billed 4 times on remittances paid 11/20/2025 to 11/20/2025: 1 paid, 3 denied" in said
        )
        assert "Top denial reasons: CARC 4 coding/modifier (3x, $270.00)" in said

"""The Remittances tab driven offscreen over an app context: open an 835 answering the saved
worklist, read the remittance, its claims and lines in words, the lines to work by dollars, the
patterns, the unmatched claims and the summary charts; tables sorted by value; bad files in the
problems panel; X12's code lists; a contract fee schedule; the export; a dropped file; the scrub
tab checking its worklist again from the practice's denials; and match again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from core.remit.codes import read_code_list
from core.workspace import open_workspace
from core.workspace.payers import save_payer
from core.workspace.worklist import replace_worklist
from tests.support.claims import claim, line
from tests.support.remittances import x_ray_answers
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, text_835, write_835
from tests.support.zip5 import MANHATTAN_ZIP
from tests.unit.test_remit_835 import REMIT_DIR
from ui.remit import RemitTab
from ui.remit.view import PATTERNS, REMITTANCES, SUMMARY, TO_WORK, UNMATCHED
from ui.scrub.tab import ScrubTab

D = Decimal
DOS = date(2025, 11, 3)
CARC_PAGE = REMIT_DIR.parent / "carc_rarc" / "carc_x12org_page_2025-11-01.html"
RARC_CSV = REMIT_DIR.parent / "carc_rarc" / "rarc_2026-05.csv"


def x_rays(count: int = 4) -> list:
    return [
        claim(
            line(code="71046", charge=D("90.00")),
            claim_id=f"C{n}",
            patient_id=f"P{n}",
            service_zip=MANHATTAN_ZIP,
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A saved worklist (in the workspace make_context uses): four chest x-rays and a visit for
    Medicare."""
    path = tmp_path / "workspace.sqlite"
    conn = open_workspace(path)
    replace_worklist(
        conn,
        [
            *x_rays(),
            claim(
                line(code="99213", charge=D("150.00")),
                claim_id="C5",
                patient_id="P5",
                service_zip=MANHATTAN_ZIP,
            ),
        ],
    )
    conn.close()
    return path


def answer_835(tmp_path: Path) -> Path:
    x_rays = x_ray_answers(
        paid_adjustments=(("CO", "45", D("80.00")), ("PR", "2", D("2.00"))),
        denial_remarks=("N519",),
    )
    visit = PaidClaim(
        "C5",
        [
            PaidLine(
                "99213",
                D("150.00"),
                service_date=DOS,
                allowed=D("88.95"),
                adjustments=(
                    ("CO", "45", D("61.05")),
                    ("PR", "2", D("17.79")),
                    ("CO", "253", D("1.42")),
                ),
            )
        ],
        patient_id="P5",
    )
    stranger = PaidClaim(
        "ZZ9",
        [PaidLine("97110", D("40.00"), service_date=DOS, adjustments=(("CO", "97", D("40.00")),))],
        patient_id="X1",
        patient_last="NOBODY",
    )
    path = tmp_path / "answer.835"
    write_835(
        path,
        [
            Payment("EFT100", [*x_rays, visit], payment_date=date(2025, 11, 20)),
            Payment(
                "CHK7",
                [stranger],
                payer_name="ACME HEALTH",
                payer_id="60054",
                method="CHK",
                payment_date=date(2025, 11, 24),
            ),
        ],
    )
    return path


def shown_tab(qtbot, context) -> RemitTab:
    """The tab over `context`, shown at 1400 x 820 once it has read the workspace."""
    widget = RemitTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 820)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy(), timeout=20000)
    return widget


@pytest.fixture
def make_tab(qtbot, make_context, zip_db, workspace):
    return lambda: shown_tab(qtbot, make_context(today=date(2025, 12, 1), db=zip_db))


def finished(qtbot, tab: RemitTab, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: not tab.busy(), timeout=30000)
    assert not tab.last_error, tab.last_error


def texts(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_open_an_835_and_work_the_denials(screenshots, qtbot, make_tab, tmp_path):
    tab = make_tab()
    v = tab.view
    assert v.remittances_model.rows == [] and v.problems.isHidden()
    finished(qtbot, tab, tab.open_paths([answer_835(tmp_path)]))
    assert v.message.text().startswith(
        "Stored 2 remittances, 6 claims, 6 lines from 1 file; 1 claim not matched to the worklist"
    )
    assert texts(v.remittances_view, 1) == ["ACME HEALTH", "MEDICARE PART B"]  # latest first
    assert v.payer.count() == 3
    v.remittances_view.selectRow(1)
    assert texts(v.claims_view, 0) == ["C1", "C2", "C3", "C4", "C5"]
    assert texts(v.claims_view, 3) == ["denied"] * 3 + ["paid"] * 2
    assert texts(v.claims_view, 7)[0] == "C1"
    v.claims_view.selectRow(0)
    (said,) = texts(v.lines_view, 10)
    assert said.startswith("CO-4 $90.00 coding/modifier")
    assert "matched to C1 (claim id)" in v.claim_note.text()
    tab.grab().save(str(screenshots / "remit_tab_claims.png"))

    v.views.setCurrentIndex(TO_WORK)
    # by dollars at stake: a denial's expected payment (Medicare in Manhattan: 71046 $37.69),
    # or the amount denied when none could be worked out (ZZ9 has no worklist claim, no ZIP)
    assert v.views.tabText(TO_WORK) == "To work (6)"
    assert texts(v.work_view, 0) == ["$40.00", "$37.69", "$37.69", "$37.69", "$27.69", "$12.11"]
    assert texts(v.work_view, 1) == ["denied"] * 4 + ["underpaid"] * 2
    assert texts(v.work_view, 8)[1] == "denied $90.00, expected $37.69: CARC 4 coding/modifier"
    assert texts(v.work_view, 8)[5] == (
        "paid $69.74, expected $81.85: Medicare RVU25D, locality 13202-01 (ZIP 10001)"
    )
    tab.grab().save(str(screenshots / "remit_tab_work.png"))
    v.views.setCurrentIndex(PATTERNS)
    assert texts(v.patterns_view, 5)[0] == "75.0%"  # 3 of 4 x-rays denied
    v.views.setCurrentIndex(UNMATCHED)
    assert texts(v.unmatched_view, 0) == ["ZZ9"]
    v.views.setCurrentIndex(SUMMARY)
    assert [label for label, _ in v.reasons_chart.bars] == [
        "CARC 4 coding/modifier",
        "CARC 97 bundled/NCCI",
    ]
    assert [(p, v) for p, v in v.payers_chart.bars] == [
        ("ACME HEALTH", D("100.0")),
        ("MEDICARE PART B", D("60.0")),
    ]
    assert "Denied: 4 lines, $310.00" in v.figures.text()
    assert "Underpaid: 2 lines, $39.80" in v.figures.text()
    tab.grab().save(str(screenshots / "remit_tab_summary.png"))

    # double-clicking a line to work shows its claim
    v.views.setCurrentIndex(TO_WORK)
    first = v.work_view.model().index(0, 0)
    v.work_view.doubleClicked.emit(first)
    assert v.views.currentIndex() == REMITTANCES and texts(v.claims_view, 0) == ["ZZ9"]

    # a payer and a period
    v.payer.setCurrentText("MEDICARE PART B")
    v.payer.activated.emit(1)
    qtbot.waitUntil(lambda: not tab.busy() and len(v.remittances_model.rows) == 1, timeout=20000)
    assert len(v.work_model.rows) == 5 and v.unmatched_model.rows == []
    v.payer.setCurrentIndex(0)
    v.start.setDate(QDate(2025, 11, 21))
    qtbot.waitUntil(
        lambda: (
            not tab.busy()
            and len(v.remittances_model.rows) == 1
            and v.remittances_model.rows[0].payer == "ACME HEALTH"
        ),
        timeout=20000,
    )

    # importing again adds nothing
    finished(qtbot, tab, tab.open_paths([answer_835(tmp_path)]))
    assert "Stored 0 remittances" in v.message.text()
    assert "2 already imported" in v.message.text()


def test_tables_sort_money_counts_and_dates_by_value(qtbot, make_tab, tmp_path):
    tab = make_tab()
    v = tab.view
    big = PaidClaim(
        "B1",
        [
            PaidLine(
                "99213",
                D("1200.00"),
                service_date=date(2025, 9, 2),
                adjustments=(("CO", "45", D("100.00")),),
            )
        ],
        patient_id="B",
    )
    path = tmp_path / "more.835"
    write_835(path, [Payment("EFT300", [big], payment_date=date(2025, 10, 2))])
    finished(qtbot, tab, tab.open_paths([answer_835(tmp_path), path]))
    payment = [c.header for c in v.remittances_model.columns].index("Payment")
    v.remittances_view.sortByColumn(payment, Qt.SortOrder.AscendingOrder)
    assert texts(v.remittances_view, payment) == ["$0.00", "$77.74", "$1,100.00"]
    v.remittances_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # paid on, as dates
    assert texts(v.remittances_view, 0) == ["10/02/2025", "11/20/2025", "11/24/2025"]
    v.work_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # at stake, as money
    assert texts(v.work_view, 0) == ["$12.11", "$27.69", "$37.69", "$37.69", "$37.69", "$40.00"]
    v.patterns_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # billed, a count
    assert texts(v.patterns_view, 4)[0] == "4"


def test_bad_files_go_to_the_problems_panel_and_good_claims_load(
    screenshots, qtbot, make_tab, tmp_path
):
    tab = make_tab()
    v = tab.view
    text = text_835(
        [
            Payment(
                "EFT9",
                [
                    PaidClaim(
                        f"K{n}",
                        [
                            PaidLine(
                                "99213",
                                D("100.00"),
                                service_date=DOS,
                                adjustments=(("CO", "45", D("40.00")),),
                            )
                        ],
                    )
                    for n in (1, 2, 3)
                ],
            )
        ]
    )
    cut = tmp_path / "cut.835"
    cut.write_text(text[: text.index("CLP*K3") + 30])
    not_x12 = tmp_path / "notes.txt"
    not_x12.write_text("remember to call the payer\n")
    finished(qtbot, tab, tab.open_paths([cut, not_x12, tmp_path / "missing.835"]))
    problems = [v.problems.item(i).text() for i in range(v.problems.count())]
    assert v.problems.isVisible() and len(problems) == 4
    assert "4 problems or notices listed below" in v.message.text()
    assert any(
        p.startswith("cut.835") and "looks truncated" in p and "claim K3" in p for p in problems
    )
    assert any(p.startswith("notes.txt: this is not an X12 file") for p in problems)
    assert any("missing.835 does not exist" in p for p in problems)
    assert any(
        p.startswith("cut.835, segment 3: the payment of transaction 0001")
        and "does not balance" in p
        for p in problems
    )  # K3 is missing
    v.remittances_view.selectRow(0)
    assert texts(v.claims_view, 0) == ["K1", "K2"]
    tab.grab().save(str(screenshots / "remit_tab_problems.png"))


def test_code_lists_contract_export_and_drop(screenshots, qtbot, make_tab, tmp_path, workspace):
    tab = make_tab()
    v = tab.view
    if CARC_PAGE.exists():
        finished(qtbot, tab, tab.import_code_lists([CARC_PAGE, RARC_CSV]))
        assert "407 CARC texts" in v.message.text() and "1197 RARC texts" in v.message.text()
    bad = tab.import_code_lists([tmp_path / "nothing.csv"])
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert bad is not None and tab.last_error.startswith(
        "Not imported: nothing.csv: cannot be read"
    )
    assert v.open_button.isEnabled()  # an error the user can act on: said, no dialog

    path = answer_835(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.dropEvent(drop)
    qtbot.waitUntil(lambda: not tab.busy() and len(v.remittances_model.rows) == 2, timeout=30000)
    v.remittances_view.selectRow(1)
    v.claims_view.selectRow(0)
    if CARC_PAGE.exists():  # X12's own texts follow each code (read from X12's lists)
        carc4 = next(r.text for r in read_code_list(CARC_PAGE) if r.code == "4")
        n519 = next(r.text for r in read_code_list(RARC_CSV) if r.code == "N519")
        assert texts(v.lines_view, 10)[0] == f"CO-4 $90.00 coding/modifier: {carc4}"
        assert texts(v.lines_view, 11)[0] == f"N519: {n519}"
    tab.grab().save(str(screenshots / "remit_tab_words.png"))
    v.views.setCurrentIndex(PATTERNS)
    tab.grab().save(str(screenshots / "remit_tab_patterns.png"))
    v.views.setCurrentIndex(UNMATCHED)
    tab.grab().save(str(screenshots / "remit_tab_unmatched.png"))

    conn = open_workspace(workspace)
    save_payer(conn, "Acme", "120")
    conn.close()
    fees = tmp_path / "acme.csv"
    fees.write_text("code,modifier,amount\n97110,,31.00\n")
    finished(qtbot, tab, tab.import_contract("Acme", fees))
    assert v.message.text().startswith(
        "Kept 1 contract fee for Acme; expected payments worked out again for"
    )
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("code,amount\n97110,thirty\n")
    tab.import_contract("Acme", wrong)
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert "row 2: amount 'thirty' is not an amount" in tab.last_error
    tab.import_contract("Nobody", fees)
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    assert "Nobody" in tab.last_error

    out = tmp_path / "denials.xlsx"
    finished(qtbot, tab, tab.export(out))
    assert v.message.text() == f"Wrote {out}"
    assert load_workbook(out)["Denied lines"].max_row == 5


def test_the_scrub_tab_checks_its_worklist_again_after_an_import(
    qtbot, make_context, zip_db, workspace, tmp_path
):
    context = make_context(today=date(2025, 12, 1), db=zip_db)
    scrub_tab, tab = ScrubTab(context), RemitTab(context)
    for widget in (scrub_tab, tab):
        qtbot.addWidget(widget)
    qtbot.waitUntil(
        lambda: (
            not tab.busy() and not scrub_tab.busy() and all(row.checked for row in scrub_tab.rows())
        ),
        timeout=20000,
    )
    assert len(scrub_tab.rows()) == 5
    assert not any(
        f.rule == "DENIAL-HISTORY" for row in scrub_tab.rows() for f in row.checked.findings
    )
    finished(qtbot, tab, tab.open_paths([answer_835(tmp_path)]))

    def warned() -> dict[str, list]:
        return {
            row.claim.claim_id: [f for f in row.checked.findings if f.rule == "DENIAL-HISTORY"]
            for row in scrub_tab.rows()
            if row.checked
        }

    qtbot.waitUntil(lambda: not scrub_tab.busy() and any(warned().values()), timeout=20000)
    findings = warned()
    assert all(len(findings[c]) == 1 for c in ("C1", "C2", "C3", "C4"))
    assert findings["C5"] == []
    assert "denied 71046 without a modifier 3 of 4 times (75.0%)" in findings["C1"][0].message


def test_match_again_once_the_worklist_is_open(qtbot, make_context, zip_db, tmp_path):
    context = make_context(db=zip_db)  # a workspace with no worklist yet
    tab = RemitTab(context)
    qtbot.addWidget(tab)
    tab.show()
    v = tab.view
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20000)
    finished(qtbot, tab, tab.open_paths([answer_835(tmp_path)]))
    assert v.views.tabText(UNMATCHED) == "Unmatched (6)"
    assert "no worklist to match against" in texts(v.unmatched_view, 8)[0]
    finished(qtbot, tab, tab.match_again())
    assert v.message.text() == "Matched 0 claims to the worklist; 6 still unmatched."
    replace_worklist(context.workspace(), x_rays())  # the scrub tab opened a worklist
    v.views.setCurrentIndex(UNMATCHED)
    qtbot.mouseClick(v.match_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not tab.busy() and v.views.tabText(UNMATCHED) == "Unmatched (2)", timeout=20000
    )
    assert v.message.text() == "Matched 4 claims to the worklist; 2 still unmatched."
    assert sorted(texts(v.unmatched_view, 0)) == ["C5", "ZZ9"]

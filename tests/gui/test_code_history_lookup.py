"""The lookup tab's detail page shows this practice's history for a procedure code, and follows
new remittances: an 835 imported in the Remittances tab (written by tests/support's writer for
the saved worklist) repaints the page shown (context.workspace_changed)."""

from __future__ import annotations

from datetime import date

from core.lookup.procedure_view import PRACTICE_TITLE
from tests.gui.test_remit_tab import answer_835, finished, workspace  # noqa: F401
from ui.lookup_tab import LookupTab
from ui.remit import RemitTab


def detail_text(tab: LookupTab) -> str:
    return tab.detail.toPlainText()


def test_the_detail_shows_the_practice_s_history_and_follows_an_import(
    screenshots,
    qtbot,
    make_context,
    zip_db,
    workspace,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path / "home"))  # recent lookups
    context = make_context(today=date(2025, 12, 1), db=zip_db)
    lookup, remit = LookupTab(context), RemitTab(context)
    for widget in (lookup, remit):
        qtbot.addWidget(widget)
    lookup.resize(1200, 800)
    lookup.show()
    qtbot.waitUntil(lambda: not remit.busy(), timeout=20000)
    lookup.query.setText("71046")
    lookup.run_search()
    lookup.open_row(0)
    assert lookup.current is not None and lookup.current.code == "71046"
    assert PRACTICE_TITLE in detail_text(lookup)
    assert "71046 is not on any remittance you imported yet." in detail_text(lookup)

    finished(qtbot, remit, remit.open_paths([answer_835(tmp_path)]))
    said = detail_text(lookup)  # repainted at once: the same code, new history
    assert lookup.current.code == "71046"
    assert (
        "Billed 4 times on remittances paid 11/20/2025 to 11/20/2025: 1 paid, 3 denied "
        "(75.0%)." in said
    )
    assert "Top denial reasons: CARC 4 coding/modifier (3x, $270.00)" in said
    assert "paid $8.00 against $35.69 expected" in said
    lookup.grab().save(str(screenshots / "lookup_practice_history.png"))

    lookup.query.setText("I10")  # a diagnosis has no such section
    lookup.run_search()
    lookup.open_row(0)
    assert PRACTICE_TITLE not in detail_text(lookup)

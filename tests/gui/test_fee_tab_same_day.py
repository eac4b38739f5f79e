"""The fee tab shows the same-day notes of issue 10 (RVU read-me): the bilateral pairing of an RT
and an LT line, status T bundled beside a visit, and the professional (26) amount beside the
global one in a facility setting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.fees import LineRequest, price_encounter, price_line
from core.words import money
from tests.gui.test_fee_tab import (
    DOS,
    add_lines,
    cell,
    choose_setting,
    encounter_column,
    settle,
    tab,  # noqa: F401  (the fixture)
    type_code,
)


def add_with_modifier(qtbot, tab, code: str, modifier: str) -> None:  # noqa: F811
    type_code(qtbot, tab, code)
    qtbot.keyClicks(tab.view.modifier_chips.entry, modifier)
    settle(qtbot, tab)
    qtbot.mouseClick(tab.view.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert not tab.view.modifier_chips.chips  # cleared for the next line (issue 15)


def test_rt_and_lt_lines_show_the_bilateral_pairing(qtbot, tab, conn):  # noqa: F811
    add_with_modifier(qtbot, tab, "20610", "RT")
    add_with_modifier(qtbot, tab, "20610", "LT")
    expected = price_encounter(
        conn, [LineRequest("20610", (side,), date_of_service=DOS) for side in ("RT", "LT")]
    )
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in expected.lines]
    why = encounter_column(tab, "Why")
    assert "one bilateral procedure" in why[0] and "bilateral pair 150%" in why[1]
    assert "bilateral pairs" in tab.view.encounter_total.text()


def test_status_t_beside_a_visit_shows_it_is_bundled(qtbot, tab):  # noqa: F811
    add_lines(qtbot, tab, ["94760", "99213"])
    assert encounter_column(tab, "Allowed") == ["$0.00", "$88.95"]
    why = encounter_column(tab, "Why")[0]
    assert "status T" in why and "bundled" in why and "99213" in why


def test_facility_setting_shows_the_professional_amount_beside_the_global(qtbot, tab, conn):  # noqa: F811
    type_code(qtbot, tab, "71046")
    choose_setting(tab, "pos:22")
    settle(qtbot, tab)
    line = price_line(conn, LineRequest("71046", pos="22", date_of_service=DOS))
    assert line.professional_amount is not None
    text = tab.view.result.text()
    assert f"Allowed {money(line.amount)}" in text
    assert f"26 only in a facility: {money(line.professional_amount)}" in text
    assert cell(tab, "Professional component (26), 1 unit") == money(line.professional_amount)
    notes = [row.source for row in tab.view.breakdown_model.rows if row.item == "Note"]
    assert any("facility bills the technical part" in note for note in notes)

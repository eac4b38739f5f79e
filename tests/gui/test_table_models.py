"""Table models without a window (Vorta's test_archive_table_model.py style): rows in, cells and
roles out, sorted through the proxy the tables use."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt

from core.claims.checked import CheckedClaim
from core.claims.finding import ERROR, INFO, WARNING, Finding
from tests.support.claims import claim
from ui.rows_model import RAW_ROLE, SORT_ROLE
from ui.scrub.models import ClaimRow, ClaimsModel, ClaimsProxy, FindingsFilter, FindingsModel


def finding(
    severity: str = ERROR,
    rule: str = "X",
    message: str = "m",
    line: int | None = 1,
    stake: str | None = None,
) -> Finding:
    return Finding(
        rule,
        severity,
        "C",
        line,
        message,
        "fix it",
        "source",
        None if stake is None else Decimal(stake),
    )


def row(claim_id: str, errors: int, expected: str | None) -> ClaimRow:
    findings = [finding() for _ in range(errors)]
    checked = CheckedClaim(
        replace(claim(), claim_id=claim_id),
        findings,
        "errors" if errors else "clean",
        None if expected is None else Decimal(expected),
    )
    return ClaimRow(checked.claim, checked)


def column_of(model, header: str) -> int:
    return [c.header for c in model.columns].index(header)


def shown(proxy, column: int) -> list[str]:
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_claims_sort_numbers_and_money_as_numbers():
    model = ClaimsModel()
    proxy = ClaimsProxy(model)
    model.set_rows(
        [row("A", 10, "100.00"), row("B", 2, "9.00"), row("C", 9, "10.00"), row("D", 0, None)]
    )
    errors, expected = column_of(model, "Errors"), column_of(model, "Expected")
    assert shown(proxy, errors) == ["10", "2", "9", "0"]  # the worklist's order first
    proxy.sort(errors, Qt.SortOrder.AscendingOrder)
    assert shown(proxy, errors) == ["0", "2", "9", "10"]
    proxy.sort(errors, Qt.SortOrder.DescendingOrder)
    assert shown(proxy, errors) == ["10", "9", "2", "0"]
    proxy.sort(expected, Qt.SortOrder.AscendingOrder)
    assert shown(proxy, expected) == ["", "$9.00", "$10.00", "$100.00"]
    assert model.index(0, expected).data(SORT_ROLE) == 100.0
    assert (
        model.index(0, expected).data(Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignRight
    )
    assert proxy.row_index("C") == 2 and proxy.row_at(0).claim.claim_id == "D"


def test_findings_sort_by_severity_and_money_and_keep_the_full_text_in_the_tooltip():
    long_message = "line 2 93000: " + "a long explanation " * 20
    model = FindingsModel()
    proxy = FindingsFilter(model)
    model.set_rows(
        [
            finding(INFO, "I", line=None),
            finding(ERROR, "E", long_message, 2, "9.50"),
            finding(WARNING, "W", stake="120.00"),
        ]
    )
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [f.rule for f in proxy.visible_rows()] == ["E", "W", "I"]
    stake = column_of(model, "At stake")
    proxy.sort(stake, Qt.SortOrder.DescendingOrder)
    assert [f.rule for f in proxy.visible_rows()] == ["W", "E", "I"]
    message = model.index(1, FindingsModel.MESSAGE)
    assert message.data(Qt.ItemDataRole.ToolTipRole) == long_message
    assert message.data(RAW_ROLE).rule == "E"
    proxy.set_filter(WARNING, "")
    assert [f.rule for f in proxy.visible_rows()] == ["W"]
    proxy.set_filter("", "")
    proxy.set_shared({("I", "m")})  # said once above the table instead
    assert sorted(f.rule for f in proxy.visible_rows()) == ["E", "W"]

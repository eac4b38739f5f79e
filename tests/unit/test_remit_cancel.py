"""Long remittance operations stop when their progress callback raises Cancelled (the GUI's
Cancel) and leave no half-done result: an import keeps the remittances stored before it and says
so; matching again, a contract fee schedule with its expected payments, X12's code lists and the
denials workbook are all or nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from core.db import open_readonly
from core.jobs import Cancelled
from core.remit.code_texts import code_text_counts, import_code_lists
from core.remit.codes import CodeListError
from core.remit.contracts import contract_fees, read_contract, save_contract
from core.remit.importing import import_remittances
from core.remit.queries import Period, to_work, unmatched
from core.remit.reassess import save_contract_and_reassess
from core.remit.rematch import rematch
from core.remit.workbook import write_denials_workbook
from core.workspace.payers import save_payer
from tests.support.x12_835_writer import Payment, write_835
from tests.support.zip5 import import_zip5
from tests.unit.test_remit_end_to_end import answer, medicare_claim

D = Decimal
WRITTEN = datetime(2025, 12, 1, 9, 0)


@pytest.fixture
def ref(db_path: Path, tmp_path: Path):
    connection = open_readonly(import_zip5(db_path, tmp_path / "zip5"))
    yield connection
    connection.close()


def cancel_when(predicate):
    """A progress callback that raises Cancelled at the first report `predicate` accepts."""
    said: list[tuple[str, float]] = []

    def progress(message: str, fraction: float) -> None:
        said.append((message, fraction))
        if predicate(message, fraction):
            raise Cancelled()

    progress.said = said  # type: ignore[attr-defined]
    return progress


def two_remittances(tmp_path: Path, claims) -> Path:
    path = tmp_path / "two.835"
    write_835(
        path,
        [
            Payment(
                "EFT1",
                [answer(claims[0], status="4", adjustments=[("CO", "4", D("90.00"))])],
                payment_date=date(2025, 11, 20),
            ),
            Payment(
                "EFT2",
                [answer(claims[1], status="4", adjustments=[("CO", "4", D("90.00"))])],
                payment_date=date(2025, 11, 21),
            ),
        ],
    )
    return path


def test_a_cancelled_import_keeps_what_it_stored_and_says_so(ref, ws, tmp_path):
    claims = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in (1, 2)]
    starts: list[str] = []

    def second_remittance(message: str, _: float) -> bool:
        if message.startswith("Storing") and message.endswith(": 0 of 1"):
            starts.append(message)
        return len(starts) == 2

    progress = cancel_when(second_remittance)
    result = import_remittances(
        ws, ref, [two_remittances(tmp_path, claims)], claims, progress=progress
    )
    assert result.cancelled
    assert [r.remittance.trace_number for r in result.stored] == ["EFT1"]
    assert "cancelled: the remittances listed were stored" in result.summary()
    again = import_remittances(ws, ref, [two_remittances(tmp_path, claims)], claims)
    assert [(r.remittance.trace_number, r.outcome) for r in again.remittances] == [
        ("EFT1", "already imported"),
        ("EFT2", "stored"),
    ]


def test_a_cancelled_match_changes_no_claim(ref, ws, tmp_path):
    claims = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in (1, 2)]
    import_remittances(ws, ref, [two_remittances(tmp_path, claims)], [])
    before = (unmatched(ws), to_work(ws))
    with pytest.raises(Cancelled):
        rematch(ws, ref, claims, cancel_when(lambda message, _: "expected" in message))
    assert (unmatched(ws), to_work(ws)) == before and len(before[0]) == 2
    assert rematch(ws, ref, claims) == (2, 0)
    assert unmatched(ws) == [] and all(i.expected == D("37.69") for i in to_work(ws)[0])


def test_a_cancelled_contract_keeps_the_earlier_one(ref, ws, tmp_path):
    save_payer(ws, "Acme", "120")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("code,modifier,amount\n71046,,50.00\n")
    second.write_text("code,modifier,amount\n71046,,10.00\n")
    save_contract(ws, "Acme", read_contract(first), first.name)
    with pytest.raises(Cancelled):
        save_contract_and_reassess(
            ws, ref, "acme", read_contract(second), second.name, cancel_when(lambda *_: True)
        )
    assert [f.amount for f in contract_fees(ws, "Acme")] == [D("50.00")]
    name, updated = save_contract_and_reassess(ws, ref, "acme", read_contract(second), second.name)
    assert (name, updated) == ("Acme", 0)
    assert [f.amount for f in contract_fees(ws, "Acme")] == [D("10.00")]


def test_code_lists_are_kept_together_or_not_at_all(ws, tmp_path):
    good = tmp_path / "carc.csv"
    good.write_text(
        "Code,Description\n4,The procedure code is inconsistent with the "
        "modifier used.\n97,The benefit for this service is included in the "
        "payment for another service.\n"
    )
    with pytest.raises(CodeListError, match="missing.csv: cannot be read"):
        import_code_lists(ws, [good, tmp_path / "missing.csv"])
    assert code_text_counts(ws) == {}
    with pytest.raises(Cancelled):
        import_code_lists(ws, [good], cancel_when(lambda message, _: "Keeping" in message))
    assert code_text_counts(ws) == {}
    (done,) = import_code_lists(ws, [good])
    assert done.summary() == "imported 2 CARC texts from carc.csv"


def test_a_cancelled_export_writes_no_file(ref, ws, tmp_path):
    claims = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in (1, 2)]
    import_remittances(ws, ref, [two_remittances(tmp_path, claims)], claims)
    out = tmp_path / "denials.xlsx"
    with pytest.raises(Cancelled):
        write_denials_workbook(
            out, ws, Period(), WRITTEN, cancel_when(lambda message, _: "Denied lines" in message)
        )
    assert (
        not out.exists()
        and [p.name for p in tmp_path.iterdir() if p.name.startswith(".partial")] == []
    )
    said: list[float] = []
    write_denials_workbook(
        out, ws, Period(), WRITTEN, lambda message, fraction: said.append(fraction)
    )
    assert out.exists() and said == sorted(said) and len(said) >= 5

"""End to end: scrub a worklist, import the payer's answer (an 835 written for it), and find the
claims matched, a denial pattern, an underpayment against the Medicare fee, and on the next
scrub a DENIAL-HISTORY warning that says what got the denied service paid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.claims.model import Claim
from core.db import open_readonly
from core.remit.code_history import code_history
from core.remit.history import load_denial_history
from core.remit.importing import import_remittances
from core.remit.patterns import denial_patterns, summary
from core.remit.queries import UNDERPAID, to_work, unmatched
from core.scrub.engine import scrub
from core.workspace.worklist import add_claim, load_worklist, replace_worklist
from tests.support.claims import AS_OF, DOS, claim, line
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, write_835
from tests.support.zip5 import MANHATTAN_ZIP

D = Decimal


@pytest.fixture
def ref(zip_db: Path):
    connection = open_readonly(zip_db)
    yield connection
    connection.close()


def medicare_claim(
    claim_id: str, patient: str, code: str, modifiers=(), charge="90.00", dos: date = DOS
) -> Claim:
    return claim(
        line(code=code, modifiers=modifiers, charge=D(charge), dos=dos),
        claim_id=claim_id,
        patient_id=patient,
        service_zip=MANHATTAN_ZIP,
    )


def answer(
    ours: Claim,
    *,
    claim_id: str | None = None,
    status: str = "1",
    adjustments=(),
    paid: Decimal | None = None,
) -> PaidClaim:
    (sent,) = ours.lines
    assert sent.charge is not None
    return PaidClaim(
        claim_id or ours.claim_id,
        [
            PaidLine(
                sent.code,
                sent.charge,
                paid=paid,
                modifiers=sent.modifiers,
                service_date=sent.dos,
                adjustments=tuple(adjustments),
            )
        ],
        status=status,
        patient_last="DOE",
        patient_first=ours.patient.id,
        patient_id=ours.patient.id,
    )


def test_scrub_import_match_patterns_underpayment_and_denial_history(ref, ws, tmp_path):
    chest = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in range(1, 5)]
    office = medicare_claim("C5", "P5", "99213", charge="150.00")
    ecg = medicare_claim("C6", "P6", "93000", charge="60.00")
    worklist = [*chest, office, ecg]
    replace_worklist(ws, worklist)
    first_scrub = scrub(ref, worklist, AS_OF, denial_history=load_denial_history(ws))
    assert not any(f.rule == "DENIAL-HISTORY" for c in first_scrub for f in c.findings)
    allowed = {c.claim.claim_id: c.expected_amount for c in first_scrub}
    assert allowed["C5"] == D("101.06")  # 99213 in Manhattan (13202-01), RVU25D

    # the payer's answer: the chest x-rays denied (CARC 4), the visit underpaid, the ECG paid
    # under the payer's own control number, and a claim that is none of ours
    denials = [answer(c, status="4", adjustments=[("CO", "4", D("90.00"))]) for c in chest]
    coinsurance, sequestration = D("20.21"), D("1.62")
    visit = answer(
        office,
        paid=D("70.00"),
        adjustments=[
            ("CO", "45", D("150.00") - D("101.06")),
            ("PR", "2", coinsurance),
            ("CO", "253", sequestration),
            ("CO", "45", D("101.06") - coinsurance - sequestration - D("70.00")),
        ],
    )
    ecg_paid = answer(
        ecg, claim_id="PAYER-CTL-9", adjustments=[("CO", "45", D("43.00")), ("PR", "2", D("3.40"))]
    )
    stranger = PaidClaim(
        "ZZ1",
        [PaidLine("99214", D("200.00"), service_date=DOS)],
        patient_last="NOBODY",
        patient_id="X999",
    )
    first_835 = tmp_path / "first.835"
    write_835(
        first_835,
        [
            Payment(
                "EFT1001", [*denials, visit, ecg_paid, stranger], payment_date=date(2025, 11, 20)
            )
        ],
    )
    saved = [item.claim for item in load_worklist(ws).claims]
    result = import_remittances(ws, ref, [first_835], saved)
    assert result.problems == []
    (stored,) = result.stored
    matches = {
        c.claim.patient_control_number: (
            c.match.claim.claim_id if c.match.claim else None,
            c.match.method,
        )
        for c in stored.claims
    }
    assert matches["C1"] == ("C1", "claim id")
    assert matches["PAYER-CTL-9"] == ("C6", "patient, dates and codes")
    assert matches["ZZ1"][0] is None
    assert [u.claim_id for u in unmatched(ws)] == ["ZZ1"]
    assert [c.status for c in stored.claims] == ["denied"] * 4 + ["paid"] * 3

    # the underpayment: Medicare allowed 101.06 - coinsurance - sequestration = 79.23
    items, total = to_work(ws)
    (short,) = [i for i in items if i.kind == UNDERPAID]
    assert (short.claim_id, short.code, short.expected, short.paid, short.dollars) == (
        "C5",
        "99213",
        D("79.23"),
        D("70.00"),
        D("9.23"),
    )
    assert "Medicare RVU25D, locality 13202-01 (ZIP 10001)" in short.basis
    assert total == 5 and [i.kind for i in items[:4]] == ["denied"] * 4
    ecg_line = [i for i in stored.claims if i.claim.patient_control_number == "PAYER-CTL-9"]
    assert ecg_line[0].lines[0].expectation.underpaid == 0

    # the denial pattern
    (pattern,) = denial_patterns(ws)
    assert (
        pattern.payer,
        pattern.code,
        pattern.modifiers,
        pattern.reason,
        pattern.denied,
        pattern.billed,
        pattern.rate,
        pattern.dollars,
    ) == ("MEDICARE PART B", "71046", "", "4", 4, 4, D("100.0"), D("360.00"))
    figures = summary(ws)
    assert figures.reasons[0].reason == "4" and figures.underpaid_dollars == D("9.23")

    # the biller adds 26 to the first x-ray and sends it again: paid
    corrected = replace(
        chest[0], claim_id="C1-2", lines=(replace(chest[0].lines[0], modifiers=("26",)),)
    )
    add_claim(ws, corrected)
    second_835 = tmp_path / "second.835"
    write_835(
        second_835,
        [
            Payment(
                "EFT1002",
                [answer(corrected, adjustments=[("CO", "45", D("80.00")), ("PR", "2", D("2.00"))])],
                payment_date=date(2025, 12, 5),
            )
        ],
    )
    saved = [item.claim for item in load_worklist(ws).claims]
    again = import_remittances(ws, ref, [second_835], saved)
    assert again.stored[0].claims[0].match.claim.claim_id == "C1-2"

    # the next scrub of an x-ray without 26 for Medicare warns, with the fix that worked
    history = load_denial_history(ws)
    new = medicare_claim("N1", "P9", "71046", dos=date(2025, 11, 28))
    (checked,) = scrub(ref, [new], AS_OF, denial_history=history)
    (warning,) = [f for f in checked.findings if f.rule == "DENIAL-HISTORY"]
    assert warning.severity == "warning" and warning.line == 1
    assert (
        "MEDICARE PART B denied 71046 without a modifier 4 of 4 times (100.0%)" in warning.message
    )
    assert "CARC 4 (coding/modifier" in warning.message
    assert warning.fix.startswith("paid after adding 26 (1 corrected claim)")
    assert "$360.00 denied" in warning.source
    (fine,) = scrub(
        ref,
        [replace(new, lines=(replace(new.lines[0], modifiers=("26",)),))],
        AS_OF,
        denial_history=history,
    )
    assert not any(f.rule == "DENIAL-HISTORY" for f in fine.findings)

    # and the code's billing tips
    tips = code_history(ws, "71046")
    assert (tips.billed, tips.paid, tips.denied) == (5, 1, 4)
    assert tips.top_reasons[0].reason == "4"
    visit_tips = code_history(ws, "99213")
    assert (visit_tips.average_paid, visit_tips.average_expected) == (D("70.00"), D("79.23"))
    assert "paid $70.00 against $79.23 expected" in " ".join(visit_tips.describe())


def test_importing_the_same_answer_twice_changes_no_figure(ref, ws, tmp_path):
    claims = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in range(1, 4)]
    path = tmp_path / "answer.835"
    write_835(
        path,
        [
            Payment(
                "EFT7",
                [answer(c, status="4", adjustments=[("CO", "16", D("90.00"))]) for c in claims],
            )
        ],
    )
    import_remittances(ws, ref, [path], claims)
    before = (denial_patterns(ws), summary(ws), to_work(ws))
    import_remittances(ws, ref, [path], claims)
    assert (denial_patterns(ws), summary(ws), to_work(ws)) == before


def test_expected_amounts_follow_the_fee_calculator_for_a_whole_day(ref):
    from core.fees import LineRequest, price_encounter
    from core.fees.model import cents
    from core.remit.expected import ClaimFacts, Expecter, LineFacts

    def facts(*codes: tuple[str, tuple[str, ...], int]) -> ClaimFacts:
        return ClaimFacts(
            ("Medicare", ""),
            "MB",
            MANHATTAN_ZIP,
            "11",
            True,
            tuple(
                LineFacts(code, mods, D(units), DOS, D(0), D(0), D(0), False)
                for code, mods, units in codes
            ),
        )

    expecter = Expecter(ref, [], {})
    for day in (  # two joint injections (100/50%), two CT reads (-5%), a visit and a draw
        [("20610", ("RT",), 1), ("20610", ("LT",), 1)],
        [("72193", ("26",), 1), ("74177", ("26",), 1)],
        [("20610", (), 2)],
        [("99213", (), 1), ("36415", (), 1)],
    ):
        calculator = price_encounter(
            ref,
            [
                LineRequest(
                    code, mods, units, zip_code=MANHATTAN_ZIP, pos="11", date_of_service=DOS
                )
                for code, mods, units in day
            ],
        )
        expected = expecter.claim(facts(*day))
        assert [e.allowed for e in expected] == [
            None if p.unrounded_amount is None else cents(p.unrounded_amount)
            for p in calculator.lines
        ]
    (first, second) = expecter.claim(facts(("20610", ("RT",), 1), ("20610", ("LT",), 1)))
    assert second.allowed is not None and first.allowed is not None
    assert second.allowed < first.allowed  # the multiple-procedure rule applied


def test_claims_imported_before_their_worklist_are_matched_again(ref, ws, tmp_path):
    from core.remit.queries import claims, lines, remittances
    from core.remit.rematch import rematch

    office = medicare_claim("C5", "P5", "99213", charge="150.00")
    renamed = medicare_claim("C6", "P6", "93000", charge="60.00")
    path = tmp_path / "early.835"
    write_835(
        path,
        [
            Payment(
                "EFT3",
                [
                    answer(office, paid=D("60.00"), adjustments=[("CO", "45", D("90.00"))]),
                    answer(renamed, claim_id="PAYER-7", adjustments=[("CO", "45", D("40.00"))]),
                ],
            )
        ],
    )
    first = import_remittances(ws, ref, [path])
    assert first.unmatched() and len(unmatched(ws)) == 2
    assert "no worklist to match against" in unmatched(ws)[0].why
    (remit,) = remittances(ws)
    visit = claims(ws, remit.id)[0]
    assert lines(ws, visit.id)[0].expected is None
    assert rematch(ws, ref, [office, renamed]) == (2, 0)
    assert unmatched(ws) == []
    visit = claims(ws, remit.id)[0]
    assert (visit.matched_claim, visit.match_method) == ("C5", "claim id")
    assert claims(ws, remit.id)[1].matched_claim == "C6"
    (line_row,) = lines(ws, visit.id)
    assert line_row.expected == D("101.06")  # now priced in the claim's locality
    assert line_row.underpaid == D("41.06")
    assert rematch(ws, ref, [office]) == (0, 0)  # nothing left to match
    history = load_denial_history(ws)
    assert history.aliases == {"medicare": {"medicare part b"}, "01112": {"medicare part b"}}


def test_a_cancelled_import_keeps_the_remittances_stored_before(ref, ws, tmp_path):
    claims_ = [medicare_claim(f"C{n}", f"P{n}", "71046") for n in range(1, 3)]
    first, second = tmp_path / "a.835", tmp_path / "b.835"
    write_835(first, [Payment("EFT-A", [answer(claims_[0])])])
    write_835(second, [Payment("EFT-B", [answer(claims_[1])])])

    def progress(message: str, fraction: float) -> None:
        if message.startswith("Reading b.835"):
            raise KeyboardInterrupt("cancelled by the user")

    result = import_remittances(ws, ref, [first, second], claims_, progress=progress)
    assert result.cancelled and [r.remittance.trace_number for r in result.stored] == ["EFT-A"]
    assert "cancelled" in result.summary()
    assert ws.execute("SELECT trace_number FROM remittances").fetchall() == [("EFT-A",)]
    import gc

    assert gc.isenabled()

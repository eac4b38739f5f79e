"""The test-data 835 writer (tests/support/x12_835_writer.py), round-tripped through the reader,
and used to answer a real 837 worklist with payments and denials."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.claims_io import load_worklist
from core.remit.balance import balance_notices, claim_balance, payment_balance
from core.remit.x12_835 import read_835
from tests.support.worklists import x12_file
from tests.support.x12_835_writer import (
    PaidClaim,
    PaidLine,
    Payment,
    answer_claims,
    text_835,
    write_835,
)

D = Decimal


def payments() -> list[Payment]:
    office = PaidLine(
        "99214",
        D("180.00"),
        modifiers=("25",),
        units=D(1),
        service_date=date(2026, 10, 6),
        allowed=D("120.00"),
        adjustments=(("CO", "45", D("60.00")), ("PR", "2", D("24.00"))),
        remarks=("N130",),
        control_number="W1-1",
    )
    shot = PaidLine(
        "20610",
        D("250.00"),
        modifiers=("RT", "59"),
        units=D(2),
        service_date=date(2026, 10, 6),
        service_end=date(2026, 10, 7),
        allowed=D("150.00"),
        adjustments=(("CO", "45", D("100.00")), ("PR", "1", D("150.00"))),
        control_number="W1-2",
    )
    paid = PaidClaim(
        "W1",
        [office, shot],
        patient_last="RIVERA",
        patient_first="ANA",
        patient_id="1EG4TE5MK73",
        rendering_npi="1245319599",
        statement_start=date(2026, 10, 6),
        statement_end=date(2026, 10, 7),
        received=date(2026, 10, 20),
        payer_claim_number="26290001",
        remarks=("MA01",),
    )
    denied = PaidClaim(
        "W2",
        [
            PaidLine(
                "93000",
                D("75.00"),
                units=D(0),
                adjustments=(("CO", "50", D("75.00")),),
                remarks=("M127", "N115"),
            )
        ],
        status="4",
        filing_indicator="MC",
    )
    claim_level = PaidClaim(
        "W3", [PaidLine("99213", D("120.00"))], adjustments=(("OA", "23", D("20.00")),), status="2"
    )
    return [
        Payment(
            "EFT2026112001",
            [paid, denied],
            provider_adjustments=(("L6", "W1", D("-1.25")), ("WO", "OLD9", D("10.00"))),
        ),
        Payment("CHK881", [claim_level], method="CHK", payer_name="AETNA", payer_id="60054"),
    ]


def test_round_trip_through_the_reader(tmp_path):
    path = tmp_path / "written.835"
    write_835(path, payments())
    result = read_835(path)
    assert result.problems == () and balance_notices(result.remittances) == []
    first, second = result.remittances
    assert (
        first.trace_number,
        first.payment_amount,
        first.payment_method,
        first.payee_npi,
        first.payee_tin,
        first.payer_id,
    ) == ("EFT2026112001", D("87.25"), "ACH", "1234567893", "361234567", "01112")
    assert (first.payment_date, first.production_date) == (date(2026, 11, 20), date(2026, 11, 18))
    assert [(p.reason, p.identifier, p.amount) for p in first.provider_adjustments] == [
        ("L6", "W1", D("-1.25")),
        ("WO", "OLD9", D("10.00")),
    ]
    paid, denied = first.claims
    assert (
        paid.patient_control_number,
        paid.status,
        paid.charge,
        paid.paid,
        paid.patient_responsibility,
    ) == ("W1", "1", D("430.00"), D("96.00"), D("174.00"))
    assert (
        paid.patient_name,
        paid.patient_id,
        paid.rendering_id,
        paid.payer_claim_number,
        paid.remarks,
    ) == ("RIVERA, ANA", "1EG4TE5MK73", "1245319599", "26290001", ("MA01",))
    assert (paid.statement_start, paid.statement_end, paid.received) == (
        date(2026, 10, 6),
        date(2026, 10, 7),
        date(2026, 10, 20),
    )
    office, shot = paid.lines
    assert (
        office.code,
        office.modifiers,
        office.allowed,
        office.paid,
        office.remarks,
        office.control_number,
    ) == ("99214", ("25",), D("120.00"), D("96.00"), ("N130",), "W1-1")
    assert (shot.modifiers, shot.units, shot.service_date, shot.service_end) == (
        ("RT", "59"),
        D(2),
        date(2026, 10, 6),
        date(2026, 10, 7),
    )
    assert [(a.group, a.reason, a.amount) for a in shot.adjustments] == [
        ("CO", "45", D("100.00")),
        ("PR", "1", D("150.00")),
    ]
    assert denied.denied and denied.paid == 0 and denied.filing_indicator == "MC"
    assert denied.lines[0].remarks == ("M127", "N115") and denied.lines[0].units == 0
    (claim_level,) = second.claims
    assert [(a.group, a.reason, a.amount) for a in claim_level.adjustments] == [
        ("OA", "23", D("20.00"))
    ]
    assert claim_level.paid == D("100.00") and claim_balance(claim_level).balanced
    assert (second.payment_amount, second.payment_method, second.payer_name) == (
        D("100.00"),
        "CHK",
        "AETNA",
    )


def test_more_than_six_reasons_take_two_cas_segments(tmp_path):
    reasons = tuple(
        ("CO", code, D("1.00")) for code in ("45", "59", "97", "253", "131", "144", "237")
    )
    path = tmp_path / "seven.835"
    write_835(
        path,
        [Payment("T7", [PaidClaim("S1", [PaidLine("99213", D("100.00"), adjustments=reasons)])])],
    )
    assert path.read_text().count("CAS*CO*") == 2
    (claim,) = read_835(path).claims
    assert [a.reason for a in claim.lines[0].adjustments] == [r for _, r, _ in reasons]
    assert len({a.segment for a in claim.lines[0].adjustments}) == 2
    assert claim.paid == D("93.00") and claim_balance(claim).balanced


def test_two_interchanges_in_one_file(tmp_path):
    path = tmp_path / "two.835"
    with path.open("w", encoding="ascii", newline="") as out:
        write_835(out, payments()[:1], control_number=41)
        write_835(out, payments()[1:], control_number=42)
    result = read_835(path)
    assert result.problems == ()
    assert [r.interchange_control_number for r in result.remittances] == ["000000041", "000000042"]


def test_answering_a_real_837_worklist_with_payments_and_denials(tmp_path):
    worklist = load_worklist([x12_file("imsweb_x12-parser", "x12_complex.txt")]).claims
    assert len(worklist) == 6
    denied_id = worklist[1].claim_id
    answers = answer_claims(worklist, denied={denied_id: "197"})
    path = tmp_path / "answer.835"
    write_835(path, [Payment("EFT77", answers)])
    result = read_835(path)
    assert result.problems == () and balance_notices(result.remittances) == []
    (remit,) = result.remittances
    assert [c.patient_control_number for c in remit.claims] == [c.claim_id for c in worklist]
    for sent, back in zip(worklist, remit.claims, strict=True):
        assert [(line.code, line.modifiers, line.dos) for line in sent.lines] == [
            (line.code, line.modifiers, line.service_date) for line in back.lines
        ]
        assert [line.control_number for line in back.lines] == [
            f"{sent.claim_id}-{line.number}" for line in sent.lines
        ]
        assert back.charge == sum(line.charge for line in sent.lines)
        assert back.patient_id == sent.patient.id
        if sent.claim_id == denied_id:
            assert back.denied and back.paid == 0
            assert {(a.group, a.reason) for a in back.all_adjustments()} == {("CO", "197")}
        else:
            assert back.status == "1" and back.paid > 0
            for line in back.lines:
                assert line.paid == (line.allowed * D("0.8")).quantize(D("0.01"))
    assert payment_balance(remit).balanced


@pytest.mark.parametrize(
    "amount, text",
    [(D("125.50"), "125.5"), (D("-86.76"), "-86.76"), (D("0.00"), "0"), (D("100.00"), "100")],
)
def test_amounts_are_written_the_x12_way(amount, text):
    written = text_835([Payment("M", [PaidClaim("A", [PaidLine("99213", amount)])])])
    assert f"SVC*HC:99213*{text}*{text}~" in written

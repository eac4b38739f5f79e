"""What a payer should have paid: Medicare by the claim's locality, a payer profile's percentage
of it, or the profile's contract fee schedule (read from .xlsx or .csv; a bad row imports
nothing); and lines judged denied by the reason that refused them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.remit.contracts import ContractError, load_contracts, read_contract, save_contract
from core.remit.expected import ClaimFacts, Expecter, LineFacts
from core.remit.judge import DENIED, PAID, PARTIAL, REVERSED, claim_status, line_denial
from core.remit.model import Adjustment, RemitClaim, RemitLine
from core.workspace.payers import PayerError, list_payers, save_payer

D = Decimal
DOS = date(2025, 11, 3)


def facts(
    *lines: LineFacts, payer: str = "MEDICARE PART B", filing: str = "MB", zip_code: str = ""
) -> ClaimFacts:
    return ClaimFacts((payer, ""), filing, zip_code, "11", True, lines)


def line(
    code: str = "99213", modifiers=(), units="1", paid="50.00", share="0", seq="0", denied=False
) -> LineFacts:
    return LineFacts(code, tuple(modifiers), D(units), DOS, D(paid), D(share), D(seq), denied)


def test_medicare_needs_a_locality(conn):
    (expected,) = Expecter(conn, [], {}).claim(facts(line()))
    assert expected.paid is None and expected.underpaid == 0
    assert expected.basis.startswith("not checked: no service ZIP")
    (expected,) = Expecter(conn, [], {}).claim(facts(line(), zip_code="00000"))
    assert expected.paid is None and "not in the loaded ZIP5 file" in expected.basis


def test_a_payer_without_a_profile_is_not_checked(conn):
    (expected,) = Expecter(conn, [], {}).claim(facts(line(), payer="ACME PPO", filing="CI"))
    assert expected.paid is None
    assert "no payer profile for ACME PPO" in expected.basis


def test_a_contract_fee_schedule_wins_over_the_percentage(conn, ws, tmp_path):
    save_payer(ws, "Acme PPO", "120")
    path = tmp_path / "acme.csv"
    path.write_text(
        "Fee schedule 2025\nCPT Code,Mod,Allowed Amount\n99213,,84.50\n71046,26,12.00\n71046,,40\n"
    )
    save_contract(ws, "acme ppo", read_contract(path), path.name)
    expecter = Expecter(conn, list_payers(ws), load_contracts(ws))
    visit, reading, both, other = expecter.claim(
        facts(
            line(paid="60.00", share="16.90"),
            line("71046", ("26",), paid="12.00"),
            line("71046", units="2", paid="80.00"),
            line("93000", paid="10.00"),
            payer="ACME PPO",
            filing="CI",
        )
    )
    assert (visit.allowed, visit.paid, visit.underpaid) == (D("84.50"), D("67.60"), D("7.60"))
    assert visit.basis == "Acme PPO contract fee schedule (99213 84.50 a unit, acme.csv)"
    assert (reading.paid, reading.underpaid) == (D("12.00"), 0)
    assert "71046-26 12.00" in reading.basis
    assert both.paid == D("80") and both.underpaid == 0
    # not on the schedule: the profile's percentage of Medicare, which needs a locality
    assert other.paid is None and "no service ZIP" in other.basis


def test_contract_from_xlsx_and_bad_rows(ws, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "modifier", "amount"])
    sheet.append(["99213", None, 84.5])
    sheet.append([99214, "25", "$121.00"])
    book.save(tmp_path / "fees.xlsx")
    fees = read_contract(tmp_path / "fees.xlsx")
    assert [(f.code, f.modifier, f.amount) for f in fees] == [
        ("99213", "", D("84.5")),
        ("99214", "25", D("121.00")),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("code,modifier,amount\n99213,,84.50\n9921,,10\n99214,2,x\n99213,,90\n")
    with pytest.raises(ContractError) as error:
        read_contract(bad)
    message = str(error.value)
    assert message.startswith("bad.csv: nothing imported")
    assert "row 3: code '9921' is not a CPT/HCPCS code" in message
    assert "row 4: modifier '2' is not a modifier" in message
    assert "row 5: 99213 (no modifier) is listed twice" in message
    (tmp_path / "none.csv").write_text("hcpcs,price\n")
    with pytest.raises(ContractError, match="no fee rows"):
        read_contract(tmp_path / "none.csv")
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ContractError, match="no header row with 'code' and 'amount'"):
        read_contract(tmp_path / "nohead.csv")
    with pytest.raises(PayerError, match="no payer profile named 'Nobody'"):
        save_contract(ws, "Nobody", fees, "fees.xlsx")


def test_a_new_contract_replaces_the_old_one_and_a_bad_file_keeps_it(ws, tmp_path):
    save_payer(ws, "Acme", "110")
    first = tmp_path / "a.csv"
    first.write_text("code,amount\n99213,80\n99214,120\n")
    save_contract(ws, "Acme", read_contract(first), "a.csv")
    second = tmp_path / "b.csv"
    second.write_text("code,amount\n99213,82\n")
    save_contract(ws, "Acme", read_contract(second), "b.csv")
    assert load_contracts(ws)["acme"].fees == {("99213", ""): D("82")}
    broken = tmp_path / "c.csv"
    broken.write_text("code,amount\n99213,lots\n")
    with pytest.raises(ContractError):
        save_contract(ws, "Acme", read_contract(broken), "c.csv")
    assert load_contracts(ws)["acme"].fees == {("99213", ""): D("82")}


def remit_line(paid: str, *adjustments: tuple[str, str, str], charge: str = "100.00") -> RemitLine:
    return RemitLine(
        qualifier="HC",
        code="99213",
        modifiers=(),
        charge=D(charge),
        paid=D(paid),
        units=D(1),
        revenue_code="",
        submitted_code="",
        submitted_modifiers=(),
        service_date=DOS,
        service_end=None,
        allowed=None,
        adjustments=tuple(Adjustment(g, r, D(a), None, 9) for g, r, a in adjustments),
        remarks=(),
        control_number="",
        segment=8,
    )


def remit_claim(status: str, *lines: RemitLine) -> RemitClaim:
    return RemitClaim(
        patient_control_number="C1",
        status=status,
        charge=sum((x.charge for x in lines), D(0)),
        paid=sum((x.paid for x in lines), D(0)),
        patient_responsibility=None,
        filing_indicator="MB",
        payer_claim_number="",
        facility_code="11",
        frequency="1",
        patient_last="",
        patient_first="",
        patient_id="",
        insured_id="",
        rendering_name="",
        rendering_id="",
        rendering_id_qualifier="",
        statement_start=None,
        statement_end=None,
        received=None,
        adjustments=(),
        remarks=(),
        lines=lines,
        segment=5,
    )


def test_denials_by_the_reason_that_refused_the_line():
    bundled = remit_line("0", ("CO", "97", "100.00"))
    deductible = remit_line("0", ("CO", "45", "40.00"), ("PR", "1", "60.00"))
    paid = remit_line("48", ("CO", "45", "40.00"), ("PR", "2", "12.00"))
    both = remit_line("0", ("CO", "16", "30.00"), ("CO", "50", "70.00"))
    claim = remit_claim("1", bundled, deductible, paid, both)
    denials = [line_denial(claim, x) for x in claim.lines]
    assert denials[0] is not None and (denials[0].reason, denials[0].amount) == ("97", D(100))
    assert denials[1] is None and denials[2] is None
    assert denials[3] is not None and (denials[3].reason, denials[3].amount) == ("50", D(100))
    assert claim_status(claim, denials) == PARTIAL
    assert claim_status(remit_claim("1", paid), [None]) == PAID
    lone = remit_claim("4", bundled)
    assert claim_status(lone, [line_denial(lone, bundled)]) == DENIED
    reversal = remit_claim("22", remit_line("-48", ("CO", "45", "-40"), ("PR", "2", "-12")))
    assert line_denial(reversal, reversal.lines[0]) is None
    assert claim_status(reversal, [None]) == REVERSED

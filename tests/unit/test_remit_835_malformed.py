"""Broken 835 input: each problem names the file and the segment, says what to do, and loses
only what is broken; nothing raises."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.remit.balance import balance_notices, payment_balance
from core.remit.codes import carc_category
from core.remit.x12_835 import read_835
from tests.conftest import SHARED_REFERENCE
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, text_835

LFH_837 = SHARED_REFERENCE / "x12" / "linuxforhealth_x12"


def three_claims(**payment) -> list[Payment]:
    claims = [
        PaidClaim(
            f"C{n}",
            [
                PaidLine(
                    "99213",
                    Decimal("100.00"),
                    adjustments=(("CO", "45", Decimal("40.00")), ("PR", "2", Decimal("12.00"))),
                )
            ],
        )
        for n in (1, 2, 3)
    ]
    return [Payment("EFT1", claims, **payment)]


def write(tmp_path, text: str, name: str = "remit.835"):
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    return path


def number_of(text: str, start: str) -> int:
    """The segment number (ISA is 1) of the first segment starting with `start`."""
    segments = [s.strip() for s in text.split("~") if s.strip()]
    return next(n for n, s in enumerate(segments, start=1) if s.startswith(start))


def replace_in(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_well_formed_file_has_no_problems(tmp_path):
    result = read_835(write(tmp_path, text_835(three_claims())))
    assert result.problems == () and len(result.claims) == 3
    assert balance_notices(result.remittances) == []


def test_truncated_inside_a_claim_keeps_the_claims_before_it(tmp_path):
    text = text_835(three_claims())
    cut = text[: text.index("CLP*C3") + 40]  # inside C3's service line
    result = read_835(write(tmp_path, cut))
    (remit,) = result.remittances
    assert [c.patient_control_number for c in remit.claims] == ["C1", "C2"]
    assert not remit.complete
    (problem,) = result.problems
    assert "looks truncated" in problem.message and "claim C3" in problem.message
    assert "get the complete file from the payer" in problem.message


def test_truncated_after_se_keeps_the_transaction(tmp_path):
    text = text_835(three_claims())
    result = read_835(write(tmp_path, text[: text.index("GE*")]))
    assert len(result.claims) == 3 and result.remittances[0].complete
    (problem,) = result.problems
    assert "without IEA: it may be truncated" in problem.message


def test_file_cut_inside_isa(tmp_path):
    result = read_835(write(tmp_path, "ISA*00*          *00*"))
    assert result.remittances == ()
    (problem,) = result.problems
    assert "ISA segment is cut short" in problem.message and problem.row == 1


@pytest.mark.parametrize(
    "name", sorted(p.name for p in LFH_837.glob("*.837")) if LFH_837.exists() else ["absent"]
)
def test_an_837_given_as_an_835_is_one_clear_problem(name):
    path = LFH_837 / name
    if not path.exists():
        pytest.skip(f"837 samples in {LFH_837} not present (../shared/reference/x12)")
    result = read_835(path)
    assert result.remittances == () and result.files_read == ()
    (problem,) = result.problems
    assert problem.message.startswith("this is an 837 claim file, not an 835 remittance")
    assert problem.file == name and problem.column == "ST01"


@pytest.mark.parametrize(
    "content, phrase",
    [
        (b"", "the file is empty"),
        (b"claim_id,payer,paid\nC1,Aetna,10\n", "does not start with an ISA segment"),
        (b"%PDF-1.7\n%\xe2\xe3", "it looks like a PDF document"),
        (b"PK\x03\x04\x14\x00", "a zip archive or an Excel/Word file"),
        (b"<html><body>EOB</body></html>", "a web page"),
        (b"\n\n   \xef\xbb\xbf", "does not start with an ISA segment"),
    ],
)
def test_non_x12_input_is_one_clear_problem(tmp_path, content, phrase):
    path = tmp_path / "remit.835"
    path.write_bytes(content)
    result = read_835(path)
    (problem,) = result.problems
    assert phrase in problem.message and problem.file == "remit.835"
    assert result.remittances == ()


def test_a_missing_file(tmp_path):
    (problem,) = read_835(tmp_path / "nowhere.835").problems
    assert "cannot be read" in problem.message


@pytest.mark.parametrize(
    "old, new, element, phrase",
    [
        ("CLP*C2*1*100", "CLP*C2*1*1e30", "CLP03", "'1e30' is not an amount"),
        (
            "CLP*C2*1*100",
            "CLP*C2*1*1000000000000000000000000000000",
            "CLP03",
            "beyond any plausible amount",
        ),
        ("CLP*C2*1*100", "CLP*C2*1*NaN", "CLP03", "'NaN' is not an amount"),
        ("CLP*C2*1*100", "CLP*C2*1*100.005", "CLP03", "fractions of a cent"),
        ("CLP*C2*1*100", "CLP*C2**100", "CLP02", "CLP02 claim status is missing"),
        ("CLP*C2*1*100", "CLP**1*100", "CLP01", "CLP01 patient control number"),
    ],
)
def test_a_bad_clp_loses_only_that_claim(tmp_path, old, new, element, phrase):
    text = replace_in(text_835(three_claims()), old, new)
    result = read_835(write(tmp_path, text))
    assert [c.patient_control_number for c in result.claims] == ["C1", "C3"]
    (problem,) = result.problems
    assert phrase in problem.message and "is not loaded" in problem.message
    assert (problem.row, problem.column) == (number_of(text, new), element)
    assert str(problem).startswith(f"remit.835, segment {problem.row}, {element}: ")


@pytest.mark.parametrize(
    "old, new, element, phrase",
    [
        ("CAS*CO*45*40", "CAS*XX*45*40", "CAS01", "group code 'XX' is not CO, PR, OA, PI or CR"),
        ("CAS*CO*45*40", "CAS*CO**40", "CAS02", "has an amount but CAS02 has no reason code"),
        ("CAS*CO*45*40", "CAS*CO*45*4O", "CAS03", "'4O' is not an amount"),
        ("CAS*CO*45*40", "CAS*CO*45*40*1E3", "CAS04", "'1E3' is not a number"),
        ("SVC*HC:99213*100", "SVC*HC*100", "SVC01", "has no procedure code"),
        (
            "SVC*HC:99213*100*48",
            "SVC*HC:99213*100*48**99999999",
            "SVC05",
            "beyond any plausible quantity",
        ),
        ("DTM*472*20261001", "DTM*472*20261341", "DTM02", "'20261341' is not a calendar date"),
    ],
)
def test_a_bad_segment_inside_a_claim_loses_only_that_claim(tmp_path, old, new, element, phrase):
    text = text_835(three_claims())
    at = text.index("CLP*C2")
    text = text[:at] + replace_in(text[at:], old, new)
    result = read_835(write(tmp_path, text))
    assert [c.patient_control_number for c in result.claims] == ["C1", "C3"]
    (problem,) = result.problems
    assert phrase in problem.message and "claim C2" in problem.message
    assert (problem.column, problem.claim_id) == (element, "C2")


def test_unbalanced_amounts_are_notices_not_problems(tmp_path):
    claims = [
        PaidClaim(
            "C1",
            [
                PaidLine(
                    "99213",
                    Decimal("100.00"),
                    paid=Decimal("70.00"),
                    adjustments=(("CO", "45", Decimal("40.00")),),
                )
            ],
        ),
        PaidClaim("C2", [PaidLine("93000", Decimal("50.00"))]),
    ]
    text = text_835([Payment("EFT9", claims, payment_amount=Decimal("500.00"))])
    result = read_835(write(tmp_path, text))
    assert result.problems == () and len(result.claims) == 2
    notices = [str(n) for n in balance_notices(result.remittances)]
    assert notices == [
        "remit.835, segment 11, CLP04: claim C1 does not balance: charge 100.00 - adjustments "
        "40.00 = 60.00, but the payer paid 70.00 (off by -10.00)",
        "remit.835, segment 13, SVC03: service line 99213 of claim C1 does not balance: "
        "charge 100.00 - adjustments 40.00 = 60.00, but the payer paid 70.00 (off by -10.00)",
        "remit.835, segment 3: the payment of transaction 0001 (trace EFT9) does not "
        "balance: claims paid 120.00 - provider adjustments (PLB) 0.00 = 120.00, but BPR02 "
        "says 500.00 (off by 380.00)",
    ]


def test_an_unknown_carc_is_kept_and_reported_once(tmp_path):
    claims = [
        PaidClaim(
            f"C{n}",
            [PaidLine("99213", Decimal("100.00"), adjustments=(("CO", "ZZ9", Decimal("30.00")),))],
        )
        for n in (1, 2)
    ]
    text = text_835([Payment("EFT2", claims)])
    result = read_835(write(tmp_path, text))
    assert len(result.claims) == 2
    (problem,) = result.problems
    assert "CAS reason 'ZZ9' is not on X12's list" in problem.message
    assert "(2 times in this file" in problem.message
    assert problem.row == number_of(text, "CAS*CO*ZZ9")
    reason = result.claims[0].lines[0].adjustments[0].reason
    assert carc_category(reason) == "unknown code"


def test_a_bad_payment_amount_keeps_the_claims(tmp_path):
    text = replace_in(text_835(three_claims()), "BPR*I*144", "BPR*I*1,44")
    result = read_835(write(tmp_path, text))
    (remit,) = result.remittances
    assert remit.payment_amount is None and len(remit.claims) == 3
    (problem,) = result.problems
    assert (problem.column, problem.row) == ("BPR02", 4)
    assert "the remittance is read without it" in problem.message
    assert payment_balance(remit).difference is None
    assert balance_notices(result.remittances) == []


def test_unknown_segments_and_status_codes_are_reported(tmp_path):
    text = replace_in(text_835(three_claims()), "CLP*C2*1*", "CLP*C2*99*")
    text = replace_in(text, "LX*1~", "LX*1~\nZZZ*1~\nZZZ*2~")
    result = read_835(write(tmp_path, text))
    assert len(result.claims) == 3
    messages = sorted(p.message for p in result.problems)
    assert messages[0].startswith("'ZZZ' is not an 835 segment: it is ignored (2 times")
    assert messages[1].startswith("CLP02 claim status '99' is not a known status code")
    assert result.claims[1].status_word == "status 99 (not a known CLP02 code)"


def test_a_transaction_without_se(tmp_path):
    first = text_835(three_claims())
    second = text_835([Payment("EFT2", [PaidClaim("D1", [PaidLine("99214", Decimal("80.00"))])])])
    text = first[: first.index("SE*")] + second[second.index("ST*") :]
    result = read_835(write(tmp_path, text))
    assert [(r.trace_number, r.complete, len(r.claims)) for r in result.remittances] == [
        ("EFT1", False, 2),
        ("EFT2", True, 1),
    ]
    (problem,) = result.problems
    assert "ST comes before the SE that ends transaction 0001" in problem.message
    assert "its last claim is not loaded" in problem.message


def test_se_count_mismatch(tmp_path):
    text = text_835(three_claims())
    at = text.index("SE*")
    text = text[:at] + "SE*99" + text[text.index("*", at + 3) :]
    result = read_835(write(tmp_path, text))
    (problem,) = result.problems
    assert "SE01 says the transaction has '99' segments but it has" in problem.message
    assert len(result.claims) == 3


def test_a_component_separator_other_than_isa16_is_used_and_reported(tmp_path):
    text = text_835(three_claims()).replace("HC:99213", "HC>99213")
    result = read_835(write(tmp_path, text))
    assert [line.code for c in result.claims for line in c.lines] == ["99213"] * 3
    (problem,) = result.problems
    assert (problem.row, problem.column) == (1, "ISA16")
    assert "the segments use '>'" in problem.message

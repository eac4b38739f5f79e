"""X12 835 in: every sample remittance of ../shared/reference/x12/835 reads, and what the reader
returns is checked against counts and sums this test computes itself from the raw segments."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.remit.balance import balance_notices, claim_balance, payment_balance
from core.remit.x12_835 import read_835
from tests.conftest import SHARED_REFERENCE

REMIT_DIR = SHARED_REFERENCE / "x12" / "835"
SAMPLES = [
    "databricks_835_no_plb_sample.txt",
    "databricks_835_plb_sample.txt",
    "databricks_835_sample.txt",
    "databricks_835_sample_no_cas.txt",
    "databricks_835_sample_services.txt",
    "oopfactory_4010_Example1_GripElements.txt",
    "oopfactory_4010_FromNth_835_DeIdent_01.dat",
    "oopfactory_4010_FromNth_835_DeIdent_02.dat",
    "oopfactory_5010_Example1.txt",
    "oopfactory_5010_ExampleFromNth.txt",
    "oopfactory_5010_FromNth_835_WithMultipleInterchanges.txt",
    "pyx12_835_mult_loops.txt",
]
# What each sample's own faults are: (problems, phrase every problem has). Every other file
# reads without one.
KNOWN_PROBLEMS = {
    "databricks_835_no_plb_sample.txt": (2, r"N1\*PE loop after the claims|'PLXX' is not an"),
    "databricks_835_plb_sample.txt": (1, r"N1\*PE loop after the claims.*2 times"),
    "databricks_835_sample.txt": (2, r"SE01 says the transaction has '(29|12)' segments"),
    "databricks_835_sample_no_cas.txt": (2, r"SE01 says the transaction has '(29|12)' segments"),
    "oopfactory_5010_Example1.txt": (1, r"CLP03 claim charge is missing: claim 090909"),
}
SKIPPED_CLAIMS = {"oopfactory_5010_Example1.txt": {98}}  # CLP*090909*22~ with no amounts
# (claims that do not balance, transactions that do not balance) and why:
UNBALANCED = {
    # the "no CAS" variant had claim 77777777's CAS removed: 72,232.00 charged, 0 paid, no reason
    "databricks_835_sample_no_cas.txt": (1, 0),
    # hand-made PLB (72 -14, WO +14, B2 -14) that BPR02 (0) does not reflect
    "databricks_835_plb_sample.txt": (0, 1),
    # PLB CV -1.27 (money added) not in BPR02, which equals the claims' payments
    "oopfactory_4010_Example1_GripElements.txt": (0, 1),
    "oopfactory_5010_Example1.txt": (0, 1),
    # de-identified: many amounts overwritten with 9s (99.99, 999.99, 99999.99)
    "oopfactory_4010_FromNth_835_DeIdent_01.dat": (86, 1),
    "oopfactory_4010_FromNth_835_DeIdent_02.dat": (373, 4),
    "oopfactory_5010_ExampleFromNth.txt": (51, 3),
    "oopfactory_5010_FromNth_835_WithMultipleInterchanges.txt": (51, 3),
}
MASKED = re.compile(r"-?9+(\.9+)?")


def sample(name: str) -> Path:
    path = REMIT_DIR / name
    if not path.exists():
        pytest.skip(f"835 sample {path} not present (../shared/reference/x12/835 is needed)")
    return path


def raw_segments(path: Path) -> list[list[str]]:
    """The file split by hand: element separator at ISA position 4, terminator after ISA16."""
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("latin-1").lstrip()
    element, terminator = text[3], text[105]
    return [s.strip().split(element) for s in text.split(terminator) if s.strip()]


def raw_claims(segments: list[list[str]]) -> dict[int, list[tuple[int, list[str]]]]:
    """CLP segment number -> the segments of its claim loop (up to the next CLP/LX/PLB/N1/SE)."""
    claims: dict[int, list[tuple[int, list[str]]]] = {}
    current = None
    for number, elements in enumerate(segments, start=1):
        if elements[0] == "CLP":
            current = claims.setdefault(number, [])
        elif elements[0] in ("LX", "PLB", "N1", "SE"):
            current = None
        if current is not None:
            current.append((number, elements))
    return claims


def triplets(cas: list[str]) -> int:
    return sum(1 for start in range(2, 20, 3) if start < len(cas) and cas[start])


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_reads_with_its_known_problems_only(name):
    result = read_835(sample(name))
    count, phrase = KNOWN_PROBLEMS.get(name, (0, ""))
    assert len(result.problems) == count, [str(p) for p in result.problems]
    assert all(re.search(phrase, p.message) for p in result.problems)
    assert all(p.file == name and p.kind == "segment" for p in result.problems)
    raw = raw_segments(sample(name))
    assert len(result.remittances) == sum(1 for s in raw if s[:2] == ["ST", "835"])
    assert result.files_read == (name,) and all(r.complete for r in result.remittances)


@pytest.mark.parametrize("name", SAMPLES)
def test_claim_line_and_adjustment_counts_match_the_raw_segments(name):
    result = read_835(sample(name))
    raw = raw_claims(raw_segments(sample(name)))
    loaded = {claim.segment: claim for claim in result.claims}
    assert set(loaded) == set(raw) - SKIPPED_CLAIMS.get(name, set())
    for number, claim in loaded.items():
        segments = raw[number]
        ids = Counter(elements[0] for _, elements in segments)
        cas = [(n, e) for n, e in segments if e[0] == "CAS"]
        adjustments = claim.all_adjustments()
        assert len(claim.lines) == ids["SVC"]
        assert {a.segment for a in adjustments} == {n for n, _ in cas}
        assert len(adjustments) == sum(triplets(e) for _, e in cas)
        clp = segments[0][1]
        assert (claim.patient_control_number, claim.status) == (clp[1], clp[2])
        assert (claim.charge, claim.paid) == (Decimal(clp[3]), Decimal(clp[4]))
        assert [line.segment for line in claim.lines] == [n for n, e in segments if e[0] == "SVC"]


@pytest.mark.parametrize("name", SAMPLES)
def test_total_paid_is_the_sum_of_clp04_and_plb_is_totalled_apart(name):
    result = read_835(sample(name))
    raw = raw_segments(sample(name))
    skipped = SKIPPED_CLAIMS.get(name, set())
    raw_paid = sum(
        Decimal(e[4]) for n, e in enumerate(raw, start=1) if e[0] == "CLP" and n not in skipped
    )
    raw_plb = sum(Decimal(e[i]) for e in raw if e[0] == "PLB" for i in range(4, len(e), 2) if e[i])
    checks = [payment_balance(r) for r in result.remittances]
    assert sum(c.claims_paid for c in checks) == raw_paid == sum(c.paid for c in result.claims)
    assert sum(c.provider_adjusted for c in checks) == raw_plb
    raw_bpr = [Decimal(e[2]) for e in raw if e[0] == "BPR"]
    assert [r.payment_amount for r in result.remittances] == raw_bpr


@pytest.mark.parametrize("name", SAMPLES)
def test_adjustments_plus_paid_equal_the_charge_where_the_file_balances(name):
    result = read_835(sample(name))
    claims_off, payments_off = UNBALANCED.get(name, (0, 0))
    unbalanced = [claim_balance(c) for c in result.claims]
    unbalanced = [b for b in unbalanced if not b.balanced]
    assert len(unbalanced) == claims_off
    assert sum(not payment_balance(r).balanced for r in result.remittances) == payments_off
    if "DeIdent" in name or "FromNth" in name:
        for check in unbalanced:  # every one carries a de-identification placeholder
            claim = check.claim
            amounts = [
                claim.charge,
                claim.paid,
                *(a.amount for a in claim.all_adjustments()),
                *(x for line in claim.lines for x in (line.charge, line.paid)),
            ]
            assert any(MASKED.fullmatch(str(a.normalize())) for a in amounts), claim
    notices = balance_notices(result.remittances)
    assert len([n for n in notices if n.column == "CLP04"]) == claims_off
    assert len([n for n in notices if "payment of transaction" in n.message]) == payments_off


def test_a_5010_remittance_with_service_lines():
    (remit,) = read_835(sample("databricks_835_sample_services.txt")).remittances
    assert (remit.trace_number, remit.trace_originator) == ("051036622050010", "1262721578")
    assert (remit.payer_name, remit.payee_name, remit.payee_npi) == (
        "BCBS DISNEY",
        "UCLA MEDICAL CENTER",
        "1215193883",
    )
    assert (remit.payment_amount, remit.handling, remit.payment_method) == (
        Decimal("391.05"),
        "I",
        "ACH",
    )
    assert remit.payment_date == date(2012, 1, 31) and remit.version == "005010X221A1"
    assert remit.transaction_control_number == "112233"
    first = remit.claims[0]
    assert (
        first.patient_control_number,
        first.status_word,
        first.patient_name,
        first.patient_id,
    ) == ("ABC9001", "processed as primary", "MOUSE, MICKEY", "60345914A")
    assert (
        first.charge,
        first.paid,
        first.patient_responsibility,
        first.filing_indicator,
        first.payer_claim_number,
    ) == (Decimal("225"), Decimal("200"), Decimal("5"), "12", "1142381711242")
    assert [(a.group, a.reason, a.amount) for a in first.adjustments] == [
        ("CO", "45", Decimal("20"))
    ]
    line = first.lines[0]
    assert (line.qualifier, line.code, line.charge, line.paid, line.units) == (
        "HC",
        "98765",
        Decimal("150"),
        Decimal("145"),
        Decimal(1),
    )
    assert line.service_date == date(2012, 1, 24)
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [("PR", "3", Decimal("5"))]
    (plb,) = remit.provider_adjustments
    assert (plb.provider_id, plb.fiscal_period_end, plb.reason, plb.amount) == (
        "1215193883",
        date(2012, 12, 31),
        "90",
        Decimal("3.95"),
    )


def test_a_4010_remittance_with_modifiers_ranges_reversals_and_remarks():
    (remit,) = read_835(sample("oopfactory_4010_Example1_GripElements.txt")).remittances
    assert remit.version == "004010X091A1" and remit.payee_tin == "346608640"
    by_id = {c.patient_control_number: c for c in remit.claims}
    first = by_id["444444"]
    line = first.lines[0]
    assert (line.code, line.modifiers, line.units, line.control_number) == (
        "H0005",
        ("HF", "H9"),
        Decimal(6),
        "444444",
    )
    assert (first.rendering_name, first.rendering_id, first.rendering_id_qualifier) == (
        "WECOVERWY SVCS",
        "346608640",
        "FI",
    )
    two_reasons = by_id["888888"].lines[0].adjustments
    assert [(a.group, a.reason, a.amount, a.quantity) for a in two_reasons] == [
        ("CO", "29", Decimal("162.13"), Decimal(0)),
        ("CO", "42", Decimal(0), Decimal(0)),
    ]
    assert by_id["888888"].denied and by_id["888888"].status_word == "denied"
    negative = [a.amount for a in by_id["121212"].lines[0].adjustments]
    assert Decimal("-1.08") in negative
    reversal = by_id["090909"]
    assert reversal.reversal and reversal.paid == Decimal("-86.76")
    assert reversal.status_word == "reversal of a previous payment"
    line = reversal.lines[0]
    assert (line.service_date, line.service_end, line.units, line.remarks) == (
        date(2004, 2, 10),
        date(2004, 2, 11),
        Decimal(-4),
        ("MA92",),
    )
    assert reversal.service_dates == (date(2004, 2, 10), date(2004, 2, 11))
    (plb,) = remit.provider_adjustments
    assert (plb.reason, plb.identifier, plb.amount) == ("CV", "9876514", Decimal("-1.27"))


def test_several_interchanges_in_one_file():
    result = read_835(sample("oopfactory_5010_FromNth_835_WithMultipleInterchanges.txt"))
    raw = raw_segments(sample("oopfactory_5010_FromNth_835_WithMultipleInterchanges.txt"))
    assert [r.interchange_control_number for r in result.remittances] == [
        e[13] for e in raw if e[0] == "ISA"
    ]
    assert len(result.remittances) == 3
    single = read_835(sample("oopfactory_5010_ExampleFromNth.txt"))
    assert [len(r.claims) for r in result.remittances] == [
        len(r.claims) for r in single.remittances
    ]
    claim = result.remittances[0].claims[0]
    assert (claim.received, claim.statement_start, claim.statement_end) == (
        date(2012, 1, 27),
        date(2012, 1, 16),
        date(2012, 1, 16),
    )
    assert claim.lines[0].remarks == ("N1",) and claim.lines[1].code == "90716"


def test_several_transactions_and_a_payment_made_of_plb():
    result = read_835(sample("databricks_835_sample.txt"))
    assert [r.trace_number for r in result.remittances] == ["100004762", "100004765", "000012382"]
    last = result.remittances[2]
    assert (last.payment_amount, last.payment_method) == (Decimal("1812.27"), "CHK")
    assert sum(p.amount for p in last.provider_adjustments) == Decimal("-1812.27")
    assert payment_balance(last).balanced and len(last.provider_adjustments) == 6


def test_service_range_and_units_in_pyx12_sample():
    (claim,) = read_835(sample("pyx12_835_mult_loops.txt")).claims
    assert [(line.units, line.service_date, line.service_end) for line in claim.lines] == [
        (Decimal(68), date(2003, 11, 29), None),
        (Decimal(16), date(2003, 10, 30), None),
        (Decimal(36), date(2003, 10, 31), None),
    ]
    assert [line.adjustments[0].group for line in claim.lines] == ["CO", "OA", "OA"]
    assert claim.service_dates == (date(2003, 10, 30), date(2003, 10, 31), date(2003, 11, 29))


def test_the_375_claim_sample_reads_in_under_a_second():
    import time

    path = sample("oopfactory_4010_FromNth_835_DeIdent_02.dat")
    started = time.perf_counter()
    result = read_835(path)
    assert time.perf_counter() - started < 1.0
    assert len(result.claims) == 375 and sum(len(c.lines) for c in result.claims) == 1552

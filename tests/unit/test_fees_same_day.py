"""Encounter rules re-derived from the RVU25D rows: bilateral procedures without modifier 50,
status T bundling, CQ/CO with the therapy reduction, the technical-only cuts of indicators 6/7,
and the professional amount shown in a facility setting. Each rule cites the RVU read-me."""

from __future__ import annotations

from decimal import Decimal

from core.fees import LineRequest, price_encounter, price_line
from core.fees.technical import GLOBAL_ONLY_PARTS, global_only_split
from tests.unit.test_fees import cents, national, req, rvus

CF = Decimal("32.3465")


def priced(conn, *requests: LineRequest) -> list:
    return price_encounter(conn, list(requests)).lines


def indicators(conn, code: str) -> tuple[str, str]:
    line = price_line(conn, req(code))
    return line.indicators["bilateral"], line.indicators["mult_proc"]


# ---- bilateral without modifier 50 (read-me "Bilateral Surgery (Modifier 50)") -----------------


def test_indicator_1_two_units_pay_150_percent_and_rank_as_one_procedure(conn):
    assert indicators(conn, "20610") == ("1", "2")
    one_side = national(conn, "20610")
    alone = price_line(conn, req("20610", units=2))
    assert alone.amount == cents(one_side * Decimal("1.5")) and alone.bilateral_units
    # with a costlier procedure the pair is the 2nd procedure: 50% of 150%, not 50% + 50%
    debridement = national(conn, "11042")
    assert debridement > one_side * Decimal("1.5")
    lines = priced(conn, req("11042"), req("20610", units=2))
    assert lines[0].amount == cents(debridement)
    assert lines[1].amount == cents(one_side * Decimal("1.5") / 2)


def test_two_units_on_one_side_are_not_bilateral(conn):
    one_side = national(conn, "20610")
    right = price_line(conn, req("20610", "RT", units=2))
    assert right.amount == cents(one_side * 2) and not right.bilateral_units
    visit = price_line(conn, req("99213", units=2))  # bilateral indicator 0: units only
    assert visit.amount == cents(national(conn, "99213") * 2)


def test_indicator_1_rt_and_lt_lines_are_one_bilateral_procedure(conn):
    one_side = national(conn, "20610")
    right, left = priced(conn, req("20610", "RT"), req("20610", "LT"))
    assert right.amount == cents(one_side) and left.amount == cents(one_side / 2)
    assert any("one bilateral procedure" in note for note in right.encounter_notes)
    assert [a.rule for a in left.adjustments] == ["bilateral pair 150%"]
    # ranked as one service after a costlier procedure: 50% of 150%
    lines = priced(conn, req("11042"), req("20610", "RT"), req("20610", "LT"))
    assert lines[1].amount + lines[2].amount == cents(one_side / 2) + cents(one_side / 4)


def test_rt_and_lt_of_different_codes_are_not_paired(conn):
    lines = priced(conn, req("20610", "RT"), req("20605", "LT"))
    assert not any(line.encounter_notes for line in lines)
    assert "bilateral pair 150%" not in {a.rule for line in lines for a in line.adjustments}


def test_indicator_2_pays_one_side_for_both(conn):
    assert indicators(conn, "69210") == ("2", "2")
    one_side = national(conn, "69210")
    assert price_line(conn, req("69210", units=2)).amount == cents(one_side)
    right, left = priced(conn, req("69210", "RT"), req("69210", "LT"))
    assert right.amount == cents(one_side) and left.amount == Decimal("0.00")


def test_indicator_3_pays_each_side_in_full(conn):
    assert indicators(conn, "73560") == ("3", "0")
    one_side = national(conn, "73560")
    assert price_line(conn, req("73560", units=2)).amount == cents(one_side * 2)
    right, left = priced(conn, req("73560", "RT"), req("73560", "LT"))
    assert right.amount == left.amount == cents(one_side)
    assert left.encounter_notes and "each side is paid 100%" in left.encounter_notes[0]


def test_indicator_0_rt_and_lt_pay_one_side(conn):
    assert indicators(conn, "10060")[0] == "0"
    one_side = national(conn, "10060")
    right, left = priced(conn, req("10060", "RT"), req("10060", "LT"))
    assert right.amount == cents(one_side) and left.amount == Decimal("0.00")
    # the read-me names only 50 or RT/LT for indicator 0: 2 units stay 2 units
    assert price_line(conn, req("10060", units=2)).amount == cents(one_side * 2)


def test_indicator_9_rt_and_lt_are_two_procedures(conn):
    assert indicators(conn, "11300") == ("9", "2")
    one_side = national(conn, "11300")
    right, left = priced(conn, req("11300", "RT"), req("11300", "LT"))
    assert right.amount == cents(one_side) and left.amount == cents(one_side / 2)
    assert not right.encounter_notes and [a.rule for a in left.adjustments] == [
        "multiple procedure"
    ]


# ---- status T (read-me Attachment A) ----------------------------------------------------------


def test_status_t_is_bundled_with_another_fee_schedule_service(conn):
    oximetry, visit = priced(conn, req("94760"), req("99213"))
    assert oximetry.status == "T" and oximetry.amount == Decimal("0.00")
    assert visit.amount == Decimal("88.95")
    assert any("bundled" in note and "99213" in note for note in oximetry.encounter_notes)


def test_status_t_is_paid_alone_or_beside_another_provider_or_a_non_pfs_service(conn):
    alone = price_line(conn, req("94760"))
    assert alone.amount == cents(national(conn, "94760"))
    other_provider = priced(
        conn, req("94760", provider="1245319599"), req("99213", provider="1234567893")
    )
    assert other_provider[0].amount == alone.amount
    with_lab = priced(conn, req("94760"), req("36415"))  # 36415: status X
    assert with_lab[0].amount == alone.amount and not with_lab[0].encounter_notes


# ---- CQ/CO and the therapy reduction (indicator 5; SSA §1834(v)) -------------------------------


def test_cq_multiplies_the_amount_after_the_practice_expense_cut(conn):
    total, pe = national(conn, "97110"), rvus(conn, "97110")["nf_pe"] * CF
    line = priced(conn, req("97110", "CQ", units=2))[0]
    assert line.amount == cents(Decimal("0.85") * (2 * total - pe / 2))
    plain = priced(conn, req("97110", units=2))[0]
    assert plain.amount == cents(2 * total - pe / 2)


def test_cq_on_the_unit_kept_whole_is_only_85_percent(conn):
    pe = {c: rvus(conn, c)["nf_pe"] * CF for c in ("97110", "97140")}
    top, other = sorted(pe, key=pe.get, reverse=True)
    lines = {line.code: line for line in priced(conn, req(top, "CQ"), req(other))}
    assert lines[top].amount == cents(national(conn, top) * Decimal("0.85"))
    assert lines[other].amount == cents(national(conn, other) - pe[other] / 2)


# ---- indicators 6 and 7: the technical part only ----------------------------------------------


def test_global_only_ecg_is_split_by_its_technical_code(conn):
    assert price_line(conn, req("93000")).indicators["pctc"] == "4"
    technical = national(conn, "93005")  # the tracing only code
    echo_tc = national(conn, "93306") - national(conn, "93306", "26")
    assert echo_tc > technical
    echo, ecg = priced(conn, req("93306"), req("93000"))
    assert echo.amount == cents(national(conn, "93306"))
    assert ecg.amount == cents(national(conn, "93000") - technical * Decimal("0.25"))
    assert any("93005" in note for note in ecg.encounter_notes)


def test_every_listed_global_only_split_adds_up_in_the_release(conn):
    for code in GLOBAL_ONLY_PARTS:
        assert global_only_split(conn, "RVU25D", code) is not None, code
    assert global_only_split(conn, "RVU25D", "0937T") is None  # global-only, parts unknown
    assert global_only_split(conn, "RVU25D", "93306") is None  # PC/TC 1: uses its 26 row


def test_an_ecg_alone_is_not_reduced(conn):
    line = priced(conn, req("93000"))[0]
    assert line.amount == cents(national(conn, "93000")) and not line.encounter_notes


# ---- professional component beside the global amount in a facility --------------------------


def test_facility_setting_shows_the_professional_amount(conn):
    line = price_line(conn, req("71046", pos="22"))
    assert line.indicators["pctc"] == "1" and line.facility
    assert line.professional_amount == cents(national(conn, "71046", "26", facility=True))
    assert any("hospital" in note and "26" in note for note in line.notes)


def test_office_setting_and_non_diagnostic_codes_have_no_professional_amount(conn):
    assert price_line(conn, req("71046", pos="11")).professional_amount is None
    assert price_line(conn, req("99213", pos="22")).professional_amount is None
    assert price_line(conn, req("71046", "26", pos="22")).professional_amount is None

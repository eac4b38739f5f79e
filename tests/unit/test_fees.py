"""The fee calculator against CMS's own numbers and worked examples of every rule."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from core.db import open_readonly
from core.fees import FeeError, LineRequest, price_encounter, price_line

DOS = date(2025, 11, 3)
CF = Decimal("32.3465")


def req(code: str, *mods: str, **kw) -> LineRequest:
    kw.setdefault("date_of_service", DOS)
    return LineRequest(code, tuple(mods), **kw)


def amount(conn, code: str, *mods: str, **kw) -> Decimal | None:
    return price_line(conn, req(code, *mods, **kw)).amount


def rvus(conn: sqlite3.Connection, code: str, mod: str = "") -> dict[str, Decimal]:
    row = conn.execute(
        "SELECT work_rvu, nonfac_pe_rvu, fac_pe_rvu, mp_rvu FROM pfs_rvu WHERE "
        "release = 'RVU25D' AND hcpcs = ? AND modifier = ?",
        (code, mod),
    ).fetchone()
    return dict(zip(("work", "nf_pe", "f_pe", "mp"), map(Decimal, row), strict=True))


def national(conn, code: str, mod: str = "", facility: bool = False) -> Decimal:
    """The formula recomputed here, unrounded, for GPCI 1.000."""
    r = rvus(conn, code, mod)
    return (r["work"] + (r["f_pe"] if facility else r["nf_pe"]) + r["mp"]) * CF


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---- CMS's published amounts ------------------------------------------------------------------


def test_known_national_and_manhattan_amounts(conn):
    assert amount(conn, "77011") == Decimal("211.55")
    assert amount(conn, "99213") == Decimal("88.95")
    assert amount(conn, "99213", facility=True) == Decimal("63.72")
    assert amount(conn, "99213", locality="13202-01") == Decimal("101.06")
    assert amount(conn, "99213", locality="13202 1") == Decimal("101.06")


def test_breakdown_is_auditable(conn):
    line = price_line(conn, req("99213", locality="13202-01"))
    assert line.rvu == {"work": Decimal("1.30"), "pe": Decimal("1.35"), "mp": Decimal("0.10")}
    assert line.products["pe"] == Decimal("1.35") * Decimal("1.166")
    assert line.conversion_factor == CF and line.release == "RVU25D"
    assert line.source_line == 12807 and line.locality.source_line == 78
    assert (
        line.unrounded_amount
        == (
            Decimal("1.30") * Decimal("1.065")
            + Decimal("1.35") * Decimal("1.166")
            + Decimal("0.10") * Decimal("1.656")
        )
        * CF
    )
    assert line.limiting_charge == cents(Decimal("101.06") * Decimal("1.0925"))
    assert line.patient_share == Decimal("20.21") and line.medicare_share == Decimal("80.85")


def test_26_and_tc_rows(conn):
    pc = price_line(conn, req("77011", "26"))
    tc = price_line(conn, req("77011", "TC"))
    assert (pc.pfs_row, tc.pfs_row) == ("26", "TC")
    assert pc.amount == cents(national(conn, "77011", "26"))
    assert tc.amount == cents(national(conn, "77011", "TC"))
    assert pc.amount + tc.amount == Decimal("211.54")  # CMS rounds each row on its own


def test_component_modifier_refused_where_pctc_does_not_allow_it(conn):
    line = price_line(conn, req("99213", "26"))
    assert line.amount is None and "PC/TC indicator 0" in line.explanation
    assert (line.pfs_row, line.status, line.source_line) == ("", "A", 12807)  # row consulted
    both = price_line(conn, req("77011", "26", "TC"))
    assert both.amount is None and "global" in both.explanation


def test_na_non_facility_pe_pays_the_facility_rate_everywhere(conn):
    office = price_line(conn, req("27447"))
    hospital = price_line(conn, req("27447", facility=True))
    assert office.amount == hospital.amount == cents(national(conn, "27447", facility=True))
    assert any("NA" in note for note in office.notes)


def test_alaska_work_floor_is_used(conn):
    r = rvus(conn, "99213")
    expected = (
        r["work"] * Decimal("1.50") + r["nf_pe"] * Decimal("1.081") + r["mp"] * Decimal("0.592")
    ) * CF
    line = price_line(conn, req("99213", locality="02102-01"))
    assert line.locality.work == Decimal("1.50")
    assert line.amount == cents(expected) == Decimal("112.20")


@pytest.mark.parametrize(
    "code, status", [("97010", "B"), ("58300", "N"), ("97014", "I"), ("80053", "X"), ("J1100", "E")]
)
def test_codes_not_paid_under_the_pfs_refuse_to_price(conn, code, status):
    line = price_line(conn, req(code))
    assert line.status == status and line.amount is None and not line.payable
    assert line.explanation.startswith(f"PFS status {status}:")


def test_pos_decides_the_setting(conn):
    assert amount(conn, "99213", pos="22") == Decimal("63.72")
    assert amount(conn, "99213", pos="11") == Decimal("88.95")
    with pytest.raises(FeeError, match="place-of-service"):
        price_line(conn, req("99213", pos="98"))


def test_input_problems_are_clear_errors(conn):
    with pytest.raises(FeeError, match="not in the RVU25D fee schedule"):
        price_line(conn, req("99999"))
    with pytest.raises(FeeError, match="no Medicare locality 99999-01"):
        price_line(conn, req("99213", locality="99999-01"))
    with pytest.raises(FeeError, match="not a locality"):
        price_line(conn, req("99213", locality="Manhattan"))
    with pytest.raises(FeeError, match="no PFS release loaded covers 2024-05-01"):
        price_line(conn, req("99213", date_of_service=date(2024, 5, 1)))
    with pytest.raises(FeeError, match="ZIP 00000 is not in the loaded ZIP5 file"):
        price_line(conn, req("99213", zip_code="00000"))
    with pytest.raises(FeeError, match="units"):
        price_line(conn, req("99213", units=0))


def test_zip_resolves_to_its_locality(imported_db):
    conn = open_readonly(imported_db)
    line = price_line(conn, req("99213", zip_code="10001"))
    assert line.locality.key == "13202-01" and line.amount == Decimal("101.06")
    beverly_hills = price_line(conn, req("99213", zip_code="90210"))
    assert beverly_hills.locality.key == "01182-18"


# ---- payment modifiers, each with a worked example --------------------------------------------


def test_bilateral_indicator_1_pays_150_percent(conn):
    assert rvus(conn, "27447") and price_line(conn, req("27447")).indicators["bilateral"] == "1"
    assert amount(conn, "27447", "50") == cents(national(conn, "27447", facility=True) * 3 / 2)


def test_bilateral_indicator_0_and_2_and_3(conn):
    zero = price_line(conn, req("99213", "50"))
    assert zero.indicators["bilateral"] == "0" and zero.amount == Decimal("88.95")
    assert any("does not apply" in note for note in zero.notes)
    three = price_line(conn, req("73560", "50"))  # knee x-ray: each side 100%
    assert three.indicators["bilateral"] == "3"
    assert three.amount == cents(national(conn, "73560") * 2)


def test_assistant_at_surgery(conn):
    full = national(conn, "27447", facility=True)
    assert amount(conn, "27447", "80", facility=True) == cents(full * Decimal("0.16"))
    assert amount(conn, "27447", "AS", facility=True) == cents(full * Decimal("0.136"))
    never = price_line(conn, req("20610", "80"))
    assert never.indicators["assistant"] == "1"
    assert never.amount is None and "never paid" in never.explanation
    documented = price_line(conn, req("99213", "80"))
    assert documented.indicators["assistant"] == "0"
    assert any("documentation" in note for note in documented.notes)


def test_co_surgeon_and_team(conn):
    line = price_line(conn, req("27447", "62", facility=True))
    assert line.indicators["co_surgeon"] == "1"
    assert line.amount == cents(national(conn, "27447", facility=True) * Decimal("0.625"))
    team = price_line(conn, req("27447", "66", facility=True))
    assert team.amount is None and "team surgery" in team.explanation


def test_split_global_surgery(conn):
    row = conn.execute(
        "SELECT pre_op, intra_op, post_op FROM pfs_rvu WHERE release = 'RVU25D' "
        "AND hcpcs = '27447' AND modifier = ''"
    ).fetchone()
    pre, intra, post = map(Decimal, row)
    full = national(conn, "27447", facility=True)
    assert amount(conn, "27447", "54", facility=True) == cents(full * (pre + intra))
    assert amount(conn, "27447", "55", facility=True) == cents(full * post)
    assert amount(conn, "27447", "56", facility=True) == cents(full * pre)


def test_discontinued_uses_the_53_row_or_refuses(conn):
    line = price_line(conn, req("45378", "53"))
    assert line.pfs_row == "53" and line.amount == cents(national(conn, "45378", "53"))
    other = price_line(conn, req("99213", "53"))
    assert other.amount is None and "case by case" in other.explanation


def test_units_non_participation_and_therapy_assistant(conn):
    assert amount(conn, "97110", units=3) == cents(national(conn, "97110") * 3)
    assert amount(conn, "99213", participating=False) == cents(
        national(conn, "99213") * Decimal("0.95")
    )
    assert amount(conn, "97110", "CQ") == cents(national(conn, "97110") * Decimal("0.85"))


# ---- multiple procedures ----------------------------------------------------------------------


def encounter(conn, *requests: LineRequest) -> dict[str, Decimal | None]:
    return {line.code: line.amount for line in price_encounter(conn, list(requests)).lines}


def test_indicator_2_ranks_100_then_50(conn):
    high, low = national(conn, "11042", facility=True), national(conn, "20610", facility=True)
    assert high > low
    paid = encounter(conn, req("20610", facility=True), req("11042", facility=True))
    assert paid == {"11042": cents(high), "20610": cents(low / 2)}


def test_indicator_3_endoscopy_family(conn):
    base = national(conn, "43235")
    egd_biopsy, egd_ultrasound = national(conn, "43239"), national(conn, "43251")
    paid = encounter(conn, req("43239"), req("43251"))
    top, other = ("43251", "43239") if egd_ultrasound > egd_biopsy else ("43239", "43251")
    assert paid[top] == cents(max(egd_biopsy, egd_ultrasound))
    assert paid[other] == cents(min(egd_biopsy, egd_ultrasound) - base)
    # the base billed with a member of its family is not paid separately
    assert encounter(conn, req("43239"), req("43235"))["43235"] == Decimal("0.00")


def test_endoscopy_family_ranks_with_other_procedures(conn):
    family = national(conn, "43239")
    colonoscopy = national(conn, "45385")
    assert colonoscopy > family
    paid = encounter(conn, req("43239"), req("45385"))
    assert paid == {"45385": cents(colonoscopy), "43239": cents(family / 2)}


def test_indicator_4_imaging_cuts_technical_50_and_professional_5(conn):
    ct_abdomen, ct_chest = national(conn, "74177"), national(conn, "71250")
    pc = {c: national(conn, c, "26") for c in ("74177", "71250")}
    tc = {c: national(conn, c) - pc[c] for c in ("74177", "71250")}
    assert tc["74177"] > tc["71250"] and pc["74177"] > pc["71250"]
    paid = encounter(conn, req("71250"), req("74177"))
    assert paid["74177"] == cents(ct_abdomen)
    expected = ct_chest - tc["71250"] * Decimal("0.5") - pc["71250"] * Decimal("0.05")
    assert paid["71250"] == cents(expected)


def test_indicator_5_therapy_cuts_practice_expense_of_later_units(conn):
    pe = {c: rvus(conn, c)["nf_pe"] * CF for c in ("97110", "97140")}
    top = max(pe, key=pe.get)
    paid = encounter(conn, req("97110", units=2), req("97140"))
    therex_cut = pe["97110"] / 2 * (1 if top == "97110" else 2)
    manual_cut = pe["97140"] / 2 if top == "97110" else Decimal(0)
    assert paid["97110"] == cents(national(conn, "97110") * 2 - therex_cut)
    assert paid["97140"] == cents(national(conn, "97140") - manual_cut)


@pytest.mark.parametrize(
    "codes, rate", [(("93306", "93880"), Decimal("0.25")), (("92134", "92250"), Decimal("0.20"))]
)
def test_indicators_6_and_7_cut_the_technical_part(conn, codes, rate):
    tc = {c: national(conn, c) - national(conn, c, "26") for c in codes}
    lower = min(tc, key=tc.get)
    higher = max(tc, key=tc.get)
    paid = encounter(conn, *(req(c) for c in codes))
    assert paid[higher] == cents(national(conn, higher))
    assert paid[lower] == cents(national(conn, lower) - tc[lower] * rate)


def test_a_line_that_cannot_be_priced_does_not_sink_the_encounter(conn):
    lines = price_encounter(conn, [req("20610"), req("99999"), req("11042")]).lines
    assert lines[1].error and "not in the RVU25D fee schedule" in lines[1].error
    assert lines[1].amount is None
    paid = {line.code: line.amount for line in lines if not line.error}
    assert paid["20610"] == cents(national(conn, "20610") / 2)  # still ranked with 11042


def test_indicator_0_and_a_single_procedure_are_not_reduced(conn):
    paid = encounter(conn, req("99213"), req("77011"))
    assert paid == {"99213": Decimal("88.95"), "77011": Decimal("211.55")}
    assert encounter(conn, req("20610")) == {"20610": cents(national(conn, "20610"))}


def test_opps_cap_lowers_the_technical_amount(imported_db):
    conn = open_readonly(imported_db)
    row = conn.execute(
        "SELECT hcpcs, modifier, carrier, locality, nonfacility_price FROM "
        "opps_cap WHERE proc_status = 'A' AND carrier = '13202' AND "
        "locality = '01' ORDER BY hcpcs LIMIT 1"
    ).fetchone()
    line = price_line(conn, req(row[0], *([row[1]] if row[1] else []), locality="13202-01"))
    assert line.amount == Decimal(row[4])
    capped = [a for a in line.adjustments if a.rule == "OPPS cap"]
    assert not capped or capped[0].after < capped[0].before

"""835s stored in the workspace: every sample's claims, lines and adjustments as stored are
checked against the raw CLP/SVC/CAS segments; importing again adds nothing; bad input (a
truncated file, an 837, unbalanced amounts, an unknown CARC) is a clear problem and nothing
already stored is lost."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from core.remit.importing import ALREADY, NOT_STORED, REPLACED, STORED, import_remittances
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, text_835
from tests.unit.test_remit_835 import (
    REMIT_DIR,
    SAMPLES,
    SKIPPED_CLAIMS,
    raw_claims,
    raw_segments,
    sample,
    triplets,
)

D = Decimal
LFH_837 = REMIT_DIR.parent / "linuxforhealth_x12"


def counts(ws: sqlite3.Connection) -> dict[str, int]:
    return {
        table: ws.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in (
            "remittances",
            "remit_claims",
            "remit_lines",
            "remit_adjustments",
            "remit_provider_adjustments",
        )
    }


def three_claims(trace: str = "EFT1", claims: int = 3) -> list[Payment]:
    return [
        Payment(
            trace,
            [
                PaidClaim(
                    f"C{n}",
                    [
                        PaidLine(
                            "99213",
                            D("100.00"),
                            adjustments=(("CO", "45", D("40.00")), ("PR", "2", D("12.00"))),
                        )
                    ],
                )
                for n in range(1, claims + 1)
            ],
        )
    ]


def write(tmp_path: Path, text: str, name: str = "remit.835") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="latin-1")
    return path


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_is_stored_with_the_counts_of_its_raw_segments(ws, conn, name):
    path = sample(name)
    result = import_remittances(ws, conn, [path])
    raw = raw_claims(raw_segments(path))
    expected = {
        n: segments for n, segments in raw.items() if n not in SKIPPED_CLAIMS.get(name, set())
    }
    stored_claims = {
        segment: (claim_id, status, charge, paid)
        for segment, claim_id, status, charge, paid in ws.execute(
            "SELECT segment, claim_id, status_code, charge_cents, paid_cents FROM remit_claims"
        )
    }
    assert [r.outcome for r in result.remittances] == [STORED] * len(result.remittances)
    assert counts(ws)["remittances"] == sum(1 for s in raw_segments(path) if s[:2] == ["ST", "835"])
    assert set(stored_claims) == set(expected)
    for number, (claim_id, status, charge, paid) in stored_claims.items():
        clp = expected[number][0][1]
        assert (claim_id, status) == (clp[1], clp[2])
        assert (D(charge) / 100, D(paid) / 100) == (D(clp[3]), D(clp[4]))
    claim_refs = dict(ws.execute("SELECT segment, id FROM remit_claims"))
    for number, ref in claim_refs.items():
        segments = expected[number]
        svc = [n for n, e in segments if e[0] == "SVC"]
        cas = sum(triplets(e) for _, e in segments if e[0] == "CAS")
        assert [
            s
            for (s,) in ws.execute(
                "SELECT segment FROM remit_lines WHERE claim_ref = ? ORDER BY line_number", (ref,)
            )
        ] == svc
        assert (
            ws.execute(
                "SELECT COUNT(*) FROM remit_adjustments WHERE claim_ref = ?", (ref,)
            ).fetchone()[0]
            == cas
        )
    plb = [e for e in raw_segments(path) if e[0] == "PLB"]
    assert counts(ws)["remit_provider_adjustments"] == sum(
        1 for e in plb for i in range(3, 15, 2) if i < len(e) and e[i]
    )


def test_the_375_claim_sample_stores_every_claim(ws, conn):
    path = sample("oopfactory_4010_FromNth_835_DeIdent_02.dat")
    result = import_remittances(ws, conn, [path])
    assert [r.outcome for r in result.remittances] == [STORED] * 6
    raw = raw_segments(path)
    assert counts(ws)["remit_claims"] == 375 == sum(1 for s in raw if s[0] == "CLP")
    assert counts(ws)["remit_lines"] == sum(1 for s in raw if s[0] == "SVC")
    assert counts(ws)["remit_adjustments"] == sum(triplets(s) for s in raw if s[0] == "CAS")
    # six transactions share the masked trace 999999999: kept, each with a notice
    notices = [p for p in result.problems if p.column == "TRN02"]
    assert len(notices) == 5 and all("both are kept" in p.message for p in notices)


def test_importing_again_adds_nothing(ws, conn):
    first = import_remittances(ws, conn, [REMIT_DIR])
    if not first.remittances:
        pytest.skip("../shared/reference/x12/835 not present")
    before = counts(ws)
    again = import_remittances(ws, conn, [REMIT_DIR])
    assert counts(ws) == before
    assert {r.outcome for r in again.remittances} == {ALREADY}
    assert "already imported (nothing added)" in again.summary()


def test_a_truncated_file_keeps_its_good_claims_and_the_complete_file_replaces_it(
    ws, conn, tmp_path
):
    text = text_835(three_claims())
    cut = write(tmp_path, text[: text.index("CLP*C3") + 40], "cut.835")
    result = import_remittances(ws, conn, [cut])
    assert [r.outcome for r in result.remittances] == [STORED]
    assert any("looks truncated" in p.message and "claim C3" in p.message for p in result.problems)
    assert [c for (c,) in ws.execute("SELECT claim_id FROM remit_claims")] == ["C1", "C2"]
    full = write(tmp_path, text, "full.835")
    result = import_remittances(ws, conn, [full])
    assert [r.outcome for r in result.remittances] == [REPLACED]
    assert any(
        "replaces the incomplete copy imported from cut.835" in p.message for p in result.problems
    )
    assert [c for (c,) in ws.execute("SELECT claim_id FROM remit_claims ORDER BY id")] == [
        "C1",
        "C2",
        "C3",
    ]
    assert counts(ws)["remittances"] == 1
    result = import_remittances(ws, conn, [cut])
    assert [r.outcome for r in result.remittances] == [NOT_STORED]
    assert "imported complete from full.835" in str(result.problems[-1]) or any(
        "imported complete from full.835" in p.message for p in result.problems
    )
    assert counts(ws)["remit_claims"] == 3


def test_an_837_given_as_an_835_stores_nothing_and_loses_nothing(ws, conn, tmp_path):
    good = write(tmp_path, text_835(three_claims()))
    import_remittances(ws, conn, [good])
    before = counts(ws)
    claim_file = LFH_837 / "demo.autoaccident.837"
    if not claim_file.exists():
        pytest.skip(f"{claim_file} not present (../shared/reference/x12)")
    result = import_remittances(ws, conn, [claim_file])
    assert result.remittances == [] and counts(ws) == before
    (problem,) = [p for p in result.problems if "837" in p.message]
    assert problem.file == claim_file.name and problem.row is not None
    assert "not an 835 remittance" in problem.message


def test_unbalanced_amounts_are_stored_with_a_notice(ws, conn, tmp_path):
    text = text_835(three_claims()).replace("CLP*C2*1*100*48*12", "CLP*C2*1*100*58*12", 1)
    result = import_remittances(ws, conn, [write(tmp_path, text)])
    assert counts(ws)["remit_claims"] == 3
    messages = [str(p) for p in result.problems]
    assert any(
        "claim C2 does not balance" in m and "off by -10.00" in m and "segment" in m
        for m in messages
    )


def test_an_unknown_carc_is_reported_stored_and_said_so(ws, conn, tmp_path):
    from core.remit.code_texts import code_words
    from core.remit.queries import claims, lines, remittances

    text = text_835(three_claims()).replace("CAS*CO*45*40", "CAS*CO*ZZ9*40", 1)
    result = import_remittances(ws, conn, [write(tmp_path, text)])
    (problem,) = [p for p in result.problems if "ZZ9" in p.message]
    assert "not on X12's list" in problem.message and problem.row is not None
    first = claims(ws, remittances(ws)[0].id)[0]
    (line,) = lines(ws, first.id)
    assert [a.reason for a in line.adjustments] == ["ZZ9", "2"]
    said = code_words(ws).adjustment("CO", "ZZ9", D("40.00"))
    assert said.startswith("CO-ZZ9 $40.00") and "ask the payer" in said
    # a reversal's adjustments are negative: the sign goes before the dollar sign
    assert code_words(ws).adjustment("CO", "45", D("-12.50")).startswith("CO-45 -$12.50 ")


def test_a_failed_import_leaves_what_was_stored(ws, conn, tmp_path, monkeypatch):
    import_remittances(ws, conn, [write(tmp_path, text_835(three_claims("EFT1")), "a.835")])
    before = counts(ws)
    from core.remit import store

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "insert_remittance", broken)
    with pytest.raises(sqlite3.OperationalError):
        import_remittances(ws, conn, [write(tmp_path, text_835(three_claims("EFT2")), "b.835")])
    assert counts(ws) == before


def test_the_import_result_as_json(ws, conn, tmp_path):
    denied = PaidClaim(
        "D1",
        [PaidLine("71046", D("90.00"), adjustments=(("CO", "4", D("90.00")),), remarks=("N519",))],
        status="4",
    )
    paid = PaidClaim(
        "P1",
        [
            PaidLine(
                "99213",
                D("100.00"),
                modifiers=("25",),
                allowed=D("60"),
                adjustments=(("CO", "45", D("40.00")), ("PR", "2", D("12.00"))),
            )
        ],
    )
    path = write(
        tmp_path,
        text_835(
            [Payment("EFT9", [denied, paid], provider_adjustments=(("L6", "P1", D("-1.00")),))]
        ),
    )
    data = json.loads(json.dumps(import_remittances(ws, conn, [path]).to_dict()))
    (remit,) = data["remittances"]
    assert (remit["trace"], remit["payer"], remit["paid"]) == ("EFT9", "MEDICARE PART B", "49.00")
    assert [c["status"] for c in remit["claims"]] == ["denied", "paid"]
    d, p = remit["claims"]
    assert d["lines"][0]["adjustments"] == [{"group": "CO", "reason": "4", "amount": "90.00"}]
    assert d["lines"][0]["denied"] and d["lines"][0]["remarks"] == ["N519"]
    line = p["lines"][0]
    assert (
        line["code"],
        line["modifiers"],
        line["units"],
        line["charge"],
        line["allowed"],
        line["paid"],
    ) == ("99213", ["25"], "1", "100.00", "60.00", "48.00")
    assert p["patient_responsibility"] == "12.00" and p["matched_claim"] is None
    assert remit["provider_adjustments"] == [
        {"reason": "L6", "identifier": "P1", "amount": "-1.00", "segment": 24}
    ]
    assert data["problems"] == []


def test_bad_input_never_changes_what_was_stored(ws, conn, tmp_path):
    good = write(tmp_path, text_835(three_claims("GOOD1")), "good.835")
    import_remittances(ws, conn, [good])

    def stored() -> list[tuple]:
        return [
            tuple(row)
            for query in (
                "SELECT * FROM remittances WHERE id = 1",
                "SELECT * FROM remit_claims WHERE remittance_id = 1 ORDER BY id",
                "SELECT * FROM remit_lines WHERE remittance_id = 1 ORDER BY id",
                "SELECT * FROM remit_adjustments WHERE claim_ref IN (SELECT id FROM remit_claims "
                "WHERE remittance_id = 1) ORDER BY rowid",
            )
            for row in ws.execute(query)
        ]

    before = stored()
    text = text_835(three_claims("BAD2"))
    bad = [
        write(tmp_path, text[: text.index("CLP*C2") + 20], "cut.835"),
        write(tmp_path, text.replace("CLP*C1*1*100*48", "CLP*C1*1*100*58", 1), "sums.835"),
        write(
            tmp_path,
            text.replace("CAS*CO*45*40", "CAS*CO*Q99*40", 1).replace("BAD2", "BAD3"),
            "carc.835",
        ),
        write(tmp_path, "", "empty.835"),
        write(tmp_path, "%PDF-1.4 remittance", "eob.pdf"),
        write(tmp_path, text[:50], "isa.835"),
    ]
    claim_file = LFH_837 / "demo.autoaccident.837"
    if claim_file.exists():
        bad.append(claim_file)
    result = import_remittances(ws, conn, bad)
    assert stored() == before
    said = {p.file for p in result.problems}
    assert {"cut.835", "sums.835", "carc.835", "empty.835", "eob.pdf", "isa.835"} <= said
    assert all(p.message for p in result.problems)
    assert not any("Traceback" in p.message for p in result.problems)

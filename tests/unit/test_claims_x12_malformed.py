"""Broken 837 input, written here: each problem names the file and segment, and only the broken
line or claim is lost."""

from __future__ import annotations

from decimal import Decimal

from core.claims_io import load_worklist

ISA = (
    "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *250101*1200*^*"
    "00501*000000001*0*P*:~"
)
HEAD = [
    "GS*HC*S*R*20250101*1200*1*X*005010X222A1",
    "ST*837*0001*005010X222A1",
    "BHT*0019*00*1*20250101*1200*CH",
    "NM1*41*2*SUBMITTER*****46*1",
    "NM1*40*2*RECEIVER*****46*2",
    "HL*1**20*1",
    "NM1*85*2*CLINIC*****XX*1234567893",
    "N3*1 MAIN ST",
    "N4*CHICAGO*IL*60611",
]


def claim(
    claim_id: str,
    charge: str = "100",
    sv1: str = "SV1*HC:99213:25*100*UN*1***1",
    dmg: str = "DMG*D8*19500314*F",
) -> list[str]:
    return [
        "HL*2*1*22*0",
        "SBR*P*18*******MB",
        f"NM1*IL*1*DOE*JANE****MI*M{claim_id}",
        dmg,
        "NM1*PR*2*MEDICARE*****PI*00001",
        f"CLM*{claim_id}*{charge}***11:B:1*Y*A*Y*Y",
        "HI*ABK:C3490*ABF:J449",
        "LX*1",
        sv1,
        "DTP*472*D8*20250314",
    ]


TAIL = ["SE*30*0001", "GE*1*1", "IEA*1*000000001"]


def write(tmp_path, name: str, segments: list[str], isa: str = ISA, sep: str = "~\n"):
    path = tmp_path / name
    path.write_text(isa + "\n" + sep.join(segments) + sep)
    return path


def test_a_well_formed_file_written_here(tmp_path):
    result = load_worklist([write(tmp_path, "ok.837", HEAD + claim("A") + claim("B") + TAIL)])
    assert result.problems == ()
    first, second = result.claims
    assert (first.claim_id, first.patient.id, first.service_zip) == ("A", "MA", "60611")
    assert [d.code for d in first.diagnoses] == ["C34.90", "J44.9"]
    assert first.lines[0].modifiers == ("25",) and second.claim_id == "B"


def test_truncated_file_keeps_the_claims_before_the_cut(tmp_path):
    cut = HEAD + claim("A") + claim("B")[:-1]  # B's line has no DTP
    result = load_worklist([write(tmp_path, "cut.837", cut)])
    assert [c.claim_id for c in result.claims] == ["A"]
    messages = [str(p) for p in result.problems]
    assert any("service line 1 has no DTP*472" in m and "segment 28" in m for m in messages)
    assert any("claim B has no service line" in m for m in messages)
    assert any("looks truncated" in m and "claim B" in m for m in messages)


def test_truncated_after_a_complete_line_marks_the_claim_incomplete(tmp_path):
    result = load_worklist([write(tmp_path, "cut2.837", HEAD + claim("A") + claim("B"))])
    assert [(c.claim_id, c.incomplete) for c in result.claims] == [("A", False), ("B", True)]
    (problem,) = result.problems
    assert problem.claim_id == "B" and "truncated" in problem.message


def test_file_cut_inside_isa(tmp_path):
    path = tmp_path / "stub.837"
    path.write_text("ISA*00*          *00*")
    result = load_worklist([path])
    assert result.claims == ()
    assert "ISA segment is cut short" in result.problems[0].message


def test_clm_with_a_bad_charge_is_reported_and_others_load(tmp_path):
    segments = HEAD + claim("A", charge="1O0.00") + claim("B") + TAIL
    result = load_worklist([write(tmp_path, "bad.837", segments)])
    first, second = result.claims
    assert (first.claim_id, first.total_charge, first.incomplete) == ("A", None, True)
    assert len(first.lines) == 1 and second.total_charge == Decimal("100.00")
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.column, problem.claim_id, problem.kind) == (
        "bad.837",
        16,
        "CLM02",
        "A",
        "segment",
    )
    assert str(problem).startswith("bad.837, segment 16, CLM02: CLM02 total charge '1O0.00'")


def test_bad_service_line_loses_only_that_line(tmp_path):
    two_lines = claim("A") + [
        "LX*2",
        "SV1*HC:93000*abc*UN*1***1",
        "DTP*472*D8*20250314",
        "LX*3",
        "SV1*HC:36415*10*UN*1***X",
        "DTP*472*D8*20250314",
        "LX*4",
        "SV1*HC:85025*20*UN*1***1",
        "DTP*472*D8*20250230",
    ]
    result = load_worklist([write(tmp_path, "lines.837", HEAD + two_lines + claim("B") + TAIL)])
    first, second = result.claims
    assert [line.code for line in first.lines] == ["99213"] and first.incomplete
    assert not second.incomplete
    found = {p.column: p.message for p in result.problems}
    assert "charge 'abc' is not a number" in found["SV102"]
    assert "SV107 pointer 'X'" in found["SV107"]
    assert "'20250230' is not a calendar date" in found["DTP03"]


def test_bad_demographics_are_reported_and_the_claim_loads(tmp_path):
    segments = HEAD + claim("A", dmg="DMG*D8*1950-03-14*X") + TAIL
    result = load_worklist([write(tmp_path, "dmg.837", segments)])
    (loaded,) = result.claims
    assert loaded.patient.dob is None and loaded.patient.sex is None
    assert [p.column for p in result.problems] == ["DMG02", "DMG03"]


def test_institutional_and_non_claim_transactions_are_skipped(tmp_path):
    institutional = ["ST*837*0002*005010X223A2", "CLM*I1*5***11:A:1", "SE*3*0002"]
    remittance = ["ST*835*0003*005010X221A1", "CLP*X", "SE*3*0003"]
    segments = (
        HEAD
        + claim("A")
        + ["SE*30*0001"]
        + institutional
        + remittance
        + ["GE*3*1", "IEA*1*000000001"]
    )
    result = load_worklist([write(tmp_path, "mixed.837", segments)])
    assert [c.claim_id for c in result.claims] == ["A"]
    messages = [p.message for p in result.problems]
    assert any("institutional (837I)" in m for m in messages)
    assert any("835 is not an 837" in m for m in messages)


def test_claim_without_its_provider_and_subscriber_loops(tmp_path):
    segments = (
        HEAD[:5]
        + ["CLM*X*10***11:B:1", "LX*1", "SV1*HC:99213*10*UN*1***1", "DTP*472*D8*20250314"]
        + HEAD[5:]
        + claim("A")
        + TAIL
    )
    result = load_worklist([write(tmp_path, "order.837", segments)])
    assert [c.claim_id for c in result.claims] == ["A"]
    assert "CLM comes before" in result.problems[0].message


def test_other_delimiters_and_segments_one_per_line(tmp_path):
    isa = ISA.replace("*", "|").replace("^", "{").replace(":~", ">\n")
    segments = [s.replace("*", "|").replace(":", ">") for s in HEAD + claim("A") + TAIL]
    path = write(tmp_path, "pipes.txt", segments, isa=isa.rstrip("\n"), sep="\n")
    result = load_worklist([path])
    assert result.problems == ()
    (loaded,) = result.claims
    assert loaded.lines[0].modifiers == ("25",) and loaded.pos == "11"


def test_crlf_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "win.837"
    text = ISA + "\r\n" + "~\r\n".join(HEAD + claim("A") + TAIL) + "~\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    (loaded,) = load_worklist([path]).claims
    assert loaded.claim_id == "A" and loaded.lines[0].dos.year == 2025


def test_more_than_twelve_diagnoses(tmp_path):
    many = "HI*ABK:A000*" + "*".join(f"ABF:B{n:02d}0" for n in range(1, 13))
    segments = HEAD + [s if not s.startswith("HI*") else many for s in claim("A")] + TAIL
    result = load_worklist([write(tmp_path, "dx.837", segments)])
    (loaded,) = result.claims
    assert len(loaded.diagnoses) == 12 and loaded.incomplete
    assert "more than 12 diagnoses: 'B120'" in result.problems[0].message

"""The scrub streams: a worklist read claim by claim from its files (the CLI) is checked exactly as
the same claims held in a list (the desktop app), cross-claim rules included; claims are let go
once checked; scattered claim rows and a file changed between the two reads are handled; and
`scrub --json` / `--jsonl` print what the whole document would be."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from core.claims.model import Claim
from core.claims_io import load_worklist
from core.claims_io.stream import InputChanged, WorklistStream
from core.scrub.engine import (
    CHUNK,
    BoundedMemo,
    check_worklist,
    index_worklist,
    scrub,
    scrub_stream,
)
from tests.support.claims import claim, line
from tests.support.cms_layouts import edits_connection, ptp_line
from tests.support.worklists import HEADER, write_csv

AS_OF = date(2025, 12, 1)
HEAD = HEADER[:-1]  # dx1 and dx2
PTP = [
    ptp_line("20610", "76942", False, "20150101", "*", "1", "Misuse of column two code"),
    ptp_line("11042", "97597", False, "20251001", "*", "1", "Misuse of column two code"),
]
MUE = [
    "20610,2,1 Line Edit,Anatomic Consideration",
    "96372,2,3 Date of Service Edit: Clinical,Clinical: Data",
]


def _row(
    claim_id: str, patient: str, dos: str, code: str, modifiers: str = "", units: str = "1"
) -> list[str]:
    return [
        claim_id,
        "Medicare",
        patient,
        "1950-03-14",
        "F",
        "1234567893",
        "1245319599",
        "11",
        "",
        dos,
        code,
        modifiers,
        units,
        "100.00",
        "A",
        "M17.11",
        "I10",
    ]


# Cross-claim cases, each split over claims of one patient: an NCCI pair (76942 on another
# claim than 20610), an MUE day total (96372 x2 + x1), a duplicate line, a global post-op visit
# (27447, 90 days, then 99213 two weeks later), an add-on without its primary on the claim but
# with it on another; plus a patient with one claim and a line that cannot be read.
ROWS = [
    _row("A1", "P1", "2025-11-03", "20610"),
    _row("A1", "P1", "2025-11-03", "96372", units="2"),
    _row("B7", "P2", "2025-11-04", "99214"),
    _row("A2", "P1", "2025-11-03", "76942"),
    _row("A2", "P1", "2025-11-03", "96372"),
    _row("A3", "P1", "2025-11-03", "20610"),
    _row("C1", "P3", "2025-10-20", "27447"),
    _row("C2", "P3", "2025-11-04", "99213"),
    _row("D1", "P4", "2025-11-05", "11042"),
    _row("D2", "P4", "2025-11-05", "97597"),
    _row("E1", "P5", "not a date", "99213"),
    _row("E1", "P5", "2025-11-06", "99212"),
]


@pytest.fixture
def edits(db_path, tmp_path):
    with edits_connection(db_path, tmp_path, PTP, MUE) as conn:
        yield conn


def _streamed(conn, stream: WorklistStream, keep: int = 0):
    index = index_worklist(stream, keep=keep)
    return list(check_worklist(conn, stream, index, AS_OF))


def test_streamed_from_files_is_the_same_as_held_in_a_list(edits, tmp_path):
    path = write_csv(tmp_path / "worklist.csv", [HEAD, *ROWS])
    loaded = load_worklist([path])
    held = scrub(edits, loaded.claims, AS_OF)
    rules = {f.rule for c in held for f in c.findings}
    assert {"NCCI-PTP", "MUE", "LINE-DUPLICATE", "GLOBAL-POSTOP"} <= rules
    ncci = next(f for c in held for f in c.findings if f.rule == "NCCI-PTP")
    assert "claim A1 line 1" in ncci.message  # the pair crosses claims
    for keep in (0, 100):  # read twice, or read once and kept
        stream = WorklistStream([path])
        streamed = _streamed(edits, stream, keep)
        assert [c.to_dict() for c in streamed] == [c.to_dict() for c in held]
        assert [c.line_amounts for c in streamed] == [c.line_amounts for c in held]
        assert stream.problems == list(loaded.problems) and stream.problems


def test_a_memo_that_starts_afresh_changes_nothing(edits, tmp_path):
    path = write_csv(tmp_path / "worklist.csv", [HEAD, *ROWS])
    held = scrub(edits, load_worklist([path]).claims, AS_OF)
    edits.memo = BoundedMemo(limit=40)  # cleared many times during the scrub
    streamed = _streamed(edits, WorklistStream([path]))
    assert [c.to_dict() for c in streamed] == [c.to_dict() for c in held]
    assert len(edits.memo) <= 40


def test_scattered_claim_rows_are_read_again_whole(edits, tmp_path):
    rows = [HEAD, ROWS[0], ROWS[2], ROWS[1], ROWS[3]]  # A1's rows around B7's
    path = write_csv(tmp_path / "scattered.csv", rows)
    loaded = load_worklist([path])
    assert [c.claim_id for c in loaded.claims] == ["A1", "B7", "A2"]
    stream = WorklistStream([path])
    streamed = _streamed(edits, stream)
    assert [c.claim for c in streamed] == list(loaded.claims)
    assert stream.problems == list(loaded.problems)


def test_several_files_and_repeated_ids_as_load_worklist_says(edits, tmp_path):
    first = write_csv(tmp_path / "a.csv", [HEAD, *ROWS[:3]])
    second = write_csv(tmp_path / "b.csv", [HEAD, *ROWS[:2], *ROWS[3:6]])
    loaded = load_worklist([first, second, tmp_path / "missing.csv"])
    stream = WorklistStream([first, second, tmp_path / "missing.csv"])
    streamed = _streamed(edits, stream)
    assert [c.claim for c in streamed] == list(loaded.claims)
    assert stream.problems == list(loaded.problems)
    assert stream.files_read == list(loaded.files_read)
    assert any("already read from a.csv" in p.message for p in stream.problems)


def test_a_file_changed_between_the_two_reads_is_said(edits, tmp_path):
    path = write_csv(tmp_path / "worklist.csv", [HEAD, *ROWS])
    stream = WorklistStream([path])
    index = index_worklist(stream, keep=0)
    write_csv(path, [HEAD, *ROWS[:4]])
    with pytest.raises(InputChanged, match="worklist.csv changed"):
        list(check_worklist(edits, stream, index, AS_OF))


def test_checked_claims_are_let_go(conn):
    """Nothing holds a claim once it is checked and handed out: a million claims stream."""
    base = claim(line(), claim_id="C0")
    alive: list[weakref.ref[Claim]] = []

    def read() -> Iterator[Claim]:
        for number in range(1500):  # new objects each read, as a file gives
            made = replace(
                base, claim_id=f"C{number}", patient=replace(base.patient, id=f"P{number % 300}")
            )
            alive.append(weakref.ref(made))
            yield made

    held_at: list[int] = []
    for number, checked in enumerate(scrub_stream(conn, read, AS_OF)):
        assert checked.claim.claim_id == f"C{number}"
        if number and number % 500 == 0:
            del checked
            gc.collect()
            held_at.append(sum(ref() is not None for ref in alive[1500:]))
    assert len(alive) == 3000
    assert held_at and max(held_at) <= CHUNK + 2  # the chunk being checked, no more


def _cli(path, db, *options):
    from tests.unit.test_cli import run

    return run("scrub", str(path), "--db", str(db), "--as-of", AS_OF.isoformat(), *options)


def test_json_is_the_whole_document_and_jsonl_the_same_claims(built_db, conn, tmp_path):
    path = write_csv(tmp_path / "worklist.csv", [HEAD, *ROWS])
    loaded = load_worklist([path])
    held = scrub(conn, loaded.claims, AS_OF)
    whole = {
        "as_of": AS_OF.isoformat(),
        "workbook": None,
        "claims": [c.to_dict() for c in held],
        "problems": [p.to_dict() for p in loaded.problems],
    }
    result = _cli(path, built_db, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == json.dumps(whole, indent=2, default=str) + "\n"
    lines = _cli(path, built_db, "--jsonl")
    assert lines.returncode == 0, lines.stderr
    records = [json.loads(text) for text in lines.stdout.splitlines()]
    problems = [r["problem"] for r in records if "problem" in r]
    claims = [r for r in records if "claim_id" in r]
    (summary,) = [r["summary"] for r in records if "summary" in r]
    assert records[-1] == {"summary": summary}
    assert problems == json.loads(json.dumps(whole["problems"], default=str))
    assert claims == json.loads(json.dumps(whole["claims"], default=str))
    assert summary["claims"] == len(held) and summary["problems"] == len(loaded.problems)
    assert summary["errors"] == sum(c.status == "errors" for c in held)
    empty = write_csv(
        tmp_path / "empty.csv",
        [HEAD, ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""]],
    )
    none = _cli(empty, built_db, "--jsonl")
    assert none.returncode == 2 and "no claims could be loaded" in none.stderr


def test_text_report_ends_with_the_counts(built_db, tmp_path):
    path = write_csv(tmp_path / "worklist.csv", [HEAD, *ROWS])
    result = _cli(path, built_db)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == f"checking 9 claims as of {AS_OF.isoformat()}"
    assert any(text.startswith("scrubbed 9 claims as of 2025-12-01: ") for text in out)
    assert "problems reading the input:" in out

"""The scrub on several cores (core/scrub/parallel.py) gives, claim for claim, what one process
gives: cross-claim findings between claims that different workers check included, whether the
workers share the worklist kept in memory (fork, Linux) or are sent each chunk (read twice, or
spawn as on Windows and macOS). A worker that dies or cannot start is said, never waited for."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from contextlib import closing
from datetime import date

import pytest

from core.claims_io.stream import WorklistStream
from core.db import open_readonly
from core.scrub.engine import CHUNK, KEEP_CLAIMS, check_worklist, index_worklist
from core.scrub.parallel import (
    PROCESSES_FROM,
    WorkerFailed,
    check_worklist_in_processes,
    usable_cpus,
    worker_count,
)
from tests.support.cms_layouts import import_edits, ptp_line
from tests.support.worklists import HEADER, write_csv

AS_OF = date(2025, 12, 1)
PTP = [ptp_line("20610", "76942", False, "20150101", "*", "1", "Misuse of column two code")]
MUE = ["96372,2,3 Date of Service Edit: Clinical,Clinical: Data"]
# Claims 2k-1 and 2k are one patient's: the same day with an NCCI pair across them (20610,
# 76942) and an MUE day total (96372 x2 + x1); or, for every fifth patient, a knee replacement
# (90-day global) and a visit two weeks later.
SAME_DAY = ([("20610", "1"), ("96372", "2")], [("76942", "1"), ("96372", "1")])
SURGERY = ([("27447", "1")], [("99213", "1")])


def _rows(claims: int) -> list[list[str]]:
    rows = [HEADER[:-1]]
    for number in range(claims):
        patient, second = divmod(number + 1, 2)
        surgery = patient % 5 == 4
        day = 1 + patient % 14 + (14 if surgery and second else 0)
        for code, units in (SURGERY if surgery else SAME_DAY)[second]:
            rows.append(
                [f"C{number}", "Medicare", f"P{patient}", "1950-03-14", "F", "1234567893"]
                + ["1245319599", "11", "", f"2025-11-{day:02d}", code, "", units, "100.00"]
                + ["A", "M17.11", "I10"]
            )
    return rows


@pytest.fixture(scope="module")
def worklist(tmp_path_factory, built_db):
    folder = tmp_path_factory.mktemp("processes")
    db = folder / "reference.sqlite"
    db.write_bytes(built_db.read_bytes())
    import_edits(db, folder, PTP, MUE)
    # claims C255 and C256 (one patient's day) fall in different chunks, and so workers
    path = write_csv(folder / "worklist.csv", _rows(3 * CHUNK + 40))
    conn = open_readonly(db)
    stream = WorklistStream([path])
    one_process = list(check_worklist(conn, stream, index_worklist(stream), AS_OF))
    conn.close()
    return db, path, one_process


def _same(checked, expected) -> None:
    assert [c.claim for c in checked] == [c.claim for c in expected]
    assert [c.to_dict() for c in checked] == [c.to_dict() for c in expected]
    assert [c.line_amounts for c in checked] == [c.line_amounts for c in expected]


def test_cross_claim_findings_reach_across_chunks(worklist):
    _, _, one_process = worklist
    rules = {f.rule for c in one_process for f in c.findings}
    assert {"NCCI-PTP", "MUE", "GLOBAL-POSTOP"} <= rules
    across = one_process[CHUNK].findings  # C256, whose day began on C255 in the chunk before
    assert any("claim C255" in f.message for f in across), across


@pytest.mark.parametrize("keep", [0, 100_000], ids=["read twice", "kept in memory"])
def test_two_workers_give_what_one_process_gives(worklist, keep):
    db, path, one_process = worklist
    stream = WorklistStream([path])
    index = index_worklist(stream, keep=keep)
    with closing(open_readonly(db)) as conn:
        checked = list(check_worklist_in_processes(conn, stream, index, AS_OF, 2))
    _same(checked, one_process)


def test_workers_started_as_on_windows_and_macos(worklist):
    db, path, one_process = worklist
    stream = WorklistStream([path])
    index = index_worklist(stream)
    with closing(open_readonly(db)) as conn:
        checked = list(check_worklist_in_processes(conn, stream, index, AS_OF, 2, method="spawn"))
    _same(checked, one_process)


def test_a_worker_that_cannot_open_the_database_is_said_not_waited_for(worklist, tmp_path):
    db, path, _ = worklist
    gone = tmp_path / "gone.sqlite"
    gone.write_bytes(db.read_bytes())
    stream = WorklistStream([path])
    index = index_worklist(stream)
    with closing(open_readonly(gone)) as conn:
        gone.unlink()  # this connection still reads it; a worker opening it finds nothing
        with pytest.raises(WorkerFailed, match="--jobs 1"):
            list(check_worklist_in_processes(conn, stream, index, AS_OF, 2))
    assert not multiprocessing.active_children()


def test_a_worker_killed_midway_is_said_not_waited_for(worklist, tmp_path):
    db, _, _ = worklist
    path = write_csv(tmp_path / "long.csv", _rows(20 * CHUNK))  # more chunks than sent ahead
    stream = WorklistStream([path])
    conn = open_readonly(db)
    checked = check_worklist_in_processes(conn, stream, index_worklist(stream), AS_OF, 2)
    assert next(checked).claim.claim_id == "C0"
    workers = multiprocessing.active_children()
    assert len(workers) == 2
    os.kill(workers[0].pid, signal.SIGKILL)
    with pytest.raises(WorkerFailed, match="killed"):
        list(checked)
    conn.close()
    assert not multiprocessing.active_children()  # the other worker is stopped too


def test_how_many_workers():
    assert worker_count(PROCESSES_FROM - 1, 4) == 0  # small: one process is quicker
    assert worker_count(100_000, 1) == 0
    assert worker_count(100_000, 3) == 3
    assert worker_count(PROCESSES_FROM, 64) == -(-PROCESSES_FROM // CHUNK)  # a chunk each at most
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert usable_cpus() == cores
    assert worker_count(KEEP_CLAIMS, None) == (cores if cores > 1 else 0)
    assert worker_count(KEEP_CLAIMS + 1, None) == 0  # not kept in memory: memory before speed
    assert worker_count(KEEP_CLAIMS + 1, 2) == 2


def _cli(*args: str):
    from tests.unit.test_cli import run

    return run("scrub", *args)


def test_jobs_must_be_a_number_of_processes(built_db, worklist):
    _, path, _ = worklist
    for jobs in ("0", "many", "65"):
        result = _cli(str(path), "--db", str(built_db), "--jobs", jobs)
        assert result.returncode == 2
        assert f"'{jobs}': give a number of processes from 1 to 64" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork start method")
def test_the_command_line_on_two_cores_prints_what_one_prints(worklist, tmp_path):
    db, _, _ = worklist
    path = write_csv(tmp_path / "large.csv", _rows(PROCESSES_FROM + 100))
    printed = {}
    for jobs in ("1", "2"):
        args = (str(path), "--db", str(db), "--as-of", AS_OF.isoformat(), "--json")
        result = _cli(*args, "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        printed[jobs] = json.loads(result.stdout)
    assert len(printed["2"]["claims"]) == PROCESSES_FROM + 100
    assert printed["2"] == printed["1"]

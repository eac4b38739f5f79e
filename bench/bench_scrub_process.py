"""Scrub as a biller's batch runs it: the whole `scrub` process (start-up, CSV in, every rule,
JSON out) over generated worklists, with 1,000,000 NCCI edits and an MUE table loaded.

    python bench/bench_scrub_process.py [--claims 10000,100000] [--mode json,jsonl,xlsx]
                                        [--jobs default,1] [--rounds 3] [--fresh]

Each run is its own process (`main.py scrub WORKLIST --db DB --as-of 2025-12-31 --no-history
--json > out`, through _measured.py, which reads the process's own peak RSS, VmHWM); its wall
time, CPU time (workers included) and peak RSS are printed (the process's, its largest
worker's, and the peak of all of them together as PSS, which counts shared pages once), and
the median of the rounds.
`--jobs default` lets the scrub use a process per core (2 here); `--jobs 1` checks in one
process, which gives the throughput per core.
Targets: 10,000 claims at >= 2,500 claims/s (JSON out); 100,000 claims under 300 MB peak RSS;
1,000,000 claims (pass --claims 1000000) under 1 GB with time per claim as at 100,000.
The machine is shared: run the rounds back to back and read the medians."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from _scrub_data import AS_OF, reference_db, worklist

HERE = Path(__file__).resolve().parent
MODES = {
    "json": ["--json"],
    "jsonl": ["--jsonl"],
    "xlsx": ["-o", "{out}.xlsx"],
}


class Run(NamedTuple):
    seconds: float
    rss: float  # the scrub process's peak RSS, MB
    written: int  # bytes of output
    cpu: float  # CPU seconds, its workers' included
    worker_rss: float  # the largest worker's peak RSS, MB (0: no workers)
    total: float  # the peak of the process and its workers' memory together (PSS), MB


def run_once(inputs: Path, db: Path, mode: str, jobs: str, folder: Path) -> Run:
    out = folder / "out"
    args = [a.format(out=out) for a in MODES[mode]]
    if jobs != "default":
        args += ["--jobs", jobs]
    command = [
        sys.executable,
        str(HERE / "_measured.py"),
        "scrub",
        str(inputs),
        "--db",
        str(db),
        "--as-of",
        AS_OF.isoformat(),
        "--no-history",
        *args,
    ]
    peak = folder / "peak"
    env = {
        **os.environ,
        "BILLING_ASSISTANT_HOME": str(folder / "home"),
        "BENCH_PEAK_FILE": str(peak),
    }
    total = 0.0
    with (folder / "stdout").open("wb") as stdout, (folder / "stderr").open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        while True:
            total = max(total, _tree_pss_mb(process.pid))
            try:  # each sample reads the page tables: ~5 ms of CPU a process
                process.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                continue
        seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"scrub failed ({process.returncode}): {(folder / 'stderr').read_text()[-2000:]}")
    written = (folder / "stdout").stat().st_size
    if mode == "xlsx":
        written = Path(f"{out}.xlsx").stat().st_size
    rss, cpu, worker_rss = (float(v) for v in peak.read_text().split())
    return Run(seconds, rss, written, cpu, worker_rss, total)


def _tree_pss_mb(pid: int) -> float:
    """The proportional set size of a process and its children, MB (Linux; 0 elsewhere): pages
    the workers share with the process that forked them count once, split between them.
    Sampled every 0.5 s, so a shorter peak can be missed."""
    pss = 0
    for each in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass  # ended meanwhile, or not Linux
    return pss / 1024


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="10000,100000")
    parser.add_argument("--mode", default="json")
    parser.add_argument("--jobs", default="default", help="default (a process per core), or N")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached database")
    args = parser.parse_args()
    db = reference_db(args.fresh)
    for claims in (int(n) for n in args.claims.split(",")):
        inputs = worklist(claims, db)
        lines = sum(1 for _ in inputs.open()) - 1
        rounds = args.rounds if claims <= 100_000 else 1
        for mode in args.mode.split(","):
            for jobs in args.jobs.split(","):
                results = []
                for _ in range(rounds):
                    with tempfile.TemporaryDirectory(prefix="bench-scrub-") as folder:
                        results.append(run_once(inputs, db, mode, jobs, Path(folder)))
                _print(claims, lines, mode, jobs, results)


def _print(claims: int, lines: int, mode: str, jobs: str, results: list[Run]) -> None:
    seconds = statistics.median(r.seconds for r in results)
    cpu = statistics.median(r.cpu for r in results)
    rss = statistics.median(r.rss for r in results)
    workers = statistics.median(r.worker_rss for r in results)
    total = statistics.median(r.total for r in results)
    each = ", ".join(f"{r.seconds:.2f} s ({r.cpu:.2f} CPU) / {r.rss:.0f} MB" for r in results)
    print(
        f"scrub {claims:,} claims ({lines:,} lines) --{mode} --jobs {jobs}: median "
        f"{seconds:.2f} s = {claims / seconds:,.0f} claims/s ({claims / cpu:,.0f} per CPU "
        f"second), {seconds / claims * 1e6:.0f} us/claim; peak RSS {rss:.0f} MB"
        + (f" (largest worker {workers:.0f} MB)" if workers else "")
        + f", all processes together (PSS) {total:.0f} MB"
        + f"; output {results[-1].written / 1e6:.1f} MB  [{len(results)} rounds: {each}]",
        flush=True,
    )


if __name__ == "__main__":
    main()

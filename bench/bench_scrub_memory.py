"""What the streaming scrub holds: the memory a claim costs in the worklist index (the only
thing kept for the whole worklist), and the process's resident memory after the index is built
and at the end of the check, for a generated worklist (_scrub_data.py).

    python bench/bench_scrub_memory.py [--claims 100000]

The index's own bytes are counted with tracemalloc in a first read (it slows that read down);
the resident memory is measured in a second, untraced run."""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from pathlib import Path

from _measured import peak_mb
from _scrub_data import AS_OF, reference_db, worklist

from core.claims_io.stream import WorklistStream
from core.db import open_readonly
from core.scrub.engine import BoundedMemo, check_worklist, index_worklist


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def index_bytes(path: Path) -> tuple[int, int, float]:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = index_worklist(WorklistStream([path]), keep=0)
    gc.collect()
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return index.claims, index.lines, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    db = reference_db()
    path = worklist(args.claims, db)
    claims, lines, size = index_bytes(path)
    print(
        f"index of {claims:,} claims ({lines:,} lines): {size / 2**20:.1f} MB, "
        f"{size / claims:.0f} bytes a claim, {size / lines:.0f} a line (tracemalloc)"
    )
    gc.collect()
    start = rss_mb()
    stream = WorklistStream([path])
    started = time.perf_counter()
    index = index_worklist(stream, keep=0)
    gc.freeze()
    print(
        f"  resident after the index: {rss_mb():.0f} MB (at the start {start:.0f} MB), "
        f"{time.perf_counter() - started:.1f} s"
    )
    conn = open_readonly(db)
    conn.memo = BoundedMemo()
    checked = sum(1 for _ in check_worklist(conn, stream, index, AS_OF))
    print(
        f"  checked {checked:,} claims in {time.perf_counter() - started:.1f} s; resident "
        f"{rss_mb():.0f} MB at the end, peak {peak_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()

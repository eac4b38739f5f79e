"""Run main.py's command line in this process and write, to the file named by BENCH_PEAK_FILE
when it exits: its peak RSS (MB), the CPU seconds of it and its worker processes together, and
the largest worker's peak RSS (MB; 0 without workers). The kernel's high-water mark of this
process's own memory (VmHWM) is read. A worker started by fork counts in its peak the pages it
shares with this process (the worklist index), so this peak plus each worker's overstates what
the scrub takes together."""

from __future__ import annotations

import os
import resource
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    sys.argv = [str(ROOT / "main.py"), *sys.argv[1:]]
    sys.path.insert(0, str(ROOT))
    try:
        runpy.run_path(str(ROOT / "main.py"), run_name="__main__")
    finally:
        sys.stdout.flush()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime
        Path(os.environ["BENCH_PEAK_FILE"]).write_text(
            f"{peak_mb():.1f} {cpu:.2f} {workers.ru_maxrss / 1024:.1f}"
        )


if __name__ == "__main__":
    main()

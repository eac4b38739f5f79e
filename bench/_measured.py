"""Run main.py's command line in this process and write its peak RSS (MB) and CPU seconds to
the file named by BENCH_PEAK_FILE when it exits. The kernel's high-water mark of this process's
own memory (VmHWM) is read: a child's ru_maxrss also counts the memory of the process that
started it."""

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
        Path(os.environ["BENCH_PEAK_FILE"]).write_text(
            f"{peak_mb():.1f} {usage.ru_utime + usage.ru_stime:.2f}"
        )


if __name__ == "__main__":
    main()

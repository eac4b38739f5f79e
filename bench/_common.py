"""Helpers shared by the benchmarks: timing, peak memory, and where the real CMS files are."""

from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CMS_DIR = ROOT.parent / "shared" / "reference" / "cms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(label: str, target_seconds: float | None = None):
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    verdict = ""
    if target_seconds is not None:
        met = "OK" if seconds < target_seconds else "MISSED"
        verdict = f"  target < {target_seconds:g} s: {met}"
    print(f"{label}: {seconds:.2f} s{verdict}")


def require_cms() -> None:
    if not CMS_DIR.exists():
        sys.exit(f"skipped: {CMS_DIR} not present (the real CMS files are needed)")

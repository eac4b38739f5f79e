"""Start-up times from process start, warm (database built, bytecode cached), median of several
runs: `lookup 77011` printed (target < 0.2 s) and the window shown (target < 0.5 s), from the
checkout and, when packaging/build.py has built it, from dist/billing-assistant/. The first
launch with an empty data folder is timed too: the checkout builds the database, the packaged
app copies the one it ships (target < 3 s). CPU seconds (user + system) are printed beside
wall seconds: on a busy machine the wall time says more about the neighbours.

    python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT

FROZEN = ROOT / "dist" / "billing-assistant"
SHOWN = "window shown"


def children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(
    command: list[str], env: dict[str, str], until: str | None = None
) -> tuple[float, float]:
    """(wall, cpu) seconds from starting the process to the first stdout line `until`, or to
    its exit; cpu is the whole process's."""
    cpu = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    seconds = None
    for line in process.stdout:
        if until is not None and seconds is None and line.strip() == until:
            seconds = time.perf_counter() - started
    if process.wait() != 0:
        sys.exit(f"{' '.join(command)} failed with status {process.returncode}")
    wall = seconds if seconds is not None else time.perf_counter() - started
    return wall, children_cpu() - cpu


def report(label: str, runs: list[tuple[float, float]], target: float) -> None:
    walls = [wall for wall, _ in runs]
    median = statistics.median(walls)
    cpu = statistics.median(c for _, c in runs)
    verdict = "OK" if median < target else "MISSED"
    print(
        f"{label}: median {median:.3f} s wall (min {min(walls):.3f}, max {max(walls):.3f}; "
        f"{cpu:.3f} s CPU) of {len(runs)} runs  target < {target:g} s: {verdict}",
        flush=True,
    )


def measure(name: str, cli: list[str], gui: list[str], runs: int, first_target: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        env = {**os.environ, "BILLING_ASSISTANT_HOME": home, "BILLING_ASSISTANT_SMOKE": "1"}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's checkout caches its bytecode
        report(
            f"{name}: first launch, empty data folder, window shown",
            [timed_run(gui, env, until=SHOWN)],
            first_target,
        )
        timed_run([*cli, "lookup", "77011"], env)  # warm-up
        report(
            f"{name}: lookup 77011",
            [timed_run([*cli, "lookup", "77011"], env) for _ in range(runs)],
            0.2,
        )
        report(
            f"{name}: window shown", [timed_run(gui, env, until=SHOWN) for _ in range(runs)], 0.5
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    python = [sys.executable, "main.py"]
    measure("checkout", python, python, runs, first_target=30)
    exe = ".exe" if os.name == "nt" else ""
    if (FROZEN / f"billing-assistant{exe}").exists():
        measure(
            "packaged",
            [str(FROZEN / f"billing-assistant{exe}")],
            [str(FROZEN / f"billing-assistant-gui{exe}")],
            runs,
            first_target=3,
        )
    else:
        print(f"packaged: skipped ({FROZEN} not built: python packaging/build.py)")


if __name__ == "__main__":
    main()

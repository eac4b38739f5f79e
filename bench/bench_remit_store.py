"""Remittances into the workspace: the 375-claim de-identified sample (target < 1 s), a generated
100,000-claim 835 answering a 100,000-claim worklist (matched, denials judged, every line priced
against the Medicare fee of its ZIP's locality; target < 30 s, peak RSS < 1 GB), then the views
over its ~300,000 lines: the denial patterns (target < 200 ms), the summary, the to-work list and
the scrubber's denial history. Prints seconds, counts and peak RSS."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _common import peak_rss_mb, timed
from _remit_data import CLAIMS, CODES, SAMPLE, adjusted, answered_claim

from core.claims.model import Claim, Diagnosis, Patient, ServiceLine, Source
from core.db import open_readonly, open_writable
from core.remit.history import load_denial_history
from core.remit.importing import import_remittances
from core.remit.patterns import denial_patterns, summary
from core.remit.queries import to_work
from core.sources.build import build_reference_db
from core.sources.importer import import_paths
from core.workspace import open_workspace
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, write_835

DENIALS = ["50", "97", "16", "4", "197", "236", "18", "29"]
ZIP5 = [
    "NY100011320201 Z9   0 A" + " " * 52 + "20254",
    "CA902100118218 Z9   0 A" + " " * 52 + "20254",
]
SOURCE = Source("bench worklist")


def plan(
    seed: int = 7,
) -> Iterator[tuple[int, date, str, list[tuple[str, tuple, Decimal]], str | None]]:
    """The same claims for the worklist and the remittance: about 3 lines, 1 in 10 denied."""
    rng = random.Random(seed)
    for number in range(1, CLAIMS + 1):
        dos = date(2025, 10, 1) + timedelta(days=rng.randrange(90))
        denial = rng.choice(DENIALS) if rng.random() < 0.1 else None
        lines = [
            (*rng.choice(CODES), Decimal(rng.randrange(2000, 40000)) / 100)
            for _ in range(rng.choice([2, 3, 4]))
        ]
        yield number, dos, rng.choice(["10001", "90210"]), lines, denial


def worklist() -> list[Claim]:
    claims = []
    for number, dos, zip_code, lines, _ in plan():
        claims.append(
            Claim(
                f"C{number:06d}",
                "Medicare",
                Patient(f"M{number:08d}", date(1950, 1, 1), "F"),
                "1234567893",
                "1245319599",
                "11",
                zip_code,
                (Diagnosis(1, "I10"),),
                tuple(
                    ServiceLine(n, dos, code, mods, Decimal(1), charge, (1,), SOURCE)
                    for n, (code, mods, charge) in enumerate(lines, start=1)
                ),
                SOURCE,
            )
        )
    return claims


def answers() -> Iterator[PaidClaim]:
    for number, dos, _, lines, denial in plan():
        paid_lines = []
        for n, (code, mods, charge) in enumerate(lines, start=1):
            _, adjustments = adjusted(charge, denial)  # no allowed amount (AMT*B6) sent
            paid_lines.append(
                PaidLine(
                    code,
                    charge,
                    modifiers=mods,
                    service_date=dos,
                    adjustments=adjustments,
                    control_number=f"C{number:06d}-{n}",
                )
            )
        yield answered_claim(number, paid_lines, denial)


def reference(folder: Path) -> Path:
    path = folder / "reference.sqlite"
    build_reference_db(path)
    (folder / "zip5").mkdir()
    (folder / "zip5" / "ZIP5_OCT2025.txt").write_text("\n".join(ZIP5) + "\n")
    conn = open_writable(path)
    try:
        import_paths(conn, [folder / "zip5"])
    finally:
        conn.close()
    return path


def sample(ref_path: Path, folder: Path) -> None:
    if not SAMPLE.exists():
        print(f"skipped the sample benchmark: {SAMPLE} not present")
        return
    ws, ref = open_workspace(folder / "sample.sqlite"), open_readonly(ref_path)
    with timed(f"{SAMPLE.name} (375 claims) imported into the workspace", target_seconds=1):
        result = import_remittances(ws, ref, [SAMPLE])
    print(f"  {result.summary()}")
    ws.close()
    ref.close()


def views(ws) -> None:
    lines = ws.execute("SELECT COUNT(*) FROM remit_lines").fetchone()[0]
    best = min(_seconds(lambda: denial_patterns(ws)) for _ in range(5))
    verdict = "OK" if best < 0.2 else "MISSED"
    print(
        f"pattern view over {lines:,} lines: {best * 1000:.0f} ms (best of 5)  "
        f"target < 200 ms: {verdict}"
    )
    print(f"  {len(denial_patterns(ws))} patterns")
    for label, call in (
        ("summary (charts)", lambda: summary(ws)),
        ("to-work list (top 5,000)", lambda: to_work(ws)),
        ("denial history for the scrubber", lambda: load_denial_history(ws)),
    ):
        print(f"{label}: {min(_seconds(call) for _ in range(3)) * 1000:.0f} ms")


def _seconds(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with timed("reference database built (bundled data + a ZIP5 file)"):
            ref_path = reference(folder)
        sample(ref_path, folder)
        path = folder / "generated.835"
        paid = sum((c.paid_amount() for c in answers()), Decimal(0))
        with timed(f"generated 835 written ({CLAIMS:,} claims)"):
            write_835(path, [Payment("EFT0001", answers(), payment_amount=paid)])
        print(f"  {path.stat().st_size / 1e6:.1f} MB")
        with timed(f"worklist of {CLAIMS:,} claims built in memory"):
            claims = worklist()
        ws, ref = open_workspace(folder / "workspace.sqlite"), open_readonly(ref_path)
        cpu = time.process_time()
        with timed(
            f"generated 835 imported ({CLAIMS:,} claims: read, matched, judged, priced, stored)",
            target_seconds=30,
        ):
            result = import_remittances(ws, ref, [path], claims, keep_claims=False)
        print(
            f"  CPU {time.process_time() - cpu:.2f} s (the machine is shared: wall time "
            f"includes waiting for a core)"
        )
        print(f"  {result.summary()}; {len(result.problems)} problems")
        del claims
        print(f"  peak RSS so far {peak_rss_mb():.0f} MB")
        underpaid, basis = ws.execute(
            "SELECT COUNT(*), MIN(expected_basis) FROM remit_lines WHERE expected_cents IS NOT NULL"
        ).fetchone()
        print(f"  {underpaid:,} lines with an expected payment ({basis})")
        views(ws)
        ws.close()
        ref.close()
    peak = peak_rss_mb()
    print(f"peak RSS: {peak:.0f} MB  target < 1024 MB: {'OK' if peak < 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()

"""835 remittances in: the 375-claim de-identified sample (target < 1 s) and a generated
100,000-claim 835 written by tests/support/x12_835_writer.py (target < 30 s, peak RSS < 1 GB).
The generated file is written from a generator and read a chunk at a time. Prints seconds,
sizes and peak RSS."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _common import peak_rss_mb, timed
from _remit_data import CLAIMS, CODES, SAMPLE, adjusted, answered_claim

from core.remit.balance import balance_notices
from core.remit.x12_835 import read_835
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, write_835

DENIALS = ["50", "97", "16", "29", "197", "236", "4", "18"]


def claims(seed: int = 7) -> Iterator[PaidClaim]:
    """About 3 lines a claim; one claim in ten denied."""
    rng = random.Random(seed)
    for number in range(1, CLAIMS + 1):
        dos = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
        denial = rng.choice(DENIALS) if rng.random() < 0.1 else None
        lines = []
        for line_number in range(1, rng.choice([2, 3, 4]) + 1):
            code, modifiers = rng.choice(CODES)
            charge = Decimal(rng.randrange(2000, 40000)) / 100
            allowed, adjustments = adjusted(charge, denial)
            lines.append(
                PaidLine(
                    code,
                    charge,
                    modifiers=modifiers,
                    service_date=dos,
                    allowed=allowed,
                    adjustments=adjustments,
                    remarks=("N130",) if denial else (),
                    control_number=f"C{number:06d}-{line_number}",
                )
            )
        yield answered_claim(number, lines, denial)


def main() -> None:
    if SAMPLE.exists():
        with timed(f"{SAMPLE.name} (375 claims) read", target_seconds=1):
            result = read_835(SAMPLE)
        lines = sum(len(c.lines) for c in result.claims)
        print(
            f"  {len(result.remittances)} remittances, {len(result.claims)} claims, "
            f"{lines} lines, {len(result.problems)} problems"
        )
    else:
        print(f"skipped the sample benchmark: {SAMPLE} not present")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.835"
        paid = sum((c.paid_amount() for c in claims()), Decimal(0))
        with timed(f"generated 835 written ({CLAIMS:,} claims)"):
            write_835(path, [Payment("EFT0001", claims(), payment_amount=paid)])
        print(f"  {path.stat().st_size / 1e6:.1f} MB; peak RSS so far {peak_rss_mb():.0f} MB")
        with timed(f"generated 835 read ({CLAIMS:,} claims)", target_seconds=30):
            result = read_835(path)
        lines = sum(len(c.lines) for c in result.claims)
        print(f"  {len(result.claims):,} claims, {lines:,} lines, {len(result.problems)} problems")
        with timed("balance checked"):
            notices = balance_notices(result.remittances)
        print(f"  {len(notices)} notices")
    peak = peak_rss_mb()
    print(f"peak RSS: {peak:.0f} MB  target < 1024 MB: {'OK' if peak < 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()

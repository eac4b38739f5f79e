"""A worklist of one patient with thousands of claims over two years (issue 16, item 8: the scrub
was quadratic in a patient's claims), with a knee replacement whose 90-day post-operative period
covers later visits: what the scrub benchmark and the scrub tab's re-scrub test share."""

from __future__ import annotations

from datetime import date, timedelta

from core.claims.model import Claim
from tests.support.claims import claim, line

CODES = ["99213", "20610", "11042", "97110", "36415", "93000", "99214"]
FIRST_DAY = date(2025, 1, 1)
SURGERY = "27447"  # total knee arthroplasty: 090 global days


def one_patient(count: int, days: int = 730) -> list[Claim]:
    """`count` claims of patient P1, two lines each, spread over `days` days; every 50th is a
    surgery."""
    claims = []
    for i in range(count):
        day = FIRST_DAY + timedelta(days=i * days // count)
        first = SURGERY if i % 50 == 25 else CODES[i % len(CODES)]
        claims.append(
            claim(
                line(1, first, dos=day),
                line(2, CODES[(i + 3) % len(CODES)], dos=day),
                claim_id=f"C{i:05d}",
            )
        )
    return claims

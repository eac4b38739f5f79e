"""PFS status codes: which are paid under the fee schedule, and why the others are not."""

from __future__ import annotations

PAYABLE_STATUSES = frozenset("ART")

STATUS_MEANINGS = {
    "A": "active: paid separately under the fee schedule",
    "B": "bundled: never paid separately; payment is included in other services",
    "C": "carrier priced: the Medicare contractor sets the amount case by case",
    "D": "deleted code",
    "E": "excluded from the fee schedule by regulation; paid, if covered, under other rules",
    "F": "deleted or discontinued code (no grace period)",
    "G": "not valid for Medicare: another code is used (90-day grace period)",
    "H": "deleted modifier: this 26/TC component no longer exists",
    "I": "not valid for Medicare: Medicare uses another code for this service",
    "J": "anesthesia service: priced with base and time units, not RVUs",
    "M": "measurement code: for quality reporting only, no payment",
    "N": "not covered by Medicare",
    "P": "bundled or excluded: no separate payment under the fee schedule",
    "R": "restricted coverage: paid only in the circumstances CMS allows",
    "T": "injection paid only when no other fee schedule service is billed that day",
    "X": "statutory exclusion: not a physician service (e.g. lab, ambulance); paid under "
         "another fee schedule",
}


def status_explanation(status: str) -> str:
    meaning = STATUS_MEANINGS.get(status, "an unknown status")
    return f"PFS status {status}: {meaning}. No fee schedule amount is computed."

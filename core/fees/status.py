"""PFS status codes for pricing: which are paid under the fee schedule, and why others are not.
The meanings themselves live in core/pfs_indicators.py, shared with the code lookup."""

from __future__ import annotations

from ..refdata.pfs_indicators import PAYABLE_STATUSES, STATUS

__all__ = ["PAYABLE_STATUSES", "status_explanation"]


def status_explanation(status: str) -> str:
    meaning = STATUS.get(status, "An unknown status.").rstrip(".")
    if status in ("E", "X"):  # RVU read-me, Attachment A: paid, when covered, outside the PFS
        return (
            f"PFS status {status}: {meaning}. Medicare pays it under another fee schedule "
            "(clinical lab, ambulance, DMEPOS, drug ASP pricing...) that this app does not "
            "hold: no amount is computed here."
        )
    return f"PFS status {status}: {meaning}. No fee schedule amount is computed."

"""One way to report progress and to cancel, for every long job (build, import, worklist load,
scrub, export).

A long operation takes `progress: Progress | None` and calls it now and then with what it is
doing and the fraction done (0.0 to 1.0). The caller cancels by raising `Cancelled` from that
call: the operation lets it propagate, and because every write is one transaction or a
temporary file renamed into place, nothing half-done is left behind.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, message: str, fraction: float, /) -> None: ...


class Cancelled(Exception):
    """The user cancelled the job; nothing was written."""

    def __init__(self, message: str = "Cancelled: nothing was written.") -> None:
        super().__init__(message)


def no_progress(message: str, fraction: float, /) -> None:
    """The progress callback of a caller that does not follow progress."""


def share(progress: Progress, start: float, end: float) -> Progress:
    """A progress callback for one part of a job, covering start..end of the whole."""

    def report(message: str, fraction: float, /) -> None:
        progress(message, start + (end - start) * min(max(fraction, 0.0), 1.0))

    return report

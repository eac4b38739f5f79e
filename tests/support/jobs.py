"""Helpers for the GUI job tests: reach into a job's worker at its progress reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def before_each_report(make_op: Callable[..., Any], hook: Callable[[str], object]):
    """`make_op` (a job's op factory: its arguments -> op(progress)) with `hook(text)` called in
    the worker at each progress report, before the report goes on: a test holds the worker
    there (an Event's wait) or notes that it got that far."""

    def wrapped(*args, **kwargs):
        op = make_op(*args, **kwargs)

        def run(progress):
            def report(text: str, fraction: float) -> None:
                hook(text)
                progress(text, fraction)

            return op(report)

        return run

    return wrapped

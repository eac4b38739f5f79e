"""A guard against a PySide6 refcount bug: under PySide6 6.12 with Python 3.11, every signal
emitted from Python (SignalInstance.emit) drops one reference to True that it never owned;
after some hundreds of emits the interpreter aborts with "bool_dealloc: deallocating True or
False". `emit()` gives the reference back, and `worker_signal_received()` does so for a signal
the shared Worker emitted, only when the running PySide shows the leak (measured once here)."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 16


class _Probe(QObject):
    ping = Signal()


def _give_back(count: int) -> None:
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def _measure() -> bool:
    if sys.version_info >= (3, 12):     # True is immortal: nothing to give back
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost >= _PROBES:
        _give_back(lost)
        return True
    return False


LEAKS = _measure()


def emit(signal: Any, *args: object) -> None:
    signal.emit(*args)
    if LEAKS:
        _give_back(1)


def worker_signal_received() -> None:
    """Call once in the slot of each signal a ui.workers.Worker emitted."""
    if LEAKS:
        _give_back(1)

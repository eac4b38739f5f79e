"""Guard against the PySide6 6.12.0 refcount bug: every signal emitted from Python 3.11 dropped a
reference to True and the interpreter aborted after some thousands of signals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    progress = Signal(str, float)


def test_emitting_signals_keeps_python_refcounts_intact(qtbot):
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: received.append(None))
    emitter.progress.connect(lambda text, value: received.append(value))
    before = sys.getrefcount(True)
    for _ in range(5000):  # the buggy release aborted the interpreter well before this
        emitter.plain.emit()
        emitter.progress.emit("step", 0.5)
    assert len(received) == 10000
    assert sys.getrefcount(True) >= before - 10

"""Python's garbage collector runs in the GUI thread only.

Automatic collection can start in whichever thread happens to allocate, a worker included; when
it frees a Qt widget there (a closed tab or dialog caught in a reference cycle), Qt aborts the
process. So automatic collection is switched off and a timer in the GUI thread collects, as often
as the collector's own thresholds ask (the approach calibre takes)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their threshold, here and now."""
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = (
                2 if counts[2] > self.threshold[2] else 1 if counts[1] > self.threshold[1] else 0
            )
            gc.collect(generation)

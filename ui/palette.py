"""The app's colours, named by what they mean, so a status looks the same on every tab: red
for errors, denials and missing data, amber for warnings, reductions and stale data, green for
clean and current, grey for not yet checked, blue for information."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

RED = "#fde2e1"
AMBER = "#fff1cc"
GREEN = "#e3f4e1"
GREY = "#eeeeee"
BLUE = "#e4eefb"
HINT_TEXT = "#555555"
MUTED_TEXT = "#6b6b6b"  # a value that is not there or not current


def brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


def badge(text: str, colour: str) -> str:
    """Rich text: `text` on the colour, as the status counts above a table show it."""
    return f"<span style='background:{colour}'>&nbsp;{text}&nbsp;</span>"

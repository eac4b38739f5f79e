"""A horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials): one bar
per label, the value written at the end of the bar, the longest bar filling the width."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = 18
GAP = 8
MARGIN = 10


class BarChart(QWidget):
    def __init__(
        self,
        title: str,
        colour: str = "#c0504d",
        value_text: Callable[[Decimal], str] = str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.title = title
        self.colour = QColor(colour)
        self.value_text = value_text
        self.bars: list[tuple[str, Decimal]] = []
        self.empty_text = "Nothing to show for this period."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: Sequence[tuple[str, Decimal]]) -> None:
        self.bars = list(bars)
        self.setToolTip(
            "\n".join(f"{label}: {self.value_text(value)}" for label, value in self.bars)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        rows = max(len(self.bars), 1)
        return QSize(420, 2 * MARGIN + 28 + rows * (BAR + GAP))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(self.palette().text().color())
        painter.drawText(MARGIN, MARGIN + metrics.ascent(), self.title)
        painter.setFont(self.font())
        top = MARGIN + 28
        if not self.bars:
            painter.drawText(MARGIN, top + metrics.ascent(), self.empty_text)
            painter.end()
            return
        width = self.width() - 2 * MARGIN
        label_width = min(
            max(metrics.horizontalAdvance(label) for label, _ in self.bars) + 12, int(width * 0.45)
        )
        value_width = max(metrics.horizontalAdvance(self.value_text(v)) for _, v in self.bars)
        bar_room = max(width - label_width - value_width - 12, 20)
        largest = max((v for _, v in self.bars), default=Decimal(0)) or Decimal(1)
        for index, (label, value) in enumerate(self.bars):
            y = top + index * (BAR + GAP)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 12)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(MARGIN, y, label_width - 8, BAR),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                shown,
            )
            length = float(bar_room * max(value, Decimal(0)) / largest)
            painter.fillRect(
                QRectF(MARGIN + label_width, y + 2, max(length, 1.0), BAR - 4), self.colour
            )
            painter.drawText(
                QRectF(MARGIN + label_width + length + 6, y, value_width + 6, BAR),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                self.value_text(value),
            )
        painter.end()

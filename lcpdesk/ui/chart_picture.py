"""How a chart reaches the screen: :func:`render` draws a figure to a ``QImage`` in a worker
(matplotlib's Agg renderer; a QImage, unlike a QPixmap, may be made off the UI thread), and
:class:`ChartPicture` paints it on the UI thread, which costs a few milliseconds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

LAYOUT_DPI = 100  # figures are laid out at 100 dots per inch (lcpdesk.charts.style.DPI)


def render(figure: Any, size: QSize, ratio: float) -> QImage:
    """Draw ``figure`` at ``size`` logical pixels on a screen of device pixel ``ratio`` (in a
    worker: a QImage, unlike a QPixmap, may be made off the UI thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure.set_size_inches(size.width() / LAYOUT_DPI, size.height() / LAYOUT_DPI)
    figure.set_dpi(LAYOUT_DPI * ratio)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    height, width = pixels.shape[:2]
    image = QImage(bytes(pixels), width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
    image.setDevicePixelRatio(ratio)
    return image


def drawing_floor(figure: Any) -> QSize:
    """The smallest size a figure is drawn at: three fifths of the size it was laid out for
    (smaller, its text would crowd out the plot). A smaller widget shows it scaled down."""
    width, height = figure.get_size_inches()
    return QSize(int(width * LAYOUT_DPI * 0.6), int(height * LAYOUT_DPI * 0.6))


def natural_min_size(figure: Any) -> tuple[int, int]:
    """Four fifths of the size the figure was laid out for: smaller than that, scroll."""
    width, height = figure.get_size_inches()
    return int(width * LAYOUT_DPI * 0.8), int(height * LAYOUT_DPI * 0.8)


class ChartPicture(QWidget):
    """Paints the rendered image; tells its view when its size changes."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is not None:  # scaled, not stretched, while a resized one is drawn
            shape = self.image.deviceIndependentSize().toSize()
            shape.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(QPoint(0, 0), shape), self.image)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

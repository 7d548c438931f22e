"""A chart on screen: the figure is built off the UI thread (matplotlib is imported there the
first time), then shown on a QtAgg canvas, which is imported only then, so that opening the
window never pays for matplotlib. Save chart… writes a PNG or SVG, also in a worker, from a
fresh figure (the one on screen belongs to the UI thread)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from lcpdesk.ui import prompts
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, TaskRunner

log = logging.getLogger(__name__)

FILTERS = "PNG image (*.png);;SVG image (*.svg)"
Build = Callable[[], Any]  # returns a matplotlib Figure


def file_stem(text: str) -> str:
    """A file name from a chart's title: letters, digits, spaces and dashes."""
    stem = re.sub(r"[^\w\- ]+", "", text).strip()
    return re.sub(r"\s+", " ", stem)[:80] or "chart"


class ChartView(QWidget):
    """``ready`` when a new figure is on screen; ``saved(path)`` when a chart was saved."""

    ready = Signal()
    saved = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        accessible_name: str,
        *,
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.setAccessibleName(accessible_name)
        self.figure: Any = None  # the matplotlib Figure on screen
        self.canvas: QWidget | None = None
        self._build: Build | None = None
        self._key: object = None
        self._token = 0
        self._stale = False
        self._stem = "chart"
        self._empty_text = empty_text
        self.placeholder = QLabel(empty_text)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAccessibleName(f"{accessible_name}: note")
        self.placeholder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.save_button = QPushButton("Sa&ve chart…")
        self.save_button.setAccessibleName("Save chart")
        self.save_button.setToolTip("Save the chart as a PNG or SVG image")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.placeholder, 1)

    # ------------------------------------------------------------------ what is shown

    def show_chart(self, key: object, build: Build | None, stem: str = "chart") -> None:
        """Show the figure ``build()`` makes; the same ``key`` as last time changes nothing.

        ``build`` None clears the view (the placeholder text shows).
        """
        if build is None:
            self._key = None
            self._build = None
            self._token += 1
            self._clear(self._empty_text)
            return
        if key == self._key:
            return
        self._key = key
        self._build = build
        self._stem = file_stem(stem)
        self._token += 1
        if self.isVisible():
            self._start()
        else:
            self._stale = True  # drawn when the view is first shown

    def refresh(self) -> None:
        """Draw again even if nothing seems to have changed."""
        self._key = object()
        if self._build is not None:
            self._token += 1
            if self.isVisible():
                self._start()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._build is not None:
            self._start()

    def _start(self) -> None:
        self._stale = False
        build, token = self._build, self._token
        assert build is not None
        if self.figure is None:
            self.placeholder.setText("Drawing the chart…")

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            return build()

        self.tasks.run(
            "Drawing a chart",
            work,
            writes=False,
            show_progress=False,
            on_success=lambda figure: self._ready(token, figure),
        )

    def _ready(self, token: int, figure: Any) -> None:
        if token != self._token:
            return  # the selection moved on while it was drawn
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setAccessibleName(self.accessibleName())
        canvas.setMinimumSize(160, 120)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._drop_canvas()
        self.placeholder.hide()
        self._layout.addWidget(canvas, 1)
        self.canvas = canvas
        self.figure = figure
        self.save_button.setEnabled(True)
        self.ready.emit()

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()
            self.canvas = None
        self.figure = None

    def _clear(self, text: str) -> None:
        self._drop_canvas()
        self.placeholder.setText(text)
        self.placeholder.show()
        self.save_button.setEnabled(False)

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        if self.figure is None and self._build is None:
            self.placeholder.setText(text)

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        build = self._build
        if build is None:
            return
        path = prompts.save_file(self, "Save chart", FILTERS, Path(f"{self._stem}.png"))
        if path is None:
            return

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            from lcpdesk.charts.common import save_figure

            return save_figure(build(), path)

        def done(written: object) -> None:
            self.tasks.message.emit(f"Chart saved to {written}")
            self.saved.emit(str(written))

        self.tasks.run("Saving the chart", work, writes=False, show_progress=False, on_success=done)

"""The one chart widget. The UI thread never builds or draws a figure:

* a worker calls the chart's *build* function (``lcpdesk.charts``: a plain matplotlib
  ``Figure``) and renders the figure with matplotlib's Agg renderer to a ``QImage`` at the
  size the widget has on screen (matplotlib is imported there, the first time, so opening the
  window never pays for it);
* the UI thread only paints that image; after a resize it paints the old image scaled until a
  worker has rendered the figure again at the new size;
* every request carries a token: an answer for a chart the user has since left (another
  measure, partnership or period) is dropped, never shown;
* Save chart… asks where through :mod:`lcpdesk.ui.prompts` and writes PNG, SVG or PDF from a
  fresh figure, in a worker, by :func:`lcpdesk.charts.save.save_figure` (its naming rule:
  the chosen file-type filter gives the extension a name lacks).

A chart is drawn only when it is on screen; one asked for while hidden waits to be shown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.charts.save import FORMATS, target_path
from lcpdesk.ui import prompts
from lcpdesk.ui.chart_picture import ChartPicture, drawing_floor, render
from lcpdesk.ui.tasks import CancelledFn, ProgressFn, TaskRunner

log = logging.getLogger(__name__)

Build = Callable[[], Any]  # returns a matplotlib Figure; runs in a worker
MinSize = Callable[[Any], tuple[int, int]]  # figure -> smallest size before scrolling
FILTERS = ";;".join(f"{label} (*.{kind})" for kind, label in FORMATS.items())
RESIZE_PAUSE_MS = 120  # redraw once the user has stopped resizing for this long
SMALLEST = (160, 120)


def file_stem(text: str) -> str:
    """A file name from a chart's title: letters, digits, spaces and dashes."""
    stem = re.sub(r"[^\w\- ]+", "", text).strip()
    return re.sub(r"\s+", " ", stem)[:80] or "chart"


def chosen_format(file_filter: str) -> str | None:
    """The chart format a file-dialog filter such as ``SVG drawing (*.svg)`` stands for."""
    return next((k for k in re.findall(r"\*\.(\w+)", file_filter) if k in FORMATS), None)


class ChartView(QWidget):
    """``ready`` when a new figure is on screen; ``saved(path)`` when a chart was saved.

    ``figure`` is the figure on screen (drawn in a worker; read it, do not draw with it) and
    ``canvas`` the widget showing it, once there is one. ``save_button`` is for the owner to
    place in its tool row."""

    ready = Signal()
    saved = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        accessible_name: str,
        *,
        empty_text: str = "",
        min_size: MinSize | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.setAccessibleName(accessible_name)
        self.figure: Any = None
        self.canvas: ChartPicture | None = None
        self.save_folder: Path | None = None
        self._min_size: MinSize = min_size or (lambda _figure: SMALLEST)
        self._request_min_size = self._min_size
        self._build: Build | None = None
        self._key: object = None
        self._stem: Callable[[], str] = lambda: "chart"
        self._token = 0  # the request whose answer may be shown
        self._due = False  # asked for, not drawn yet
        self._running: int | None = None  # token of the job drawing for the chart shown
        self._drawn_at = QSize()
        self._floor = QSize()
        self._empty_text = empty_text

        self.placeholder = QLabel(empty_text)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAccessibleName(f"{accessible_name}: note")
        self.picture = ChartPicture()
        self.picture.setAccessibleName(f"{accessible_name} chart")
        self.picture.resized.connect(self._on_resized)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName(f"{accessible_name} chart area")
        self.scroll_area.setWidget(self.picture)
        self.body = QStackedWidget()
        self.body.addWidget(self.placeholder)
        self.body.addWidget(self.scroll_area)
        self.save_button = QPushButton("Sa&ve chart…")
        what = accessible_name.lower()
        self.save_button.setAccessibleName(f"Save {what}" + ("" if "chart" in what else " chart"))
        self.save_button.setToolTip(
            "Save as a PNG picture, or as an SVG or PDF drawing (stays sharp in reports)"
        )
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_PAUSE_MS)
        self._resize_timer.timeout.connect(self._redraw_at_new_size)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.body, 1)

    # ------------------------------------------------------------------ what is shown

    def show_chart(
        self,
        key: object,
        build: Build | None,
        stem: str | Callable[[], str] = "chart",
        *,
        savable: bool = True,
        min_size: MinSize | None = None,
    ) -> None:
        """Show the figure ``build()`` makes (in a worker); the same ``key`` as last time
        changes nothing. ``build`` None clears the view: the empty text shows.

        ``min_size(figure)`` (default: the view's) is the size below which it scrolls."""
        if build is None:
            self._key, self._build, self._due = None, None, False
            self._token += 1
            self._clear(self._empty_text)
            return
        if key == self._key and self._build is not None:
            return
        self._key, self._build = key, build
        self._request_min_size = min_size or self._min_size
        self._stem = stem if callable(stem) else partial(str, stem)
        self._token += 1
        self._due = True
        self.save_button.setEnabled(savable)
        if self.figure is None:
            self.placeholder.setText("Drawing the chart…")
        self._show_page()
        self._draw_if_due()

    def refresh(self) -> None:
        """Draw again even if nothing seems to have changed."""
        if self._build is not None:
            self._key = object()
            self._token += 1
            self._due = True
            self._draw_if_due()

    @property
    def drawing(self) -> bool:
        """A chart has been asked for and is not on screen yet."""
        return self._build is not None and (self._due or self._running == self._token)

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        if self._build is None:
            self.placeholder.setText(text)

    def can_draw(self) -> bool:
        """Whether the chart is on screen (subclasses add their own conditions)."""
        return self.isVisible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_if_due()

    def _show_page(self) -> None:
        shown = self.figure is not None and self._build is not None
        self.body.setCurrentWidget(self.scroll_area if shown else self.placeholder)

    def _clear(self, text: str) -> None:
        self.figure = None
        self.picture.image = None
        self._drawn_at = QSize()
        self.placeholder.setText(text)
        self.save_button.setEnabled(False)
        self._show_page()

    # ------------------------------------------------------------------ drawing

    def _draw_if_due(self) -> None:
        """Start drawing once the event loop has laid the widget out, so the size it is drawn
        at is the size it is shown at: after two turns of the loop, because a parent shown
        with it gets its show event (and may queue its own sizing, as a splitter's owner
        does) after this widget."""
        if self._due and self._build is not None and self.can_draw():
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._start_drawing))

    def _start_drawing(self) -> None:
        if not self._due or self._build is None or not self.can_draw():
            return  # already started, cleared, or hidden again
        self._due = False
        build, min_size = self._build, self._request_min_size
        size, ratio = self._target_size(), self.devicePixelRatioF()

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            figure = build()
            minimum, floor = min_size(figure), drawing_floor(figure)
            at = size.expandedTo(QSize(*minimum)).expandedTo(floor)
            return figure, minimum, floor, at, render(figure, at, ratio)

        self._run("Drawing a chart", work)

    def _redraw_at_new_size(self) -> None:
        """The chart shown, drawn again at the widget's new size (same figure, same token)."""
        figure = self.figure
        if figure is None or self._running == self._token or not self.can_draw():
            return
        size, ratio = self._wanted(), self.devicePixelRatioF()
        if size == self._drawn_at or self.picture.size().isEmpty():
            return
        minimum, floor = (self.picture.minimumWidth(), self.picture.minimumHeight()), self._floor

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            return figure, minimum, floor, size, render(figure, size, ratio)

        self._run("Drawing a chart", work)

    def _run(self, title: str, work: Callable[[ProgressFn, CancelledFn], object]) -> None:
        token = self._token
        self._running = token
        task = self.tasks.run(
            title,
            work,
            writes=False,
            show_progress=False,
            on_success=lambda result: self._arrived(token, result),
        )
        if task is not None:
            task.done.connect(lambda: self._finished(token))

    def _target_size(self) -> QSize:
        viewport = self.scroll_area.viewport().size()
        if self.body.currentWidget() is not self.scroll_area or viewport.isEmpty():
            frame = 2 * self.scroll_area.frameWidth()  # the placeholder's page: same room
            viewport = self.body.size() - QSize(frame, frame)
        return viewport.expandedTo(QSize(*SMALLEST))

    def _wanted(self) -> QSize:
        """The size to draw the chart shown at, for the picture's present size."""
        return self.picture.size().expandedTo(self._floor)

    def _arrived(self, token: int, result: Any) -> None:
        if token != self._token:
            log.debug("chart answer %s dropped: the view has moved on to %s", token, self._token)
            return
        figure, minimum, floor, size, image = result
        new = figure is not self.figure
        self.figure = figure
        self._drawn_at, self._floor = size, floor
        self.picture.setMinimumSize(*minimum)
        self.picture.image = image
        self.canvas = self.picture
        self._show_page()
        self.picture.update()
        if new:
            self.ready.emit()

    def _finished(self, token: int) -> None:
        if self._running == token:
            self._running = None
        resized = self.figure is not None and self._wanted() != self._drawn_at
        if token == self._token and resized:
            self._resize_timer.start()  # resized while it was drawn
        self._draw_if_due()

    def _on_resized(self) -> None:
        if self.figure is not None:
            self._resize_timer.start()

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        build = self._build
        if build is None or not self.save_button.isEnabled():
            return
        name = f"{file_stem(self._stem())}.png"
        suggested = self.save_folder / name if self.save_folder else Path(name)
        title = self.save_button.accessibleName()
        answer = prompts.save_file_as(self, title, FILTERS, suggested)
        if answer is None:
            return
        path, kind = target_path(answer[0], chosen_format(answer[1]) or "png")
        self.save_folder = path.parent

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            from lcpdesk.charts.save import save_figure

            return save_figure(build(), path, kind)

        def done(written: object) -> None:
            self.tasks.message.emit(f"Chart saved to {written}")
            self.saved.emit(str(written))

        self.tasks.run("Saving the chart", work, writes=False, show_progress=False, on_success=done)

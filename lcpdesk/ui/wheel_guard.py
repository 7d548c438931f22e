"""The mouse wheel scrolls the panel; it never changes a value by accident.

A drop-down or a spin box that the user has not focused (clicked, tabbed into) lets the
wheel pass to the panel under it, so scrolling over a maturity form never re-scores a
dimension. One application-wide event filter does it for every widget, installed once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)


class WheelGuard(QObject):
    """Sends the wheel over an unfocused value widget to the scroll area holding it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        target = _value_widget(watched)
        if target is None or target.hasFocus():
            return False
        area = _scroll_area(target)
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True


def _value_widget(widget: QWidget) -> QWidget | None:
    """The combo box or spin box ``widget`` is (or is part of: a spin box's line edit)."""
    for w in (widget, widget.parentWidget()):
        if isinstance(w, QComboBox | QAbstractSpinBox):
            return w
    return None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def install() -> None:
    """Install the guard on the running application (once; later calls do nothing)."""
    app = QApplication.instance()
    if app is None or app.findChild(WheelGuard) is not None:
        return
    app.installEventFilter(WheelGuard(app))

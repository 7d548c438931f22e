"""At 200% text on a 1366×768 and a 1920×1080 screen the Overview pane and the Reports dialog
still fit: what does not fit scrolls (tables, charts) instead of being cut off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtWidgets import QApplication
from ui_helpers import click_navigator, settle

from lcpdesk.ui.dialogs.reports import ReportsDialog
from lcpdesk.ui.panes.overview import OverviewPane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def big_text() -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    normal = QApplication.font()
    doubled = app.font()
    doubled.setPointSizeF(font.pointSizeF() * 2)
    QApplication.setFont(doubled)
    try:
        yield doubled
    finally:
        QApplication.setFont(normal)


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)])
def test_the_overview_fits_at_200_percent_text(
    qtbot: Any, demo_store: Any, data_dir: Path, big_text: Any, screen: Any
) -> None:
    from PySide6.QtCore import QSettings

    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window(qtbot, demo_store, data_dir, settings)
    window.resize(*screen)
    leeds = window.membership.area_named("Leeds")
    click_navigator(qtbot, window, leeds.id, None)
    pane = next(p for p in window.panes if isinstance(p, OverviewPane))
    window.show_pane(pane)
    settle(qtbot, window)
    assert pane.font().pointSizeF() == big_text.pointSizeF()
    need = pane.minimumSizeHint()
    have = window.tabs.currentWidget().size()
    assert need.width() <= have.width() and need.height() <= have.height()
    combo = pane.period_combo
    assert combo.visibleRegion().boundingRect().width() >= combo.sizeHint().width() - 2
    dialog = window.show_reports()
    assert isinstance(dialog, ReportsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.width() <= screen[0] and dialog.height() <= screen[1]
    assert dialog.save_button.width() >= dialog.save_button.sizeHint().width()
    dialog.reject()

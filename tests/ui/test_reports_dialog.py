"""File ▸ Reports…: the selected partnership's profile is made in a worker (the window stays
free), saved where the user says, and can then be opened."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from PySide6.QtCore import Qt
from ui_helpers import click_navigator, settle

from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.reports import ReportsDialog

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def test_reports_makes_the_selected_partnerships_profile(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any, scripted_prompts: Any
) -> None:
    tmp_path = data_dir.parent
    window = make_window(qtbot, demo_store, data_dir, settings)
    svc = window.membership
    leeds = svc.area_named("Leeds")
    armley = next(p for p in svc.partnerships(leeds.id) if p.name == "Armley")
    click_navigator(qtbot, window, leeds.id, armley.id)
    window.reports_action.trigger()
    dialog = window.findChild(ReportsDialog)
    assert dialog is not None and dialog.profile.isChecked()
    assert dialog.period.currentText() == "2020/21 Q2"  # the newest period assessed
    out = tmp_path / "armley.pdf"
    scripted_prompts.answer(prompts.SAVE_FILE, str(out))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=60000)
    settle(qtbot, window)
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True)
    assert "Armley: partnership profile" in text.stdout
    assert str(out) in dialog.outcome.text()

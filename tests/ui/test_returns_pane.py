"""The Returns pane: a quarter's returns for the selected area, written out and consolidated
through the pane (folder pickers answered, the work in the task runner), the rows and the
summary a programme office reads, the missing list copied, the master workbook exported."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import make_window
from PySide6.QtGui import QGuiApplication
from pytestqt.qt_compat import qt_api

from lcpdesk.services.membership import MembershipService
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.panes.returns import ReturnsPane
from tests.helpers.quarter import make_folder
from tests.services.returns_helpers import snapshot

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

NOW = "2026/27 Q3"
SHOTS = Path(os.environ["LCPDESK_SCREENSHOTS"]) if os.environ.get("LCPDESK_SCREENSHOTS") else None


@pytest.fixture
def window(qtbot: Any, demo_store: Store, data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, demo_store, data_dir, settings)


def open_pane(qtbot: Any, window: Any, demo_store: Store) -> ReturnsPane:
    pane = next(p for p in window.panes if isinstance(p, ReturnsPane))
    window.show_pane(pane)
    leeds = MembershipService(demo_store).area_named("Leeds")
    combo = pane.view.period_combo
    combo.setCurrentIndex(combo.findData(NOW))
    pane.period = NOW
    window.navigate(leeds.id, None)
    qtbot.waitUntil(lambda: pane.view.model.rowCount() == 18, timeout=20000)
    return pane


def statuses(pane: ReturnsPane) -> dict[str, str]:
    model = pane.view.model
    return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}


def test_the_model_passes_the_model_tester(qtbot: Any, qtmodeltester: Any, window: Any,
                                           demo_store: Store) -> None:  # fmt: skip
    pane = open_pane(qtbot, window, demo_store)
    qtmodeltester.check(pane.view.model)
    assert set(statuses(pane).values()) == {"not sent"}
    assert pane.view.heading.text() == "Leeds: returns for 2026/27 Q3"


def test_write_consolidate_copy_and_export_through_the_pane(
    qtbot: Any, window: Any, demo_store: Store, scripted_prompts: Any, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, window, demo_store)
    out, folder = tmp_path / "out", tmp_path / "in"
    out.mkdir()

    scripted_prompts.answer(prompts.CHOOSE_FOLDER, str(out))
    pane.actions_by_name["write"].trigger()
    qtbot.waitUntil(lambda: statuses(pane).get("Armley") == "sent", timeout=60000)
    assert len(list(out.glob("*.xlsx"))) == 18
    assert all(s == "sent" for s in statuses(pane).values())

    make_folder(demo_store, folder, NOW)
    before = snapshot(demo_store)
    scripted_prompts.answer(prompts.CHOOSE_FOLDER, str(folder))
    pane.actions_by_name["consolidate"].trigger()
    qtbot.waitUntil(lambda: statuses(pane).get("Armley") == "accepted", timeout=60000)
    shown = statuses(pane)
    assert shown["Beeston"] == "accepted" and shown["Central"] == "refused"
    assert shown["Aire Valley"] == "sent"
    info = [p for p in scripted_prompts.of_kind(prompts.INFO) if "consolidated" in p.title]
    assert info and "4 accepted, 5 refused, 1 superseded" in info[-1].text
    assert "Developping" in info[-1].detail
    assert "Accepted 4" in pane.view.summary.plain_text()
    assert "Consolidate the 2026/27 Q3 returns of Leeds" in window.undo_action.text()

    pane.actions_by_name["missing"].trigger()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Returns still missing for Leeds, 2026/27 Q3:")
    assert "- Central (refused)" in text and "Armley" not in text

    master = tmp_path / "master.xlsx"
    scripted_prompts.answer(prompts.SAVE_FILE, str(master))
    pane.actions_by_name["master"].trigger()
    qtbot.waitUntil(master.is_file, timeout=30000)
    window.tasks.wait(10000)
    book = openpyxl.load_workbook(master)
    assert "Problems" in book.sheetnames and book["Summary"]["A1"].value == "Partnership"
    if SHOTS:
        pane.view.table.selectRow(1)
        window.resize(1400, 860)
        qtbot.wait(200)
        window.grab().save(str(SHOTS / "returns_pane.png"))

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: statuses(pane).get("Armley") != "accepted", timeout=30000)
    assert snapshot(demo_store) == before
    assert qt_api is not None

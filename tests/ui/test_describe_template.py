"""Describe template… in the window: open a partner's workbook, click its cells and choose
lcpdesk's fields from the searchable list, save; then a filled copy imported with File ▸ Import
files… is recognised by the saved description without asking which template it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from helpers.partner_books import CELLS, build_partner_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from lcpdesk.io.datamaps import field_names
from lcpdesk.io.partner_fill import fill_partner_workbook
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.describe_template import DescribeTemplateDialog
from tests.services.returns_helpers import unit_id

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
NOW = "2026/27 Q3"


@pytest.fixture
def window(qtbot: Any, demo_store: Store, data_dir: Path, settings: Any) -> Any:
    return make_window(qtbot, demo_store, data_dir, settings)


def click_cell(qtbot: QtBot, dialog: DescribeTemplateDialog, sheet: str, cell: str) -> None:
    dialog.sheet.setCurrentText(sheet)
    row = int("".join(c for c in cell if c.isdigit())) - 1
    col = ord(cell[0]) - ord("A")
    rect = dialog.grid_view.visualRect(dialog.grid.index(row, col))
    qtbot.mouseClick(dialog.grid_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose(qtbot: QtBot, dialog: DescribeTemplateDialog, name: str) -> None:
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, name)
    found = [
        dialog.fields.index(r, 0)
        for r in range(dialog.fields.rowCount())
        if dialog.fields.index(r, 0).data() == name
    ]
    assert found, f"{name} is not in the list"
    rect = dialog.field_list.visualRect(found[0])
    qtbot.mouseClick(dialog.field_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_describe_by_clicking_then_a_filled_copy_is_recognised(
    qtbot: QtBot,
    qtmodeltester: Any,
    window: Any,
    tmp_path: Path,
    scripted_prompts: Any,
) -> None:
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    window.describe_action.trigger()
    dialog = window.findChild(DescribeTemplateDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    scripted_prompts.answer(prompts.OPEN_FILES, [partner])
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Front", "Scores", "Lookups"
    ]  # fmt: skip
    assert dialog.grid.index(2, 0).data() == "Partnership"
    qtmodeltester.check(dialog.grid)
    names = dict(field_names())
    for (sheet, cell), key in CELLS.items():
        click_cell(qtbot, dialog, sheet, cell)
        choose(qtbot, dialog, names[key])
        assert dialog.use_button.isEnabled()
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert len(dialog.choices) == len(CELLS)
    chosen = {c.key: c for c in dialog.choices}
    assert chosen["cover.partnership"].label == "Partnership"
    assert chosen["goals[].status"].label == "RAG"  # a table column: its header
    assert chosen["cover.completed_on"].type == "date"  # proposed from its number format
    dialog.sheet.setCurrentText("Front")
    assert dialog.grid.index(2, 1).data(Qt.ItemDataRole.ToolTipRole) == "lcpdesk field: Partnership"
    dialog.key.setText("council-monitoring")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    data_dir = window.store.path.parent
    assert (data_dir / "templates" / "council-monitoring-v1.toml").is_file()
    assert dialog.share_button.isEnabled()
    share = tmp_path / "shared.toml"
    scripted_prompts.answer(prompts.SAVE_FILE, str(share))
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert share.read_bytes() == dialog.saved.path.read_bytes()
    dialog.close()

    # A partner sends the workbook back filled: it is recognised without asking.
    armley = unit_id(window.store, "Armley")
    content = ReturnsService(window.store).gather(armley, NOW, filled=True)
    filled = tmp_path / "council filled.xlsx"
    fill_partner_workbook(content, dialog.saved.description, partner, filled)
    asked = len(scripted_prompts.seen)
    scripted_prompts.answer(prompts.OPEN_FILES, [filled])
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(window.returns.dialogs), timeout=20000)
    preview = window.returns.dialogs[0].preview
    assert preview.content is not None
    assert (preview.content.cover.partnership, preview.content.cover.period) == ("Armley", NOW)
    assert preview.content.template.key == "council-monitoring"
    assert [p.kind for p in scripted_prompts.seen[asked:]] == [prompts.OPEN_FILES]


def test_a_datamap_loaded_in_the_dialog_recognises_the_workbook(
    qtbot: QtBot, tmp_path: Path, scripted_prompts: Any
) -> None:
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    datamap = tmp_path / "council.csv"
    datamap.write_text(
        "cell_key,template_sheet,cellreference,type\nLCP,Front,B3,TEXT\n"
        "Reporting Quarter,Front,B4,TEXT\nDate completed,Front,B5,DATE\n"
        "Owner's budget,Scores,B4,NUMBER\n"
    )
    mapping = tmp_path / "map.csv"
    mapping.write_text("LCP,cover.partnership\nReporting Quarter,Period\n")
    dialog = DescribeTemplateDialog(tmp_path / "data")
    try:
        check_datamap_dialog(dialog, partner, datamap, mapping, scripted_prompts)
    finally:  # destroyed here, in the GUI thread (not by a later garbage collection)
        Shiboken.delete(dialog)


def check_datamap_dialog(
    dialog: DescribeTemplateDialog, partner: Path, datamap: Path, mapping: Path, scripted: Any
) -> None:
    from lcpdesk.io import partner_fill_describe as describe

    assert dialog.open_workbook(partner)
    left = dialog.load_datamap(datamap, mapping)
    assert left == ["Owner's budget"]
    told = scripted.of_kind(prompts.INFO)
    assert told and "Owner's budget" in told[-1].detail
    labels = {c.key: c.label for c in dialog.choices}
    assert labels == {  # the words beside each cell in the workbook: its fingerprint
        "cover.partnership": "Partnership",
        "cover.period": "Quarter",
        "cover.completed_on": "Date completed",
    }
    saved = dialog.save()
    assert saved is not None
    assert describe.fits(saved.description, partner)


def test_export_into_a_partner_template_fills_a_copy(
    qtbot: QtBot, window: Any, tmp_path: Path, scripted_prompts: Any
) -> None:
    from helpers.partner_books import changed_entries, describe_workbook, describe_workbook_text
    from ui_helpers import click_navigator

    from lcpdesk.io.return_reader import read_return
    from lcpdesk.services import returns_templates

    partner = build_partner_workbook(tmp_path / "council.xlsx")
    desc = describe_workbook(partner)
    assert window.export_into_action.isEnabled()
    window.export_into_action.trigger()  # nothing selected yet: told to choose one
    assert scripted_prompts.of_kind(prompts.INFO)[-1].text.startswith("Choose a partnership")
    store = window.store
    armley = unit_id(store, "Armley")
    area = GoalsService(store).find_partnership("Armley", "Leeds")[0].id
    click_navigator(qtbot, window, area, armley)
    dialog = window.export_into_partner()
    qtbot.waitExposed(dialog)
    dialog.period.setCurrentText(NOW)
    scripted_prompts.answer(prompts.OPEN_FILES, [partner])
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "filled.xlsx"
    # Not described yet: the worker's refusal is shown, nothing is written.
    scripted_prompts.answer(prompts.SAVE_FILE, str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(scripted_prompts.of_kind(prompts.ERROR)), timeout=20000)
    assert "no saved template description" in scripted_prompts.of_kind(prompts.ERROR)[-1].text
    assert not target.exists()
    returns_templates.save_text(describe_workbook_text(partner), store.path.parent)
    scripted_prompts.answer(prompts.SAVE_FILE, str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    read = read_return(target, description=desc)
    assert read.content is not None
    assert (read.content.cover.partnership, read.content.cover.period) == ("Armley", NOW)
    assert changed_entries(partner, target) <= {
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml"
    }  # fmt: skip

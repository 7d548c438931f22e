"""Data out of every table: many rows selected by keyboard, Ctrl+C copies them with the header
as cells, File ▸ Export table… writes the table as filtered and sorted, and a real spreadsheet
program (LibreOffice) reads the numbers back as numbers."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

import pytest
from helpers.libreoffice import convert, soffice  # noqa: F401  (the fixture)
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QTableView
from test_membership_pane import open_area
from ui_helpers import activate, membership_pane, settle, type_into

from lcpdesk.ui import prompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _select_first_two(qtbot: Any, window: Any) -> Any:
    pane = open_area(qtbot, window, window_ids(window))
    table = pane.table
    activate(qtbot, window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, CTRL)
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    return pane


def window_ids(window: Any) -> dict[str, int]:
    svc = window.membership
    found: dict[str, int] = {}
    for a in svc.areas():
        found[a.name] = a.id
        found.update({p.name: p.id for p in svc.partnerships(a.id)})
    return found


def test_every_data_table_selects_many_rows_and_has_copy_and_export(window):
    assert len(window.panes) >= 4  # builds every pane (each is built when first shown)
    tables = [t for t in window.findChildren(QTableView) if t.property("table_tools")]
    assert len(tables) >= 5  # practices, area table, flow matrix, goals, resources...
    for t in tables:
        assert t.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
        assert {a.text() for a in t.actions()} >= {"&Copy", "E&xport table…"}


def test_ctrl_c_copies_the_selected_rows_with_their_header(qtbot, window):
    pane = _select_first_two(qtbot, window)
    assert len(pane.table.selectionModel().selectedRows()) == 2
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(pane.table, Qt.Key.Key_C, CTRL)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:2] == ["Code", "Practice"]
    assert [line.split("\t")[0] for line in lines[1:]] == ["A10001", "A10002"]
    assert "8,000" in lines[1].split("\t")


def _export(qtbot, window, scripted_prompts, path) -> Any:
    pane = membership_pane(window)
    open_area(qtbot, window, window_ids(window))
    type_into(qtbot, pane.filter_edit, "Surgery")  # the table as filtered
    settle(qtbot, window)
    pane.table.setFocus()
    qtbot.waitUntil(pane.table.hasFocus)
    scripted_prompts.answer(prompts.SAVE_FILE, str(path))
    window.export_table_action.trigger()
    assert path.exists()
    return pane


def test_export_table_writes_the_table_as_filtered_with_numbers(
    qtbot, window, scripted_prompts, tmp_path
):
    path = tmp_path / "practices.xlsx"
    pane = _export(qtbot, window, scripted_prompts, path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Code" and len(rows) - 1 == pane.proxy.rowCount()
    assert all("Surgery" in r[1] for r in rows[1:])
    armley = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A10001")
    size = next(c for c in armley if c.value == 8000)
    assert size.number_format == "#,##0"
    assert any(isinstance(c.value, dt.datetime) for c in armley)  # member since, a date


@pytest.mark.slow
def test_exported_table_opens_in_libreoffice(qtbot, window, scripted_prompts, tmp_path, soffice):  # noqa: F811
    path = tmp_path / "practices.xlsx"
    _export(qtbot, window, scripted_prompts, path)
    out = convert(
        soffice,
        path,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
        tmp_path / "lo",
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "Code"
    armley = next(r for r in rows if r[0] == "A10001")
    assert "8,000" in armley  # shown by LibreOffice in the number format kept
    assert "1 Apr 2018" in armley

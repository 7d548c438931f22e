"""Reads off the UI thread: a stale answer is dropped, the busy note comes and goes, and the
flow matrix of a national area is shown without measuring every cell."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QHeaderView, QWidget
from ui_helpers import membership_pane, settle

from lcpdesk.domain.model import Area
from lcpdesk.services.populations import FlowTable
from lcpdesk.ui.panes.flow_panel import FlowMatrixPanel
from lcpdesk.ui.tasks import Reader, TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def runner(qtbot: Any) -> Any:
    parent = QWidget()
    tasks = TaskRunner(parent)
    qtbot.addWidget(parent, before_close_func=lambda _w: tasks.wait(10000))
    parent.show()
    return tasks


def test_the_newest_read_wins_and_a_stale_answer_is_dropped(qtbot: Any, runner: Any) -> None:
    reader = Reader(runner, "Reading")
    release = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "A"

    reader.read(slow, shown.append)
    reader.read(lambda: "B", shown.append)  # the user chose B before A's answer came
    qtbot.waitUntil(lambda: shown == ["B"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)
    assert shown == ["B"]  # A's answer arrived, and was not shown
    assert not reader.busy
    assert runner.writing is None  # reads never hold the one writer's place
    assert not runner._dialogs  # and show no progress box


def test_a_read_runs_while_a_write_is_running(qtbot: Any, runner: Any) -> None:
    release = threading.Event()
    runner.run("Writing", lambda _p, _c: release.wait(5))
    shown: list[int] = []
    Reader(runner, "Reading").read(lambda: 42, shown.append)
    qtbot.waitUntil(lambda: shown == [42], timeout=5000)
    assert runner.writing is not None  # the write is still running: the read did not wait
    release.set()
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)


def test_selecting_a_then_b_quickly_shows_only_b(
    qtbot: Any, window: Any, ids: dict[str, int]
) -> None:
    pane = membership_pane(window)
    service = pane.service
    real = service.members
    release = threading.Event()
    asked: list[int | None] = []

    def members(area_id: int, partnership_id: int | None, when: dt.date) -> Any:
        asked.append(partnership_id)
        if partnership_id == ids["Armley"]:
            release.wait(5)  # Armley's answer is slow
        return real(area_id, partnership_id, when)

    service.members = members  # type: ignore[method-assign]
    window.navigator.select(ids["Testford"], ids["Armley"])
    qtbot.waitUntil(lambda: ids["Armley"] in asked, timeout=5000)  # Armley's read is running
    window.navigator.select(ids["Testford"], ids["Beeston"])  # the user moves on meanwhile
    qtbot.waitUntil(lambda: pane.heading.text() == "Beeston", timeout=5000)
    release.set()  # Armley's answer comes now, late
    settle(qtbot, window)
    assert pane.heading.text() == "Beeston"  # …and is dropped
    assert {r.partnership_id for r in pane.model.rows()} == {ids["Beeston"]}
    codes = {r.code for r in pane.model.rows()}
    assert "B20001" in codes and "A10001" not in codes


def test_the_loading_note_appears_while_a_read_is_slow_and_goes(
    qtbot: Any, window: Any, ids: dict[str, int]
) -> None:
    pane = membership_pane(window)
    note = pane.loading_note
    assert note.isHidden()
    real = pane.service.area_table
    release = threading.Event()

    def area_table(*args: Any) -> Any:
        release.wait(5)
        return real(*args)

    pane.service.area_table = area_table  # type: ignore[method-assign]
    old_heading = pane.heading.text()
    window.navigator.select(ids["Testford"], ids["Central"])
    qtbot.waitUntil(note.isVisible, timeout=3000)  # after a short delay, not for a blink
    assert note.text() == "Loading…"
    assert pane.heading.text() == old_heading  # the old data stays until the new arrives
    release.set()
    qtbot.waitUntil(note.isHidden, timeout=5000)
    assert pane.heading.text() == "Central"


def national_flow_table(partnerships: int = 1250) -> FlowTable:
    names = tuple(f"Primary Care Network {k:04d}" for k in range(partnerships))
    columns = (*names, "Outside every footprint", "Unknown residence")
    row = tuple(range(len(columns)))
    return FlowTable(
        area=Area(1, "England", "PCN"),
        extract_date=dt.date(2024, 6, 1),
        row_names=names,
        column_names=columns,
        cells=tuple(row for _ in names),
        beside=tuple(1 for _ in names),
        has_data=True,
    )


def test_a_national_flow_matrix_is_shown_without_measuring_every_cell(qtbot: Any) -> None:
    panel = FlowMatrixPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    table = national_flow_table()
    start = time.perf_counter()
    panel.set_table(table)
    panel.view.viewport().repaint()
    panel.view.horizontalScrollBar().setValue(panel.view.horizontalScrollBar().maximum())
    panel.view.viewport().repaint()
    took = time.perf_counter() - start
    assert panel.model.rowCount() == 1252 and panel.model.columnCount() == 1253
    for header in (panel.view.horizontalHeader(), panel.view.verticalHeader()):
        modes = {header.sectionResizeMode(i) for i in (0, 600, header.count() - 1)}
        assert QHeaderView.ResizeMode.ResizeToContents not in modes
        assert QHeaderView.ResizeMode.Stretch not in modes
    widths = {panel.view.columnWidth(c) for c in (0, 700, 1251)}
    assert len(widths) == 1  # one width for every column, from the font and the names
    assert took < 5.0, f"showing the matrix took {took:.1f} s"  # was minutes
    total = panel.model.total_column()
    assert panel.model.value(0, total) == sum(range(1252))  # the margins are still right

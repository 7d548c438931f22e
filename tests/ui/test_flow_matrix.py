"""The flow matrix: its model (hand-made figures) and its tab in the Membership pane."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import APR_2019, make_window
from helpers.nhsd_files import write_csv, write_lsoa
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from ui_helpers import LEFT, choose_as_at, click_navigator, figures, membership_pane, settle

from lcpdesk.domain.model import Area
from lcpdesk.services import importing
from lcpdesk.services.populations import OUTSIDE_LABEL, UNKNOWN_LABEL, FlowTable
from lcpdesk.ui.models.flow_matrix import BESIDE, TOTAL, FlowMatrixModel, two_lines
from lcpdesk.ui.panes.flow_panel import FlowMatrixPanel

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

DASH = "—"
AREA = Area(id=1, name="Testford", partnership_label="LCP", subunit_label="PCN")


def hand_made(has_data: bool = True) -> FlowTable:
    """Two LCPs: Armley's 14,500 patients live 12,000 at home, 1,500 in Beeston, 900 outside
    every footprint and 100 unknown; Beeston's 12,000 live 2,000 in Armley and 10,000 at home.
    Residents registered at uncounted practices: 5,000 in Armley's footprint, 0 in Beeston's."""
    return FlowTable(
        area=AREA,
        extract_date=APR_2019,
        row_names=("Armley", "Beeston"),
        column_names=("Armley", "Beeston", OUTSIDE_LABEL, UNKNOWN_LABEL),
        cells=((12000, 1500, 900, 100), (2000, 10000, 0, 0)) if has_data else ((0,) * 4,) * 2,
        beside=(5000, 0) if has_data else (0, 0),
        has_data=has_data,
    )


def shown(model: FlowMatrixModel) -> list[list[str]]:
    """Each row as read: its name (the vertical header), then its cells."""
    return [
        [model.headerData(r, Qt.Orientation.Vertical)]
        + [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def headers(model: FlowMatrixModel) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ")
        for c in range(model.columnCount())
    ]


def is_bold(model: FlowMatrixModel, row: int, col: int) -> bool:
    font = model.index(row, col).data(Qt.ItemDataRole.FontRole)
    return isinstance(font, QFont) and font.bold()


# --------------------------------------------------------------------------- the model


def test_matrix_layout_totals_and_the_line_beside_it() -> None:
    model = FlowMatrixModel()
    model.set_table(hand_made())
    assert headers(model) == [
        "Armley",
        "Beeston",
        "Outside every footprint",
        "Unknown residence",
        TOTAL,
    ]
    assert shown(model) == [
        ["Armley", "12,000", "1,500", "900", "100", "14,500"],
        ["Beeston", "2,000", "10,000", "0", "0", "12,000"],
        [TOTAL, "14,000", "11,500", "900", "100", "26,500"],
        [BESIDE, "5,000", "0", "", "", "5,000"],
    ]
    assert model.figures()[2] == (TOTAL, [14000, 11500, 900, 100, 26500])
    bold = model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
    assert bold.bold()
    italic = model.headerData(3, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
    assert italic.italic()


def test_diagonal_and_totals_are_bold_the_line_beside_is_italic() -> None:
    model = FlowMatrixModel()
    model.set_table(hand_made())
    assert is_bold(model, 0, 0) and is_bold(model, 1, 1)  # registered and resident in the same
    assert not is_bold(model, 0, 1) and not is_bold(model, 1, 0)
    assert all(is_bold(model, 2, c) for c in range(5))  # the Total row
    assert is_bold(model, 0, 4) and is_bold(model, 1, 4)  # the Total column
    beside = model.index(3, 0).data(Qt.ItemDataRole.FontRole)
    assert beside.italic() and not beside.bold()
    tip = model.headerData(3, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "not added into it" in tip
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == (
        "Registered in Armley, living in Beeston: 1,500"
    )
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == (
        "Registered in Armley, living outside every footprint: 900"
    )


def test_em_dash_everywhere_without_practice_by_lsoa_data() -> None:
    model = FlowMatrixModel()
    model.set_table(hand_made(has_data=False))
    rows = shown(model)
    assert [r[0] for r in rows] == ["Armley", "Beeston", TOTAL, BESIDE]
    assert {cell for r in rows[:3] for cell in r[1:]} == {DASH}
    assert rows[3][1:] == [DASH, DASH, "", "", DASH]


def test_long_partnership_names_break_onto_two_lines_in_the_header() -> None:
    assert two_lines("Armley") == "Armley"
    assert two_lines("Burmantofts & Richmond Hill") == "Burmantofts &\nRichmond Hill"
    assert two_lines("Garforth/Kippax/Rothwell") == "Garforth/Kippax/\nRothwell"


@pytest.mark.parametrize("has_data", [True, False])
def test_flow_model_passes_qt_model_tester(qtmodeltester: Any, has_data: bool) -> None:
    model = FlowMatrixModel()
    model.set_table(hand_made(has_data))
    qtmodeltester.check(model, force_py=True)
    model.set_table(None)
    assert model.rowCount() == 0 and model.columnCount() == 0


def test_panel_explains_how_to_get_the_data_when_there_is_none(qtbot: Any) -> None:
    panel = FlowMatrixPanel()
    qtbot.addWidget(panel)
    panel.set_table(hand_made(has_data=False))
    note = panel.note_text()
    assert "gp-reg-pat-prac-lsoa-all.csv" in note and "footprint definitions" in note
    assert "File ▸ Import files…" in note
    panel.set_table(hand_made())
    assert "5,000 residents of the footprints are registered at practices outside" in (
        panel.note_text()
    )
    assert panel.heading.text().startswith("Testford: where the patients of each LCP live")


# --------------------------------------------------------------------------- in the pane


def open_flow_tab(qtbot: Any, window: Any) -> Any:
    pane = membership_pane(window)
    tabs = pane.lower_tabs
    assert tabs.tabText(0) == "&Populations"  # the published table stays first
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(1).center())
    assert tabs.currentWidget() is pane.flow_panel
    settle(qtbot, window)
    return pane


def test_flow_matrix_tab_of_the_leeds_demo_matches_the_area_table(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any
) -> None:
    window = make_window(qtbot, demo_store, data_dir, settings)
    leeds = window.membership.area_named("Leeds")
    click_navigator(qtbot, window, leeds.id, None)
    pane = membership_pane(window)
    assert pane.lower_tabs.currentIndex() == 0
    assert pane.flow_panel.model.rowCount() == 0  # read only when its tab is shown
    pane = open_flow_tab(qtbot, window)
    model = pane.flow_panel.model
    rows = dict(model.figures())
    assert len(rows) == 18 + 2
    table = figures(pane)
    for name, (membership, _footprint) in table.items():
        if name != "Total":
            assert rows[name][-1] == membership, name  # row total = membership population
    names = [n for n in rows if n not in (TOTAL, BESIDE)]
    footprints = dict(zip(names, rows[TOTAL][: len(names)], strict=True))
    assert footprints == {n: f for n, (_m, f) in table.items() if n != "Total"}
    assert rows[TOTAL][-1] == 861287
    assert model.headerData(0, Qt.Orientation.Vertical) == "Aire Valley"
    assert model.index(0, 0).data() == "23,730"
    assert is_bold(model, 4, 4)  # Central registered, Central resident
    assert pane.flow_panel.view.verticalHeader().isVisible()  # names stay in view
    assert sum(v for v in rows[BESIDE][:-1] if v) == rows[BESIDE][-1] > 0
    assert "registered at practices outside the counted set" in pane.flow_panel.note_text()


def test_flow_matrix_follows_the_as_at_extract(
    qtbot: Any, small_store: Any, data_dir: Path, settings: Any, tmp_path: Path
) -> None:
    """Testford has list sizes at Oct 2018 and Apr 2019; patients by LSOA only at Apr 2019."""
    files = [
        write_csv(
            tmp_path / "footprints.csv",
            ["LSOA code", "LCP"],
            [("E01000001", "Armley"), ("E01000002", "Beeston")],
        ),
        write_lsoa(
            tmp_path / "gp-reg-pat-prac-lsoa-all.csv",
            APR_2019,
            [
                ("A10001", "ARMLEY MOOR", "E01000001", 7000),
                ("A10001", "ARMLEY MOOR", "E01000002", 1100),
                ("B20001", "BEESTON HILL", "E01000002", 12000),
                ("B20001", "BEESTON HILL", "NO2011", 100),
                ("B20002", "COTTINGLEY", "E01000001", 4000),  # split: beside, not counted
            ],
        ),
    ]
    importing.run_import(
        small_store,
        importing.read_files(files),
        importing.ImportOptions(area="Testford"),
        commit=True,
    )
    window = make_window(qtbot, small_store, data_dir, settings)
    click_navigator(qtbot, window, window.membership.area_named("Testford").id, None)
    pane = open_flow_tab(qtbot, window)
    model = pane.flow_panel.model
    choose_as_at(qtbot, pane, "1 Apr 2019")
    assert dict(model.figures())["Armley"] == [7000, 1100, 0, 0, 0, 8100]
    assert dict(model.figures())[BESIDE] == [4000, 0, 0, None, None, 4000]
    assert "April 2019" in pane.flow_panel.heading.text()

    choose_as_at(qtbot, pane, "1 Oct 2018 · list sizes only")
    assert {c for r in shown(model)[:4] for c in r[1:]} == {DASH}
    assert "No patients-by-practice-and-LSOA data is held at 1 Oct 2018" in (
        pane.flow_panel.note_text()
    )
    assert dt.date(2018, 10, 1) == model.table().extract_date

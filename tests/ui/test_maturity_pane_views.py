"""The Maturity pane beyond scoring: frameworks loaded from files, gaps made into goals, the
charts (saved as PNG/SVG/PDF), the heat map's table, and every model checked by qtmodeltester."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_window
from maturity_ui import (
    OFFSCREEN_NOTES,
    by_name,
    cell,
    choose,
    click_row,
    open_maturity,
    open_tab,
    press,
    snapshot,
    type_text,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select
from ui_helpers import LEFT, activate, button, settle

from lcpdesk.services.maturity import MaturityService
from lcpdesk.store import schema
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.maturity import GoalFromGapDialog, NewAssessmentDialog
from lcpdesk.ui.models.maturity import (
    framework_columns,
    gap_columns,
    heat_columns,
    rater_columns,
    rater_rows,
    scoring_columns,
    scoring_rows,
    sorting_proxy,
)
from lcpdesk.ui.models.records import RecordTableModel

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES)

FRAMEWORKS = Path(__file__).resolve().parent.parent / "data" / "frameworks"
LLR = FRAMEWORKS / "llr-ilt-maturity.toml"


def frameworks_dialog(qtbot: Any, pane: Any) -> Any:
    press(qtbot, button(pane, "Frameworks"))
    dialog = pane.edits.frameworks_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def load_through_dialog(qtbot: Any, pane: Any, path: Path, scripted_prompts: Any) -> Any:
    dialog = frameworks_dialog(qtbot, pane)
    scripted_prompts.answer(prompts.OPEN_FILES, [str(path)])
    before = len(scripted_prompts.seen)
    press(qtbot, dialog.load_button)
    qtbot.waitUntil(
        lambda: any(
            p.kind in (prompts.INFO, prompts.ERROR) for p in scripted_prompts.seen[before:]
        ),
        timeout=10000,
    )
    return dialog


def test_a_second_framework_is_loaded_from_a_file_and_assessed_against(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any, scripted_prompts: Any
) -> None:
    pane = open_maturity(qtbot, window, ids["Flatshire"], ids["North"])
    dialog = load_through_dialog(qtbot, pane, LLR, scripted_prompts)
    info = scripted_prompts.of_kind(prompts.INFO)[-1]
    assert info.text == "Loaded 'LLR Integrated Locality Team Maturity (example)'."
    names = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    assert "LLR Integrated Locality Team Maturity (example)" in names
    press(qtbot, button(dialog, "Close"))

    press(qtbot, button(pane.scoring, "Start an assessment"))
    start = pane.edits.dialog
    assert isinstance(start, NewAssessmentDialog)
    choose(qtbot, start.framework, "LLR Integrated Locality Team Maturity (example)")
    type_text(qtbot, start.period, "2017/18")
    press(qtbot, start.ok_button)
    assert not start.isVisible(), start.error_text()
    labels = [r.dimension.label for r in pane.scoring.model.records()]
    assert labels == [
        "Shared leadership",
        "Integrated teams: Care coordination",
        "Integrated teams: Shared records",
        "Population health",
    ]
    detail = pane.scoring.detail
    agreed = by_name(detail, QComboBox, "Agreed level")
    assert [agreed.itemText(i) for i in range(agreed.count())] == [
        "Not yet assessed",
        "Emerging",
        "Established",
        "Thriving",
    ]
    click_row(qtbot, pane.scoring.table, "Shared leadership")
    choose(qtbot, agreed, "Established")
    # What that level looks like in this dimension, from the framework's own cell.
    assert detail.meaning.text() == (
        "Established: The board meets monthly and owns the locality plan."
    )
    assert cell(pane.scoring.table, "Shared leadership", 7) == "At standard"
    current = MaturityService(small_store).assessment_for(ids["North"], "2017/18")
    assert current is not None and current.framework.key == "llr-ilt-maturity"
    assert current.item(current.framework.scored[0].id).consensus == 2


def test_a_malformed_framework_file_is_refused_naming_the_line(
    qtbot: Any,
    window: Any,
    *,
    ids: dict[str, int],
    small_store: Any,
    scripted_prompts: Any,
    tmp_path: Path,
) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text(
        LLR.read_text(encoding="utf-8").replace("standard = true", 'standard = "yes"'),
        encoding="utf-8",
    )
    pane = open_maturity(qtbot, window, ids["Flatshire"], ids["North"])
    before = snapshot(small_store)
    load_through_dialog(qtbot, pane, bad, scripted_prompts)
    error = scripted_prompts.of_kind(prompts.ERROR)[-1]
    assert error.text == "broken.toml, line 16: 'standard' of level 2 must be true or false."
    assert error.detail == "Write standard = true on the standard level only."
    assert snapshot(small_store) == before


def test_a_gap_becomes_a_goal_from_the_gaps_tab(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any
) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    service = MaturityService(small_store)
    service.start_assessment(ids["Armley"], "2019/20 Q2")
    current = service.assessment_for(ids["Armley"], "2019/20 Q2")
    assert current is not None
    structure = next(d for d in current.framework.scored if d.key == "structure")
    service.set_consensus(current.id, structure.id, 1)
    service.set_notes(current.id, structure.id, "", "", "Align teams to the PCN.")
    window.refresh_all()
    open_tab(qtbot, pane, "Gaps")
    assert pane.gaps.summary.text() == (
        "1 of 9 dimensions below Well developed; 8 not yet assessed."
    )
    click_row(qtbot, pane.gaps.table, "Structure")
    before = snapshot(small_store)
    press(qtbot, button(pane.gaps, "Make goal"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, GoalFromGapDialog)
    assert dialog.title.text() == "Reach Well developed in Structure"
    assert dialog.description.toPlainText() == "Align teams to the PCN."
    press(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    with small_store.read() as conn:
        goal = conn.execute(select(schema.goal)).mappings().one()
        link = conn.execute(select(schema.goal_dimension)).mappings().one()
    assert (goal["title"], goal["partnership_id"], goal["term"], goal["status"]) == (
        "Reach Well developed in Structure",
        ids["Armley"],
        "short",
        "not started",
    )
    assert (link["dimension_id"], link["from_assessment_id"]) == (structure.id, current.id)
    assert (
        cell(pane.gaps.table, "Structure", 4) == "Reach Well developed in Structure (not started)"
    )
    activate(qtbot, window)
    qtbot.keyClick(window.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window, writes=True)
    assert snapshot(small_store) == before
    assert cell(pane.gaps.table, "Structure", 4) == "—"


@pytest.mark.parametrize(
    ("tab", "suffix", "magic"), [("Radar", ".svg", b"<?xml"), ("Heat map", ".png", b"\x89PNG")]
)
def test_a_chart_is_saved_as_png_or_svg(
    qtbot: Any,
    window: Any,
    *,
    ids: dict[str, int],
    small_store: Any,
    scripted_prompts: Any,
    tmp_path: Path,
    tab: str,
    suffix: str,
    magic: bytes,
) -> None:
    service = MaturityService(small_store)
    service.start_assessment(ids["Armley"], "2019/20 Q2")
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    open_tab(qtbot, pane, tab)
    panel = pane.radar if tab == "Radar" else pane.heat_map
    qtbot.waitUntil(lambda: panel.canvas is not None, timeout=20000)  # drawn in a worker
    assert panel.canvas is not None and panel.canvas.isVisible()
    target = tmp_path / f"chart{suffix}"
    scripted_prompts.answer(prompts.SAVE_FILE, str(target))
    press(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 1000, timeout=15000)
    qtbot.waitUntil(lambda: not window.tasks.tasks, timeout=15000)
    assert target.read_bytes().startswith(magic)
    asked = scripted_prompts.of_kind(prompts.SAVE_FILE)[-1]
    expected = (
        "Armley maturity radar 2019-20 Q2.png"
        if tab == "Radar"
        else ("Testford maturity heat map 2019-20 Q2.png")
    )
    assert Path(asked.text).name == expected  # a name without '/' in it


def test_heat_map_table_opens_a_partnership_and_the_window_opens_without_matplotlib(
    qtbot: Any, demo_store: Any, data_dir: Path, settings: Any
) -> None:
    import sys

    window = make_window(qtbot, demo_store, data_dir, settings)
    leeds = next(a for a in window.membership.areas() if a.name == "Leeds")
    pane = open_maturity(qtbot, window, leeds.id, None)
    assert "Choose an LCP on the left to score it." in pane.subheading.text()
    assert pane.tabs.currentIndex() == 3  # the heat map: only an area is chosen
    assert not pane.tabs.isTabEnabled(0)
    heat = pane.heat_map
    assert len(heat.data.rows) == 18 and heat.data.period == "2020/21 Q2"
    qtbot.waitUntil(lambda: heat.figure is not None, timeout=20000)  # drawn in a worker
    assert "matplotlib.backends.backend_agg" in sys.modules  # drawn now it is shown
    press(qtbot, heat.as_table)
    table = heat.table
    assert table.model().rowCount() == 18
    assert table.model().index(0, 0).data() == "Aire Valley"  # the area's order, not reversed
    row = next(r for r in range(18) if table.model().index(r, 0).data() == "Harehills")
    index = table.model().index(row, 0)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), LEFT, pos=where)
    qtbot.mouseDClick(table.viewport(), LEFT, pos=where)
    settle(qtbot, window)
    assert pane.unit is not None and pane.unit.name == "Harehills"
    assert window.navigator.current() == (leeds.id, pane.unit.id)
    assert pane.tabs.currentIndex() == 0
    assert pane.period_combo.currentText() == "2020/21 Q2 · in progress"
    # Back to the area, and Enter on a row does the same.
    open_maturity(qtbot, window, leeds.id, None)
    assert pane.tabs.currentIndex() == 3 and heat.as_table.isChecked()
    click_row(qtbot, table, "Otley")
    qtbot.keyClick(table, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert pane.unit is not None and pane.unit.name == "Otley"
    open_tab(qtbot, pane, "Trend")
    assert pane.trend.data.highlight_id == pane.unit.id
    assert pane.trend.data.periods == ("2019/20 Q2", "2020/21 Q2")


def test_edits_wait_while_another_task_writes(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any
) -> None:
    MaturityService(small_store).start_assessment(ids["Armley"], "2019/20 Q2")
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    agreed = by_name(pane.scoring.detail, QComboBox, "Agreed level")
    assert agreed.isEnabled()
    pane.set_read_only(True)
    assert not agreed.isEnabled()
    assert not button(pane, "Mark complete").isEnabled()
    assert not button(pane.scoring, "Add rater").isEnabled()
    pane.set_read_only(False)
    assert agreed.isEnabled()


# --------------------------------------------------------------------------- models


def test_every_maturity_model_passes_qtmodeltester(qtmodeltester: Any, demo_store: Any) -> None:
    from lcpdesk.services.frameworks import FrameworkService
    from lcpdesk.services.maturity_views import MaturityViews
    from lcpdesk.services.membership import MembershipService

    service = MaturityService(demo_store)
    views = MaturityViews(service)
    leeds = MembershipService(demo_store).area_named("Leeds")
    heat = views.heat_map(leeds.id, "2020/21 Q2")
    assert heat is not None
    seacroft = next(r for r in heat.rows if r.name == "Seacroft")
    current = service.assessment(seacroft.assessment_id)  # type: ignore[arg-type]
    assert current is not None
    models: list[RecordTableModel] = [
        RecordTableModel(scoring_columns()),
        RecordTableModel(rater_columns()),
        RecordTableModel(gap_columns("Well developed")),
        RecordTableModel(heat_columns(heat)),
        RecordTableModel(framework_columns()),
    ]
    models[0].set_records(scoring_rows(current))
    models[1].set_records(rater_rows(current))
    models[2].set_records(views.gaps(current.id))
    models[3].set_records(heat.rows)
    models[4].set_records(FrameworkService(demo_store).infos())
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
        qtmodeltester.check(sorting_proxy(model), force_py=True)
    # Raw values sort as numbers; "not assessed" sorts below the lowest level.
    proxy = sorting_proxy(models[3])
    proxy.sort(2)  # Leadership
    first = proxy.index(0, 2).data()
    assert first == "Not assessed"


def test_deleting_an_assessment_asks_and_undo_brings_it_back(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any, scripted_prompts: Any
) -> None:
    service = MaturityService(small_store)
    service.start_assessment(ids["Armley"], "2019/20 Q2")
    current = service.assessment_for(ids["Armley"], "2019/20 Q2")
    assert current is not None
    service.set_consensus(current.id, current.framework.scored[0].id, 2)
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    before = snapshot(small_store)
    press(qtbot, button(pane, "Delete assessment"))  # answered "Cancel": nothing happens
    assert snapshot(small_store) == before
    scripted_prompts.answer(prompts.QUESTION, True)
    press(qtbot, button(pane, "Delete assessment"))
    question = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert question.text.startswith("Delete the 2019/20 Q2 assessment of Armley")
    assert service.assessments(ids["Armley"]) == []
    assert pane.scoring.empty_text.text() == "Armley has not been assessed yet."
    assert button(pane.scoring, "Start an assessment").isEnabled()
    activate(qtbot, window)
    qtbot.keyClick(window.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window, writes=True)
    assert snapshot(small_store) == before
    assert cell(pane.scoring.table, "Leadership", 1) == "Developing"


def test_the_pane_fits_a_small_screen_at_200_percent(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any
) -> None:
    """A 1366-pixel laptop at 200% is about 680 pixels wide: navigator and pane must fit."""
    MaturityService(small_store).start_assessment(ids["Armley"], "2019/20 Q2")
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    assert pane.minimumSizeHint().width() <= 560
    for index in range(pane.tabs.count()):
        assert pane.tabs.widget(index).minimumSizeHint().width() <= 540


def test_add_document_puts_the_files_chosen_into_links(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any, scripted_prompts: Any
) -> None:
    MaturityService(small_store).start_assessment(ids["Armley"], "2019/20 Q2")
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    detail = pane.scoring.detail
    type_text(qtbot, detail.links, "https://example.org/plan")
    scripted_prompts.answer(prompts.OPEN_FILES, ["/shared/LCP/board minutes.docx"])
    press(qtbot, button(detail, "Add document"))
    assert detail.links.toPlainText() == "https://example.org/plan\n/shared/LCP/board minutes.docx"
    assert 'href="file:///shared/LCP/board%20minutes.docx"' in detail.links_view.text()
    assert 'href="https://example.org/plan"' in detail.links_view.text()
    assert detail.notes_state.text() == "Unsaved changes"
    open_tab(qtbot, pane, "Radar")  # leaving the scoring tab saves the notes
    current = MaturityService(small_store).assessment_for(ids["Armley"], "2019/20 Q2")
    assert current is not None
    assert current.item(current.framework.scored[0].id).link_list == [
        "https://example.org/plan",
        "/shared/LCP/board minutes.docx",
    ]


def test_a_heat_map_of_hundreds_of_partnerships_is_shown_as_a_table(
    qtbot: Any, window: Any, ids: dict[str, int]
) -> None:
    from lcpdesk.domain.maturity_views import MAX_HEAT_MAP_ROWS, HeatMapData, HeatRow

    pane = open_maturity(qtbot, window, ids["Testford"], None)
    rows = tuple(HeatRow(i, f"PCN {i}", "complete", (1, 2)) for i in range(MAX_HEAT_MAP_ROWS + 1))
    heat = HeatMapData(
        title="England",
        area="England",
        period="2020/21 Q2",
        framework="F",
        partnership_label="PCN",
        column_keys=("a", "b"),
        columns=("A", "B"),
        short_columns=("A", "B"),
        level_names=("Low", "High"),
        standard_rank=2,
        rows=rows,
    )
    panel = pane.heat_map
    panel.set_data(heat)
    assert panel.as_table.isChecked() and not panel.as_chart.isEnabled()
    assert not panel.save_button.isEnabled()
    assert panel.body.currentWidget() is panel.table_page
    assert panel.table.model().rowCount() == MAX_HEAT_MAP_ROWS + 1

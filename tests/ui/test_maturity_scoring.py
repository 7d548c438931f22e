"""Scoring a partnership through the Maturity pane's real widgets: start, raters, levels,
consensus, evidence, target; part-done, resumed in a new window, completed and reopened; the
radar and heat map agree with the store; undo and redo restore the store exactly."""

from __future__ import annotations

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
    record,
    snapshot,
    stored_item,
    type_text,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from ui_helpers import activate, button, settle

from lcpdesk.services.maturity import MaturityService
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.maturity import NewAssessmentDialog, RaterDialog
from lcpdesk.ui.models.maturity import ScoringCol

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES)

CTRL = Qt.KeyboardModifier.ControlModifier
PERIOD = "2019/20 Q2"
RATERS = [
    ("Asha Khan", "Leeds Community Healthcare"),
    ("Tom Reid", "Adult Social Care"),
    ("Dr Jo Patel", "Armley PCN"),
]


def start_assessment(qtbot: Any, pane: Any, typed_period: str) -> None:
    press(qtbot, button(pane.scoring, "Start an assessment"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, NewAssessmentDialog) and dialog.isVisible()
    assert dialog.framework.currentText() == "Leeds LCP Maturity Framework (draft)"
    type_text(qtbot, dialog.period, typed_period)
    press(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()


def add_rater(qtbot: Any, pane: Any, name: str, organisation: str) -> None:
    press(qtbot, button(pane.scoring, "Add rater"))
    dialog = pane.edits.dialog
    assert isinstance(dialog, RaterDialog)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.organisation, organisation)
    press(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()


def score(
    qtbot: Any, pane: Any, dimension: str, *, raters: list[str], agreed: str, target: str
) -> None:
    """Select the dimension's row, give each rater's level, the agreed level and the target."""
    click_row(qtbot, pane.scoring.table, dimension)
    detail = pane.scoring.detail
    assert detail.title.text() == dimension
    for (name, _org), level in zip(RATERS, raters, strict=True):
        choose(qtbot, by_name(detail, QComboBox, f"{name}'s level"), level)
    choose(qtbot, by_name(detail, QComboBox, "Agreed level"), agreed)
    choose(qtbot, by_name(detail, QComboBox, "Target"), target)


def undo(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    window.tabs.setFocus()
    qtbot.keyClick(window.tabs, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window, writes=True)


def redo(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    window.tabs.setFocus()
    qtbot.keyClick(window.tabs, Qt.Key.Key_Y, CTRL)
    settle(qtbot, window, writes=True)


def test_score_a_partnership_part_done_resume_complete_reopen(
    qtbot: Any,
    window: Any,
    *,
    ids: dict[str, int],
    small_store: Any,
    data_dir: Any,
    settings: Any,
    scripted_prompts: Any,
) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Armley"])
    assert pane.scoring.empty_text.text() == "Armley has not been assessed yet."
    start_assessment(qtbot, pane, "19/20 q2")
    service = MaturityService(small_store)
    current = service.assessment_for(ids["Armley"], PERIOD)
    assert current is not None and current.info.status == "in progress"
    assert pane.period_combo.currentText() == f"{PERIOD} · in progress"
    assert pane.scoring.model.rowCount() == 9
    assert cell(pane.scoring.table, "Structure", ScoringCol.AGREED) == "Not yet assessed"

    for name, org in RATERS:
        add_rater(qtbot, pane, name, org)
    assert [r.label for r in service.assessment(current.id).raters] == [  # type: ignore[union-attr]
        f"{n} ({o})" for n, o in RATERS
    ]

    score(
        qtbot,
        pane,
        "Leadership",
        raters=["Developing", "Well developed", "Developing"],
        agreed="Developing",
        target="Well developed",
    )
    detail = pane.scoring.detail
    assert detail.spread.text() == (
        "Spread: lowest Developing · median Developing · highest Well developed · "
        "agreement 67% (2 of 3 raters at the same level)"
    )
    table = pane.scoring.table
    assert cell(table, "Leadership", ScoringCol.LOWEST) == "Developing"
    assert cell(table, "Leadership", ScoringCol.HIGHEST) == "Well developed"
    assert cell(table, "Leadership", ScoringCol.AGREEMENT) == "2 of 3 (67%)"
    assert cell(table, "Leadership", ScoringCol.AGREED) == "Developing"
    assert cell(table, "Leadership", ScoringCol.GAP) == "1 level"
    type_text(qtbot, detail.evidence, "Leadership team of six organisations meets monthly.")
    type_text(
        qtbot, detail.links, "https://example.org/lcp/minutes\nC:/LCP/terms of reference.docx"
    )
    assert detail.notes_state.text() == "Unsaved changes"
    assert "terms of reference.docx" in detail.links_view.text()
    press(qtbot, detail.save_button)
    saved = stored_item(small_store, current.id, "leadership")
    assert (saved["consensus_rank"], saved["target_rank"]) == (2, 3)
    assert saved["evidence"] == "Leadership team of six organisations meets monthly."
    assert saved["links"] == "https://example.org/lcp/minutes\nC:/LCP/terms of reference.docx"

    # Typing next steps and then moving to another dimension keeps them (saved for the user).
    score(
        qtbot,
        pane,
        "Structure",
        raters=["Basics in place", "Basics in place", "Developing"],
        agreed="Basics in place",
        target="Well developed",
    )
    type_text(qtbot, detail.next_steps, "Align community nursing to the PCN.")
    click_row(qtbot, table, "LCP Goals")
    qtbot.waitUntil(
        lambda: (
            stored_item(small_store, current.id, "structure").get("next_steps")
            == "Align community nursing to the PCN."
        )
    )
    assert detail.title.text() == "LCP Goals"

    # Part-done: completing is refused, naming what is missing; everything so far is kept.
    press(qtbot, button(pane, "Mark complete"))
    refusals = scripted_prompts.of_kind(prompts.ERROR)
    assert refusals and "7 of 9 dimensions have no agreed level yet" in refusals[-1].text
    assert service.assessment(current.id).info.status == "in progress"  # type: ignore[union-attr]

    # Close the window; open a new one on the same store: the assessment resumes as it was.
    window.close()
    again = make_window(qtbot, small_store, data_dir, settings)
    pane = open_maturity(qtbot, again, ids["Testford"], ids["Armley"])
    assert pane.period_combo.currentText() == f"{PERIOD} · in progress"
    table, detail = pane.scoring.table, pane.scoring.detail
    assert cell(table, "Leadership", ScoringCol.AGREED) == "Developing"
    assert cell(table, "Structure", ScoringCol.AGREED) == "Basics in place"
    click_row(qtbot, table, "Leadership")
    assert detail.evidence.toPlainText() == "Leadership team of six organisations meets monthly."
    assert by_name(detail, QComboBox, "Tom Reid's level").currentText() == "Well developed"
    assert by_name(detail, QComboBox, "Target").currentText() == "Well developed"

    # Agree the rest, complete: read-only until reopened.
    rest = [r.dimension.label for r in pane.scoring.model.records() if r.consensus is None]
    for label in rest:
        click_row(qtbot, table, label)
        choose(qtbot, by_name(detail, QComboBox, "Agreed level"), "Developing")
    press(qtbot, button(pane, "Mark complete"))
    assert service.assessment(current.id).info.status == "complete"  # type: ignore[union-attr]
    assert pane.period_combo.currentText() == f"{PERIOD} · complete"
    assert not by_name(detail, QComboBox, "Agreed level").isEnabled()
    assert detail.evidence.isReadOnly()
    assert not button(pane.scoring, "Add rater").isEnabled()
    assert pane.scoring.banner.text().startswith("Complete")
    press(qtbot, button(pane, "Reopen"))
    assert service.assessment(current.id).info.status == "in progress"  # type: ignore[union-attr]
    assert by_name(detail, QComboBox, "Agreed level").isEnabled()

    # The radar and the heat map show what the store holds.
    final = service.assessment(current.id)
    assert final is not None
    dims = final.framework.scored
    open_tab(qtbot, pane, "Radar")
    qtbot.waitUntil(lambda: not pane.radar.drawing, timeout=20000)  # drawn in a worker
    radar = pane.radar.data
    assert radar.now == tuple(final.item(d.id).consensus for d in dims)
    assert radar.now[0] == 2 and radar.now[6] == 1  # Leadership, Structure
    assert radar.target[0] == 3 and radar.previous is None
    lines = {
        line.get_label(): list(line.get_ydata()) for line in pane.radar.figure.axes[0].get_lines()
    }
    assert lines[f"{PERIOD} (now)"][:-1] == [float(final.item(d.id).consensus) for d in dims]  # type: ignore[arg-type]
    open_tab(qtbot, pane, "Heat map")
    qtbot.waitUntil(lambda: not pane.heat_map.drawing, timeout=20000)
    heat = pane.heat_map.data
    armley = next(r for r in heat.rows if r.name == "Armley")
    assert armley.ranks == tuple(final.item(d.id).consensus for d in dims)
    assert armley.status == "in progress"
    assert [r.name for r in heat.rows] == ["Armley", "Beeston", "Central"]
    assert next(r for r in heat.rows if r.name == "Beeston").status == ""  # not assessed
    texts = {t.get_text().replace("\n", " ") for t in pane.heat_map.figure.axes[0].texts}
    assert {"Developing", "Basics in place", "—"} <= texts
    assert record(pane.heat_map.table, "Armley").ranks == armley.ranks


def test_undo_and_redo_of_scoring_edits_restore_the_store_exactly(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any
) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Beeston"])
    start_assessment(qtbot, pane, PERIOD)
    add_rater(qtbot, pane, *RATERS[0])
    add_rater(qtbot, pane, *RATERS[1])
    before = snapshot(small_store)
    steps_before = window.undo_stack.index()
    click_row(qtbot, pane.scoring.table, "Leadership")
    detail = pane.scoring.detail
    choose(qtbot, by_name(detail, QComboBox, "Asha Khan's level"), "Excellent")
    choose(qtbot, by_name(detail, QComboBox, "Tom Reid's level"), "Well developed")
    choose(qtbot, by_name(detail, QComboBox, "Agreed level"), "Well developed")
    choose(qtbot, by_name(detail, QComboBox, "Target"), "Excellent")
    type_text(qtbot, detail.evidence, "Named lead since April.")
    press(qtbot, detail.save_button)
    choose(qtbot, by_name(detail, QComboBox, "Agreed level"), "Not yet assessed")
    after = snapshot(small_store)
    steps = window.undo_stack.index() - steps_before
    assert steps == 6
    assert (
        window.undo_action.text() == "&Undo Set the agreed level for Leadership to not yet assessed"
    )

    for _ in range(steps):
        undo(qtbot, window)
    assert snapshot(small_store) == before
    assert by_name(detail, QComboBox, "Agreed level").currentText() == "Not yet assessed"
    assert by_name(detail, QComboBox, "Asha Khan's level").currentText() == "—"
    assert detail.evidence.toPlainText() == ""
    for _ in range(steps):
        redo(qtbot, window)
    assert snapshot(small_store) == after
    assert by_name(detail, QComboBox, "Asha Khan's level").currentText() == "Excellent"
    assert detail.evidence.toPlainText() == "Named lead since April."
    assert cell(pane.scoring.table, "Leadership", ScoringCol.AGREED) == "Not yet assessed"


def test_removing_a_rater_asks_and_undo_brings_their_levels_back(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any, scripted_prompts: Any
) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Beeston"])
    start_assessment(qtbot, pane, PERIOD)
    add_rater(qtbot, pane, *RATERS[0])
    click_row(qtbot, pane.scoring.table, "Structure")
    choose(qtbot, by_name(pane.scoring.detail, QComboBox, "Asha Khan's level"), "Developing")
    before = snapshot(small_store)
    click_row(qtbot, pane.scoring.raters, "Asha Khan")
    scripted_prompts.answer(prompts.QUESTION, True)
    press(qtbot, button(pane.scoring, "Remove rater"))
    question = scripted_prompts.of_kind(prompts.QUESTION)[-1]
    assert (
        question.text == "Remove Asha Khan (Leeds Community Healthcare) and the 1 level they gave?"
    )
    assert pane.scoring.rater_model.rowCount() == 0
    assert cell(pane.scoring.table, "Structure", ScoringCol.LOWEST) == "—"
    undo(qtbot, window)
    assert snapshot(small_store) == before
    assert cell(pane.scoring.table, "Structure", ScoringCol.LOWEST) == "Developing"


def test_a_rater_twice_is_refused_in_the_form(qtbot: Any, window: Any, ids: dict[str, int]) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Beeston"])
    start_assessment(qtbot, pane, PERIOD)
    add_rater(qtbot, pane, *RATERS[0])
    press(qtbot, button(pane.scoring, "Add rater"))
    dialog = pane.edits.dialog
    qtbot.keyClicks(dialog.name, "asha khan")
    press(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "Asha Khan is already a rater on this assessment." in dialog.error_text()
    press(qtbot, dialog.cancel_button)


def test_a_period_that_is_not_a_period_keeps_the_form_open(
    qtbot: Any, window: Any, ids: dict[str, int], small_store: Any
) -> None:
    pane = open_maturity(qtbot, window, ids["Testford"], ids["Beeston"])
    press(qtbot, button(pane.scoring, "Start an assessment"))
    dialog = pane.edits.dialog
    type_text(qtbot, dialog.period, "next spring")
    press(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "'next spring' is not a period." in dialog.error_text()
    assert MaturityService(small_store).assessments(ids["Beeston"]) == []
    press(qtbot, dialog.cancel_button)

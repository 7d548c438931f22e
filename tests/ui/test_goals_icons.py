"""The Goals pane shows each measure's variation and assurance beside it, in words, with the
colours of Making Data Count's icons, and says what they mean."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from plan_helpers import click_row, open_pane, shown
from PySide6.QtCore import Qt
from test_goals_pane import fixed_today, ids, month, seed_goals, window

from lcpdesk.domain.goals import MeasureInput, Reading
from lcpdesk.services.goals import GoalsService
from lcpdesk.store.db import Store


def test_measures_show_variation_and_assurance_in_words(
    qtbot: Any, window: Any, store: Store, ids: dict[str, int]
) -> None:
    made = seed_goals(store, ids)
    svc = GoalsService(store)
    # Lower is better (baseline 30, target 20); steady readings about 30: nothing unusual, and
    # the lower process limit is above 20, so the target is consistently missed.
    steady = [30, 31, 29, 30, 31, 29, 30, 31, 29, 30, 31, 29, 30, 31]
    readings = tuple(Reading(month(k), D(v)) for k, v in enumerate(steady))
    svc.add_measure(made["hub"], MeasureInput("Steady", "", D(30), D(20), readings))
    few = tuple(Reading(month(k), D(30)) for k in range(3))
    svc.add_measure(made["hub"], MeasureInput("Few", "", D(30), D(20), few))
    pane = open_pane(qtbot, window, "Goals", ids["Testford"], ids["Armley"])
    click_row(qtbot, pane.table, shown(pane.table).index("Community hub"))
    view = pane.detail.measure_view
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    variation, assurance = headers.index("Variation"), headers.index("Assurance")
    row = shown(view).index("Steady")
    assert model.index(row, variation).data() == "common cause"
    assert model.index(row, assurance).data() == "target consistently missed"
    assert "miss the target" in model.index(row, assurance).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row, variation).data(Qt.ItemDataRole.BackgroundRole) is not None
    row = shown(view).index("Few")
    assert model.index(row, variation).data() == ""
    assert "Needs 6 readings" in model.index(row, variation).data(Qt.ItemDataRole.ToolTipRole)


__all__ = ["fixed_today", "ids", "window"]  # the Goals pane tests' fixtures, used here

"""The Goals pane's filter controls (text, priority, status, owner, cohort) and its summary
strip's chips (counts by RAG status, by priority, overdue milestones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from lcpdesk.domain import goals as dg
from lcpdesk.domain.goals import NO_OWNER, Goal, GoalFilter, cohorts_of, summarise
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.goals import RAG_COLOURS

SEVERITY = (dg.OFF_TRACK, dg.AT_RISK, dg.ON_TRACK, dg.NOT_STARTED, dg.DONE)
Chip = tuple[str, tuple[str, str] | None]


def _combo(name: str, width: int = 8) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    # Long partner names must not push the filter box off the line: a fixed, modest width.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width)
    return combo


def refill(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    """Replace a filter's choices, keeping the chosen one when it is still offered."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


class GoalFilters(QWidget):
    """``changed`` whenever the user changes a filter."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Title, owner or priority")
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName("Filter goals")
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 12)
        label = QLabel("&Filter:")
        label.setBuddy(self.text)
        self.priority = _combo("Priority filter")
        self.status = _combo("Status filter")
        self.owner = _combo("Owner filter")
        self.cohort = _combo("Cohort filter")
        refill(
            self.priority,
            [("All priorities", None)] + [(t, k) for k, t in dg.PRIORITY_KINDS.items()],
        )
        refill(self.status, [("All statuses", None)] + [(dg.status_text(s), s) for s in SEVERITY])
        self.count = QLabel()
        self.count.setAccessibleName("Goal count")
        first = QHBoxLayout()
        first.addWidget(label)
        first.addWidget(self.text, 1)
        first.addWidget(self.count)
        second = QHBoxLayout()
        for combo in self.combos():
            second.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.text.textChanged.connect(lambda _t: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.priority, self.status, self.owner, self.cohort)

    def offer(self, goals: Sequence[Goal]) -> None:
        """The owners and cohorts the goals shown have (and every standard cohort)."""
        owners = sorted({(g.owner_name, g.owner_partner_id) for g in goals if g.owner_name})
        refill(
            self.owner,
            [("All owners", None), ("No owner yet", NO_OWNER)] + [(n, i) for n, i in owners],
        )
        refill(self.cohort, [("All cohorts", None)] + [(c, c) for c in cohorts_of(goals)])

    def current(self) -> GoalFilter:
        return GoalFilter(
            text=self.text.text(),
            priority_kind=self.priority.currentData(),
            status=self.status.currentData(),
            owner_partner_id=self.owner.currentData(),
            cohort=self.cohort.currentData(),
        )

    def show_count(self, shown: int, total: int) -> None:
        counted = fmt.plural(total, "goal")
        self.count.setText(counted if shown == total else f"{shown} of {counted}")


def summary_chips(goals: Sequence[Goal], today: dt.date) -> list[Chip]:
    """Counts by RAG status (worst first), by priority, and overdue milestones."""
    summary = summarise(goals, today)
    chips: list[Chip] = [
        (f"{dg.status_text(s)} {summary.by_status[s]}", RAG_COLOURS[dg.RAG[s]]) for s in SEVERITY
    ]
    chips.append(("", None))
    chips += [(f"{t} {summary.by_priority[k]}", None) for k, t in dg.PRIORITY_KINDS.items()]
    chips.append(("", None))
    late = summary.overdue_milestones
    chips.append(
        (f"⚠ {fmt.plural(late, 'overdue milestone')}", RAG_COLOURS["Red"])
        if late
        else ("No overdue milestones", None)
    )
    return chips

"""The Goals pane's behaviour: a partnership's (or an area's) goals with status as RAG,
progress, owners, priorities, cohorts and maturity links; filters; a summary strip; the
selected goal's measures, chart and milestones beneath (the layout is
:mod:`lcpdesk.ui.panes.goals_view`)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QWidget

from lcpdesk.domain.goals import Goal, GoalFilter
from lcpdesk.domain.model import Area, Partnership
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.membership import MembershipService
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.goals import GoalCol
from lcpdesk.ui.panes.base import PaneContext
from lcpdesk.ui.panes.goal_filters import summary_chips
from lcpdesk.ui.panes.goals_edits import GoalEdits
from lcpdesk.ui.panes.goals_view import GoalsView
from lcpdesk.ui.panes.reading import read_scope
from lcpdesk.ui.tasks import Reader
from lcpdesk.ui.widgets import fit_columns, make_action


class GoalsPane(GoalsView):
    title: ClassVar[str] = "Goals"
    key: ClassVar[str] = "goals"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = GoalsService(context.store)
        self.membership = MembershipService(context.store)
        self.area: Area | None = None
        self.partnerships: list[Partnership] = []
        self.goals: list[Goal] = []
        self._keep: tuple[int, int | None, int | None] | None = None
        self._sized_for: object = None
        self._split_sized = False
        self._detail_sized = False
        self.reader = Reader(context.tasks, "Reading the goals", self)
        self.reader.busy_changed.connect(self.loading_note.set_busy)

        self.edits = GoalEdits(self)
        self.actions_by_name = self._make_actions()
        self.arrange(self.actions_by_name)
        self._bind_to_views()
        self.table.doubleClicked.connect(lambda _i: self.edits.edit_goal())
        self.detail.measure_view.doubleClicked.connect(lambda _i: self.edits.edit_measure())
        self.detail.milestone_view.doubleClicked.connect(lambda _i: self.edits.edit_milestone())
        self.filters.changed.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._on_goal)
        self.detail.measure_view.selectionModel().selectionChanged.connect(self._update_actions)
        self.detail.milestone_view.selectionModel().selectionChanged.connect(self._update_actions)
        self._show_nothing()

    # ------------------------------------------------------------------ construction

    def _make_actions(self) -> dict[str, QAction]:
        keys = QKeySequence
        e, t = self.edits, self.table
        return {
            "add": make_action(
                self, "&Add goal…", e.add_goal, [keys(Qt.Key.Key_Insert), keys("Ctrl+N")]
            ),
            "edit": make_action(
                self,
                "&Edit goal…",
                e.edit_goal,
                [keys(Qt.Key.Key_F2), keys(Qt.Key.Key_Return), keys(Qt.Key.Key_Enter)],
                on=t,
            ),
            "delete": make_action(
                self, "&Delete goal", e.delete_goal, [keys(keys.StandardKey.Delete)], on=t
            ),
            "add_measure": make_action(self, "Add &measure…", e.add_measure, [keys("Ctrl+M")]),
            # Bound to the measure and milestone tables once they exist (see _bind_to_views).
            "edit_measure": make_action(self, "Edit measure…", e.edit_measure),
            "delete_measure": make_action(self, "Delete measure", e.delete_measure),
            "add_milestone": make_action(
                self, "Add mi&lestone…", e.add_milestone, [keys("Ctrl+L")]
            ),
            "edit_milestone": make_action(self, "Edit milestone…", e.edit_milestone),
            "done_milestone": make_action(self, "Mark d&one", e.mark_done, [keys("Ctrl+D")]),
            "delete_milestone": make_action(self, "Delete milestone", e.delete_milestone),
        }

    def _bind_to_views(self) -> None:
        """Edit (F2, Enter) and Delete on the measure and milestone tables, where they mean
        that table's row (the goals table has its own)."""
        keys = QKeySequence
        edit = [keys(Qt.Key.Key_F2), keys(Qt.Key.Key_Return), keys(Qt.Key.Key_Enter)]
        delete = [keys(keys.StandardKey.Delete)]
        for name, view, shortcuts in (
            ("edit_measure", self.detail.measure_view, edit),
            ("delete_measure", self.detail.measure_view, delete),
            ("edit_milestone", self.detail.milestone_view, edit),
            ("delete_milestone", self.detail.milestone_view, delete),
        ):
            act = self.actions_by_name[name]
            self.removeAction(act)
            act.setShortcuts(shortcuts)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            view.addAction(act)

    def save_state(self) -> None:
        settings = self.context.settings
        settings.setValue(self.settings_key("splitter"), self.splitter.saveState())
        settings.setValue(self.settings_key("detail"), self.detail.splitter.saveState())

    def restore_state(self) -> None:
        for name, splitter in (("splitter", self.splitter), ("detail", self.detail.splitter)):
            state = self.context.settings.value(self.settings_key(name))
            if isinstance(state, QByteArray) and not state.isEmpty():
                restored = splitter.restoreState(state)
                if splitter is self.splitter:
                    self._split_sized = restored
                else:
                    self._detail_sized = restored

    # ------------------------------------------------------------------ Pane

    def refresh(self) -> None:
        """Read the selection's goals in a worker, then show them."""
        if self.area_id is None:
            self.reader.drop()
            self._show_nothing()
            return
        area_id, unit = self.area_id, self.partnership_id
        membership, service = self.membership, self.service

        def read() -> tuple[Area, list[Partnership], list[Goal]] | None:
            scope = read_scope(membership, area_id)
            return None if scope is None else (*scope, service.goals(area_id, unit))

        self.reader.read(read, self._show_goals)

    def _show_goals(self, found: tuple[Area, list[Partnership], list[Goal]] | None) -> None:
        if found is None:  # the area has gone (an undo may remove it)
            self.area_id = self.partnership_id = None
            self._show_nothing()
            return
        area, self.partnerships, self.goals = found
        self.area = area
        keep = self._keep or self._selected_key()
        self._keep = None
        self.model.set_records(self.goals)
        self.filters.offer(self.goals)
        self._apply_filter(keep_selection=False)
        self._set_headings(area)
        self._size_columns()
        if keep is None or not self.select_goal(keep[0], keep[1], keep[2]):
            if self.proxy.rowCount():
                self.table.selectRow(0)
            else:
                self._on_goal()
        self._update_actions()
        self.status_changed.emit(self.status_text())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_actions()

    def status_text(self) -> str:
        if self.area is None:
            return ""
        late = sum(len(g.overdue_milestones(self.today())) for g in self.goals)
        return f"{fmt.plural(len(self.goals), 'goal')} · {fmt.plural(late, 'overdue milestone')}"

    # ------------------------------------------------------------------ what is shown

    def _show_nothing(self) -> None:
        self.area = None
        self.partnerships = []
        self.goals = []
        self.model.set_records([])
        self.heading.setText("No area selected")
        self.subheading.setText("Load the demo data (File menu) or choose an area on the left.")
        self.summary.set_chips([])
        self.detail.set_goal(None)
        self.count_label.setText("")
        self._update_actions()
        self.status_changed.emit("")

    def _set_headings(self, area: Area) -> None:
        unit = next((p for p in self.partnerships if p.id == self.partnership_id), None)
        demo = " · includes demo data" if any(g.is_demo for g in self.goals) else ""
        if unit is None:
            self.heading.setText(f"{area.name}: goals")
            self.subheading.setText(
                f"Every {area.partnership_label}'s goals, with progress from their measures" + demo
            )
        else:
            kind = area.subunit_label if unit.is_subunit else area.partnership_label
            self.heading.setText(f"{unit.name}: goals")
            self.subheading.setText(f"{kind} in {area.name}" + demo)
        self.summary.set_chips(summary_chips(self.goals, self.today()))
        has_many = unit is None or any(p.parent_id == unit.id for p in self.partnerships)
        self.table.setColumnHidden(GoalCol.PARTNERSHIP, not has_many)
        # Like the Membership pane's PCN column: a column empty for every goal says nothing.
        self.table.setColumnHidden(GoalCol.MATURITY, not any(g.dimensions for g in self.goals))
        self.table.setColumnHidden(GoalCol.COHORTS, not any(g.cohorts for g in self.goals))
        self.model.set_header(GoalCol.PARTNERSHIP, area.partnership_label)

    def _size_columns(self) -> None:
        if self._sized_for == (self.area_id, self.partnership_id) or not self.goals:
            return
        self._sized_for = (self.area_id, self.partnership_id)
        fit_columns(self.table, 26)
        em = self.fontMetrics().horizontalAdvance("M")
        for col, most in (
            (GoalCol.PRIORITY, 13),
            (GoalCol.OWNER, 13),
            (GoalCol.COHORTS, 12),
            (GoalCol.MATURITY, 12),
        ):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), em * most))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_sized:
            self._split_sized = True
            QTimer.singleShot(0, self._size_splitter)

    def _size_splitter(self) -> None:
        """Room for about six goals above the selected goal's detail."""
        total = sum(self.splitter.sizes())
        rows = self.table.verticalHeader().defaultSectionSize()
        wanted = (
            rows * 6
            + self.table.horizontalHeader().sizeHint().height()
            + 2 * self.filter_edit.sizeHint().height()
            + 2 * self.table.frameWidth()
            + self.fontMetrics().height() * 2
        )
        top = min(wanted, int(total * 0.45))
        self.splitter.setSizes([top, total - top])
        if not self._detail_sized:
            across = sum(self.detail.splitter.sizes())
            left = across * 9 // 20  # the chart gets the larger share
            self.detail.splitter.setSizes([left, across - left])

    def current_filter(self) -> GoalFilter:
        return self.filters.current()

    def _apply_filter(self, *, keep_selection: bool = True) -> None:
        keep = self._selected_key() if keep_selection else None
        chosen = self.current_filter()
        self.proxy.set_predicate(chosen.matches)
        self.filters.show_count(self.proxy.rowCount(), len(self.goals))
        if keep_selection and (keep is None or not self.select_goal(keep[0])):
            if self.proxy.rowCount():
                self.table.selectRow(0)
            else:
                self._on_goal()

    def _update_actions(self, *_args: object) -> None:
        writable = not self.read_only
        goal = self.selected_goal()
        acts = self.actions_by_name
        acts["add"].setEnabled(writable and bool(self.partnerships))
        for name in ("edit", "delete", "add_measure", "add_milestone"):
            acts[name].setEnabled(writable and goal is not None)
        measure = self.detail.selected_measure() is not None
        for name in ("edit_measure", "delete_measure"):
            acts[name].setEnabled(writable and goal is not None and measure)
        stone = self.detail.selected_milestone()
        for name in ("edit_milestone", "done_milestone", "delete_milestone"):
            acts[name].setEnabled(writable and goal is not None and stone is not None)
        if stone is not None:
            acts["done_milestone"].setText("Not d&one" if stone.done_date else "Mark d&one")

    # ------------------------------------------------------------------ selection

    def selected_goal(self) -> Goal | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None

    def _selected_key(self) -> tuple[int, int | None, int | None] | None:
        goal = self.selected_goal()
        if goal is None:
            return None
        measure = self.detail.selected_measure()
        stone = self.detail.selected_milestone()
        return goal.id, measure.id if measure else None, stone.id if stone else None

    def keep_selection(
        self, goal_id: int, *, measure_id: int | None = None, milestone_id: int | None = None
    ) -> None:
        """Select this goal (and measure, milestone) after the next refresh."""
        self._keep = (goal_id, measure_id, milestone_id)

    def select_goal(
        self, goal_id: int, measure_id: int | None = None, milestone_id: int | None = None
    ) -> bool:
        row = self.proxy.row_where(lambda g: g.id == goal_id)
        if row is None:
            return False
        current = self.selected_goal()
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))
        if current is not None and current.id == goal_id:
            self._on_goal()  # the same goal, read again: show its new figures
        if measure_id is not None:
            self.detail.select_measure(measure_id)
        if milestone_id is not None:
            self.detail.select_milestone(milestone_id)
        return True

    def _on_goal(self, *_args: object) -> None:
        goal = self.selected_goal()
        empty = ""
        if goal is None and self.area is not None:
            empty = "No goals yet: add one with Add goal…" if not self.goals else "No goal matches"
        self.detail.set_goal(goal, empty)
        self._update_actions()

"""The Goals pane's edits: each opens a form (or asks), calls the service, and pushes the
change onto the window's undo stack as one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lcpdesk.domain.goals import MilestoneInput, cohorts_of
from lcpdesk.errors import InputError
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.goal import GoalDialog
from lcpdesk.ui.dialogs.measure import MeasureDialog, MilestoneDialog
from lcpdesk.ui.panes.edits import PaneEdits

if TYPE_CHECKING:
    from lcpdesk.ui.panes.goals import GoalsPane  # noqa: F401 (named by the base class)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class GoalEdits(PaneEdits["GoalsPane"]):
    def _goal_dialog(self, title: str, **kw: object) -> GoalDialog | None:
        pane = self.pane
        if pane.area_id is None:
            return None
        svc = pane.service
        labels = sorted({g.priority_label for g in pane.goals if g.priority_label})
        return GoalDialog(
            title,
            partners=svc.partners(pane.area_id),
            dimensions=svc.dimensions(),
            cohorts=cohorts_of(pane.goals),
            priority_labels=labels,
            parent=pane,
            **kw,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ goals

    def add_goal(self) -> None:
        pane = self.pane
        if not self._ready() or not pane.partnerships:
            return
        dialog = self._goal_dialog(
            "Add goal",
            partnerships=pane.partnerships,
            partnership_id=pane.partnership_id or pane.partnerships[0].id,
        )
        if dialog is None:
            return

        def submit() -> None:
            unit = dialog.chosen_partnership()
            if unit is None:
                raise InputError("Choose the partnership the goal belongs to.")
            changes, goal_id = pane.service.add_goal(unit, dialog.goal_input())
            pane.keep_selection(goal_id)
            self._push(changes)

        self._open(dialog, submit)

    def edit_goal(self) -> None:
        pane = self.pane
        goal = pane.selected_goal()
        if goal is None or not self._ready():
            return
        dialog = self._goal_dialog(f"Edit goal: {goal.title}", current=goal)
        if dialog is None:
            return

        def submit() -> None:
            changes = pane.service.edit_goal(goal.id, dialog.goal_input())
            pane.keep_selection(goal.id)
            self._push(changes)

        self._open(dialog, submit)

    def delete_goal(self) -> None:
        pane = self.pane
        goal = pane.selected_goal()
        if goal is None or not self._ready():
            return
        readings = sum(len(m.readings) for m in goal.measures)
        parts = [_count(len(goal.measures), "measure")]
        if readings:
            parts[0] += f" ({_count(readings, 'reading')})"
        parts.append(_count(len(goal.milestones), "milestone"))
        if not prompts.ask_yes_no(
            pane,
            "Delete goal",
            f"Delete the goal ‘{goal.title}’ of {goal.partnership_name}, with its "
            f"{' and '.join(parts)}?",
            "Resources allocated to it stay, no longer for a goal. Edit ▸ Undo puts it all back.",
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        self._run("Delete goal", lambda: pane.service.delete_goal(goal.id))

    # ------------------------------------------------------------------ measures

    def add_measure(self) -> None:
        pane = self.pane
        goal = pane.selected_goal()
        if goal is None or not self._ready():
            return
        dialog = MeasureDialog("Add measure", goal_title=goal.title, parent=pane)

        def submit() -> None:
            changes, measure_id = pane.service.add_measure(goal.id, dialog.measure_input())
            pane.keep_selection(goal.id, measure_id=measure_id)
            self._push(changes)

        self._open(dialog, submit)

    def edit_measure(self) -> None:
        pane = self.pane
        goal, measure = pane.selected_goal(), pane.detail.selected_measure()
        if goal is None or measure is None or not self._ready():
            return
        dialog = MeasureDialog(
            f"Edit measure: {measure.name}", current=measure, goal_title=goal.title, parent=pane
        )

        def submit() -> None:
            changes = pane.service.edit_measure(measure.id, dialog.measure_input())
            pane.keep_selection(goal.id, measure_id=measure.id)
            self._push(changes)

        self._open(dialog, submit)

    def delete_measure(self) -> None:
        pane = self.pane
        goal, measure = pane.selected_goal(), pane.detail.selected_measure()
        if goal is None or measure is None or not self._ready():
            return
        if not prompts.ask_yes_no(
            pane,
            "Delete measure",
            f"Delete the measure ‘{measure.name}’ with its "
            f"{_count(len(measure.readings), 'reading')}?",
            "Edit ▸ Undo puts it back.",
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        pane.keep_selection(goal.id)
        self._run("Delete measure", lambda: pane.service.delete_measure(measure.id))

    # ------------------------------------------------------------------ milestones

    def add_milestone(self) -> None:
        pane = self.pane
        goal = pane.selected_goal()
        if goal is None or not self._ready():
            return
        dialog = MilestoneDialog("Add milestone", parent=pane)

        def submit() -> None:
            changes, sid = pane.service.add_milestone(goal.id, dialog.milestone_input())
            pane.keep_selection(goal.id, milestone_id=sid)
            self._push(changes)

        self._open(dialog, submit)

    def edit_milestone(self) -> None:
        pane = self.pane
        goal, stone = pane.selected_goal(), pane.detail.selected_milestone()
        if goal is None or stone is None or not self._ready():
            return
        dialog = MilestoneDialog(f"Edit milestone: {stone.title}", current=stone, parent=pane)

        def submit() -> None:
            changes = pane.service.edit_milestone(stone.id, dialog.milestone_input())
            pane.keep_selection(goal.id, milestone_id=stone.id)
            self._push(changes)

        self._open(dialog, submit)

    def mark_done(self) -> None:
        """The selected milestone is done today (or, if it is done, not done after all)."""
        pane = self.pane
        goal, stone = pane.selected_goal(), pane.detail.selected_milestone()
        if goal is None or stone is None or not self._ready():
            return
        done = None if stone.done_date is not None else pane.today()
        pane.keep_selection(goal.id, milestone_id=stone.id)
        self._run(
            "Mark milestone done",
            lambda: pane.service.edit_milestone(
                stone.id, MilestoneInput(stone.title, stone.due_date, done)
            ),
        )

    def delete_milestone(self) -> None:
        pane = self.pane
        goal, stone = pane.selected_goal(), pane.detail.selected_milestone()
        if goal is None or stone is None or not self._ready():
            return
        if not prompts.ask_yes_no(
            pane,
            "Delete milestone",
            f"Delete the milestone ‘{stone.title}’?",
            "Edit ▸ Undo puts it back.",
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        pane.keep_selection(goal.id)
        self._run("Delete milestone", lambda: pane.service.delete_milestone(stone.id))

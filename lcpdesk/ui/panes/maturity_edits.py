"""The Maturity pane's edits: each calls a service, which writes at once and returns a change
set; the change goes on the window's undo stack as one step and every pane refreshes.

Unsaved notes (evidence, links, next steps) are saved first, as their own undo step, before
any other edit, so that an edit never loses what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from lcpdesk.domain import periods
from lcpdesk.domain.maturity_views import GapRow
from lcpdesk.domain.scoring import Rater
from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.io.frameworks import FILE_FILTER
from lcpdesk.services.frameworks import FrameworkService, Loaded
from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.form import FormDialog
from lcpdesk.ui.dialogs.maturity import (
    FrameworksDialog,
    GoalFromGapDialog,
    NewAssessmentDialog,
    RaterDialog,
)
from lcpdesk.ui.panes.edits import PaneEdits
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.panes.maturity import MaturityPane

Pending = tuple[tuple[int, int], tuple[str, str, str]]


class MaturityEdits(PaneEdits["MaturityPane"]):
    def __init__(self, pane: MaturityPane) -> None:
        super().__init__(pane)
        self.service = pane.service
        self.frameworks_dialog: FrameworksDialog | None = None

    # ------------------------------------------------------------------ helpers

    def apply(self, title: str, change: Callable[[], ChangeSet], *, flush: bool = True) -> bool:
        """Run one edit; tell the user (and refresh) when it is refused."""
        pane = self.pane
        if pane.read_only:
            return False
        if flush:
            self.flush_notes()
        try:
            changes = change()
        except UserFacingError as exc:
            prompts.show_error(exc, pane, title)
            pane.refresh()
            return False
        pane.record_change(changes)
        return True

    def _open(self, dialog: FormDialog, submit: Callable[[], None] | None = None) -> None:
        if self.dialog is not None:  # one form at a time: bring the open one forward
            self.dialog.raise_()
            return
        super()._open(dialog, submit)

    def _selected(self) -> tuple[int, int] | None:
        return self.pane.scoring.detail.key

    # ------------------------------------------------------------------ notes

    def flush_notes(self) -> None:
        """Save the notes being typed, if any (its own undo step)."""
        pending = self.pane.scoring.detail.take_pending()
        if pending is not None:
            self.save_notes(pending)

    def save_notes(self, pending: Pending) -> None:
        (aid, did), (evidence, links, next_steps) = pending
        self.apply(
            "Save notes",
            lambda: self.service.set_notes(aid, did, evidence, links, next_steps),
            flush=False,
        )

    def notes_left(self, pending: Pending) -> None:
        """Notes left behind by moving to another dimension: saved once the move is done."""
        QTimer.singleShot(0, lambda: self.save_notes(pending))

    def save_current_notes(self) -> None:
        self.flush_notes()

    def add_documents(self) -> None:
        chosen = prompts.open_files(self.pane, "Add links to documents", "All files (*)")
        if chosen:
            self.pane.scoring.detail.append_links([str(p) for p in chosen])

    # ------------------------------------------------------------------ levels

    def set_consensus(self, rank: int | None) -> None:
        key = self._selected()
        if key is not None:
            self.apply("Agreed level", lambda: self.service.set_consensus(*key, rank))

    def set_target(self, rank: int | None) -> None:
        key = self._selected()
        if key is not None:
            self.apply("Target", lambda: self.service.set_target(*key, rank))

    def set_rater_level(self, rater_id: int, rank: int | None) -> None:
        key = self._selected()
        if key is not None:
            aid, did = key
            self.apply(
                "Rater's level", lambda: self.service.set_rater_score(aid, rater_id, did, rank)
            )

    # ------------------------------------------------------------------ assessments

    def start(self) -> None:
        pane = self.pane
        unit = pane.unit
        if unit is None or pane.area is None or pane.read_only:
            return
        self.flush_notes()
        suggested = pane.period if pane.period and pane.current is None else None
        period = suggested or self.service.suggested_period(pane.area.id, unit.id)
        dialog = NewAssessmentDialog(
            unit.name,
            period=period,
            frameworks=FrameworkService(pane.context.store).latest_keys(),
            framework_key=self.service.default_framework_key(pane.area.id, unit.id),
            has_previous=bool(self.service.assessments(unit.id)),
            parent=pane,
        )

        def submit() -> None:
            wanted = periods.normalise(dialog.period.text())
            changes = self.service.start_assessment(
                unit.id,
                wanted,
                dialog.chosen_key(),
                copy_previous=dialog.copy_previous.isChecked(),
            )
            pane.choose_period(wanted)
            self._push(changes)

        dialog.submit = submit
        self._open(dialog)

    def complete(self) -> None:
        current = self.pane.current
        if current is not None:
            self.apply("Mark complete", lambda: self.service.complete(current.id))

    def reopen(self) -> None:
        current = self.pane.current
        if current is not None:
            self.apply("Reopen", lambda: self.service.reopen(current.id))

    def delete(self) -> None:
        pane, current = self.pane, self.pane.current
        if current is None or pane.read_only or pane.unit is None:
            return
        if not prompts.ask_yes_no(
            pane,
            "Delete assessment",
            f"Delete the {current.info.period} assessment of {pane.unit.name}, with its "
            "raters, levels and notes?",
            "Edit ▸ Undo brings it back. Goals made from its gaps stay.",
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        self.apply("Delete assessment", lambda: self.service.delete_assessment(current.id))

    # ------------------------------------------------------------------ raters

    def add_rater(self) -> None:
        current = self.pane.current
        if current is None or self.pane.read_only:
            return
        self.flush_notes()
        dialog = RaterDialog("Add rater", parent=self.pane)

        def submit() -> None:
            self._push(
                self.service.add_rater(current.id, dialog.name.text(), dialog.organisation.text())
            )

        dialog.submit = submit
        self._open(dialog)

    def edit_rater(self, rater: Rater) -> None:
        if self.pane.read_only:
            return
        self.flush_notes()
        dialog = RaterDialog(f"Edit rater {rater.name}", rater, parent=self.pane)

        def submit() -> None:
            self._push(
                self.service.edit_rater(rater.id, dialog.name.text(), dialog.organisation.text())
            )

        dialog.submit = submit
        self._open(dialog)

    def remove_rater(self, rater: Rater) -> None:
        current = self.pane.current
        if current is None:
            return
        given = sum(1 for d in current.framework.scored if rater.id in current.item(d.id).scores)
        if given and not prompts.ask_yes_no(
            self.pane,
            "Remove rater",
            f"Remove {rater.label} and the {fmt.plural(given, 'level')} they gave?",
            "Edit ▸ Undo brings them back.",
            yes_text="Remove",
            no_text="Cancel",
        ):
            return
        self.apply("Remove rater", lambda: self.service.remove_rater(rater.id))

    # ------------------------------------------------------------------ goals

    def make_goal(self, gap: GapRow) -> None:
        pane, current = self.pane, self.pane.current
        if current is None or pane.unit is None or pane.read_only:
            return
        views = pane.views
        dialog = GoalFromGapDialog(
            gap,
            partnership=pane.unit.name,
            standard=current.framework.standard.name,
            title=views.goal_title(current.id, gap.dimension_id),
            next_steps=current.item(gap.dimension_id).next_steps,
            goals=views.goals_of(pane.unit.id),
            parent=pane,
        )

        def submit() -> None:
            goal_id = dialog.chosen_goal()
            if goal_id is None:
                changes = views.make_goal(
                    current.id,
                    gap.dimension_id,
                    dialog.title.text(),
                    term=str(dialog.term.currentData()),
                    description=dialog.description.toPlainText(),
                )
            else:
                changes = views.link_goal(current.id, gap.dimension_id, goal_id)
            pane.gaps.select(gap.dimension_id)
            self._push(changes)

        dialog.submit = submit
        self._open(dialog)

    # ------------------------------------------------------------------ frameworks

    def frameworks(self) -> None:
        if self.frameworks_dialog is not None:
            self.frameworks_dialog.raise_()
            return
        service = FrameworkService(self.pane.context.store)
        dialog = FrameworksDialog(service.infos, self.load_framework, parent=self.pane)
        dialog.set_read_only(self.pane.read_only)
        self.frameworks_dialog = dialog

        def closed() -> None:
            self.frameworks_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(lambda _r: closed())
        dialog.open()

    def load_framework(self) -> None:
        pane = self.pane
        parent = self.frameworks_dialog or pane
        chosen = prompts.open_files(parent, "Load a maturity framework", FILE_FILTER)
        if not chosen:
            return
        if len(chosen) > 1:
            prompts.show_error(
                InputError("Choose one framework file at a time."), parent, "Load framework"
            )
            return
        path = chosen[0]
        store = pane.context.store

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> object:
            return FrameworkService(store).load_file(path)

        pane.context.tasks.run(f"Loading {path.name}", work, on_success=self._framework_loaded)

    def _framework_loaded(self, loaded: object) -> None:
        assert isinstance(loaded, Loaded)
        self._push(loaded.changeset)
        if self.frameworks_dialog is not None:
            self.frameworks_dialog.reload()
        prompts.info(
            self.frameworks_dialog or self.pane, "Framework loaded", loaded.stored.message()
        )

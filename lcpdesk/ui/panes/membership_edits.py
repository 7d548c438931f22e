"""The Membership pane's edits: each opens a form, calls the service, and pushes the change.

The service writes at once and returns a ChangeSet; the change goes on the
window's undo stack as one step and every pane refreshes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lcpdesk.domain.model import MemberRow
from lcpdesk.domain.rules import normalise_practice_code
from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.practice import ChoosePartnershipDialog, PracticeDialog
from lcpdesk.ui.panes.edits import PaneEdits

if TYPE_CHECKING:
    from lcpdesk.ui.panes.membership import MembershipPane  # noqa: F401 (named by the base class)


class MembershipEdits(PaneEdits["MembershipPane"]):
    def _unit_name(self, row: MemberRow) -> str:
        unit = self.pane.unit(row.partnership_id)
        return unit.name if unit is not None else row.partnership_name

    # ------------------------------------------------------------------ edits

    def add(self) -> None:
        pane = self.pane
        if not self._ready() or pane.area is None or not pane.partnerships:
            return
        svc = pane.service
        default_unit = pane.partnership_id or pane.partnerships[0].id
        dialog = PracticeDialog(
            "Add practice",
            extract_date=pane.as_at if pane.dates else None,
            partnerships=pane.partnerships,
            partnership_id=default_unit,
            partnership_label=pane.area.partnership_label,
            member_from=pane.as_at,
            lookup=svc.practice,
            parent=pane,
        )

        def submit() -> None:
            data = dialog.practice_input()
            unit = dialog.chosen_partnership()
            when = dialog.chosen_date()
            if unit is None or when is None:
                raise InputError("Choose the partnership the practice joins.")
            changes = svc.add_practice(
                unit, data, when, extract_date=pane.as_at if pane.dates else None
            )
            added = svc.practice(normalise_practice_code(data.code))
            if added is not None:
                pane.keep_selection(added.id, unit)
            self._push(changes)

        self._open(dialog, submit)

    def edit(self) -> None:
        pane = self.pane
        row = pane.selected_row()
        if row is None or not self._ready():
            return
        svc = pane.service
        practice = svc.practice(row.code)
        if practice is None:
            pane.refresh()
            return
        extract = pane.as_at if pane.dates else None
        dialog = PracticeDialog(
            f"Edit {row.code}",
            extract_date=extract,
            current=practice,
            list_size=row.list_size,
            parent=pane,
        )
        if extract is None:
            dialog.list_size.setEnabled(False)
            dialog.list_size.setPlaceholderText("no extract dates held yet")

        def submit() -> None:
            changes = svc.edit_practice(row.practice_id, dialog.practice_input(), extract)
            pane.keep_selection(row.practice_id, row.partnership_id)
            self._push(changes)

        self._open(dialog, submit)

    def move(self) -> None:
        pane = self.pane
        row = pane.selected_row()
        if row is None or not self._ready():
            return
        svc = pane.service
        dialog = ChoosePartnershipDialog(
            f"Move {row.code}",
            f"Move {row.code} {row.name} out of {self._unit_name(row)} into another "
            f"{pane.area.partnership_label if pane.area else 'partnership'}.",
            partnerships=pane.partnerships,
            exclude=self._units_of(row),
            on_date=pane.as_at,
            choice_label="&To:",
            date_label="&From date:",
            ok_text="&Move",
            parent=pane,
        )

        def submit() -> None:
            target = dialog.chosen_partnership()
            if target is None:
                raise InputError("Choose where the practice moves to.")
            changes = svc.move_practice(
                row.practice_id, row.partnership_id, target, dialog.chosen_date()
            )
            pane.keep_selection(row.practice_id, target)
            self._push(changes)

        self._open(dialog, submit)

    def split(self) -> None:
        pane = self.pane
        row = pane.selected_row()
        if row is None or not self._ready():
            return
        svc = pane.service
        dialog = ChoosePartnershipDialog(
            f"Mark {row.code} as split",
            f"{row.code} {row.name} is in {self._unit_name(row)}. Choose the other "
            "partnership it has branches in. A split practice is listed separately and "
            "not counted in any partnership's population.",
            partnerships=pane.partnerships,
            exclude=self._units_of(row),
            on_date=pane.as_at,
            choice_label="&Also in:",
            date_label="&From date:",
            ok_text="Mark as &split",
            parent=pane,
        )

        def submit() -> None:
            target = dialog.chosen_partnership()
            if target is None:
                raise InputError("Choose the other partnership.")
            changes = svc.mark_split(row.practice_id, target, dialog.chosen_date())
            pane.keep_selection(row.practice_id, row.partnership_id)
            self._push(changes)

        self._open(dialog, submit)

    def remove(self) -> None:
        pane = self.pane
        row = pane.selected_row()
        if row is None or not self._ready():
            return
        unit = self._unit_name(row)
        if not prompts.ask_yes_no(
            pane,
            "Remove practice",
            f"Remove {row.code} {row.name} from {unit} from {fmt.day(pane.as_at)}?",
            "The practice stays in the register with its list sizes. Edit ▸ Undo puts it back.",
            yes_text="Remove",
            no_text="Cancel",
        ):
            return
        try:
            changes = pane.service.remove_from_partnership(
                row.practice_id, row.partnership_id, pane.as_at
            )
        except UserFacingError as exc:
            prompts.show_error(exc, pane, "Remove practice")
            pane.refresh()
            return
        self._push(changes)

    def _units_of(self, row: MemberRow) -> set[int]:
        """The partnerships the practice is in now (not offered as a target)."""
        names = set(row.split_with)
        units = {p.id for p in self.pane.partnerships if p.name in names}
        return units | {row.partnership_id}

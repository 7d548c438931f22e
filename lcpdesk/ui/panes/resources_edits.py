"""The Resources pane's edits: partners, allocations, the funding floor and rolling a period
forward; each is one step on the window's undo stack."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lcpdesk.domain.allocation_periods import Period
from lcpdesk.domain.amounts import parse_decimal, to_x100
from lcpdesk.domain.resources import amount_text
from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.services.resources import RollPlan
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.allocation import AllocationDialog, PartnerDialog, RollForwardDialog
from lcpdesk.ui.panes.edits import PaneEdits

if TYPE_CHECKING:
    from lcpdesk.ui.panes.resources import ResourcesPane  # noqa: F401 (named by the base class)


class ResourceEdits(PaneEdits["ResourcesPane"]):
    def _ready(self) -> bool:
        return super()._ready() and self.pane.area_id is not None

    # ------------------------------------------------------------------ partners

    def add_partner(self) -> None:
        pane = self.pane
        if not self._ready():
            return
        area_id = pane.area_id
        assert area_id is not None
        dialog = PartnerDialog("Add partner", parent=pane)

        def submit() -> None:
            changes, pid = pane.service.add_partner(area_id, dialog.partner_input())
            pane.keep_partner(pid)
            self._push(changes)

        self._open(dialog, submit)

    def edit_partner(self) -> None:
        pane = self.pane
        partner = pane.selected_partner()
        if partner is None or not self._ready():
            return
        dialog = PartnerDialog(f"Edit partner: {partner.name}", current=partner, parent=pane)

        def submit() -> None:
            changes = pane.service.edit_partner(partner.id, dialog.partner_input())
            pane.keep_partner(partner.id)
            self._push(changes)

        self._open(dialog, submit)

    def delete_partner(self) -> None:
        pane = self.pane
        partner = pane.selected_partner()
        if partner is None or not self._ready():
            return
        effects = []
        if partner.allocations:
            n = partner.allocations
            effects.append(f"its {n} allocation{' is' if n == 1 else 's are'} deleted with it")
        if partner.goals_owned:
            n = partner.goals_owned
            effects.append(f"{n} goal{'s' if n != 1 else ''} it owns will have no owner")
        said = "; ".join(effects)
        detail = (said[:1].upper() + said[1:] + ". " if said else "") + (
            "Edit ▸ Undo puts it all back."
        )
        if not prompts.ask_yes_no(
            pane,
            "Delete partner",
            f"Delete the partner {partner.name}?",
            detail,
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        self._run("Delete partner", lambda: pane.service.delete_partner(partner.id))

    # ------------------------------------------------------------------ allocations

    def _allocation_dialog(self, title: str, **kw: object) -> AllocationDialog | None:
        pane = self.pane
        if pane.area_id is None or not pane.partnerships:
            return None
        return AllocationDialog(
            title,
            partners=pane.service.partners(pane.area_id),
            partnerships=pane.partnerships,
            goals_for=pane.service.goals_for,
            parent=pane,
            **kw,  # type: ignore[arg-type]
        )

    def add_allocation(self) -> None:
        pane = self.pane
        if not self._ready():
            return
        dialog = self._allocation_dialog(
            "Add allocation",
            partnership_id=pane.partnership_id or pane.partnerships[0].id,
            period=pane.period,
        )
        if dialog is None:
            return

        def submit() -> None:
            changes, aid = pane.service.add_allocation(dialog.allocation_input())
            pane.keep_allocation(aid)
            self._push(changes)

        self._open(dialog, submit)

    def edit_allocation(self) -> None:
        pane = self.pane
        alloc = pane.selected_allocation()
        if alloc is None or not self._ready():
            return
        current = pane.service.allocation(alloc.id)
        if current is None:
            pane.refresh()
            return
        dialog = self._allocation_dialog(
            f"Edit allocation from {alloc.partner_name}", current=current
        )
        if dialog is None:
            return

        def submit() -> None:
            changes = pane.service.edit_allocation(alloc.id, dialog.allocation_input())
            pane.keep_allocation(alloc.id)
            self._push(changes)

        self._open(dialog, submit)

    def delete_allocation(self) -> None:
        pane = self.pane
        alloc = pane.selected_allocation()
        if alloc is None or not self._ready():
            return
        if not prompts.ask_yes_no(
            pane,
            "Delete allocation",
            f"Delete {amount_text(alloc.kind, alloc.amount_x100)} from {alloc.partner_name} "
            f"to {alloc.partnership_name} for {alloc.period.label}?",
            "Edit ▸ Undo puts it back.",
            yes_text="Delete",
            no_text="Cancel",
        ):
            return
        self._run("Delete allocation", lambda: pane.service.delete_allocation(alloc.id))

    # ------------------------------------------------------------------ the area's settings

    def set_floor(self) -> None:
        pane = self.pane
        if not self._ready():
            return
        area_id = pane.area_id
        assert area_id is not None
        text = pane.warnings_panel.floor.text()
        try:
            value = parse_decimal(text, "amount")
            if value is None or value < 0:
                raise InputError(
                    f"'{text}' is not an amount of money.", hint="Type an amount such as £20,000."
                )
            floor = to_x100(value, "amount")
        except UserFacingError as exc:
            prompts.show_error(exc, pane, "Smallest funding piece")
            pane.refresh()
            return
        pane.warnings_panel.floor.clearFocus()
        self._run("Smallest funding piece", lambda: pane.service.set_funding_floor(area_id, floor))

    # ------------------------------------------------------------------ roll forward

    def roll_forward(self) -> None:
        pane = self.pane
        if not self._ready():
            return
        area_id, unit = pane.area_id, pane.partnership_id
        assert area_id is not None
        svc = pane.service
        periods = svc.periods(area_id, unit)
        if not periods:
            prompts.info(pane, "Roll a period forward", "There are no allocations to roll forward.")
            return
        exact = [p for p, _n in periods]
        selected = pane.period if pane.period in exact else exact[-1]

        def plan(period: Period, uplift: Decimal) -> RollPlan:
            return svc.plan_roll_forward(area_id, unit, period, uplift)

        dialog = RollForwardDialog(
            periods=periods, plan=plan, scope=pane.scope_name(), selected=selected, parent=pane
        )

        def submit() -> None:
            period, uplift = dialog.chosen()
            changes, done = svc.roll_forward(area_id, unit, period, uplift)
            pane.show_period(done.target)
            self._push(changes)

        self._open(dialog, submit)

"""Add or edit a partner organisation or an allocation; roll a period forward with an uplift."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from lcpdesk import clock
from lcpdesk.domain import resources as res
from lcpdesk.domain.allocation_periods import Period, financial_year
from lcpdesk.domain.amounts import money_text, number_text, parse_decimal, to_x100
from lcpdesk.domain.model import Partnership
from lcpdesk.domain.resources import (
    AllocationInput,
    GoalRef,
    Partner,
    PartnerInput,
)
from lcpdesk.errors import InputError, UserFacingError
from lcpdesk.services.resources import RollPlan
from lcpdesk.ui.dialogs.form import FormDialog, date_edit, from_qdate, partnership_combo, to_qdate


class PartnerDialog(FormDialog):
    def __init__(
        self, title: str, *, current: Partner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent=parent, ok_text="Add" if current is None else "Save")
        self.name = QLineEdit(current.name if current else "")
        self.name.setPlaceholderText("e.g. Leeds Community Healthcare NHS Trust")
        self.add_row("&Name:", self.name)
        self.sector = QComboBox()
        for key, text in res.SECTORS.items():
            self.sector.addItem(text, key)
        self.sector.setCurrentIndex(
            max(0, self.sector.findData(current.sector if current else "statutory"))
        )
        self.add_row("&Sector:", self.sector)
        self.org_type = QComboBox()
        self.org_type.setEditable(True)
        self.org_type.addItems(list(res.ORG_TYPES))
        self.org_type.setCurrentText(current.org_type if current else "")
        self.add_row("&Type:", self.org_type)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 32)

    def partner_input(self) -> PartnerInput:
        return PartnerInput(
            self.name.text(), str(self.sector.currentData()), self.org_type.currentText()
        )


class AllocationDialog(FormDialog):
    """``goals_for(partnership_id)`` gives the goals an allocation to it may be for."""

    def __init__(
        self,
        title: str,
        *,
        partners: Sequence[Partner],
        partnerships: Sequence[Partnership],
        goals_for: Callable[[int], list[GoalRef]],
        current: AllocationInput | None = None,
        partnership_id: int | None = None,
        period: Period | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent=parent, ok_text="Add" if current is None else "Save")
        c = current
        self._goals_for = goals_for
        self.partner = QComboBox()
        for p in partners:
            self.partner.addItem(f"{p.name} ({res.SECTORS.get(p.sector, p.sector)})", p.id)
        if c is not None:
            self.partner.setCurrentIndex(max(0, self.partner.findData(c.partner_id)))
        self.add_row("&From partner:", self.partner)
        self.partner.setAccessibleName("Partner")
        self.partnership = partnership_combo(
            partnerships,
            "Partnership",
            selected=c.partnership_id if c else partnership_id,
        )
        self.add_row("&To partnership:", self.partnership)
        self.goal = QComboBox()
        self.add_row("For &goal:", self.goal)
        self.goal.setAccessibleName("Goal")
        self.kind = QComboBox()
        for key in res.KINDS:
            self.kind.addItem(res.kind_label(key), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind if c else res.FUNDING)))
        self.add_row("&Kind:", self.kind)
        self.amount = QLineEdit("" if c is None else number_text(c.amount_x100))
        self.add_row("&Amount:", self.amount)
        self.amount.setAccessibleName("Amount")
        year = period or financial_year(clock.today())
        self.start = date_edit(c.period_start if c else year.start, "Period start")
        self.add_row("Period &start:", self.start)
        self.end = date_edit(c.period_end if c else year.end, "Period end")
        self.add_row("Period &end:", self.end)
        self.status = QComboBox()
        for status in res.ALLOCATION_STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.status.setCurrentIndex(max(0, self.status.findData(c.status if c else res.PLANNED)))
        self.add_row("Stat&us:", self.status)
        self.notes = QLineEdit(c.notes if c else "")
        self.notes.setPlaceholderText("e.g. Community matron, two days a week")
        self.add_row("&Notes:", self.notes)
        self.period_note = QLabel()
        self.period_note.setAccessibleName("Period")
        self.form.addRow("", self.period_note)
        self._fill_goals(c.goal_id if c else None)
        self.partnership.currentIndexChanged.connect(lambda _i: self._fill_goals(self.goal_id()))
        self.kind.currentIndexChanged.connect(lambda _i: self._unit_hint())
        self.start.dateChanged.connect(lambda _d: self._show_period())
        self.end.dateChanged.connect(lambda _d: self._show_period())
        self._unit_hint()
        self._show_period()
        self.ok_button.setEnabled(self.partner.count() > 0)
        if self.partner.count() == 0:
            self.show_error(
                "There are no partner organisations yet.",
                "Add the partners on the Partners tab first.",
            )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 38)

    def _fill_goals(self, keep: int | None) -> None:
        self.goal.clear()
        self.goal.addItem("Not for a particular goal", None)
        unit = self.partnership.currentData()
        for g in self._goals_for(int(unit)) if unit is not None else []:
            done = " (done)" if g.status == "done" else ""
            self.goal.addItem(f"{g.title}{done}", g.id)
        self.goal.setCurrentIndex(max(0, self.goal.findData(keep)))

    def _unit_hint(self) -> None:
        kind = res.KINDS[str(self.kind.currentData())]
        self.amount.setPlaceholderText(
            "£, e.g. 25,000" if kind.unit == "£" else f"{kind.unit}, e.g. 1.5"
        )

    def _show_period(self) -> None:
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        self.period_note.setText(
            Period(start, end).label if end >= start else "The period ends before it starts."
        )

    def goal_id(self) -> int | None:
        value = self.goal.currentData()
        return int(value) if value is not None else None

    def allocation_input(self) -> AllocationInput:
        kind = str(self.kind.currentData())
        amount = parse_decimal(self.amount.text(), "amount")
        if amount is None:
            raise InputError("Type the amount.", hint=self.amount.placeholderText())
        partner, unit = self.partner.currentData(), self.partnership.currentData()
        if partner is None or unit is None:
            raise InputError("Choose the partner and the partnership.")
        return AllocationInput(
            partner_id=int(partner),
            partnership_id=int(unit),
            kind=kind,
            amount_x100=to_x100(amount, "amount"),
            period_start=from_qdate(self.start.date()),
            period_end=from_qdate(self.end.date()),
            status=str(self.status.currentData()),
            goal_id=self.goal_id(),
            notes=self.notes.text(),
        )

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.start.setDate(to_qdate(start))
        self.end.setDate(to_qdate(end))


class RollForwardDialog(FormDialog):
    """Choose a period and an uplift; the preview says what will be copied, to the penny.

    ``plan(period, uplift)`` returns the :class:`RollPlan` or raises a
    :class:`UserFacingError`."""

    def __init__(
        self,
        *,
        periods: Sequence[tuple[Period, int]],
        plan: Callable[[Period, Decimal], RollPlan],
        scope: str,
        selected: Period | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Roll a period forward",
            parent=parent,
            intro=f"Copy {scope}'s allocations of one period into the next period of the same "
            "length, as planned. Money (funding, estates and in-kind values) can be uplifted; "
            "staff time is copied as it is. Allocations already in the next period are left "
            "alone.",
            ok_text="Roll &forward",
        )
        self._plan = plan
        self.period = QComboBox()
        for p, n in periods:
            self.period.addItem(f"{p.label} ({n} allocation{'s' if n != 1 else ''})", p)
        if selected is not None:
            for i in range(self.period.count()):
                if self.period.itemData(i) == selected:
                    self.period.setCurrentIndex(i)
        self.add_row("&Period:", self.period)
        self.uplift = QLineEdit("0")
        self.uplift.setPlaceholderText("e.g. 2.5")
        self.add_row("&Uplift (%):", self.uplift)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What will be copied")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.error_label), self.preview)  # full width
        self.period.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.uplift.textChanged.connect(lambda _t: self.update_preview())
        self.ok_button.setEnabled(self.period.count() > 0)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        self.update_preview()

    def chosen(self) -> tuple[Period, Decimal]:
        period = self.period.currentData()
        if not isinstance(period, Period):
            raise InputError("There are no allocations to roll forward.")
        uplift = parse_decimal(self.uplift.text(), "uplift") or Decimal(0)
        return period, uplift

    def update_preview(self) -> None:
        try:
            period, uplift = self.chosen()
            plan = self._plan(period, uplift)
        except UserFacingError as exc:
            self.preview.setText(f"{exc.message} {exc.hint}".strip())
            return
        self.preview.setText(preview_text(plan))


def preview_text(plan: RollPlan) -> str:
    """What a roll-forward plan will do, in a sentence or three."""
    target, before, after = plan.target, plan.before, plan.after
    n = len(plan.copies)
    text = (
        f"{n} allocation{'s' if n != 1 else ''} will be copied into {target.label} "
        f"({target.start.day} {target.start:%b %Y} – {target.end.day} {target.end:%b %Y}) "
        "as planned."
    )
    for kind in res.KINDS.values():
        was = sum(before[kind.key].values())
        now = sum(after[kind.key].values())
        if not was:
            continue
        if kind.is_money and plan.uplift:
            text += f" {kind.label}: {money_text(was)} → {money_text(now)}."
        else:
            text += f" {kind.label}: {res.amount_text(kind.key, now)}."
    if plan.skipped:
        text += f" {plan.skipped} already in {target.label} will be left alone."
    return text

"""Add or edit a goal: what it is, its priority and cohorts, owner, status, dates and the
maturity dimensions it works on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from lcpdesk.domain import goals as dg
from lcpdesk.domain.goals import Goal, GoalInput
from lcpdesk.domain.model import Partnership
from lcpdesk.domain.resources import Partner
from lcpdesk.store.goals_repo import DimensionChoice
from lcpdesk.ui.dialogs.form import FormDialog, partnership_combo
from lcpdesk.ui.dialogs.optional_date import OptionalDate

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 20
NO_FRAMEWORK = (
    "No maturity framework is loaded yet, so there are no dimensions to link. Load one in "
    "the Maturity pane; goals made from maturity gaps are linked for you."
)


def _checklist(name: str, items: Sequence[tuple[str, object, bool]]) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    for text, data, checked in items:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    rows = max(2, min(len(items), 5))
    widget.setFixedHeight(widget.sizeHintForRow(0) * rows + 2 * widget.frameWidth() + 4)
    return widget


def checked_data(widget: QListWidget) -> list[object]:
    return [
        widget.item(i).data(ID_ROLE)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class GoalDialog(FormDialog):
    def __init__(
        self,
        title: str,
        *,
        partners: Sequence[Partner],
        dimensions: Sequence[DimensionChoice],
        cohorts: Sequence[str],
        priority_labels: Sequence[str] = (),
        current: Goal | None = None,
        partnerships: Sequence[Partnership] | None = None,
        partnership_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent=parent, ok_text="Add" if current is None else "Save")
        g = current
        self.partnership: QComboBox | None = None
        if partnerships is not None:
            self.partnership = partnership_combo(
                partnerships, "Partnership", selected=partnership_id
            )
            self.add_row("&Partnership:", self.partnership)
        self.title_edit = QLineEdit(g.title if g else "")
        self.title_edit.setPlaceholderText("e.g. Fewer emergency admissions of frail people")
        self.add_row("&Title:", self.title_edit)
        self.description = QPlainTextEdit(g.description if g else "")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_row("&Description:", self.description)

        self.term = QComboBox()
        for key, text in dg.TERMS.items():
            self.term.addItem(text, key)
        self.term.setCurrentIndex(self.term.findData(g.term if g else "short"))
        self.add_row("Ter&m:", self.term)

        self.priority_kind = QComboBox()
        for key, text in dg.PRIORITY_KINDS.items():
            self.priority_kind.addItem(text, key)
        self.priority_kind.setCurrentIndex(
            self.priority_kind.findData(g.priority_kind if g else dg.CITY)
        )
        self.add_row("Pr&iority:", self.priority_kind)
        self.priority_label = QComboBox()
        self.priority_label.setEditable(True)
        labels = list(dict.fromkeys([*dg.CITY_PRIORITIES, *priority_labels]))
        self.priority_label.addItems([label for label in labels if label])
        self.priority_label.setCurrentText(g.priority_label if g else dg.CITY_PRIORITIES[0])
        self.add_row("Priority &name:", self.priority_label)
        self.inequalities = QCheckBox("Addresses health inequalities")
        self.inequalities.setChecked(bool(g and g.inequalities_focus))
        self.add_row("&Inequalities:", self.inequalities)
        self.inequalities.setAccessibleName("Health inequalities focus")

        chosen = {c.casefold() for c in (g.cohorts if g else ())}
        self.cohorts = _checklist("Cohorts", [(c, c, c.casefold() in chosen) for c in cohorts])
        self.add_row("&Cohorts:", self.cohorts)
        known = {c.casefold() for c in cohorts}
        self.other_cohorts = QLineEdit(
            "; ".join(c for c in (g.cohorts if g else ()) if c.casefold() not in known)
        )
        self.other_cohorts.setPlaceholderText("others, separated by ;")
        self.add_row("Other co&horts:", self.other_cohorts)

        self.owner = QComboBox()
        self.owner.addItem("No owner yet", None)
        for p in partners:
            self.owner.addItem(p.name, p.id)
        if g and g.owner_partner_id is not None:
            self.owner.setCurrentIndex(max(0, self.owner.findData(g.owner_partner_id)))
        self.add_row("O&wner:", self.owner)
        self.owner.setAccessibleName("Owning partner")

        self.status = QComboBox()
        for status in dg.STATUSES:
            self.status.addItem(dg.status_text(status), status)
        self.status.setCurrentIndex(self.status.findData(g.status if g else dg.NOT_STARTED))
        self.add_row("&Status:", self.status)

        self.start = OptionalDate(g.start_date if g else None, "Start date")
        self.add_row("St&art:", self.start)
        self.due = OptionalDate(g.due_date if g else None, "Due date")
        self.add_row("D&ue:", self.due)

        linked = {d.dimension_id for d in (g.dimensions if g else ())}
        gaps = {d.dimension_id for d in (g.dimensions if g else ()) if d.from_gap}
        offered = [
            (d.name + (" (from a maturity gap)" if d.id in gaps else ""), d.id, d.id in linked)
            for d in dimensions
        ]
        # A link to a dimension of an earlier framework version stays offered (and ticked), so
        # that saving the goal never drops it unasked.
        newest = {d.id for d in dimensions}
        offered += [
            (f"{d.name} (earlier framework version)", d.dimension_id, True)
            for d in (g.dimensions if g else ())
            if d.dimension_id not in newest
        ]
        self.dimensions = _checklist("Maturity dimensions", offered)
        if offered:
            self.add_row("Maturit&y:", self.dimensions)
        else:
            note = QLabel(NO_FRAMEWORK)
            note.setWordWrap(True)
            self.add_row("Maturity:", note)
            note.setAccessibleName("Maturity dimensions")
            self.dimensions.hide()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)

    def goal_input(self) -> GoalInput:
        others = [c.strip() for c in self.other_cohorts.text().split(";") if c.strip()]
        return GoalInput(
            title=self.title_edit.text(),
            description=self.description.toPlainText(),
            term=str(self.term.currentData()),
            priority_kind=str(self.priority_kind.currentData()),
            priority_label=self.priority_label.currentText(),
            inequalities_focus=self.inequalities.isChecked(),
            owner_partner_id=self.owner.currentData(),
            status=str(self.status.currentData()),
            start_date=self.start.value(),
            due_date=self.due.value(),
            cohorts=tuple(str(c) for c in checked_data(self.cohorts)) + tuple(others),
            dimension_ids=tuple(int(str(d)) for d in checked_data(self.dimensions)),
        )

    def chosen_partnership(self) -> int | None:
        if self.partnership is None or self.partnership.currentIndex() < 0:
            return None
        value = self.partnership.currentData()
        return int(value) if value is not None else None

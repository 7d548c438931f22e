"""Add or edit a practice; move it to, or mark it as split with, another partnership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QWidget

from lcpdesk import clock
from lcpdesk.domain.model import Partnership, Practice, PracticeInput
from lcpdesk.errors import InputError
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.dialogs.form import FormDialog, date_edit, from_qdate, partnership_combo


def _line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(False)
    return edit


class PracticeDialog(FormDialog):
    """The practice's details and its list size at one extract date.

    When ``partnerships`` is given it is the *Add* form: it also asks which
    partnership the practice joins and from when.
    """

    def __init__(
        self,
        title: str,
        *,
        extract_date: dt.date | None,
        current: Practice | None = None,
        list_size: int | None = None,
        partnerships: Sequence[Partnership] | None = None,
        partnership_id: int | None = None,
        partnership_label: str = "Partnership",
        member_from: dt.date | None = None,
        lookup: Callable[[str], Practice | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent=parent, ok_text="Add" if current is None else "Save")
        self._lookup = lookup
        self.code = _line(current.code if current else "", "e.g. B86001")
        self.code.setMaxLength(10)
        self.name = _line(current.name if current else "")
        self.postcode = _line(current.postcode if current else "", "e.g. LS12 3AB")
        self.pcn_code = _line(current.pcn_code if current else "", "e.g. U12345")
        self.pcn_name = _line(current.pcn_name if current else "")
        self.list_size = _line("" if list_size is None else f"{list_size:,}", "blank if not known")
        self.extract_date = extract_date
        self.add_row("ODS &code:", self.code)
        self.add_row("&Name:", self.name)
        self.add_row("&Postcode:", self.postcode)
        self.add_row("PCN c&ode:", self.pcn_code)
        self.add_row("PCN na&me:", self.pcn_name)
        when = fmt.day(extract_date) if extract_date else "the member-from date"
        self.add_row(f"&List size at {when}:", self.list_size)
        self.list_size.setAccessibleName("List size")
        self.partnership = None
        self.member_from = None
        if partnerships is not None:
            self.partnership = partnership_combo(
                partnerships, partnership_label, selected=partnership_id
            )
            self.add_row("Mem&ber of:", self.partnership)
            self.member_from = date_edit(member_from or clock.today(), "Member from")
            self.add_row("Member &from:", self.member_from)
        if lookup is not None and current is None:
            self.code.editingFinished.connect(self._fill_known_practice)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)

    def _fill_known_practice(self) -> None:
        """Typing the code of a practice already in the register fills in its details."""
        assert self._lookup is not None
        known = self._lookup(self.code.text())
        if known is None:
            return
        for edit, value in (
            (self.name, known.name),
            (self.postcode, known.postcode),
            (self.pcn_code, known.pcn_code),
            (self.pcn_name, known.pcn_name),
        ):
            if not edit.text().strip():
                edit.setText(value)

    def practice_input(self) -> PracticeInput:
        """What was typed; raises :class:`InputError` for a list size that is not a number."""
        try:
            size = fmt.parse_count(self.list_size.text())
        except ValueError:
            raise InputError(
                f"'{self.list_size.text()}' is not a number of patients.",
                hint="Type a whole number such as 12,345, or leave it blank.",
            ) from None
        return PracticeInput(
            code=self.code.text(),
            name=self.name.text(),
            postcode=self.postcode.text(),
            pcn_code=self.pcn_code.text(),
            pcn_name=self.pcn_name.text(),
            list_size=size,
        )

    def chosen_partnership(self) -> int | None:
        if self.partnership is None or self.partnership.currentIndex() < 0:
            return None
        value = self.partnership.currentData()
        return int(value) if value is not None else None

    def chosen_date(self) -> dt.date | None:
        return from_qdate(self.member_from.date()) if self.member_from is not None else None


class ChoosePartnershipDialog(FormDialog):
    """Pick another partnership and a date: *Move to…* and *Mark as split…*."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        partnerships: Sequence[Partnership],
        exclude: set[int],
        on_date: dt.date,
        choice_label: str,
        date_label: str,
        ok_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent=parent, intro=intro, ok_text=ok_text)
        self.partnership = partnership_combo(
            partnerships, choice_label.replace("&", "").rstrip(":"), exclude=exclude
        )
        self.add_row(choice_label, self.partnership)
        self.on_date = date_edit(on_date, date_label.replace("&", "").rstrip(":"))
        self.add_row(date_label, self.on_date)
        self.ok_button.setEnabled(self.partnership.count() > 0)
        if self.partnership.count() == 0:
            self.show_error("There is no other partnership in this area.")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)

    def chosen_partnership(self) -> int | None:
        value = self.partnership.currentData()
        return int(value) if value is not None else None

    def chosen_date(self) -> dt.date:
        return from_qdate(self.on_date.date())

"""The Returns pane: the programme office's quarter for the selected area. Where each
partnership's return stands, what changed since the previous quarter, and the actions: write
the pre-filled returns, consolidate a folder of returns, open a return, export the master
workbook, copy the missing list. Data is read through the task runner; answers for a
selection the user has left are dropped. Layout: :mod:`returns_view`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lcpdesk import clock
from lcpdesk.domain import periods
from lcpdesk.services import quarter
from lcpdesk.services.consolidate import Consolidation, consolidate
from lcpdesk.services.master import write_master
from lcpdesk.services.membership import MembershipService
from lcpdesk.services.returns_out import write_returns
from lcpdesk.store.changes import ChangeSet
from lcpdesk.ui import prompts
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.returns_view import STATUS_COLOURS, ReturnsView
from lcpdesk.ui.widgets import fit_columns, make_action

QUARTERS_BACK = 6


class ReturnsPane(Pane):
    title: ClassVar[str] = "Returns"
    key: ClassVar[str] = "returns"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.membership = MembershipService(context.store)
        self.area_name = ""
        self.standing: quarter.Standing | None = None
        self.period = str(periods.containing(self.today()))
        self._asked: object = None  # the (area, period) the last read was for
        self.last_summary: list[str] = []
        self.actions_by_name = {
            "write": make_action(self, "&Write pre-filled returns…", self.write_returns),
            "consolidate": make_action(self, "&Consolidate a folder…", self.consolidate),
            "open": make_action(self, "&Open return", self.open_return),
            "master": make_action(self, "Export &master workbook…", self.export_master),
            "missing": make_action(self, "Copy &missing list", self.copy_missing),
        }
        self.view = ReturnsView(self.actions_by_name, self)
        QVBoxLayout(self).addWidget(self.view)
        self._fill_periods()
        self.view.period_combo.activated.connect(self._on_period)
        self.view.table.doubleClicked.connect(lambda _i: self.open_return())
        self.view.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()

    @staticmethod
    def today() -> dt.date:
        return clock.today()

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        area = self.selected_area(self.membership.areas)
        if area is None:
            self.area_name, self.standing = "", None
            self._show(None)
            return
        self.area_name = area.name
        asked = (area.name, self.period)
        self._asked = asked
        name, period, store = area.name, self.period, self.context.store

        def work(_progress: Any, _cancelled: Any) -> tuple[Any, ...]:
            now = quarter.standing(store, name, period)
            return asked, now, quarter.changes(store, name, period)

        self.context.tasks.run(
            "Reading the returns", work, writes=False, show_progress=False, on_success=self._on_read
        )

    def _on_read(self, result: tuple[Any, ...]) -> None:
        asked, now, changes = result
        if asked != self._asked:  # the user has moved on
            return
        self.standing = now
        self._show(now, changes)

    def _show(
        self, now: quarter.Standing | None, changes: tuple[quarter.Change, ...] | list[Any] = ()
    ) -> None:
        v = self.view
        if now is None:
            v.heading.setText("No area selected")
            v.subheading.setText("Choose an area on the left.")
            v.summary.set_chips([])
            v.model.set_records([])
            v.changes.setPlainText("")
            self._update_actions()
            return
        v.heading.setText(f"{now.area}: returns for {now.period}")
        counts = {s: sum(1 for r in now.rows if r.status == s) for s in _STATUSES}
        v.summary.set_chips(
            [(f"{s.capitalize()} {n}", STATUS_COLOURS.get(s)) for s, n in counts.items() if n]
        )
        missing = len(now.missing)
        v.subheading.setText(
            f"{len(now.rows)} partnerships · {missing} still to send an accepted return"
            if missing
            else f"Every return for {now.period} is in."
        )
        v.model.set_records(now.rows)
        fit_columns(v.table, 24)
        before = quarter.previous(now.period)
        v.changes.setPlainText(
            "\n".join(str(c) for c in changes)
            or f"No change in maturity levels or goals' status since {before}."
        )
        self._update_actions()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        if self.standing is None:
            return ""
        accepted = sum(1 for r in self.standing.rows if r.status == quarter.ACCEPTED)
        return f"Returns {self.standing.period}: {accepted} of {len(self.standing.rows)} accepted"

    def _fill_periods(self) -> None:
        combo = self.view.period_combo
        combo.clear()
        p = periods.containing(self.today())
        p = periods.Period(p.start_year, p.quarter or 1)
        chosen = [p.next()]
        for _ in range(QUARTERS_BACK + 1):
            chosen.append(p)
            p = periods.parse(quarter.previous(str(p)))
        for item in chosen:
            combo.addItem(str(item), str(item))
        combo.setCurrentIndex(max(0, combo.findData(self.period)))

    def _on_period(self, index: int) -> None:
        self.period = str(self.view.period_combo.itemData(index))
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        acts, ready = self.actions_by_name, self.standing is not None
        writable = ready and not self.read_only
        acts["write"].setEnabled(writable)
        acts["consolidate"].setEnabled(writable)
        acts["master"].setEnabled(ready)
        acts["missing"].setEnabled(ready)
        row = self.view.selected()
        acts["open"].setEnabled(row is not None and bool(row.file_name))

    # ------------------------------------------------------------------ actions

    def _folder_key(self) -> str:
        return self.settings_key("folder")

    def _last_folder(self) -> Path | None:
        value = self.context.settings.value(self._folder_key())
        return Path(str(value)) if value else None

    def write_returns(self) -> None:
        folder = prompts.choose_folder(
            self, "Write the pre-filled returns into", self._last_folder()
        )
        if folder is None:
            return
        name, period, store = self.area_name, self.period, self.context.store

        def done(written: list[Path]) -> None:
            text = f"Wrote {len(written)} pre-filled return(s) for {period} to {folder}."
            prompts.info(self, "Returns written", text)
            self.context.data_changed()

        self.context.tasks.run(
            "Writing the pre-filled returns",
            lambda progress, cancelled: write_returns(
                store, name, period, folder, progress=progress, cancelled=cancelled
            ),
            on_success=done,
        )

    def consolidate(self) -> None:
        folder = prompts.choose_folder(self, "Consolidate the returns in", self._last_folder())
        if folder is None:
            return
        self.context.settings.setValue(self._folder_key(), str(folder))
        name, period, store = self.area_name, self.period, self.context.store

        def done(result: Consolidation) -> None:
            self.last_summary = result.lines()
            changes = [c for cs in result.changes for c in cs.changes]
            if changes:
                what = f"Consolidate the {period} returns of {name}"
                self.record_change(ChangeSet(what, changes))
            else:
                self.context.data_changed()
            title = "Returns consolidated" if result.ok else "Returns consolidated, with problems"
            summary = self.last_summary[-1] if len(self.last_summary) > 1 else ""
            text = next((line for line in self.last_summary if line.startswith("Summary")), summary)
            prompts.info(self, title, text, "\n".join(self.last_summary))

        self.context.tasks.run(
            "Consolidating the returns",
            lambda progress, cancelled: consolidate(
                store, folder, name, period, progress=progress, cancelled=cancelled
            ),
            on_success=done,
        )

    def open_return(self) -> None:
        row = self.view.selected()
        folder = self._last_folder()
        if row is None or not row.file_name:
            return
        path = (folder / row.file_name) if folder else Path(row.file_name)
        if not path.is_file():
            where = f"{row.file_name} is not in {folder or 'the folder'}."
            hint = "Consolidate the folder it is in, then open it from here."
            prompts.info(self, "Return not found", where, hint)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def export_master(self) -> None:
        suggested = f"{self.area_name} {self.period.replace('/', '-')} master.xlsx"
        start = self._last_folder()
        target = prompts.save_file(self, "Export the master workbook", "Excel workbook (*.xlsx)",
                                   (start / suggested) if start else Path(suggested))  # fmt: skip
        if target is None:
            return
        name, period, store = self.area_name, self.period, self.context.store
        self.context.tasks.run(
            "Writing the master workbook",
            lambda _p, _c: write_master(store, name, period, target),
            writes=False,
            on_success=lambda _r: prompts.info(self, "Master workbook written", f"Wrote {target}."),
        )

    def copy_missing(self) -> None:
        if self.standing is None:
            return
        QGuiApplication.clipboard().setText(self.standing.missing_text())
        self.context.tasks.message.emit(
            f"Copied the list of {len(self.standing.missing)} missing return(s)"
        )


_STATUSES = (
    quarter.ACCEPTED,
    quarter.REFUSED,
    quarter.SUPERSEDED,
    quarter.RECEIVED,
    quarter.SENT,
    quarter.NOT_SENT,
)

"""File ▸ Export into a partner's template…: choose the quarter and the partner's own workbook
(recognised by a description saved with Describe template…), then where to save the filled
copy; it is written in a worker. Nothing but the described cells changes in the copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QWidget

from lcpdesk.domain import periods
from lcpdesk.errors import InputError
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.returns_export import quarters_around
from lcpdesk.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from lcpdesk.ui.main_window import MainWindow

TITLE = "Export into a partner's template"


def export_into_partner(
    window: MainWindow, partner: Path | None = None, period: str | None = None
) -> QWidget | None:
    current = window.navigator.current()
    unit = next(
        (p for p in window.membership.partnerships(current[0]) if p.id == current[1]), None
    ) if current is not None and current[1] is not None else None  # fmt: skip
    if unit is None:
        prompts.info(window, TITLE, "Choose a partnership in the navigator first.")
        return None
    if period is None:
        choices = quarters_around(dt.date.today())
        now = choices.index(str(periods.containing(dt.date.today())))
        period, ok = QInputDialog.getItem(window, TITLE, "Quarter:", choices, now, True)
        if not ok:
            return None
    try:
        period = str(periods.parse(period))
    except InputError as exc:
        prompts.show_error(exc, window, TITLE)
        return None
    if partner is None:
        found = prompts.open_files(window, "The partner's workbook", "Workbooks (*.xlsx *.xlsm)")
        if not found:
            return None
        partner = found[0]
    suggested = partner.with_name(f"{partner.stem} {unit.name} {period.replace('/', '-')}")
    target = prompts.save_file(
        window, "Save the filled copy", f"Workbook (*{partner.suffix})", suggested
    )
    if target is None:
        return None
    if target.suffix.lower() != partner.suffix.lower():
        target = target.with_name(target.name + partner.suffix)
    service, data_dir, unit_id = ReturnsService(window.store), window.store.path.parent, unit.id
    chosen: Path = partner

    def work(progress: ProgressFn, _cancelled: CancelledFn) -> list[str]:
        progress(0.1, f"Gathering the {period} return")
        content = service.gather(unit_id, period, filled=True)
        progress(0.5, f"Filling {chosen.name}")
        return returns_files.fill_partner(content, chosen, target, None, data_dir)[1]

    def done(notes: object) -> None:
        window.statusBar().showMessage(f"Wrote {target.name}.", 10000)
        detail = "\n".join(notes) if isinstance(notes, list) else ""
        prompts.info(window, TITLE, f"Wrote {target.name}.", detail)

    window.tasks.run(f"Filling {chosen.name}", work, writes=False, on_success=done)
    return None

"""File > Backups…: the backups listed with date, size and what came after each; Back up now
adds one."""

from __future__ import annotations

from typing import Any

from lcpdesk.services import backups
from lcpdesk.ui import prompts
from lcpdesk.ui.dialogs.backups import BackupsDialog


def test_the_dialog_lists_backups_and_backs_up(demo_store: Any, qtbot: Any) -> None:
    backups.backup_before(demo_store, "import")
    dialog = BackupsDialog(demo_store)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert row[2] == "before an import"
    assert row[1].endswith("MB")
    with prompts.auto_answer(lambda _p: None):
        dialog.backup_button.click()
    assert dialog.model.rowCount() == 2
    texts = {dialog.model.index(r, 2).data() for r in range(2)}
    assert texts == {"before an import", "backed up on request"}
    assert dialog.restore_button.isEnabled()

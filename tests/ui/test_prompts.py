"""Prompts: answerable by a hook, logged when dialogs are off, real boxes otherwise."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from lcpdesk.errors import StoreError
from lcpdesk.ui import prompts


@pytest.fixture
def no_hook() -> Iterator[None]:
    """Real behaviour: no auto-answer (the autouse fixture's hook is put back afterwards)."""
    with prompts.auto_answer(None):
        yield


@pytest.fixture
def dialogs_off() -> Iterator[None]:
    prompts.set_dialogs_enabled(False)
    try:
        yield
    finally:
        prompts.set_dialogs_enabled(True)


def test_hook_sees_every_prompt_and_its_answer_is_used(scripted_prompts: Any) -> None:
    scripted_prompts.answer(prompts.QUESTION, True)
    scripted_prompts.answer(prompts.OPEN_FILES, ["/tmp/a.xlsx", "/tmp/b.xlsx"])
    assert prompts.ask_yes_no(None, "Replace?", "Replace the file?") is True
    assert prompts.ask_yes_no(None, "Replace?", "Replace the file?", default=False) is False
    assert prompts.open_files(None, "Import") == [Path("/tmp/a.xlsx"), Path("/tmp/b.xlsx")]
    assert prompts.save_file(None, "Export", suggested=Path("x.xlsx")) is None
    assert [p.kind for p in scripted_prompts.seen] == [
        prompts.QUESTION,
        prompts.QUESTION,
        prompts.OPEN_FILES,
        prompts.SAVE_FILE,
    ]


def test_with_dialogs_off_messages_are_logged_and_defaults_given(
    no_hook: None, dialogs_off: None, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="lcpdesk.ui.prompts")
    prompts.show_error(StoreError("The data file is locked.", hint="Close the other copy."))
    assert prompts.ask_yes_no(None, "Remove", "Remove it?", default=True) is True
    assert prompts.open_files(None, "Import") == []
    assert prompts.choose_folder(None, "Folder") is None
    prompts.show_crash("Traceback: boom", Path("/tmp/crash-1.txt"))
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "The data file is locked." in errors[0].getMessage()
    assert "Close the other copy." in errors[0].getMessage()
    assert "/tmp/crash-1.txt" in errors[1].getMessage()
    assert "Traceback: boom" in errors[1].getMessage()


def _when_box_opens(action: Any) -> None:
    """Run ``action(box)`` on the message box once it is open (it runs its own loop)."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            action(box)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_crash_dialog_copies_details_and_names_the_report(qtbot: Any, no_hook: None) -> None:
    seen: dict[str, Any] = {}

    def interact(box: QMessageBox) -> None:
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        copy = next(b for b in box.findChildren(QPushButton) if b.text() == "&Copy details")
        copy.click()
        seen["still_open"] = box.isVisible()
        seen["clipboard"] = QGuiApplication.clipboard().text()
        box.button(QMessageBox.StandardButton.Close).click()

    _when_box_opens(interact)
    prompts.show_crash("Traceback (most recent call last): boom", Path("/tmp/crash-2.txt"))
    assert "/tmp/crash-2.txt" in seen["text"]
    assert seen["details"] == "Traceback (most recent call last): boom"
    assert seen["still_open"] is True  # copying does not close the dialog
    assert "Traceback (most recent call last): boom" in seen["clipboard"]
    assert "/tmp/crash-2.txt" in seen["clipboard"]


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_question_box_offers_named_buttons(qtbot: Any, no_hook: None) -> None:
    seen: dict[str, Any] = {}

    def interact(box: QMessageBox) -> None:
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["default"] = box.defaultButton().text()
        next(b for b in box.buttons() if b.text() == "Remove").click()

    _when_box_opens(interact)
    answer = prompts.ask_yes_no(None, "Remove", "Remove it?", yes_text="Remove", no_text="Cancel")
    assert answer is True
    assert seen == {"buttons": ["Cancel", "Remove"], "default": "Cancel"}

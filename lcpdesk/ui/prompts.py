"""Every message box, question and file picker of the GUI goes through this module.

So that tests and the smoke test never block on a modal window, a prompt is
answered, in this order, by:

1. the *auto-answer* hook, when one is set (:func:`set_auto_answer` or the
   :func:`auto_answer` context manager): it receives a :class:`Prompt` and
   returns the answer (``None`` means "the default answer");
2. the log, when dialogs are turned off (:func:`set_dialogs_enabled`, used by
   ``--no-error-dialogs``): the message is logged and the default answer given;
3. a real dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from lcpdesk.errors import UserFacingError

log = logging.getLogger(__name__)

INFO = "info"
WARN = "warn"
ERROR = "error"
QUESTION = "question"
OPEN_FILES = "open_files"
SAVE_FILE = "save_file"
CHOOSE_FOLDER = "choose_folder"
CRASH = "crash"


@dataclass(frozen=True)
class Prompt:
    """What would be shown. ``default`` is the answer given when nobody answers."""

    kind: str
    title: str
    text: str
    detail: str = ""
    default: Any = None
    options: dict[str, Any] = field(default_factory=dict)


AnswerHook = Callable[[Prompt], Any]

_auto_answer: AnswerHook | None = None
_dialogs_enabled = True


def set_auto_answer(hook: AnswerHook | None) -> None:
    """Answer every prompt with ``hook`` (tests); ``None`` restores real dialogs."""
    global _auto_answer  # noqa: PLW0603
    _auto_answer = hook


@contextmanager
def auto_answer(hook: AnswerHook | None) -> Iterator[None]:
    previous = _auto_answer
    set_auto_answer(hook)
    try:
        yield
    finally:
        set_auto_answer(previous)


def set_dialogs_enabled(enabled: bool) -> None:
    """``False`` (``--no-error-dialogs``): log messages instead of showing them."""
    global _dialogs_enabled  # noqa: PLW0603
    _dialogs_enabled = enabled


def dialogs_enabled() -> bool:
    return _dialogs_enabled


def _answered(prompt: Prompt) -> tuple[bool, Any]:
    """(True, answer) when the hook or the log answered; (False, None) to show a dialog."""
    if _auto_answer is not None:
        answer = _auto_answer(prompt)
        return True, prompt.default if answer is None else answer
    if not _dialogs_enabled:
        level = logging.ERROR if prompt.kind in (ERROR, CRASH) else logging.INFO
        if prompt.kind == WARN:
            level = logging.WARNING
        detail = f"\n{prompt.detail}" if prompt.detail else ""
        log.log(level, "[%s] %s: %s%s", prompt.kind, prompt.title, prompt.text, detail)
        return True, prompt.default
    return False, None


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    detail: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
    box.setAccessibleName(title)
    return box


# --------------------------------------------------------------------------- messages


def info(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    done, _ = _answered(Prompt(INFO, title, text, detail))
    if not done:
        box = _box(parent, QMessageBox.Icon.Information, title, text, detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


def warn(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    done, _ = _answered(Prompt(WARN, title, text, detail))
    if not done:
        box = _box(parent, QMessageBox.Icon.Warning, title, text, detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


def show_error(exc: UserFacingError, parent: QWidget | None = None, title: str = "lcpdesk") -> None:
    """An expected problem: what happened (the message) and what to do (the hint)."""
    done, _ = _answered(Prompt(ERROR, title, exc.message, exc.hint))
    if not done:
        box = _box(parent, QMessageBox.Icon.Warning, title, exc.message, exc.hint)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


def ask_yes_no(
    parent: QWidget | None,
    title: str,
    text: str,
    detail: str = "",
    *,
    yes_text: str = "Yes",
    no_text: str = "No",
    default: bool = False,
) -> bool:
    """A question. ``default`` is the focused button and the answer when dialogs are off."""
    prompt = Prompt(QUESTION, title, text, detail, default, {"yes": yes_text, "no": no_text})
    done, answer = _answered(prompt)
    if done:
        return bool(answer)
    box = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes if default else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


# --------------------------------------------------------------------------- files


def open_files(
    parent: QWidget | None,
    title: str,
    filters: str = "All files (*)",
    directory: Path | None = None,
) -> list[Path]:
    """Files to open; an empty list when cancelled."""
    prompt = Prompt(OPEN_FILES, title, "", default=[], options={"filters": filters})
    done, answer = _answered(prompt)
    if done:
        return [Path(p) for p in answer]
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(directory or ""), filters)
    return [Path(n) for n in names]


def save_file(
    parent: QWidget | None,
    title: str,
    filters: str = "All files (*)",
    suggested: Path | None = None,
) -> Path | None:
    """Where to save; ``None`` when cancelled."""
    prompt = Prompt(SAVE_FILE, title, str(suggested or ""), options={"filters": filters})
    done, answer = _answered(prompt)
    if done:
        return Path(answer) if answer else None
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested or ""), filters)
    return Path(name) if name else None


def save_file_as(
    parent: QWidget | None,
    title: str,
    filters: str,
    suggested: Path | None = None,
) -> tuple[Path, str] | None:
    """Where to save and the file-type filter chosen; ``None`` when cancelled.

    An answering hook may give a path (the first filter counts as chosen, as in the dialog)
    or a ``(path, filter)`` pair."""
    prompt = Prompt(SAVE_FILE, title, str(suggested or ""), options={"filters": filters})
    done, answer = _answered(prompt)
    first = filters.split(";;", maxsplit=1)[0]
    if done:
        if not answer:
            return None
        if isinstance(answer, tuple):
            return Path(answer[0]), str(answer[1])
        return Path(answer), first
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggested or ""), filters)
    return (Path(name), chosen or first) if name else None


def choose_folder(parent: QWidget | None, title: str, directory: Path | None = None) -> Path | None:
    done, answer = _answered(Prompt(CHOOSE_FOLDER, title, str(directory or "")))
    if done:
        return Path(answer) if answer else None
    name = QFileDialog.getExistingDirectory(parent, title, str(directory or ""))
    return Path(name) if name else None


# --------------------------------------------------------------------------- crash


def show_crash(
    details: str,
    report_path: Path | None = None,
    *,
    parent: QWidget | None = None,
    summary: str = "lcpdesk hit an unexpected problem.",
) -> None:
    """A bug: say so plainly, point at the crash report, offer the details to copy."""
    where = (
        f"A crash report was saved to:\n{report_path}"
        if report_path is not None
        else "No crash report could be saved."
    )
    text = f"{summary}\n\nYour data is safe up to your last completed change.\n{where}"
    done, _ = _answered(
        Prompt(CRASH, "Unexpected problem", text, details, options={"report": report_path})
    )
    if done:
        return
    box = _box(parent, QMessageBox.Icon.Critical, "Unexpected problem", text)
    box.setDetailedText(details)
    copy = QPushButton("&Copy details")
    copy.setAccessibleName("Copy details to the clipboard")
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    # An action-role button would close the box: copy and keep it open.
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: copy_to_clipboard(details, report_path))
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()


def copy_to_clipboard(details: str, report_path: Path | None = None) -> None:
    text = details if report_path is None else f"Crash report: {report_path}\n\n{details}"
    QGuiApplication.clipboard().setText(text)

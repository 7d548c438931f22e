"""The task runner: work off the UI thread, progress, Cancel, one writer, errors told apart."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from lcpdesk.errors import Cancelled, InputError
from lcpdesk.ui import crash, prompts
from lcpdesk.ui.tasks import PROGRESS_STEPS, TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def runner(qtbot: Any) -> Any:
    parent = QWidget()
    qtbot.addWidget(parent, before_close_func=lambda _w: tasks.wait(10000))
    parent.show()
    tasks = TaskRunner(parent)
    return tasks


def gated(release: threading.Event, *, on_cancel: bool = True) -> Any:
    """Work that reports half-way, then waits for ``release`` (or Cancel)."""

    def work(progress: Any, cancelled: Any) -> str:
        progress(0.5, "Half way")
        while not release.wait(0.01):
            if on_cancel and cancelled():
                raise Cancelled()
        progress(1.0, "Done")
        return f"ran in {threading.current_thread().name}"

    return work


def test_work_runs_off_the_ui_thread_and_reports_progress(qtbot: Any, runner: Any) -> None:
    release = threading.Event()
    results: list[Any] = []
    task = runner.run("Counting", gated(release), on_success=results.append)
    assert task is not None and task.running
    dialog = runner._dialogs[task]
    qtbot.waitUntil(lambda: dialog.labelText() == "Half way", timeout=5000)
    assert dialog.value() == PROGRESS_STEPS // 2
    assert dialog.windowModality().name == "NonModal"
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] != f"ran in {threading.main_thread().name}"
    assert task.outcome == "succeeded"
    assert runner.writing is None
    assert not runner._dialogs  # the progress dialog is gone


def test_cancel_button_stops_the_work(qtbot: Any, runner: Any) -> None:
    release = threading.Event()
    messages: list[str] = []
    runner.message.connect(messages.append)
    task = runner.run("Loading", gated(release))
    dialog = runner._dialogs[task]
    qtbot.waitUntil(dialog.isVisible, timeout=5000)  # shown after its minimum duration
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.writing is None, timeout=5000)
    assert task.outcome == "cancelled"
    assert messages == ["Loading: cancelled, nothing was changed."]
    assert not release.is_set()  # the work stopped because of Cancel, not because it finished


def test_only_one_writing_task_at_a_time(qtbot: Any, runner: Any, scripted_prompts: Any) -> None:
    release = threading.Event()
    first = runner.run("Importing returns", gated(release))
    assert first is not None
    second = runner.run("Loading demo data", gated(release))
    assert second is None
    told = scripted_prompts.of_kind(prompts.INFO)[-1]
    assert told.text == "“Importing returns” is still running."
    reading = runner.run("Reading", gated(release), writes=False)  # readers may run beside it
    assert reading is not None
    release.set()
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)
    assert runner.run("Loading demo data", gated(threading.Event())) is not None
    runner.cancel_all()
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)


def test_refused_input_is_a_plain_message(qtbot: Any, runner: Any, scripted_prompts: Any) -> None:
    def work(_progress: Any, _cancelled: Any) -> None:
        raise InputError("The file is not a return.", hint="Choose a filled-in return.")

    runner.run("Importing", work)
    qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)
    error = scripted_prompts.of_kind(prompts.ERROR)[-1]
    assert (error.title, error.text, error.detail) == (
        "Importing",
        "The file is not a return.",
        "Choose a filled-in return.",
    )
    assert not scripted_prompts.of_kind(prompts.CRASH)


def test_a_bug_gets_a_crash_report_and_dialog(
    qtbot: Any, runner: Any, scripted_prompts: Any, tmp_path: Path
) -> None:
    scripted_prompts.crash_expected = True
    crash.configure(tmp_path)

    def work(_progress: Any, _cancelled: Any) -> None:
        raise ZeroDivisionError("a bug")

    try:
        runner.run("Computing", work)
        qtbot.waitUntil(lambda: not runner.tasks, timeout=5000)
    finally:
        crash.configure(None)
    shown = scripted_prompts.of_kind(prompts.CRASH)[-1]
    assert "ZeroDivisionError: a bug" in shown.detail
    report = shown.options["report"]
    assert report is not None and report.parent == tmp_path / "crash-reports"
    assert "ZeroDivisionError: a bug" in report.read_text(encoding="utf-8")
    assert str(report) in shown.text


def test_a_progress_box_never_hides_the_error(qtbot: Any, runner: Any) -> None:
    """A task that fails at once: while its error is on screen (a modal box runs its own event
    loop for as long as the user reads it), no progress box appears over it."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QProgressDialog

    shown_over_error: list[bool] = []

    def answer(prompt: prompts.Prompt) -> None:
        if prompt.kind == prompts.ERROR:
            loop = QEventLoop()
            QTimer.singleShot(800, loop.quit)  # longer than the box's minimum duration
            loop.exec()
            shown_over_error.append(
                any(d.isVisible() for d in runner.parent().findChildren(QProgressDialog))
            )

    def work(_progress: Any, _cancelled: Any) -> None:
        raise InputError("This is not a maturity framework.", hint="Choose a framework file.")

    prompts.set_auto_answer(answer)
    runner.run("Loading framework.csv", work)
    qtbot.waitUntil(lambda: bool(shown_over_error), timeout=5000)
    assert shown_over_error == [False]

"""Running slow work off the UI thread, with progress, a working Cancel and one writer.

A *work* callable takes ``(progress, cancelled)``: it calls ``progress(fraction,
message)`` now and then (``fraction`` from 0 to 1) and checks ``cancelled()``,
raising :class:`lcpdesk.errors.Cancelled` when it is true. It runs in a
``QThreadPool`` worker; its progress, result and failure come back to the UI
thread as queued signals. The UI never calls ``processEvents()``.

Failures are told apart: :class:`~lcpdesk.errors.Cancelled` is a status-bar
note, a :class:`~lcpdesk.errors.UserFacingError` a plain message, anything else
a crash report.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from lcpdesk.errors import Cancelled, UserFacingError
from lcpdesk.ui import crash, prompts

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], Any]

PROGRESS_STEPS = 1000
_PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress updates a second reach the UI


class _Signals(QObject):
    """Lives in the UI thread; emitted from the worker, so delivery is queued."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Task keeps it alive until done
        self._work = work
        self._signals = signals
        self._cancel = cancel
        self._last = 0.0

    def _progress(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last >= _PROGRESS_INTERVAL_S:
            self._last = now
            self._signals.progress.emit(float(fraction), str(message))

    def run(self) -> None:
        try:
            result = self._work(self._progress, self._cancel.is_set)
        except BaseException as exc:
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class Task(QObject):
    """One piece of work in flight. Its signals arrive in the UI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception (not Cancelled)
    was_cancelled = Signal()
    done = Signal()  # always, after one of the three above

    def __init__(self, title: str, work: Work, *, writes: bool, parent: QObject) -> None:
        super().__init__(parent)
        self.title = title
        self.writes = writes
        self.running = True
        self.outcome = ""  # "succeeded", "failed" or "cancelled" once done
        self.result: Any = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._signals = _Signals(self)
        self._signals.progress.connect(self.progressed)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self.runnable = _Runnable(work, self._signals, self._cancel)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _on_finished(self, result: object) -> None:
        self.running = False
        self.outcome = "succeeded"
        self.result = result
        self.succeeded.emit(result)
        self.done.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.running = False
        if isinstance(exc, Cancelled):
            self.outcome = "cancelled"
            self.was_cancelled.emit()
        else:
            self.outcome = "failed"
            self.error = exc
            self.failed.emit(exc)
        self.done.emit()


class TaskRunner(QObject):
    """Starts tasks for one window; at most one task that writes runs at a time."""

    busy_changed = Signal(bool)  # True while a writing task runs
    message = Signal(str)  # a short note for the status bar

    def __init__(self, window: QWidget, pool: QThreadPool | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._pool = pool or QThreadPool(self)
        self._tasks: list[Task] = []
        self._dialogs: dict[Task, QProgressDialog] = {}

    @property
    def writing(self) -> Task | None:
        return next((t for t in self._tasks if t.writes), None)

    @property
    def tasks(self) -> list[Task]:
        return list(self._tasks)

    def run(
        self,
        title: str,
        work: Work,
        *,
        writes: bool = True,
        on_success: Callable[[Any], None] | None = None,
        show_progress: bool = True,
    ) -> Task | None:
        """Start ``work``; ``None`` (after telling the user) if another write is running."""
        running = self.writing
        if writes and running is not None:
            prompts.info(
                self._window,
                "Please wait",
                f"“{running.title}” is still running.",
                "Try again when it has finished, or cancel it.",
            )
            return None
        task = Task(title, work, writes=writes, parent=self)
        if on_success is not None:
            task.succeeded.connect(on_success)
        task.done.connect(lambda: self._finish(task))
        if show_progress:
            self._dialogs[task] = self._progress_dialog(task)
        self._tasks.append(task)
        if writes:
            self.busy_changed.emit(True)
        log.info("task started: %s", title)
        self._pool.start(task.runnable)
        return task

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every worker has returned (closing the window, tests)."""
        return bool(self._pool.waitForDone(msecs))

    # ------------------------------------------------------------------ internals

    def _progress_dialog(self, task: Task) -> QProgressDialog:
        dialog = QProgressDialog(task.title, "Cancel", 0, PROGRESS_STEPS, self._window)
        dialog.setWindowTitle(task.title)
        dialog.setAccessibleName(f"Progress: {task.title}")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)

        def on_progress(fraction: float, text: str) -> None:
            dialog.setValue(round(max(0.0, min(1.0, fraction)) * PROGRESS_STEPS))
            if text and not task.cancel_requested:
                dialog.setLabelText(text)

        def on_cancel() -> None:
            task.cancel()
            dialog.setLabelText("Cancelling…")
            dialog.show()  # stays up until the worker has stopped

        task.progressed.connect(on_progress)
        dialog.canceled.connect(on_cancel)
        return dialog

    def _finish(self, task: Task) -> None:
        dialog = self._dialogs.pop(task, None)
        if dialog is not None:
            # reset() stops the timer that shows the box once minimumDuration has passed: a
            # task that fails sooner must not pop its box up over the error message (whose
            # modal loop would otherwise run that timer). Not close(): it emits canceled().
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
        self._tasks.remove(task)
        if task.writes:
            self.busy_changed.emit(False)
        log.info("task %s: %s", task.outcome, task.title)
        exc = task.error
        if task.outcome == "cancelled":
            # A quiet read (no dialog) is cancelled when its answer is no longer wanted.
            if task.writes or dialog is not None:
                self.message.emit(f"{task.title}: cancelled, nothing was changed.")
        elif isinstance(exc, UserFacingError):
            log.warning("task %s refused: %s", task.title, exc)
            prompts.show_error(exc, self._window, task.title)
        elif exc is not None:
            crash.report(exc, self._window)
        task.deleteLater()


class Reader(QObject):
    """The reads of one view, off the UI thread, newest request wins.

    Each :meth:`read` takes a fresh token; an answer that arrives after a newer request (the
    user has already chosen another area, partnership or filter) is dropped, not shown.
    Reads are not writes: they never wait for, nor block, the one writer, and they show no
    progress dialog; ``busy_changed`` drives a quiet "Loading…" note instead.
    """

    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent or runner)
        self._runner = runner
        self._title = title
        self._token = 0
        self._pending: Task | None = None

    @property
    def busy(self) -> bool:
        return self._pending is not None

    @property
    def token(self) -> int:
        """Which request is current; a new :meth:`read` or :meth:`drop` moves it on."""
        return self._token

    def read(self, work: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        """Run ``work()`` in a worker; ``apply(result)`` in the UI thread if still current."""
        self.drop()
        token = self._token

        def run(_progress: ProgressFn, cancelled: CancelledFn) -> Any:
            if cancelled():
                raise Cancelled()
            return work()

        task = self._runner.run(self._title, run, writes=False, show_progress=False)
        assert task is not None  # reads are never refused
        self._pending = task
        task.succeeded.connect(lambda result: self._arrived(token, result, apply))
        task.done.connect(lambda: self._settled(task))
        self.busy_changed.emit(True)

    def drop(self) -> None:
        """Forget the request in flight: its answer, when it comes, is not shown."""
        self._token += 1
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
            self.busy_changed.emit(False)

    def _arrived(self, token: int, result: Any, apply: Callable[[Any], None]) -> None:
        if token != self._token:
            log.debug("%s: a stale answer dropped", self._title)
            return
        apply(result)

    def _settled(self, task: Task) -> None:
        if task is self._pending:
            self._pending = None
            self.busy_changed.emit(False)

"""The one clock: what day and time it is, for every layer of lcpdesk.

Everything that asks "what is today?" (overdue milestones, the current quarter, a default
effective date, when a return was read, when an assessment was edited) asks :func:`today` or
:func:`now` here, so a test can set the day once (:func:`frozen`) and every layer agrees.
Time stamps in file names and log lines (backups, crash reports) keep the real wall clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager


class _Fixed:
    when: dt.datetime | None = None  # None: the real clock


def now() -> dt.datetime:
    """The local time, to the second."""
    return (_Fixed.when or dt.datetime.now()).replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def set_now(when: dt.datetime | dt.date | None) -> None:
    """Fix the clock at ``when`` (a date means its midnight); None lets it run again."""
    if when is None or isinstance(when, dt.datetime):
        _Fixed.when = when
    else:
        _Fixed.when = dt.datetime.combine(when, dt.time())


@contextmanager
def frozen(when: dt.datetime | dt.date) -> Iterator[None]:
    """The clock fixed at ``when`` inside the block (tests)."""
    before = _Fixed.when
    set_now(when)
    try:
        yield
    finally:
        set_now(before)

"""One clock for every layer: a test that sets the day sees it in the services, the CLI's
defaults and the panes alike."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lcpdesk import clock
from lcpdesk.services import importing

ROOT = Path(__file__).resolve().parent.parent / "lcpdesk"


def test_frozen_sets_the_day_for_every_reader_and_lets_go() -> None:
    with clock.frozen(dt.date(2026, 4, 1)):
        assert clock.today() == dt.date(2026, 4, 1)
        assert clock.now() == dt.datetime(2026, 4, 1)
        # a service's default follows the one clock
        assert importing.default_effective_date([]) == dt.date(2026, 4, 1)
    assert clock.today() == dt.date.today()


def test_no_other_module_reads_the_date_itself() -> None:
    """Only lcpdesk/clock.py asks the system for today's date; time stamps for file names
    and log lines (logs.py, the backup's name) keep the real wall clock."""
    stamps = {"logs.py", "migrate.py", "clock.py"}
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.rglob("*.py")
        if path.name not in stamps and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bdate\.today\(\)|\bdatetime\.now\(\)", line)
    ]
    assert not found, found

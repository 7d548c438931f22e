"""Backups are kept by rule (the newest 10 and the newest of each of the last 14 days), taken
once a day at start-up, and named for what came after them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lcpdesk.services import backups
from lcpdesk.store.backups import list_backups, rotate


def fake(folder: Path, when: dt.datetime, reason: str = "before-import") -> Path:
    path = folder / f"lcpdesk-{when:%Y%m%d-%H%M%S}-{reason}.sqlite"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_the_newest_ten_and_one_a_day_for_fourteen_days(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 6)
    noon = dt.datetime(2026, 12, 6, 12)
    for n in range(12):  # twelve today
        fake(tmp_path, noon + dt.timedelta(minutes=n))
    for day in range(1, 20):  # two a day on each of the 19 days before
        for hour in (9, 17):
            fake(tmp_path, noon - dt.timedelta(days=day) + dt.timedelta(hours=hour - 12))
    gone = rotate(tmp_path, today=today)
    kept = list_backups(tmp_path)
    assert [b.taken for b in kept[:10]] == [
        noon + dt.timedelta(minutes=n) for n in range(11, 1, -1)
    ]
    older = [b.taken for b in kept[10:]]
    assert older == [(noon - dt.timedelta(days=day)).replace(hour=17) for day in range(1, 14)], (
        "the newest of each earlier day within 14 days"
    )
    assert len(gone) == 12 + 2 * 19 - len(kept)


def test_daily_backup_once_a_day_and_reasons(store: Any) -> None:
    first = backups.daily(store)
    assert first is not None and first.what_came_after == "first start of the day"
    assert backups.daily(store) is None
    made = backups.backup_before(store, "consolidation")
    assert made.what_came_after == "before a consolidation"
    listed = backups.backups_of(store.path.parent)
    assert sorted(b.what_came_after for b in listed) == [
        "before a consolidation",
        "first start of the day",
    ]
    assert not list((store.path.parent / "backups").glob("*.part")), "no half-made backup left"

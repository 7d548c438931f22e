"""Consolidation and returns out as services: Cancel leaves the store as it was, a newer return
read after an older one replaces it exactly, and return file names are safe on Windows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.errors import Cancelled
from lcpdesk.services import quarter
from lcpdesk.services.consolidate import consolidate, partnerships_of
from lcpdesk.services.returns_out import file_name, write_returns
from lcpdesk.store.db import Store
from tests.helpers.quarter import completed, write_filled
from tests.services.returns_helpers import snapshot

NOW = "2026/27 Q3"


def signed(day: dt.date, level: str) -> Any:
    def edit(content: ReturnContent) -> ReturnContent:
        dims = tuple(dataclasses.replace(d, level=level) for d in content.dimensions)
        return completed(dataclasses.replace(content, dimensions=dims), day)

    return edit


def test_file_names_are_safe_on_windows_and_unique() -> None:
    taken: set[str] = set()
    assert file_name("Garforth/Kippax", NOW, taken) == "Garforth-Kippax 2026-27 Q3 return.xlsx"
    assert file_name('A<b>:c"d|e?*', NOW, taken) == "A-b--c-d-e-- 2026-27 Q3 return.xlsx"
    assert file_name("garforth/kippax", NOW, taken) == "garforth-kippax 2026-27 Q3 return (2).xlsx"
    assert file_name("CON", "", set()) == "CON return.xlsx"  # not the reserved name itself
    assert file_name("Dots...", "", set()) == "Dots... return.xlsx"
    assert not file_name("x" * 300, NOW, set()).startswith("x" * 200)


def test_cancel_leaves_the_store_as_it_was(demo_store: Store, tmp_path: Path) -> None:
    _a, units = partnerships_of(demo_store, "Leeds")
    for unit in units[:5]:
        write_filled(demo_store, unit.id, NOW, tmp_path / f"{unit.id}.xlsx")
    before = snapshot(demo_store)
    asked = iter([False, False, False, True])  # cancelled after some were written
    with pytest.raises(Cancelled):
        consolidate(demo_store, tmp_path, "Leeds", NOW, cancelled=lambda: next(asked, True))
    assert snapshot(demo_store) == before
    assert quarter.standing(demo_store, "Leeds", NOW).records == []
    with pytest.raises(Cancelled):
        write_returns(demo_store, "Leeds", NOW, tmp_path / "out", cancelled=lambda: True)
    assert not list((tmp_path / "out").glob("*.xlsx"))
    assert all(
        r.status == quarter.NOT_SENT for r in quarter.standing(demo_store, "Leeds", NOW).rows
    )


def test_a_newer_return_read_later_replaces_the_older(demo_store: Store, tmp_path: Path) -> None:
    _a, units = partnerships_of(demo_store, "Leeds")
    armley = next(u.id for u in units if u.name == "Armley")
    late = tmp_path / "late"
    late.mkdir()
    write_filled(demo_store, armley, NOW, late / "newer.xlsx",
                 signed(dt.date(2026, 12, 20), "Excellent"))  # fmt: skip
    write_filled(demo_store, armley, NOW, tmp_path / "older.xlsx",
                 signed(dt.date(2026, 12, 1), "Basics in place"))  # fmt: skip
    first = consolidate(demo_store, tmp_path, "Leeds", NOW)
    assert first.count("accepted") == 1
    rows = {r.partnership: r for r in quarter.standing(demo_store, "Leeds", NOW).rows}
    assert set(rows["Armley"].summary.levels.values()) == {"Basics in place"}
    second = consolidate(demo_store, late, "Leeds", NOW)
    assert second.count("accepted") == 1
    standing = quarter.standing(demo_store, "Leeds", NOW)
    rows = {r.partnership: r for r in standing.rows}
    assert set(rows["Armley"].summary.levels.values()) == {"Excellent"}
    assert [r.status for r in standing.records] == ["accepted", "superseded"]
    # and an older one arriving after a newer was accepted is superseded, not written
    third = tmp_path / "third"
    third.mkdir()
    write_filled(demo_store, armley, NOW, third / "oldest.xlsx",
                 signed(dt.date(2026, 11, 1), "Developing"))  # fmt: skip
    again = consolidate(demo_store, third, "Leeds", NOW)
    assert again.count("superseded") == 1 and not again.ok
    changes = quarter.changes(demo_store, "Leeds", NOW)
    assert changes == []  # no accepted return in the previous quarter to compare with

"""GUI test fixtures: a small hand-made store, the main window on it, and scripted prompts.

Every prompt (message, question, file picker, crash dialog) is answered by :class:`Prompts`,
so no test can block on a modal box; a crash dialog that a test did not expect fails it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import insert, select

from lcpdesk.store.db import Store
from lcpdesk.store.schema import area, list_size, membership, partnership, practice
from lcpdesk.ui import prompts

OCT_2018 = dt.date(2018, 10, 1)
APR_2019 = dt.date(2019, 4, 1)
JOINED = dt.date(2018, 4, 1)

# code, name, PCN, unit, list size Oct 2018, list size Apr 2019, demo?
PRACTICES: list[tuple[str, str, str, str, int | None, int | None, bool]] = [
    ("A10001", "Armley Moor Surgery", "West Leeds PCN", "Armley", 8000, 8100, False),
    ("A10002", "Town Street Practice", "West Leeds PCN", "Armley", 6500, 6600, False),
    ("B20001", "Beeston Hill Health Centre", "South Leeds PCN", "Beeston", 12000, 12100, False),
    ("C30001", "Central North Practice", "City PCN", "Central North", 9000, None, False),
    ("C30002", "Park Square Surgery", "City PCN", "Central South", 7000, 7100, True),
]
# A practice with branches in two LCPs: listed apart, never counted.
SPLIT = ("B20002", "Cottingley Surgery", "South Leeds PCN", ("Beeston", "Armley"), 5000, 5050)


def build_small_store(store: Store) -> dict[str, int]:
    """Testford (LCPs with PCN sub-units under Central) and Flatshire (no sub-units).

    Returns the ids of the partnerships and practices by name / code.
    """
    ids: dict[str, int] = {}
    with store.write() as conn:
        testford = conn.execute(
            insert(area).values(name="Testford", partnership_label="LCP", subunit_label="PCN")
        ).inserted_primary_key[0]
        flatshire = conn.execute(
            insert(area).values(name="Flatshire", partnership_label="Locality")
        ).inserted_primary_key[0]

        def unit(name: str, area_id: int, parent: str | None = None, order: int = 0) -> None:
            ids[name] = conn.execute(
                insert(partnership).values(
                    area_id=area_id,
                    name=name,
                    parent_id=ids[parent] if parent else None,
                    sort_order=order,
                )
            ).inserted_primary_key[0]

        unit("Armley", testford, order=1)
        unit("Beeston", testford, order=2)
        unit("Central", testford, order=3)
        unit("Central North", testford, "Central", 1)
        unit("Central South", testford, "Central", 2)
        unit("North", flatshire, order=1)
        unit("South", flatshire, order=2)

        def add(
            code: str,
            name: str,
            pcn: str,
            units: tuple[str, ...],
            *,
            sizes: dict[dt.date, int | None],
            demo: bool = False,
        ) -> None:
            pid = conn.execute(
                insert(practice).values(code=code, name=name, pcn_name=pcn, is_demo=demo)
            ).inserted_primary_key[0]
            ids[code] = pid
            for when, n in sizes.items():
                if n is not None:
                    conn.execute(
                        insert(list_size).values(practice_id=pid, extract_date=when, patients=n)
                    )
            for u in units:
                conn.execute(
                    insert(membership).values(
                        practice_id=pid, partnership_id=ids[u], effective_from=JOINED
                    )
                )

        for code, name, pcn, u, oct_, apr, demo in PRACTICES:
            add(code, name, pcn, (u,), sizes={OCT_2018: oct_, APR_2019: apr}, demo=demo)
        code, name, pcn, units, oct_, apr = SPLIT
        add(code, name, pcn, units, sizes={OCT_2018: oct_, APR_2019: apr})
        add("F10001", "North Road Surgery", "", ("North",), sizes={OCT_2018: 3000})
    ids["Testford"] = int(testford)
    ids["Flatshire"] = int(flatshire)
    return ids


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables the Membership pane edits, for exact before/after comparison."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as conn:
        for table in (practice, list_size, membership):
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(r) for r in rows)
    return out


class Prompts:
    """Scripted answers for :mod:`lcpdesk.ui.prompts`, and a record of what was asked."""

    def __init__(self) -> None:
        self.seen: list[prompts.Prompt] = []
        self._answers: dict[str, list[Any]] = {}
        self.crash_expected = False

    def answer(self, kind: str, value: Any) -> None:
        """The next prompt of ``kind`` gets ``value``."""
        self._answers.setdefault(kind, []).append(value)

    def of_kind(self, kind: str) -> list[prompts.Prompt]:
        return [p for p in self.seen if p.kind == kind]

    def __call__(self, prompt: prompts.Prompt) -> Any:
        self.seen.append(prompt)
        queue = self._answers.get(prompt.kind)
        return queue.pop(0) if queue else None


@pytest.fixture(autouse=True)
def scripted_prompts() -> Iterator[Prompts]:
    answers = Prompts()
    prompts.set_auto_answer(answers)
    try:
        yield answers
    finally:
        prompts.set_auto_answer(None)
    crashes = answers.of_kind(prompts.CRASH)
    if crashes and not answers.crash_expected:
        pytest.fail(f"unexpected crash dialog:\n{crashes[0].detail}")


@pytest.fixture
def small_store(store: Store) -> Store:
    build_small_store(store)
    return store


@pytest.fixture
def ids(small_store: Store) -> dict[str, int]:
    """Partnership and practice ids of the small store, by name / code."""
    found: dict[str, int] = {}
    with small_store.read() as conn:
        found.update({n: i for i, n in conn.execute(select(partnership.c.id, partnership.c.name))})
        found.update({c: i for i, c in conn.execute(select(practice.c.id, practice.c.code))})
        found.update({n: i for i, n in conn.execute(select(area.c.id, area.c.name))})
    return found


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot: Any, store: Store, data_dir: Path, settings: QSettings) -> Any:
    from lcpdesk.ui.main_window import MainWindow

    window = MainWindow(store, data_dir=data_dir, settings=settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.tasks.wait(10000))
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.tasks.tasks, timeout=20000)  # the first reads
    return window


@pytest.fixture
def window(qtbot: Any, small_store: Store, data_dir: Path, settings: QSettings) -> Any:
    return make_window(qtbot, small_store, data_dir, settings)

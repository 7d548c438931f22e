"""The window's start-up: damage is said plainly, the damaged file kept, the newest good backup
offered with its date and restored when the user says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lcpdesk.app import open_checked
from lcpdesk.services import backups
from lcpdesk.store.db import open_store
from lcpdesk.ui import prompts
from tests.safety.damage import DAMAGE, copy_demo


class Answers:
    def __init__(self, restore: bool) -> None:
        self.restore = restore
        self.seen: list[Any] = []

    def __call__(self, prompt: Any) -> Any:
        self.seen.append(prompt)
        return self.restore if prompt.kind == prompts.QUESTION else None


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_start_up_offers_the_newest_good_backup(
    kind: str, tmp_path: Path, demo_database: Path, qapp: Any
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    store = open_store(data)
    made = backups.backup_now(store)
    store.close()
    DAMAGE[kind](db_file)
    answers = Answers(restore=True)
    with prompts.auto_answer(answers):
        opened = open_checked(data)
    assert opened is not None
    try:
        (question,) = [p for p in answers.seen if p.kind == prompts.QUESTION]
        assert "damaged" in question.text
        assert f"{made.taken:%d %b %Y %H:%M}" in question.detail
        assert len(list(data.glob("lcpdesk-damaged-*.sqlite"))) == 1
        from lcpdesk.services.membership import MembershipService

        service = MembershipService(opened)
        area = service.area_named("Leeds")
        table = service.area_table(area.id, service.extract_dates(area.id)[0])
        assert table.total_footprint == 861287
    finally:
        opened.close()


def test_start_up_without_a_backup_says_so_and_opens_nothing(
    tmp_path: Path, demo_database: Path, qapp: Any
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    DAMAGE["middle pages"](db_file)
    before = db_file.read_bytes()
    answers = Answers(restore=True)
    with prompts.auto_answer(answers):
        assert open_checked(data) is None
    (error,) = answers.seen
    assert error.kind == prompts.ERROR
    assert "damaged" in error.text
    assert db_file.read_bytes() == before


def test_declining_the_backup_leaves_everything_as_it_was(
    tmp_path: Path, demo_database: Path, qapp: Any
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    store = open_store(data)
    backups.backup_now(store)
    store.close()
    DAMAGE["a packed block's byte"](db_file)
    before = db_file.read_bytes()
    with prompts.auto_answer(Answers(restore=False)):
        assert open_checked(data) is None
    assert db_file.read_bytes() == before


def test_an_error_on_a_damaged_store_is_shown_as_damage_not_a_crash(
    tmp_path: Path, demo_database: Path, qapp: Any
) -> None:
    from lcpdesk.ui import crash

    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    DAMAGE["middle pages"](db_file)
    answers = Answers(restore=False)
    crash.configure(data)
    try:
        with prompts.auto_answer(answers):
            assert crash.report(ValueError("a decoder met garbage")) is None
    finally:
        crash.configure(None)
    (shown,) = answers.seen
    assert shown.kind == prompts.ERROR
    assert "damaged" in shown.text
    assert not (data / "crash-reports").exists()

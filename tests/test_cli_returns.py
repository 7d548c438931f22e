"""``lcpdesk template``, ``export`` and ``import`` of a return, through real workbooks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lcpdesk import cli
from lcpdesk.domain.returns import CONFIRMED, ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store, open_store
from tests.services.returns_helpers import snapshot, unit_id

NOW = "2026/27 Q3"
THEN = "2020/21 Q2"


def run(*args: object) -> int:
    return cli.main([str(a) for a in args])


def completed(content: ReturnContent) -> ReturnContent:
    """What the partner adds before sending a filled return back: who, when, each practice
    confirmed."""
    cover = dataclasses.replace(
        content.cover,
        completed_by="Pat Lead",
        completed_role="LCP lead",
        email="pat@example.nhs.uk",
        completed_on=dt.date(2026, 12, 1),
        signed_off_by="Sam Chair",
        signed_off_role="Chair",
        signed_off_on=dt.date(2026, 12, 2),
    )
    practices = tuple(dataclasses.replace(p, status=CONFIRMED) for p in content.practices)
    return dataclasses.replace(content, cover=cover, practices=practices)


def write(store: Store, period: str, path: Path, edit: Any = completed) -> None:
    svc = ReturnsService(store)
    armley = unit_id(store, "Armley")
    content = edit(svc.gather(armley, period, filled=True))
    returns_files.write_return(content, path, ["Basics in place", "Developing",
                                               "Well developed", "Excellent"])  # fmt: skip


def test_template_and_export_write_return_workbooks(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    demo_store.close()
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    common = ["--partnership", "armley", "--period", THEN, "--data-dir", data_dir]
    assert run("template", *common, "-o", blank) == 0
    assert run("export", *common, "--area", "Leeds", "-o", filled) == 0
    assert "Wrote the filled 2020/21 Q2 return of Armley" in capsys.readouterr().out
    assert returns_files.is_return(blank) and returns_files.is_return(filled)
    read_blank = returns_files.read_return(blank).content
    read_filled = returns_files.read_return(filled).content
    assert read_blank is not None and read_filled is not None
    assert read_blank.cover.partnership == "Armley" and read_blank.cover.period == THEN
    assert all(d.level is None for d in read_blank.dimensions)
    assert all(d.level for d in read_filled.dimensions)
    assert run("export", "--partnership", "Nowhere", "--period", THEN, "--data-dir", data_dir,
               "-o", tmp_path / "x.xlsx") == 1  # fmt: skip
    assert "no partnership called 'Nowhere'" in capsys.readouterr().err


def test_export_then_import_changes_nothing(demo_store: Store, data_dir: Path, tmp_path: Path,
                                           capsys: Any) -> None:  # fmt: skip
    path = tmp_path / "armley.xlsx"
    write(demo_store, THEN, path)
    before = snapshot(demo_store)
    demo_store.close()
    assert run("import", path, "--data-dir", data_dir) == 0, capsys.readouterr()
    assert "Nothing would change." in capsys.readouterr().out
    store = open_store(data_dir)
    try:
        assert snapshot(store) == before
        assert [r.status for r in ReturnsService(store).records()] == ["accepted"]
        assert ReturnsService(store).records()[0].completed_by == "Pat Lead"
    finally:
        store.close()


def test_dry_run_writes_nothing_and_a_refused_return_exits_1(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    def with_levels(content: ReturnContent) -> ReturnContent:
        dims = tuple(dataclasses.replace(d, level="Developing") for d in content.dimensions)
        return completed(dataclasses.replace(content, dimensions=dims))

    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    write(demo_store, NOW, good, with_levels)
    seacroft_goal = (
        ReturnsService(demo_store)
        .gather(unit_id(demo_store, "Seacroft"), NOW, filled=True)
        .goals[0]
        .ref
    )

    def foreign(content: ReturnContent) -> ReturnContent:
        c = with_levels(content)
        practices = (dataclasses.replace(c.practices[0], code="Y99999"), *c.practices[1:])
        goals = (dataclasses.replace(c.goals[0], ref=seacroft_goal), *c.goals[1:])
        return dataclasses.replace(c, practices=practices, goals=goals)

    write(demo_store, NOW, bad, foreign)
    before = snapshot(demo_store)
    demo_store.close()

    assert run("import", good, "--dry-run", "--data-dir", data_dir) == 0
    out = capsys.readouterr().out
    assert "Maturity: 10 to add" in out and "Dry run: nothing was written." in out
    assert run("import", bad, "--data-dir", data_dir) == 1
    err = capsys.readouterr().err
    assert "the return bad.xlsx was refused; nothing was written" in err
    assert "Membership!B5: 'Y99999' is not a practice code lcpdesk knows." in err
    assert f"Goals!B5: '{seacroft_goal}' is not a goal of Armley." in err
    store = open_store(data_dir)
    try:
        assert snapshot(store) == before
        assert [r.status for r in ReturnsService(store).records()] == ["refused"]
    finally:
        store.close()

    assert run("import", good, "--data-dir", data_dir) == 0
    assert run("import", good, "--data-dir", data_dir) == 0
    assert "Nothing would change." in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 truncated", b"code,lcp\nB86001,Armley\n"])
def test_a_broken_workbook_named_as_a_return_is_refused(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any, content: bytes
) -> None:
    demo_store.close()
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    assert run("import", path, "--template", "resources/templates/lcp-quarterly-return-v1.toml",
               "--data-dir", data_dir) == 1  # fmt: skip
    assert "return.xlsx" in capsys.readouterr().err

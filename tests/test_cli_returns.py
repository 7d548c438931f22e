"""``lcpdesk template``, ``export`` and ``import`` of a return, with the workbook side stood in
for by a pickle (the real writer and reader are tested on their own)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from lcpdesk import cli
from lcpdesk.domain.returns import ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.store.db import open_store
from tests.services.returns_helpers import snapshot

PERIOD = "2026/27 Q3"


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(content: ReturnContent, path: Path) -> None:
        path.write_bytes(pickle.dumps(content))

    def read(path: Path, _description: Path | None = None) -> returns_files.ReadReturn:
        content = pickle.loads(path.read_bytes())
        return returns_files.ReadReturn(path, content, (), returns_files.sha256_of(path))

    monkeypatch.setattr(returns_files, "write_return", write)
    monkeypatch.setattr(returns_files, "read_return", read)
    monkeypatch.setattr(returns_files, "is_return", lambda p: p.suffix == ".xlsx")


def run(*args: object) -> int:
    return cli.main([str(a) for a in args])


def test_template_export_import_round_trip(
    demo_store: Any, data_dir: Path, tmp_path: Path, files: None, capsys: Any
) -> None:
    demo_store.close()
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    common = ["--partnership", "armley", "--period", PERIOD, "--data-dir", data_dir]
    assert run("template", *common, "-o", blank) == 0
    assert run("export", *common, "--area", "Leeds", "-o", filled) == 0
    assert "Wrote the filled 2026/27 Q3 return of Armley" in capsys.readouterr().out
    assert not pickle.loads(blank.read_bytes()).allocations
    assert pickle.loads(filled.read_bytes()).allocations

    store = open_store(data_dir)
    before = snapshot(store)
    store.close()
    assert run("import", filled, "--data-dir", data_dir) == 0
    out = capsys.readouterr().out
    assert "Nothing would change." in out
    store = open_store(data_dir)
    try:
        assert snapshot(store) == before
    finally:
        store.close()


def test_import_refused_exits_1_and_dry_run_writes_nothing(
    demo_store: Any, data_dir: Path, tmp_path: Path, files: None, capsys: Any
) -> None:
    demo_store.close()
    path = tmp_path / "r.xlsx"
    assert (
        run(
            "export",
            "--partnership",
            "Armley",
            "--period",
            PERIOD,
            "--data-dir",
            data_dir,
            "-o",
            path,
        )
        == 0
    )
    content = pickle.loads(path.read_bytes())
    changed = dataclasses.replace(
        content, goals=(dataclasses.replace(content.goals[0], status="done"), *content.goals[1:])
    )
    path.write_bytes(pickle.dumps(changed))
    store = open_store(data_dir)
    before = snapshot(store)
    store.close()
    capsys.readouterr()
    assert run("import", path, "--dry-run", "--data-dir", data_dir) == 0
    out = capsys.readouterr().out
    assert "Goals: 0 to add, 1 to change, 0 to remove" in out and "Dry run" in out
    store = open_store(data_dir)
    assert snapshot(store) == before
    store.close()

    wrong = dataclasses.replace(
        changed,
        cover=dataclasses.replace(changed.cover, period="2026/27 Q4"),
        practices=(dataclasses.replace(changed.practices[0], code="Z99999"),),
    )
    path.write_bytes(pickle.dumps(wrong))
    assert run("import", path, "--data-dir", data_dir) == 1
    err = capsys.readouterr().err
    assert "refused" in err
    assert "Membership: row 1: 'Z99999' is not a practice code" in err
    store = open_store(data_dir)
    try:
        assert snapshot(store) == before
        from lcpdesk.services.returns import ReturnsService

        assert [r.status for r in ReturnsService(store).records()] == ["refused"]
    finally:
        store.close()


def test_without_the_workbook_side_the_commands_say_so(
    demo_store: Any, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    demo_store.close()
    code = run(
        "template",
        "--partnership",
        "Armley",
        "--period",
        PERIOD,
        "--data-dir",
        data_dir,
        "-o",
        tmp_path / "x.xlsx",
    )
    if code == 0:  # the writer is installed: it wrote a workbook
        assert (tmp_path / "x.xlsx").stat().st_size > 0
    else:
        assert code == 1 and "cannot read or write return workbooks" in capsys.readouterr().err

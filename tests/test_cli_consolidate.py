"""``lcpdesk template --area`` and ``lcpdesk consolidate``: a quarter's returns out and back in,
through real workbooks, the master workbook read back, and a re-run that changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from lcpdesk import cli
from lcpdesk.services import quarter, returns_files
from lcpdesk.store.db import Store, open_store
from tests.helpers.quarter import make_folder
from tests.services.returns_helpers import snapshot

NOW = "2026/27 Q3"


def run(*args: object) -> int:
    return cli.main([str(a) for a in args])


def test_template_for_an_area_writes_every_partnerships_return(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    demo_store.close()
    out = tmp_path / "out"
    assert (
        run("template", "--area", "Leeds", "--period", NOW, "-o", out, "--data-dir", data_dir) == 0
    )
    assert "Wrote 18 pre-filled return(s)" in capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 18 and "Armley 2026-27 Q3 return.xlsx" in names
    assert "Garforth-Kippax-Rothwell 2026-27 Q3 return.xlsx" in names  # "/" is not in a name
    assert all(returns_files.is_return(out / n) for n in names)
    read = returns_files.read_return(out / "Armley 2026-27 Q3 return.xlsx").content
    assert read is not None and read.cover.partnership == "Armley" and read.cover.period == NOW
    store = open_store(data_dir)
    try:
        rows = {r.partnership: r for r in quarter.standing(store, "Leeds", NOW).rows}
        assert rows["Armley"].status == quarter.SENT and rows["Armley"].sent_on is not None
    finally:
        store.close()


def test_consolidating_a_folder(demo_store: Store, data_dir: Path, tmp_path: Path,
                                capsys: Any) -> None:  # fmt: skip
    folder, master = tmp_path / "in", tmp_path / "master.xlsx"
    make_folder(demo_store, folder, NOW)
    demo_store.close()
    args = ("consolidate", folder, "--area", "Leeds", "--period", NOW, "--data-dir", data_dir)

    assert run(*args, "--dry-run") == 1
    out = capsys.readouterr().out
    assert "armley.xlsx (Armley): would be accepted" in out and "Dry run" in out
    store = open_store(data_dir)
    before = snapshot(store)
    assert quarter.standing(store, "Leeds", NOW).records == []
    store.close()

    assert run(*args, "-o", master) == 1
    out = capsys.readouterr().out
    for accepted in ("armley", "beeston-new", "seacroft", "wetherby"):
        assert f"{accepted}.xlsx" in out
        assert any(line.strip().startswith(f"{accepted}.xlsx") and line.endswith("accepted")
                   for line in out.splitlines()), out  # fmt: skip
    assert "beeston-old.xlsx (Beeston): superseded" in out
    assert "a second return for Beeston: the newer beeston-new.xlsx was taken" in out
    assert 'Maturity!D5: "Developping" is not a level' in out
    assert "not Leeds" in out  # the LLR return
    assert "notes.txt: refused" in out and "not a workbook" in out
    assert "half-copied.xlsx: refused" in out
    assert "version" in out.split("harehills-old-version.xlsx", 1)[1].split("\n", 2)[1]
    assert "Summary: 4 accepted, 5 refused, 1 superseded." in out

    store = open_store(data_dir)
    try:
        after = snapshot(store)
        assert after != before  # lower-case levels and UK dates were read and written
        rows = {r.partnership: r for r in quarter.standing(store, "Leeds", NOW).rows}
        assert rows["Armley"].status == "accepted" and rows["Armley"].summary.levels
        assert rows["Beeston"].record is not None
        assert rows["Beeston"].record.file_name == "beeston-new.xlsx"
        assert rows["Central"].status == "refused" and rows["Central"].reasons
        assert {"Cover", "Membership", "Maturity"} <= set(rows["Armley"].summary.sections)
        assert rows["Armley"].sections_text.endswith("of 5")
    finally:
        store.close()

    book = openpyxl.load_workbook(master)
    assert book.sheetnames == ["Summary", "Membership", "Maturity", "Goals", "Readings",
                               "Milestones", "Resources", "Problems", "Missing"]  # fmt: skip
    summary = book["Summary"]
    assert summary.freeze_panes == "B2" and "Summary" in summary.tables
    statuses = {r[0].value: r[1].value for r in summary.iter_rows(min_row=2)}
    assert statuses["Armley"] == "accepted" and statuses["Central"] == "refused"
    assert statuses["Aire Valley"] == "not sent"
    problems = [r[1].value for r in book["Problems"].iter_rows(min_row=2)]
    assert "central-bad.xlsx" in problems and "notes.txt" in problems
    missing = [r[0].value for r in book["Missing"].iter_rows(min_row=2)]
    assert "Central" in missing and "Armley" not in missing
    maturity = [r[0].value for r in book["Maturity"].iter_rows(min_row=2)]
    assert {"Armley", "Beeston", "Seacroft", "Wetherby"} == set(maturity)

    # Re-running changes nothing: every file is "already read".
    assert run(*args) == 0
    out = capsys.readouterr().out
    assert "Summary: 10 already read." in out
    store = open_store(data_dir)
    try:
        assert snapshot(store) == after
    finally:
        store.close()

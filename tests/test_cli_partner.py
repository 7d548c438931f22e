"""``lcpdesk export --into PARTNER.xlsx``: a partner's own workbook filled from the store, by the
description given or the saved one that recognises it; a filled copy imported without
--template is recognised by the saved description."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.partner_books import build_partner_workbook, changed_entries, describe_workbook

from lcpdesk import cli
from lcpdesk.io.return_reader import read_return
from lcpdesk.services import returns_templates
from lcpdesk.store.db import Store

THEN = "2020/21 Q2"


def run(*args: object) -> int:
    return cli.main([str(a) for a in args])


def test_export_into_a_partner_workbook(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    demo_store.close()
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    desc = describe_workbook(partner)
    common = ["--partnership", "Armley", "--period", THEN, "--data-dir", data_dir]
    out = tmp_path / "filled.xlsx"
    # Not described yet: refused, nothing written.
    assert run("export", *common, "--into", partner, "-o", out) == 1
    assert "no saved template description recognises" in capsys.readouterr().err
    assert not out.exists()
    text = tmp_path / "d.toml"
    text.write_text(Path(desc.source).name and _toml(partner), encoding="utf-8")
    returns_templates.load(text, data_dir)
    assert run("export", *common, "--into", partner, "-o", out) == 0
    assert "Filled council.xlsx (Council monitoring" in capsys.readouterr().out
    read = read_return(out, description=desc)
    assert read.content is not None
    assert (read.content.cover.partnership, read.content.cover.period) == ("Armley", THEN)
    assert read.content.dimensions[0].level  # the demo's agreed leadership level
    assert changed_entries(partner, out) <= {
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml"
    }  # fmt: skip
    # The filled copy is imported without --template: recognised by its fingerprint.
    # (The demo's 2020/21 Q2 assessment is complete, so the return itself is refused.)
    run("import", out, "--dry-run", "--data-dir", data_dir)
    assert "Return filled.xlsx (Armley, 2020/21 Q2)" in capsys.readouterr().out


def _toml(partner: Path) -> str:
    from helpers.partner_books import CELLS

    from lcpdesk.io import partner_fill_describe as describe

    choices = []
    for (sheet, cell), key in CELLS.items():
        grid = describe.sheet_grid(partner, sheet)
        row, col = describe.row_col(cell)
        label = (
            describe.shown_text(grid[row - 1][col - 1])
            if "[]" in key
            else describe.label_near(grid, cell)
        )
        choices.append(describe.Choice(key, sheet, cell, label))
    return describe.description_text(
        "council-monitoring", 1, "Council monitoring", describe.sheet_names(partner), choices
    )


def test_export_into_and_import_with_a_datamap_as_the_description(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    demo_store.close()
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    datamap = tmp_path / "council.csv"
    datamap.write_text(
        "cell_key,template_sheet,cellreference,type\nLCP,Front,B3,TEXT\n"
        "Quarter,Front,B4,TEXT\nDate completed,Front,B5,DATE\n"
    )
    (tmp_path / "council-mapping.csv").write_text(
        "cell_key,field\nLCP,Partnership\nQuarter,Period\n"
    )
    out = tmp_path / "filled.xlsx"
    common = ["--partnership", "Armley", "--period", THEN, "--data-dir", data_dir]
    assert run("export", *common, "--into", partner, "--template", datamap, "-o", out) == 0
    capsys.readouterr()
    run("import", out, "--dry-run", "--template", datamap, "--data-dir", data_dir)
    assert "Return filled.xlsx (Armley, 2020/21 Q2)" in capsys.readouterr().out

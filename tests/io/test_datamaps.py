"""A datamaps datamap as a template description: keys mapped to lcpdesk's fields by a mapping
file or by name, the datamap's types kept where the field can take them, and the description
then fills and reads the partner's workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.partner_books import build_partner_workbook, content

from lcpdesk.errors import InputError
from lcpdesk.io import datamaps
from lcpdesk.io.partner_fill import fill_partner_workbook
from lcpdesk.io.return_reader import read_return
from lcpdesk.io.templates import parse_description

DATAMAP = """\ufeffcell_key,template_sheet,cellreference,type
Partnership,Front,B3,TEXT
Reporting Quarter,Front,$B$4,TEXT
Date completed,Front,B5,DATE
Owner's budget,Scores,B4,NUMBER
"""


def test_a_datamap_becomes_a_description_that_fills_and_reads(tmp_path: Path) -> None:
    (tmp_path / "council.csv").write_text(DATAMAP, encoding="utf-8")
    (tmp_path / "map.csv").write_text("cell_key,field\nReporting Quarter,Period\n")
    lines = datamaps.read_datamap(tmp_path / "council.csv")
    assert [(ln.cell_key, ln.cell, ln.type) for ln in lines][1] == (
        "Reporting Quarter",
        "B4",
        "TEXT",
    )
    mapping = datamaps.read_mapping(tmp_path / "map.csv")
    assert mapping == {"Reporting Quarter": "cover.period"}
    for line in lines:  # what the dialog does for keys the mapping file leaves out
        if line.cell_key not in mapping and (found := datamaps.suggest(line.cell_key)):
            mapping[line.cell_key] = found
    text, left = datamaps.description_from_datamap(lines, mapping, "council", "Council")
    assert left == ["Owner's budget"]  # no field of lcpdesk's: listed, not dropped silently
    desc = parse_description(text)
    assert desc.field("cover.completed_on").type == "date"  # type: ignore[union-attr]
    assert desc.field("cover.period").cell == "B4"  # type: ignore[union-attr]
    partner = build_partner_workbook(tmp_path / "council.xlsx")
    fill_partner_workbook(content(), desc, partner, tmp_path / "filled.xlsx")
    read = read_return(tmp_path / "filled.xlsx", description=desc)
    assert read.content is not None and not read.problems
    assert (read.content.cover.partnership, read.content.cover.period) == ("Armley", "2026/27 Q3")


def test_a_file_that_is_not_a_datamap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("name,cell\nPartnership,B3\n")
    with pytest.raises(InputError, match="not a datamap"):
        datamaps.read_datamap(tmp_path / "x.csv")
    (tmp_path / "bad.csv").write_text("cell_key,template_sheet,cellreference,type\na,S,B1,MONEY\n")
    with pytest.raises(InputError, match="not a datamap type"):
        datamaps.read_datamap(tmp_path / "bad.csv")
    (tmp_path / "map.csv").write_text("Partnership,cover.nonsense\n")
    with pytest.raises(InputError, match="not one of lcpdesk's fields"):
        datamaps.read_mapping(tmp_path / "map.csv")

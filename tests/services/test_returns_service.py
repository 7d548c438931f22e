"""The returns service: gather, preview, apply (one transaction, one undo step), records."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from lcpdesk.domain.returns import AllocationLine, RaterLine, ReadingLine
from lcpdesk.services import history
from lcpdesk.services.returns import ReturnsService
from lcpdesk.services.returns_refs import parse_ref
from lcpdesk.store import returns_write
from tests.services.returns_helpers import snapshot, unit_id

NOW = "2026/27 Q3"  # the demo's goals and allocations are dated around the day it is loaded
THEN = "2020/21 Q2"  # a complete demo assessment with raters


@pytest.mark.parametrize("period", [NOW, THEN])
def test_a_filled_return_previews_as_no_change(demo_store: Any, period: str) -> None:
    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    content = svc.gather(armley, period, filled=True)
    assert content.cover.partnership == "Armley" and content.cover.period == period
    assert content.practices and content.dimensions and content.goals
    preview = svc.preview(content, partnership_id=armley, period=period)
    assert not preview.refused, preview.lines()
    assert preview.is_empty, preview.lines()


def test_blank_return_holds_reference_data_only(demo_store: Any) -> None:
    svc = ReturnsService(demo_store)
    blank = svc.gather(unit_id(demo_store, "Armley"), THEN, filled=False)
    assert all(p.code and p.name for p in blank.practices)
    assert any(p.list_size for p in blank.practices)
    assert all(d.level is None and not d.evidence for d in blank.dimensions)
    assert all(g.ref.startswith("G") and g.status == "" for g in blank.goals)
    assert not blank.raters and not blank.allocations and not blank.readings


def _edited(svc: ReturnsService, armley: int) -> Any:
    """A filled return with one of each kind of change."""
    c = svc.gather(armley, NOW, filled=True)
    dims = list(c.dimensions)
    dims[0] = dataclasses.replace(dims[0], level="well developed", evidence="Minutes of May")
    goals = list(c.goals)
    goals[0] = dataclasses.replace(goals[0], status="at risk")
    first = c.readings[0]
    readings = [*c.readings[1:], dataclasses.replace(first, value=first.value + 1)]
    allocs = list(c.allocations)
    allocs[0] = dataclasses.replace(allocs[0], amount=allocs[0].amount + Decimal("10.5"))
    dropped = allocs.pop()
    allocs.append(
        AllocationLine(
            "",
            "Armley Helps",
            "voluntary and community",
            "funding",
            Decimal(25000),
            dropped.period_start,
            dropped.period_end,
            "planned",
        )
    )
    raters = (RaterLine("Ann Rater", "LCH", ((dims[0].key, "Developing"),)),)
    return dataclasses.replace(
        c,
        dimensions=tuple(dims),
        goals=tuple(goals),
        readings=tuple(readings),
        allocations=tuple(allocs),
        raters=raters,
    )


def test_apply_is_one_undo_step_and_a_second_import_changes_nothing(demo_store: Any) -> None:
    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    before = snapshot(demo_store)
    edited = _edited(svc, armley)
    preview = svc.preview(edited, partnership_id=armley, period=NOW, file_name="a.xlsx")
    assert not preview.refused, preview.lines()
    counts = {
        s.name: (s.count("add"), s.count("change"), s.count("remove")) for s in preview.sections
    }
    assert counts["Maturity"][0] >= 3  # the assessment, its level, evidence, and the rater
    assert counts["Goals"] == (0, 2, 0)  # a status and a reading
    assert counts["Resources"] == (2, 1, 1)  # a new partner and allocation; one changed, one gone

    changes = svc.apply(preview)
    after = snapshot(demo_store)
    assert after != before
    again = svc.preview(edited, partnership_id=armley, period=NOW)
    assert again.is_empty and not again.refused, again.lines()
    regathered = svc.gather(armley, NOW, filled=True)
    assert regathered.dimensions[0].level == "Well developed"
    assert regathered.goals[0].status == "at risk"
    assert any(a.partner == "Armley Helps" for a in regathered.allocations)
    records = svc.records(armley)
    assert [(r.status, r.file_name) for r in records] == [("accepted", "a.xlsx")]

    history.undo(demo_store, changes)
    assert snapshot(demo_store) == before
    assert svc.records(armley) == []
    history.redo(demo_store, changes)
    assert snapshot(demo_store) == after


def test_apply_writes_nothing_when_the_last_section_fails(
    demo_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    preview = svc.preview(_edited(svc, armley), partnership_id=armley, period=NOW)
    before = snapshot(demo_store)

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(returns_write, "remove_allocation", broken)
    with pytest.raises(OSError):
        svc.apply(preview)
    assert snapshot(demo_store) == before
    assert svc.records() == []


def test_store_level_problems_are_each_located(demo_store: Any) -> None:
    svc = ReturnsService(demo_store)
    armley, seacroft = unit_id(demo_store, "Armley"), unit_id(demo_store, "Seacroft")
    c = svc.gather(armley, NOW, filled=True)
    other_goal = svc.gather(seacroft, NOW, filled=True).goals[0].ref
    bad = dataclasses.replace(
        c,
        cover=dataclasses.replace(c.cover, partnership="Seacroft", period="2026/27 Q4"),
        practices=(dataclasses.replace(c.practices[0], code="Z99999"), *c.practices[1:]),
        dimensions=(dataclasses.replace(c.dimensions[0], level="Developping"), *c.dimensions[1:]),
        readings=(ReadingLine(other_goal, "x", c.readings[0].when, Decimal(1)), *c.readings),
        allocations=(
            *c.allocations,
            dataclasses.replace(c.allocations[0], ref="", partner="New Org", sector="charity"),
        ),
    )
    preview = svc.preview(bad, partnership_id=armley, period=NOW)
    assert preview.refused
    text = [str(p) for p in preview.problems]
    expected = {
        "Cover": "is for 'Seacroft', not Armley",
        "Cover ": "is for 2026/27 Q4, not 2026/27 Q3",
        "Membership": "'Z99999' is not a practice code",
        "Maturity": '"Developping" is not a level of this framework',
        "Goals": f"'{other_goal}' is not a goal of Armley",
        "Resources": "'charity' is not a sector",
    }
    for sheet, words in expected.items():
        assert any(t.startswith(sheet.strip()) and words in t for t in text), (words, text)
    located = next(p for p in preview.problems if "Z99999" in p.message)
    assert located.where.sheet == "Membership" and located.where.line == 1


def test_a_locator_from_the_reader_places_problems_in_cells(demo_store: Any) -> None:
    from lcpdesk.errors import Location

    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    c = svc.gather(armley, NOW, filled=True)
    bad = dataclasses.replace(
        c, dimensions=(dataclasses.replace(c.dimensions[0], level="Developping"), *c.dimensions[1:])
    )

    def locate(key: str, row: int | None) -> Location:
        return (
            Location(sheet="Maturity", cell=f"C{7 + (row or 0)}") if "level" in key else Location()
        )

    preview = svc.preview(bad, partnership_id=armley, period=NOW, locate=locate)
    assert [str(p) for p in preview.problems] == [
        'Maturity!C7: "Developping" is not a level of this framework.'
    ]


def test_refused_and_accepted_returns_are_recorded(demo_store: Any) -> None:
    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    c = svc.gather(armley, NOW, filled=True)
    wrong = dataclasses.replace(c, cover=dataclasses.replace(c.cover, period="2025/26 Q1"))
    refused = svc.preview(wrong, file_name="late.xlsx", sha256="ab" * 32)
    assert refused.refused and refused.partnership_id == armley
    before = snapshot(demo_store)
    svc.refuse(refused)
    assert snapshot(demo_store) == before
    svc.apply(svc.preview(c, file_name="good.xlsx"))
    got = {r.file_name: r for r in svc.records()}
    assert got["late.xlsx"].status == "refused" and "2025/26 Q1" in got["late.xlsx"].reasons
    assert got["good.xlsx"].status == "accepted" and got["good.xlsx"].partnership == "Armley"
    with pytest.raises(Exception, match="problems"):
        svc.apply(refused)


def test_references() -> None:
    assert parse_ref(" g17 ", "G") == 17
    assert parse_ref("A203", "G") is None
    assert parse_ref("G-1", "G") is None


def test_a_return_scoring_an_unknown_framework_is_refused_not_a_crash(demo_store: Any) -> None:
    svc = ReturnsService(demo_store)
    armley = unit_id(demo_store, "Armley")
    c = svc.gather(armley, NOW, filled=True)
    other = dataclasses.replace(c, framework_key="somewhere-else")
    preview = svc.preview(other, partnership_id=armley, period=NOW)
    assert preview.refused
    assert "no framework 'somewhere-else'" in str(preview.problems[0])

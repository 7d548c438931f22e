"""Frameworks as data: loading a second framework from a file, versions, locking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from maturity_helpers import small_area, snapshot
from sqlalchemy import select

from lcpdesk.errors import InputError
from lcpdesk.services import history
from lcpdesk.services.frameworks import (
    ADDED,
    NEW_VERSION,
    REPLACED,
    UNCHANGED,
    FrameworkService,
)
from lcpdesk.services.maturity import MaturityService
from lcpdesk.services.maturity_views import MaturityViews
from lcpdesk.store import schema
from lcpdesk.store.db import Store

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
LLR = DATA / "llr-ilt-maturity.toml"


def version_rows(store: Store, framework_id: int) -> dict[str, list[tuple[object, ...]]]:
    """A framework version's own rows (levels, dimensions, cells)."""
    with store.read() as conn:
        dims = [
            tuple(r)
            for r in conn.execute(
                select(schema.framework_dimension).where(
                    schema.framework_dimension.c.framework_id == framework_id
                )
            )
        ]
        return {
            "framework": [
                tuple(r)
                for r in conn.execute(
                    select(schema.framework).where(schema.framework.c.id == framework_id)
                )
            ],
            "levels": [
                tuple(r)
                for r in conn.execute(
                    select(schema.framework_level).where(
                        schema.framework_level.c.framework_id == framework_id
                    )
                )
            ],
            "dimensions": dims,
            "cells": [
                tuple(r)
                for r in conn.execute(
                    select(schema.framework_cell).where(
                        schema.framework_cell.c.dimension_id.in_([d[0] for d in dims])
                    )
                )
            ],
        }


def test_a_second_framework_from_a_file_is_assessed_against(store: Store) -> None:
    ids = small_area(store, "Lestershire", ("Melton", "Hinckley"))
    frameworks = FrameworkService(store)
    loaded = frameworks.load_file(LLR)
    assert loaded.stored.action == ADDED
    assert loaded.stored.message() == "Loaded 'LLR Integrated Locality Team Maturity (example)'."
    assert ("llr-ilt-maturity", "LLR Integrated Locality Team Maturity (example)") in (
        frameworks.latest_keys()
    )
    service = MaturityService(store)
    service.start_assessment(ids["Melton"], "2017/18", "llr-ilt-maturity")
    current = service.assessment_for(ids["Melton"], "2017/18")
    assert current is not None
    fw = current.framework
    assert [d.label for d in fw.scored] == [
        "Shared leadership",
        "Integrated teams: Care coordination",
        "Integrated teams: Shared records",
        "Population health",
    ]
    assert fw.standard.name == "Established" and fw.top_rank == 3
    assert fw.scored[0].cells[2] == "The board meets monthly and owns the locality plan."
    for dim, rank in zip(fw.scored, (1, 2, 3, 2), strict=True):
        service.set_consensus(current.id, dim.id, rank)
    service.complete(current.id)
    # The heat map and trend of that area use its framework, not Leeds's.
    views = MaturityViews(service)
    heat = views.heat_map(ids["Lestershire"], "2017/18")
    assert heat is not None
    assert heat.level_names == ("Emerging", "Established", "Thriving")
    assert heat.short_columns == (
        "Shared leadership",
        "Coordination",
        "Records",
        "Population health",
    )
    assert [(r.name, r.status, r.ranks) for r in heat.rows] == [
        ("Melton", "complete", (1, 2, 3, 2)),
        ("Hinckley", "", (None, None, None, None)),
    ]
    gaps = views.gaps(current.id)
    assert [g.gap for g in gaps] == [1, 0, 0, 0]


def test_loading_the_same_content_again_changes_nothing(store: Store) -> None:
    frameworks = FrameworkService(store)
    first = frameworks.load_file(LLR)
    before = snapshot(store)
    for again in (LLR, LLR.with_suffix(".xlsx"), LLR.with_suffix(".ods")):
        loaded = frameworks.load_file(again)
        assert loaded.stored.action == UNCHANGED
        assert loaded.changeset.is_empty()
        assert loaded.stored.framework_id == first.stored.framework_id
    assert snapshot(store) == before


def test_a_changed_file_replaces_an_unused_version_but_never_a_used_one(
    store: Store, tmp_path: Path
) -> None:
    ids = small_area(store)
    frameworks = FrameworkService(store)
    v1 = frameworks.load_file(LLR).stored
    changed = tmp_path / "llr.toml"
    text = LLR.read_text(encoding="utf-8")
    changed.write_text(text.replace("Plans agreed;", "Plans written;"), encoding="utf-8")
    replaced = frameworks.load_file(changed).stored
    assert (replaced.action, replaced.version, replaced.framework_id) == (
        REPLACED,
        1,
        v1.framework_id,
    )
    service = MaturityService(store)
    service.start_assessment(ids["North"], "2017/18", "llr-ilt-maturity")  # now in use
    used = version_rows(store, v1.framework_id)
    assert [i.locked for i in frameworks.infos() if i.key == "llr-ilt-maturity"] == [True]
    changed.write_text(text.replace("Plans agreed;", "Plans signed off;"), encoding="utf-8")
    loaded = frameworks.load_file(changed)
    v2 = loaded.stored
    assert (v2.action, v2.version) == (NEW_VERSION, 2)
    assert "Version 1 is used by assessments and stays exactly as it was" in v2.message()
    assert version_rows(store, v1.framework_id) == used  # the used version, untouched
    old = service.assessment_for(ids["North"], "2017/18")
    assert old is not None and old.framework.version == 1
    assert old.framework.levels[0].meaning == "Plans written; little yet in practice."
    service.start_assessment(ids["South"], "2017/18", "llr-ilt-maturity")
    new = service.assessment_for(ids["South"], "2017/18")
    assert new is not None and new.framework.version == 2
    assert new.framework.levels[0].meaning == "Plans signed off; little yet in practice."
    infos = {(i.key, i.version): i for i in frameworks.infos()}
    assert infos[("llr-ilt-maturity", 1)].assessments == 1
    assert not infos[("llr-ilt-maturity", 1)].is_latest
    assert infos[("llr-ilt-maturity", 2)].is_latest


def test_undoing_a_load_removes_it_exactly(store: Store, tmp_path: Path) -> None:
    frameworks = FrameworkService(store)
    frameworks.load_file(LLR)
    before = snapshot(store)
    changed = tmp_path / "llr.toml"
    shutil.copyfile(LLR, changed)
    changed.write_text(
        LLR.read_text(encoding="utf-8").replace('name = "Thriving"', 'name = "Flourishing"'),
        encoding="utf-8",
    )
    loaded = frameworks.load_file(changed)
    assert loaded.stored.action == REPLACED
    history.undo(store, loaded.changeset)
    assert snapshot(store) == before


def test_a_malformed_file_is_refused_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        LLR.read_text(encoding="utf-8").replace(
            'parent = "integrated-teams"', 'parent = "teams"', 1
        ),
        encoding="utf-8",
    )
    before = snapshot(store)
    with pytest.raises(InputError) as refused:
        FrameworkService(store).load_file(bad)
    assert "bad.toml, line 38: Care coordination: its parent dimension 'teams' does not exist" in (
        str(refused.value)
    )
    assert snapshot(store) == before


def test_shipped_frameworks_are_listed_before_they_are_stored(store: Store) -> None:
    (leeds,) = [i for i in FrameworkService(store).infos() if i.key == "leeds-lcp-maturity"]
    assert leeds.id is None and leeds.levels == 4 and leeds.scored_dimensions == 9


def test_a_changed_shipped_framework_becomes_a_new_version_on_next_use(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An lcpdesk update that edits the Leeds file must not change assessments made with it."""
    from dataclasses import replace

    from lcpdesk.services import frameworks

    ids = small_area(store)
    service = MaturityService(store)
    service.start_assessment(ids["North"], "2019/20 Q2")
    first = service.assessment_for(ids["North"], "2019/20 Q2")
    assert first is not None
    used = version_rows(store, first.framework.id)
    shipped = frameworks.builtin_definitions()
    edited = [
        replace(d, levels=(replace(d.levels[0], meaning="Reworded."), *d.levels[1:]))
        for d in shipped
    ]
    monkeypatch.setattr(frameworks, "builtin_definitions", lambda: edited)
    service.start_assessment(ids["South"], "2019/20 Q2")
    second = service.assessment_for(ids["South"], "2019/20 Q2")
    assert second is not None
    assert (first.framework.version, second.framework.version) == (1, 2)
    assert second.framework.levels[0].meaning == "Reworded."
    assert version_rows(store, first.framework.id) == used
    again = service.assessment_for(ids["North"], "2019/20 Q2")
    assert again is not None and again.framework.levels[0].meaning != "Reworded."

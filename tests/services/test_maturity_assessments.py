"""Assessments through the service: start, score, raters, complete and reopen, exact undo."""

from __future__ import annotations

import pytest
from maturity_helpers import small_area, snapshot

from lcpdesk.errors import InputError
from lcpdesk.services import history
from lcpdesk.services.maturity import MaturityService
from lcpdesk.store.changes import ChangeSet
from lcpdesk.store.db import Store


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return small_area(store)


@pytest.fixture
def service(store: Store) -> MaturityService:
    return MaturityService(store)


def start(service: MaturityService, unit: int, period: str = "2019/20 Q2") -> int:
    service.start_assessment(unit, period)
    found = service.assessment_for(unit, period)
    assert found is not None
    return found.id


def test_starting_stores_and_locks_the_built_in_framework(
    service: MaturityService, ids: dict[str, int]
) -> None:
    assert service.assessments(ids["North"]) == []
    service.start_assessment(ids["North"], "19/20 q2")
    (info,) = service.assessments(ids["North"])
    assert info.period == "2019/20 Q2"  # stored the one way
    assert info.status == "in progress"
    current = service.assessment(info.id)
    assert current is not None
    fw = current.framework
    assert fw.key == "leeds-lcp-maturity" and fw.version == 1 and fw.locked
    assert len(fw.scored) == 9
    assert current.not_assessed() == list(fw.scored)  # nothing assessed yet, not "lowest"
    assert current.mean_level() is None


def test_one_assessment_per_partnership_and_period(
    service: MaturityService, ids: dict[str, int]
) -> None:
    start(service, ids["North"])
    with pytest.raises(InputError, match="already has an assessment for 2019/20 Q2"):
        service.start_assessment(ids["North"], "2019-20 Q2")
    with pytest.raises(InputError, match="is not a period"):
        service.start_assessment(ids["South"], "next year")
    with pytest.raises(InputError, match="no framework 'nope'"):
        service.start_assessment(ids["South"], "2019/20 Q2", "nope")


def test_scoring_then_undo_everything_and_redo_everything_is_exact(
    service: MaturityService, ids: dict[str, int], store: Store
) -> None:
    aid = start(service, ids["North"])
    fw = service.assessment(aid).framework  # type: ignore[union-attr]
    lead, structure = fw.scored[0], fw.scored[6]
    before = snapshot(store)
    steps: list[ChangeSet] = [service.add_rater(aid, "Asha Khan", "Leeds Community Healthcare")]
    steps.append(service.add_rater(aid, "Tom Reid", "Adult Social Care"))
    raters = service.assessment(aid).raters  # type: ignore[union-attr]
    steps.append(service.set_rater_score(aid, raters[0].id, lead.id, 2))
    steps.append(service.set_rater_score(aid, raters[1].id, lead.id, 3))
    steps.append(service.set_consensus(aid, lead.id, 2))
    steps.append(service.set_target(aid, lead.id, 3))
    steps.append(service.set_notes(aid, lead.id, " Board minutes ", "a\n\n  b ", "Named lead"))
    steps.append(service.set_consensus(aid, structure.id, 1))
    steps.append(service.set_consensus(aid, structure.id, None))  # back to not assessed
    after = snapshot(store)
    current = service.assessment(aid)
    assert current is not None
    item = current.item(lead.id)
    assert (item.consensus, item.target) == (2, 3)
    assert (item.evidence, item.links, item.next_steps) == ("Board minutes", "a\nb", "Named lead")
    assert item.link_list == ["a", "b"]
    assert item.spread().lowest == 2 and item.spread().highest == 3
    assert current.item(structure.id).consensus is None
    assert [s.description for s in steps[4:6]] == [
        "Set the agreed level for Leadership to Developing",
        "Set the target for Leadership to Well developed",
    ]
    for step in reversed(steps):
        history.undo(service.store, step)
    assert snapshot(store) == before
    for step in steps:
        history.redo(service.store, step)
    assert snapshot(store) == after


def test_a_level_outside_the_framework_is_refused(
    service: MaturityService, ids: dict[str, int]
) -> None:
    aid = start(service, ids["North"])
    fw = service.assessment(aid).framework  # type: ignore[union-attr]
    with pytest.raises(InputError, match="no level 5"):
        service.set_consensus(aid, fw.scored[0].id, 5)
    culture = next(d for d in fw.dimensions if d.key == "culture")
    with pytest.raises(InputError, match="not scored"):
        service.set_consensus(aid, culture.id, 2)  # a heading: its five parts are scored


def test_complete_needs_every_dimension_then_locks_until_reopened(
    service: MaturityService, ids: dict[str, int], store: Store
) -> None:
    aid = start(service, ids["North"])
    fw = service.assessment(aid).framework  # type: ignore[union-attr]
    for dim in fw.scored[:-1]:
        service.set_consensus(aid, dim.id, 2)
    with pytest.raises(InputError) as refused:
        service.complete(aid)
    assert "1 of 9 dimensions have no agreed level yet: Resource Utilisation" in str(refused.value)
    service.set_consensus(aid, fw.scored[-1].id, 1)
    done = service.complete(aid)
    info = service.assessment(aid).info  # type: ignore[union-attr]
    assert info.is_complete and info.completed_at is not None
    frozen = snapshot(store)
    with pytest.raises(InputError, match="is complete, so it cannot be changed"):
        service.set_consensus(aid, fw.scored[0].id, 3)
    with pytest.raises(InputError, match="complete"):
        service.add_rater(aid, "Late Rater")
    assert snapshot(store) == frozen
    reopened = service.reopen(aid)
    service.set_consensus(aid, fw.scored[0].id, 3)
    assert service.assessment(aid).item(fw.scored[0].id).consensus == 3  # type: ignore[union-attr]
    with pytest.raises(InputError, match="already open"):
        service.reopen(aid)
    history.undo(service.store, service.set_consensus(aid, fw.scored[0].id, 4))
    history.undo(service.store, reopened)
    assert service.assessment(aid).info.is_complete  # type: ignore[union-attr]
    history.undo(service.store, done)
    assert not service.assessment(aid).info.is_complete  # type: ignore[union-attr]


def test_raters_unique_names_and_removal_brings_scores_back_on_undo(
    service: MaturityService, ids: dict[str, int], store: Store
) -> None:
    aid = start(service, ids["North"])
    fw = service.assessment(aid).framework  # type: ignore[union-attr]
    service.add_rater(aid, "  Asha   Khan ", "  LCH ")
    with pytest.raises(InputError, match="already a rater"):
        service.add_rater(aid, "asha khan")
    with pytest.raises(InputError, match="cannot be empty"):
        service.add_rater(aid, "   ")
    (rater,) = service.assessment(aid).raters  # type: ignore[union-attr]
    assert (rater.name, rater.organisation, rater.label) == ("Asha Khan", "LCH", "Asha Khan (LCH)")
    for dim in fw.scored[:3]:
        service.set_rater_score(aid, rater.id, dim.id, 2)
    service.edit_rater(rater.id, "Asha Khan", "Leeds Community Healthcare")
    before = snapshot(store)
    removed = service.remove_rater(rater.id)
    current = service.assessment(aid)
    assert current is not None and current.raters == ()
    assert all(not current.item(d.id).scores for d in fw.scored)
    history.undo(service.store, removed)
    assert snapshot(store) == before


def test_a_new_period_copies_raters_and_targets_not_levels(
    service: MaturityService, ids: dict[str, int]
) -> None:
    first = start(service, ids["North"], "2019/20 Q2")
    fw = service.assessment(first).framework  # type: ignore[union-attr]
    service.add_rater(first, "Asha Khan", "LCH")
    service.set_consensus(first, fw.scored[0].id, 1)
    service.set_target(first, fw.scored[0].id, 3)
    assert service.suggested_period(ids["Testford"], ids["North"]) == "2019/20 Q3"
    assert service.suggested_period(ids["Testford"], ids["South"]) == "2019/20 Q2"
    second = start(service, ids["North"], "2020/21 Q2")
    later = service.assessment(second)
    assert later is not None
    assert [r.label for r in later.raters] == ["Asha Khan (LCH)"]
    assert later.item(fw.scored[0].id).target == 3
    assert later.item(fw.scored[0].id).consensus is None
    previous = service.previous(later)
    assert previous is not None and previous.id == first
    plain = start(service, ids["South"], "2020/21 Q2")
    assert service.assessment(plain).raters == ()  # type: ignore[union-attr]


def test_deleting_an_assessment_is_undone_exactly(
    service: MaturityService, ids: dict[str, int], store: Store
) -> None:
    aid = start(service, ids["North"])
    fw = service.assessment(aid).framework  # type: ignore[union-attr]
    service.add_rater(aid, "Asha Khan")
    rater = service.assessment(aid).raters[0]  # type: ignore[union-attr]
    service.set_rater_score(aid, rater.id, fw.scored[1].id, 2)
    service.set_consensus(aid, fw.scored[1].id, 2)
    before = snapshot(store)
    deleted = service.delete_assessment(aid)
    assert service.assessment(aid) is None
    assert snapshot(store)["rater_score"] == []
    history.undo(service.store, deleted)
    assert snapshot(store) == before

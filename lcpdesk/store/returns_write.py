"""Row writes an accepted return makes, each through one :class:`Recorder` so that the whole
return is one transaction and one undo step. The use-case services each open their own
transaction per edit; a return needs many edits in one, so it writes at this level (with the
same tables and the same rules: children removed before their parents, nothing left to a
cascade the recorder would not see)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from lcpdesk import clock
from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import (
    allocation,
    assessment,
    assessment_item,
    assessment_rater,
    goal,
    measure_reading,
    milestone,
    partner,
    rater_score,
)


def add_assessment(rec: Recorder, partnership_id: int, framework_id: int, period: str) -> int:
    (new_id,) = rec.insert(
        assessment,
        {
            "partnership_id": partnership_id,
            "framework_id": framework_id,
            "period": period,
            "status": "in progress",
            "updated_at": clock.now(),
        },
    )
    return int(new_id)


def touch_assessment(rec: Recorder, assessment_id: int) -> None:
    rec.update(assessment, (assessment_id,), {"updated_at": clock.now()})


def set_item(rec: Recorder, assessment_id: int, dimension_id: int, values: dict[str, Any]) -> None:
    """Consensus rank, target rank, evidence or next steps of one dimension."""
    rec.upsert(
        assessment_item, {"assessment_id": assessment_id, "dimension_id": dimension_id, **values}
    )


def add_rater(rec: Recorder, assessment_id: int, name: str, organisation: str, order: int) -> int:
    (new_id,) = rec.insert(
        assessment_rater,
        {
            "assessment_id": assessment_id,
            "name": name,
            "organisation": organisation,
            "sort_order": order,
        },
    )
    return int(new_id)


def set_rater(rec: Recorder, rater_id: int, organisation: str) -> None:
    rec.update(assessment_rater, (rater_id,), {"organisation": organisation})


def set_score(rec: Recorder, rater_id: int, dimension_id: int, rank: int | None) -> None:
    if rank is None:
        rec.delete(rater_score, (rater_id, dimension_id))
    else:
        rec.upsert(rater_score, {"rater_id": rater_id, "dimension_id": dimension_id, "rank": rank})


def remove_rater(rec: Recorder, rater_id: int) -> None:
    for (did,) in rec.conn.execute(
        select(rater_score.c.dimension_id).where(rater_score.c.rater_id == rater_id)
    ).all():
        rec.delete(rater_score, (rater_id, did))
    rec.delete(assessment_rater, (rater_id,))


def add_partner(rec: Recorder, area_id: int, name: str, sector: str) -> int:
    (new_id,) = rec.insert(partner, {"area_id": area_id, "name": name, "sector": sector})
    return int(new_id)


def add_goal(rec: Recorder, partnership_id: int, values: dict[str, Any]) -> int:
    (new_id,) = rec.insert(goal, {"partnership_id": partnership_id, **values})
    return int(new_id)


def set_goal(rec: Recorder, goal_id: int, values: dict[str, Any]) -> None:
    rec.update(goal, (goal_id,), values)


def set_reading(rec: Recorder, measure_id: int, when: dt.date, value_x100: int | None) -> None:
    if value_x100 is None:
        rec.delete(measure_reading, (measure_id, when))
    else:
        rec.upsert(
            measure_reading,
            {"measure_id": measure_id, "reading_date": when, "value_x100": value_x100},
        )


def add_milestone(rec: Recorder, goal_id: int, values: dict[str, Any]) -> None:
    rec.insert(milestone, {"goal_id": goal_id, **values})


def set_milestone(rec: Recorder, milestone_id: int, values: dict[str, Any]) -> None:
    rec.update(milestone, (milestone_id,), values)


def add_allocation(rec: Recorder, values: dict[str, Any]) -> int:
    (new_id,) = rec.insert(allocation, values)
    return int(new_id)


def set_allocation(rec: Recorder, allocation_id: int, values: dict[str, Any]) -> None:
    rec.update(allocation, (allocation_id,), values)


def remove_allocation(rec: Recorder, allocation_id: int) -> None:
    rec.delete(allocation, (allocation_id,))

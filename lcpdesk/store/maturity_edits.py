"""Recorded writes (for undo) of maturity assessments (items, raters, rater scores) and of
framework versions (levels, dimensions, cells).

Foreign-key cascades are not recorded, so a delete here removes the children itself, first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from lcpdesk.store.changes import Recorder
from lcpdesk.store.schema import (
    assessment,
    assessment_item,
    assessment_rater,
    framework,
    framework_cell,
    framework_dimension,
    framework_level,
    goal_dimension,
    rater_score,
)

# ---------------------------------------------------------------------- assessments


def add_assessment(rec: Recorder, values: Mapping[str, Any]) -> int:
    (assessment_id,) = rec.insert(assessment, values)
    return int(assessment_id)


def update_assessment(rec: Recorder, assessment_id: int, values: Mapping[str, Any]) -> None:
    """Its status, completion and edit times."""
    rec.update(assessment, (assessment_id,), values)


def touch_assessment(rec: Recorder, assessment_id: int, when: dt.datetime) -> None:
    rec.update(assessment, (assessment_id,), {"updated_at": when})


def delete_assessment(rec: Recorder, assessment_id: int) -> None:
    """The assessment with its items, raters and their scores; goals linked from it stay,
    no longer linked to it."""
    conn = rec.conn
    for gid, did in conn.execute(
        select(goal_dimension.c.goal_id, goal_dimension.c.dimension_id).where(
            goal_dimension.c.from_assessment_id == assessment_id
        )
    ).all():
        rec.update(goal_dimension, (gid, did), {"from_assessment_id": None})
    rater_ids = [
        r
        for (r,) in conn.execute(
            select(assessment_rater.c.id).where(assessment_rater.c.assessment_id == assessment_id)
        )
    ]
    for rid, did in conn.execute(
        select(rater_score.c.rater_id, rater_score.c.dimension_id).where(
            rater_score.c.rater_id.in_(rater_ids)
        )
    ).all():
        rec.delete(rater_score, (rid, did))
    for rid in rater_ids:
        rec.delete(assessment_rater, (rid,))
    for (did,) in conn.execute(
        select(assessment_item.c.dimension_id).where(
            assessment_item.c.assessment_id == assessment_id
        )
    ).all():
        rec.delete(assessment_item, (assessment_id, did))
    rec.delete(assessment, (assessment_id,))


def add_item(
    rec: Recorder, assessment_id: int, dimension_id: int, values: Mapping[str, Any]
) -> None:
    """A new item (one dimension's levels and notes) of the assessment."""
    rec.insert(
        assessment_item, {"assessment_id": assessment_id, "dimension_id": dimension_id, **values}
    )


def set_item(
    rec: Recorder, assessment_id: int, dimension_id: int, values: Mapping[str, Any]
) -> None:
    """Write the named columns of the dimension's item, making the item when there is none."""
    rec.upsert(
        assessment_item, {"assessment_id": assessment_id, "dimension_id": dimension_id, **values}
    )


# ---------------------------------------------------------------------- raters


def rater_assessment_id(conn: Connection, rater_id: int) -> int | None:
    found = conn.execute(
        select(assessment_rater.c.assessment_id).where(assessment_rater.c.id == rater_id)
    ).scalar()
    return None if found is None else int(found)


def add_rater(rec: Recorder, assessment_id: int, values: Mapping[str, Any]) -> int:
    """A rater (name, organisation, sort order) on the assessment; their id."""
    (rater_id,) = rec.insert(assessment_rater, {"assessment_id": assessment_id, **values})
    return int(rater_id)


def update_rater(rec: Recorder, rater_id: int, values: Mapping[str, Any]) -> None:
    rec.update(assessment_rater, (rater_id,), values)


def remove_rater(rec: Recorder, rater_id: int) -> None:
    """The rater and the levels they gave."""
    for (did,) in rec.conn.execute(
        select(rater_score.c.dimension_id).where(rater_score.c.rater_id == rater_id)
    ).all():
        rec.delete(rater_score, (rater_id, did))
    rec.delete(assessment_rater, (rater_id,))


def set_rater_score(rec: Recorder, rater_id: int, dimension_id: int, rank: int | None) -> None:
    """The rater's level for the dimension (None: none given)."""
    if rank is None:
        rec.delete(rater_score, (rater_id, dimension_id))
    else:
        rec.upsert(rater_score, {"rater_id": rater_id, "dimension_id": dimension_id, "rank": rank})


# ---------------------------------------------------------------------- frameworks


def add_framework(rec: Recorder, values: Mapping[str, Any]) -> int:
    """A new framework version (key, version, name, description, source, hash, loaded at)."""
    (framework_id,) = rec.insert(framework, values)
    return int(framework_id)


def update_framework(rec: Recorder, framework_id: int, values: Mapping[str, Any]) -> None:
    rec.update(framework, (framework_id,), values)


def lock_framework(rec: Recorder, framework_id: int) -> None:
    """From now on the version is used and never edited."""
    rec.update(framework, (framework_id,), {"locked": True})


def clear_framework(rec: Recorder, framework_id: int) -> None:
    """Delete a version's levels, dimensions and cells, each recorded (children first, so no
    cascade deletes a row behind the recorder's back)."""
    conn = rec.conn
    dims = list(
        conn.execute(
            select(framework_dimension.c.id, framework_dimension.c.parent_id).where(
                framework_dimension.c.framework_id == framework_id
            )
        )
    )
    dim_ids = [d for d, _p in dims]
    for dim_id, level_id in conn.execute(
        select(framework_cell.c.dimension_id, framework_cell.c.level_id).where(
            framework_cell.c.dimension_id.in_(dim_ids)
        )
    ).all():
        rec.delete(framework_cell, (dim_id, level_id))
    for dim_id, _parent in sorted(dims, key=lambda d: d[1] is None):  # subs before headings
        rec.delete(framework_dimension, (dim_id,))
    for (level_id,) in conn.execute(
        select(framework_level.c.id).where(framework_level.c.framework_id == framework_id)
    ).all():
        rec.delete(framework_level, (level_id,))


def add_level(rec: Recorder, framework_id: int, values: Mapping[str, Any]) -> int:
    """A level (rank, name, description, whether it is the standard); its id."""
    (level_id,) = rec.insert(framework_level, {"framework_id": framework_id, **values})
    return int(level_id)


def add_dimension(rec: Recorder, framework_id: int, values: Mapping[str, Any]) -> int:
    """A dimension (parent, key, names, descriptor, order); its id."""
    (dim_id,) = rec.insert(framework_dimension, {"framework_id": framework_id, **values})
    return int(dim_id)


def add_cell(rec: Recorder, dimension_id: int, level_id: int, text: str) -> None:
    """What a dimension looks like at a level."""
    rec.insert(framework_cell, {"dimension_id": dimension_id, "level_id": level_id, "text": text})

"""Reading maturity frameworks and assessments from the store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from lcpdesk.domain.maturity import Dimension, Framework, FrameworkInfo, Level, display_order
from lcpdesk.domain.scoring import Assessment, AssessmentInfo, Item, Rater
from lcpdesk.store.schema import (
    assessment,
    assessment_item,
    assessment_rater,
    framework,
    framework_cell,
    framework_dimension,
    framework_level,
    goal,
    goal_dimension,
    partnership,
    rater_score,
)

# --------------------------------------------------------------------------- frameworks


def framework_by_id(conn: Connection, framework_id: int) -> Framework | None:
    row = conn.execute(select(framework).where(framework.c.id == framework_id)).mappings().first()
    if row is None:
        return None
    levels = tuple(
        Level(r["id"], r["rank"], r["name"], r["description"], bool(r["is_standard"]))
        for r in conn.execute(
            select(framework_level)
            .where(framework_level.c.framework_id == framework_id)
            .order_by(framework_level.c.rank)
        ).mappings()
    )
    rank_of = {lv.id: lv.rank for lv in levels}
    cells: dict[int, dict[int, str]] = defaultdict(dict)
    for dim_id, level_id, text in conn.execute(
        select(framework_cell.c.dimension_id, framework_cell.c.level_id, framework_cell.c.text)
        .join(framework_level, framework_level.c.id == framework_cell.c.level_id)
        .where(framework_level.c.framework_id == framework_id)
    ):
        cells[dim_id][rank_of[level_id]] = text
    rows = list(
        conn.execute(
            select(framework_dimension).where(framework_dimension.c.framework_id == framework_id)
        ).mappings()
    )
    names = {r["id"]: r["name"] for r in rows}
    dims = [
        Dimension(
            id=r["id"],
            key=r["key"],
            name=r["name"],
            short_name=r["short_name"],
            descriptor=r["descriptor"],
            parent_id=r["parent_id"],
            parent_name=names.get(r["parent_id"], "") if r["parent_id"] else "",
            sort_order=r["sort_order"],
            cells=dict(cells.get(r["id"], {})),
        )
        for r in rows
    ]
    return Framework(
        id=row["id"],
        key=row["key"],
        version=row["version"],
        name=row["name"],
        levels=levels,
        dimensions=tuple(display_order(dims)),
        description=row["description"],
        source=row["source"],
        locked=bool(row["locked"]),
        content_hash=row["content_hash"],
    )


def latest_framework_row(conn: Connection, key: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(framework).where(framework.c.key == key).order_by(framework.c.version.desc())
        )
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def framework_infos(conn: Connection) -> list[FrameworkInfo]:
    """Every stored framework version, by name then newest version first."""
    level_counts: dict[int, int] = dict(
        conn.execute(
            select(framework_level.c.framework_id, func.count()).group_by(
                framework_level.c.framework_id
            )
        ).all()
    )
    parent = framework_dimension.alias("parent")
    scored: dict[int, int] = dict(
        conn.execute(
            select(framework_dimension.c.framework_id, func.count())
            .where(
                ~select(parent.c.id).where(parent.c.parent_id == framework_dimension.c.id).exists()
            )
            .group_by(framework_dimension.c.framework_id)
        ).all()
    )
    used: dict[int, int] = dict(
        conn.execute(
            select(assessment.c.framework_id, func.count()).group_by(assessment.c.framework_id)
        ).all()
    )
    rows = list(conn.execute(select(framework)).mappings())
    newest: dict[str, int] = {}
    for r in rows:
        newest[r["key"]] = max(newest.get(r["key"], 0), r["version"])
    infos = [
        FrameworkInfo(
            id=r["id"],
            key=r["key"],
            version=r["version"],
            name=r["name"],
            source=r["source"],
            locked=bool(r["locked"]),
            levels=int(level_counts.get(r["id"], 0)),
            scored_dimensions=int(scored.get(r["id"], 0)),
            assessments=int(used.get(r["id"], 0)),
            is_latest=r["version"] == newest[r["key"]],
        )
        for r in rows
    ]
    infos.sort(key=lambda i: (i.name.casefold(), -i.version))
    return infos


def goal_links_in_use(conn: Connection, framework_id: int) -> int:
    q = (
        select(func.count())
        .select_from(goal_dimension)
        .join(framework_dimension, framework_dimension.c.id == goal_dimension.c.dimension_id)
        .where(framework_dimension.c.framework_id == framework_id)
    )
    return int(conn.execute(q).scalar_one())


# --------------------------------------------------------------------------- assessments


def _info(r: Any) -> AssessmentInfo:
    return AssessmentInfo(
        id=r["id"],
        partnership_id=r["partnership_id"],
        framework_id=r["framework_id"],
        period=r["period"],
        status=r["status"],
        updated_at=r["updated_at"],
        completed_at=r["completed_at"],
        is_demo=bool(r["is_demo"]),
    )


def assessment_info(conn: Connection, assessment_id: int) -> AssessmentInfo | None:
    row = conn.execute(select(assessment).where(assessment.c.id == assessment_id)).mappings()
    found = row.first()
    return _info(found) if found is not None else None


def assessments_of(conn: Connection, partnership_id: int) -> list[AssessmentInfo]:
    q = select(assessment).where(assessment.c.partnership_id == partnership_id)
    return [_info(r) for r in conn.execute(q).mappings()]


def assessment_for(conn: Connection, partnership_id: int, period: str) -> AssessmentInfo | None:
    q = select(assessment).where(
        assessment.c.partnership_id == partnership_id, assessment.c.period == period
    )
    found = conn.execute(q).mappings().first()
    return _info(found) if found is not None else None


def load_assessment(conn: Connection, info: AssessmentInfo) -> Assessment:
    fw = framework_by_id(conn, info.framework_id)
    assert fw is not None, "an assessment's framework is never deleted (RESTRICT)"
    raters = tuple(
        Rater(r["id"], r["name"], r["organisation"], r["sort_order"])
        for r in conn.execute(
            select(assessment_rater)
            .where(assessment_rater.c.assessment_id == info.id)
            .order_by(assessment_rater.c.sort_order, assessment_rater.c.id)
        ).mappings()
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for rater_id, dim_id, rank in conn.execute(
        select(rater_score.c.rater_id, rater_score.c.dimension_id, rater_score.c.rank)
        .join(assessment_rater, assessment_rater.c.id == rater_score.c.rater_id)
        .where(assessment_rater.c.assessment_id == info.id)
    ):
        scores[dim_id][rater_id] = rank
    items: dict[int, Item] = {}
    for r in conn.execute(
        select(assessment_item).where(assessment_item.c.assessment_id == info.id)
    ).mappings():
        items[r["dimension_id"]] = Item(
            r["dimension_id"],
            r["consensus_rank"],
            r["target_rank"],
            r["evidence"],
            r["links"],
            r["next_steps"],
            dict(scores.pop(r["dimension_id"], {})),
        )
    for dim_id, by_rater in scores.items():  # scored by raters, no item row yet
        items[dim_id] = Item(dim_id, scores=dict(by_rater))
    return Assessment(info, fw, raters, items)


def area_assessments(conn: Connection, area_id: int) -> list[tuple[AssessmentInfo, str]]:
    """Every assessment of the area's partnerships, with its framework key."""
    q = (
        select(assessment, framework.c.key.label("framework_key"))
        .join(partnership, partnership.c.id == assessment.c.partnership_id)
        .join(framework, framework.c.id == assessment.c.framework_id)
        .where(partnership.c.area_id == area_id)
    )
    return [(_info(r), r["framework_key"]) for r in conn.execute(q).mappings()]


def consensus_ranks(
    conn: Connection, assessment_ids: Iterable[int]
) -> dict[int, dict[str, int | None]]:
    """Assessment id -> dimension key -> consensus rank (only items that have a row)."""
    ids = list(assessment_ids)
    found: dict[int, dict[str, int | None]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        q = (
            select(
                assessment_item.c.assessment_id,
                framework_dimension.c.key,
                assessment_item.c.consensus_rank,
            )
            .join(framework_dimension, framework_dimension.c.id == assessment_item.c.dimension_id)
            .where(assessment_item.c.assessment_id.in_(chunk))
        )
        for aid, key, rank in conn.execute(q):
            found[aid][key] = rank
    return found


def linked_goals(conn: Connection, partnership_id: int) -> dict[str, list[tuple[int, str, str]]]:
    """Dimension key -> (goal id, title, status) of the partnership's goals linked to it."""
    q = (
        select(framework_dimension.c.key, goal.c.id, goal.c.title, goal.c.status)
        .select_from(goal_dimension)
        .join(goal, goal.c.id == goal_dimension.c.goal_id)
        .join(framework_dimension, framework_dimension.c.id == goal_dimension.c.dimension_id)
        .where(goal.c.partnership_id == partnership_id)
        .order_by(goal.c.id)
    )
    found: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for key, gid, title, status in conn.execute(q):
        found[key].append((gid, title, status))
    return dict(found)


def goals_of(conn: Connection, partnership_id: int) -> list[tuple[int, str, str]]:
    q = (
        select(goal.c.id, goal.c.title, goal.c.status)
        .where(goal.c.partnership_id == partnership_id)
        .order_by(goal.c.title)
    )
    return [(int(i), str(t), str(s)) for i, t, s in conn.execute(q)]

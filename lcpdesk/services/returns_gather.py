"""Gather a return from the store: blank (the partnership's reference data, for a partner to
fill in) or filled (everything the store holds for the period). Both list every measure of the
partnership's goals with an empty row for a new reading."""

from __future__ import annotations

from lcpdesk.domain.amounts import from_x100
from lcpdesk.domain.goals import Goal
from lcpdesk.domain.returns import (
    AllocationLine,
    Cover,
    DimensionLine,
    GoalLine,
    MeasureLine,
    MilestoneLine,
    PracticeLine,
    RaterLine,
    ReadingLine,
    ReturnContent,
)
from lcpdesk.services.returns_facts import Facts
from lcpdesk.services.returns_refs import TEMPLATE, allocation_ref, goal_ref


def content(facts: Facts, *, filled: bool) -> ReturnContent:
    fw = facts.framework
    return ReturnContent(
        template=TEMPLATE,
        cover=Cover(area=facts.area.name, partnership=facts.unit.name, period=str(facts.period)),
        framework_key=fw.key,
        framework_version=fw.version,
        practices=tuple(
            PracticeLine(
                code=m.code,
                name=m.name,
                subunit=m.subunit_name or m.pcn_name,
                list_size=m.latest_list_size,
            )
            for m in facts.members
        ),
        dimensions=_dimensions(facts, filled),
        raters=_raters(facts) if filled else (),
        goals=tuple(_goal(g, filled) for g in facts.goals),
        readings=_readings(facts) if filled else (),
        milestones=_milestones(facts) if filled else (),
        allocations=_allocations(facts) if filled else (),
        measures=tuple(
            MeasureLine(goal_ref(g.id), m.name) for g in facts.goals for m in g.measures
        ),
    )


def _dimensions(facts: Facts, filled: bool) -> tuple[DimensionLine, ...]:
    fw, current = facts.framework, facts.assessment
    lines = []
    for d in fw.scored:
        if not filled or current is None:
            lines.append(DimensionLine(d.key, d.label))
            continue
        item = current.item(d.id)
        lines.append(
            DimensionLine(
                d.key,
                d.label,
                level=fw.level_name(item.consensus) or None,
                evidence=item.evidence,
                next_steps=item.next_steps,
                target=fw.level_name(item.target) or None,
            )
        )
    return tuple(lines)


def _raters(facts: Facts) -> tuple[RaterLine, ...]:
    current = facts.assessment
    if current is None:
        return ()
    fw = current.framework
    return tuple(
        RaterLine(
            r.name,
            r.organisation,
            tuple(
                (d.key, fw.level_name(current.item(d.id).scores[r.id]))
                for d in fw.scored
                if r.id in current.item(d.id).scores
            ),
        )
        for r in current.raters
    )


def _goal(g: Goal, filled: bool) -> GoalLine:
    return GoalLine(
        ref=goal_ref(g.id),
        title=g.title,
        status=g.status if filled else "",
        term=g.term,
        priority_kind=g.priority_kind,
        priority_label=g.priority_label,
        due_date=g.due_date,
    )


def _readings(facts: Facts) -> tuple[ReadingLine, ...]:
    dates = facts.dates
    return tuple(
        ReadingLine(goal_ref(g.id), m.name, r.when, r.value)
        for g in facts.goals
        for m in g.measures
        for r in m.readings
        if dates.start <= r.when <= dates.end
    )


def _milestones(facts: Facts) -> tuple[MilestoneLine, ...]:
    """Milestones still open, and those due or done in the period."""
    dates = facts.dates

    def within(day: object) -> bool:
        return day is not None and dates.start <= day <= dates.end  # type: ignore[operator]

    return tuple(
        MilestoneLine(goal_ref(g.id), s.title, s.due_date, s.done_date)
        for g in facts.goals
        for s in g.milestones
        if s.done_date is None or within(s.done_date) or within(s.due_date)
    )


def _allocations(facts: Facts) -> tuple[AllocationLine, ...]:
    lines = []
    for a in facts.allocations:
        amount = from_x100(a.amount_x100)
        assert amount is not None
        lines.append(
            AllocationLine(
                ref=allocation_ref(a.id),
                partner=a.partner_name,
                sector=a.sector,
                kind=a.kind,
                amount=amount,
                period_start=a.period_start,
                period_end=a.period_end,
                status=a.status,
                goal_ref=goal_ref(a.goal_id) if a.goal_id is not None else "",
                notes=a.notes,
            )
        )
    return tuple(lines)

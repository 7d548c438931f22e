"""The Goals and Resources sheets of a return against the store: goals' status and new goals,
measure readings, milestones, partners and allocations."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lcpdesk.domain import goals as goal_rules
from lcpdesk.domain import resources as res
from lcpdesk.domain.amounts import to_x100
from lcpdesk.domain.goals import Goal
from lcpdesk.domain.returns import AllocationLine, GoalLine, ReturnContent
from lcpdesk.errors import InputError
from lcpdesk.services.returns_facts import Facts
from lcpdesk.services.returns_plan import ADD, CHANGE, REMOVE, Context, Plan, Step, call, same
from lcpdesk.services.returns_refs import parse_ref
from lcpdesk.store import returns_write as write
from lcpdesk.store.changes import Recorder


def _goal_of(facts: Facts, plan: Plan, ref: str, key: str, row: int) -> Goal | None:
    gid = parse_ref(ref, "G")
    found = next((g for g in facts.goals if g.id == gid), None)
    if found is None:
        plan.refuse(key, row, f"'{ref}' is not a goal of {facts.unit.name}.")
    return found


def plan_goals(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    for i, line in enumerate(content.goals):
        status = line.status.strip().casefold()
        if status and status not in goal_rules.STATUSES:
            plan.refuse("goals[].status", i, f"'{line.status}' is not a goal status.")
            continue
        if line.ref.strip():
            g = _goal_of(facts, plan, line.ref, "goals[].ref", i)
        else:
            g = next((x for x in facts.goals if same(x.title, line.title)), None)
            if g is None:
                _new_goal(facts, plan, i, line)
                continue
        if g is not None and status and status != g.status:
            plan.add("Goals", CHANGE, f"{g.title}: status {g.status} → {status}")
            plan.steps.append(call(write.set_goal, g.id, {"status": status}))
    _plan_readings(facts, content, plan)
    _plan_milestones(facts, content, plan)


def _new_goal(facts: Facts, plan: Plan, i: int, line: GoalLine) -> None:
    title = " ".join(line.title.split())
    status = line.status.strip().casefold()
    if not title:
        plan.refuse("goals[].title", i, "A new goal has no title.")
        return
    if line.term not in goal_rules.TERMS or line.priority_kind not in goal_rules.PRIORITY_KINDS:
        plan.refuse("goals[].term", i, f"'{title}': the term or priority kind is not known.")
        return
    values = {
        "title": title,
        "status": status or goal_rules.NOT_STARTED,
        "term": line.term,
        "priority_kind": line.priority_kind,
        "priority_label": line.priority_label.strip(),
        "due_date": line.due_date,
    }
    plan.add("Goals", ADD, f"New goal {title}")

    def step(rec: Recorder, ctx: Context) -> None:
        ctx.goal_ids[title.casefold()] = write.add_goal(rec, facts.unit.id, values)

    plan.steps.append(step)


def _plan_readings(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    wanted: dict[int, dict[Any, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    held: dict[int, dict[Any, int]] = {}
    for i, line in enumerate(content.readings):
        g = _goal_of(facts, plan, line.goal_ref, "readings[].goal_ref", i)
        if g is None:
            continue
        m = next((x for x in g.measures if same(x.name, line.measure)), None)
        if m is None:
            plan.refuse("readings[].measure", i, f"{g.title} has no measure '{line.measure}'.")
            continue
        try:
            wanted[m.id][line.when] = to_x100(line.value, "reading")
        except InputError as exc:
            plan.refuse("readings[].value", i, exc.problem, exc.hint)
            continue
        names[m.id] = f"{g.title}: {m.name}"
        held[m.id] = {
            r.when: to_x100(r.value)
            for r in m.readings
            if facts.dates.start <= r.when <= facts.dates.end
        }
    for mid, values in wanted.items():
        for when, value in sorted(values.items()):
            old = held[mid].get(when)
            if old != value:
                action = ADD if old is None else CHANGE
                plan.add("Goals", action, f"{names[mid]} reading {when:%d/%m/%Y}")
                plan.steps.append(call(write.set_reading, mid, when, value))
        for when in sorted(set(held[mid]) - set(values)):
            plan.add("Goals", REMOVE, f"{names[mid]} reading {when:%d/%m/%Y}")
            plan.steps.append(call(write.set_reading, mid, when, None))


def _plan_milestones(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    for i, line in enumerate(content.milestones):
        g = _goal_of(facts, plan, line.goal_ref, "milestones[].goal_ref", i)
        title = " ".join(line.title.split())
        if g is None or not title:
            continue
        old = next((s for s in g.milestones if same(s.title, title)), None)
        values = {"due_date": line.due_date, "done_date": line.done_date}
        if old is None:
            plan.add("Goals", ADD, f"{g.title}: milestone {title}")
            plan.steps.append(call(write.add_milestone, g.id, {"title": title, **values}))
        elif (old.due_date, old.done_date) != (line.due_date, line.done_date):
            plan.add("Goals", CHANGE, f"{g.title}: milestone {title}")
            plan.steps.append(call(write.set_milestone, old.id, values))


def plan_resources(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    partners = {p.name.casefold(): p.id for p in facts.partners}
    by_id = {a.id: a for a in facts.allocations}
    kept: set[int] = set()
    for i, line in enumerate(content.allocations):
        name = " ".join(line.partner.split())
        values = _allocation_values(facts, plan, i, line)
        if values is None or not name:
            if not name:
                plan.refuse("resources[].partner", i, "The row names no partner.")
            continue
        if name.casefold() not in partners:
            if line.sector not in res.SECTORS:
                plan.refuse(
                    "resources[].sector",
                    i,
                    f"{name} is a new partner, and '{line.sector}' is not a sector.",
                    "Sectors: " + ", ".join(res.SECTORS.values()) + ".",
                )
                continue
            partners[name.casefold()] = -1  # made by the step below
            plan.add("Resources", ADD, f"New partner {name} ({res.SECTORS[line.sector]})")
            plan.steps.append(_add_partner(facts.area.id, name, line.sector))
        pid = partners[name.casefold()]
        text = f"{name}: {res.amount_text(line.kind, values['amount_x100'])} {line.kind}"
        if line.ref.strip():
            aid = parse_ref(line.ref, "A")
            old = by_id.get(aid) if aid is not None else None
            if old is None:
                plan.refuse(
                    "resources[].ref",
                    i,
                    f"'{line.ref}' is not an allocation to {facts.unit.name} in {facts.period}.",
                )
                continue
        else:
            old = next(
                (
                    a
                    for a in facts.allocations
                    if a.id not in kept
                    and a.partner_id == pid
                    and (a.kind, a.period_start, a.period_end, a.goal_id)
                    == (line.kind, line.period_start, line.period_end, values["goal_id"])
                ),
                None,
            )
        if old is None:
            plan.add("Resources", ADD, text)
            plan.steps.append(_add_allocation(facts, name, pid, values))
            continue
        kept.add(old.id)
        was = {k: getattr(old, k) for k in values}
        if pid != old.partner_id or was != values:
            plan.add("Resources", CHANGE, text)
            plan.steps.append(_set_allocation(old.id, name, pid, values))
    for a in facts.allocations:
        if a.id not in kept:
            plan.add(
                "Resources",
                REMOVE,
                f"{a.partner_name}: {res.amount_text(a.kind, a.amount_x100)} {a.kind}",
            )
            plan.steps.append(call(write.remove_allocation, a.id))


def _allocation_values(
    facts: Facts, plan: Plan, i: int, line: AllocationLine
) -> dict[str, Any] | None:
    if line.kind not in res.KINDS:
        plan.refuse("resources[].kind", i, f"'{line.kind}' is not a kind of resource.")
        return None
    if line.status not in res.ALLOCATION_STATUSES:
        plan.refuse("resources[].status", i, f"'{line.status}' is not an allocation status.")
        return None
    if line.period_end < line.period_start:
        plan.refuse("resources[].period_end", i, "The period ends before it starts.")
        return None
    try:
        amount = to_x100(line.amount)
    except InputError as exc:
        plan.refuse("resources[].amount", i, exc.problem, exc.hint)
        return None
    goal_id = None
    if line.goal_ref.strip():
        g = _goal_of(facts, plan, line.goal_ref, "resources[].goal_ref", i)
        if g is None:
            return None
        goal_id = g.id
    return {
        "goal_id": goal_id,
        "kind": line.kind,
        "amount_x100": amount,
        "period_start": line.period_start,
        "period_end": line.period_end,
        "status": line.status,
        "notes": line.notes.strip(),
    }


def _partner_id(ctx: Context, name: str, pid: int) -> int:
    return pid if pid >= 0 else ctx.partner_ids[name.casefold()]


def _add_partner(area_id: int, name: str, sector: str) -> Step:
    def step(rec: Recorder, ctx: Context) -> None:
        ctx.partner_ids[name.casefold()] = write.add_partner(rec, area_id, name, sector)

    return step


def _add_allocation(facts: Facts, name: str, pid: int, values: dict[str, Any]) -> Step:
    def step(rec: Recorder, ctx: Context) -> None:
        write.add_allocation(
            rec,
            {
                "partner_id": _partner_id(ctx, name, pid),
                "partnership_id": facts.unit.id,
                **values,
            },
        )

    return step


def _set_allocation(aid: int, name: str, pid: int, values: dict[str, Any]) -> Step:
    def step(rec: Recorder, ctx: Context) -> None:
        write.set_allocation(rec, aid, {"partner_id": _partner_id(ctx, name, pid), **values})

    return step

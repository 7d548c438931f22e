"""The raters table of a return against the assessment's raters: who scored what."""

from __future__ import annotations

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.services.returns_facts import Facts
from lcpdesk.services.returns_plan import ADD, CHANGE, REMOVE, Context, Plan, Step, call
from lcpdesk.store import returns_write as write
from lcpdesk.store.changes import Recorder


def plan_raters(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    fw, current = facts.framework, facts.assessment
    held = {r.name.casefold(): r for r in current.raters} if current is not None else {}
    dims = fw.by_key()
    seen: set[str] = set()
    order = max((r.sort_order for r in held.values()), default=0)
    for i, line in enumerate(content.raters):
        name = " ".join(line.name.split())
        if not name:
            continue
        if name.casefold() in seen:
            plan.refuse("raters[].name", i, f"{name} is on the raters table twice.")
            continue
        seen.add(name.casefold())
        ranks: dict[int, int] = {}
        for key, text in line.levels:
            dim = dims.get(key)
            rank = facts.level_rank(text)
            if dim is None or dim not in fw.scored:
                plan.refuse(f"raters[].level.{key}", i, f"'{key}' is not a dimension of {fw.name}.")
            elif rank is None:
                plan.refuse(
                    f"raters[].level.{key}", i, f'"{text}" is not a level of this framework.'
                )
            else:
                ranks[dim.id] = rank
        old = held.get(name.casefold())
        org = line.organisation.strip()
        if old is None:
            order += 1
            plan.add("Maturity", ADD, f"Rater {name} ({len(ranks)} levels)")
            plan.steps.append(_add_rater(name, org, order, ranks))
            continue
        assert current is not None
        had = {
            d.id: current.item(d.id).scores[old.id]
            for d in fw.scored
            if old.id in current.item(d.id).scores
        }
        changed = {d: r for d, r in ranks.items() if had.get(d) != r}
        dropped = [d for d in had if d not in ranks]
        if org != old.organisation or changed or dropped:
            plan.add("Maturity", CHANGE, f"Rater {name}: {len(changed) + len(dropped)} levels")
            plan.steps.append(_edit_rater(old.id, org, changed, dropped))
    for key, r in held.items():
        if key not in seen:
            plan.add("Maturity", REMOVE, f"Rater {r.name}, with the levels they gave")
            plan.steps.append(call(write.remove_rater, r.id))


def _add_rater(name: str, org: str, order: int, ranks: dict[int, int]) -> Step:
    def step(rec: Recorder, ctx: Context) -> None:
        assert ctx.assessment_id is not None
        rid = write.add_rater(rec, ctx.assessment_id, name, org, order)
        for dim_id, rank in ranks.items():
            write.set_score(rec, rid, dim_id, rank)

    return step


def _edit_rater(rater_id: int, org: str, changed: dict[int, int], dropped: list[int]) -> Step:
    def step(rec: Recorder, _ctx: Context) -> None:
        write.set_rater(rec, rater_id, org)
        for dim_id, rank in changed.items():
            write.set_score(rec, rater_id, dim_id, rank)
        for dim_id in dropped:
            write.set_score(rec, rater_id, dim_id, None)

    return step

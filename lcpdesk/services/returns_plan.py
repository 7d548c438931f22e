"""Compare a return with the store: what each section would add, change and remove, and the
problems only the store can see. The same plan is shown as the preview and, once accepted,
run step by step through one :class:`Recorder`.

Rules: a blank cell says nothing (a stored value stays); a table row that is missing says
"no longer": a rater not on the raters table is removed, as are the readings of a measure in
the period that the return gives readings for but not that date, and the allocations running
in the period that the return no longer lists. Goals and milestones are never removed by a
return. New goals and allocations (no reference) are matched to existing ones first (a goal by
title; an allocation by partner, kind, dates and goal) so that the same return read twice
changes nothing. What a partner says of a practice (joining, leaving, split) is noted for the
team lead and never changes membership by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from lcpdesk.domain import periods
from lcpdesk.domain.returns import CONFIRMED, JOINING, ReturnContent, ReturnProblem
from lcpdesk.services import frameworks as fws
from lcpdesk.services.returns_facts import Facts
from lcpdesk.services.returns_refs import Locator, problem
from lcpdesk.store import membership_repo
from lcpdesk.store import returns_write as write
from lcpdesk.store.changes import Recorder

ADD, CHANGE, REMOVE, NOTE = "add", "change", "remove", "note"
SECTIONS = ("Cover", "Membership", "Maturity", "Goals", "Resources")


@dataclass
class Context:
    """Ids made while the plan runs, for later steps to use."""

    assessment_id: int | None = None
    partner_ids: dict[str, int] = field(default_factory=dict)  # casefolded name -> id
    goal_ids: dict[str, int] = field(default_factory=dict)  # casefolded title -> id


Step = Callable[[Recorder, Context], None]


def call(write_fn: Callable[..., object], *args: Any) -> Step:
    """A step calling ``write_fn(rec, *args)``."""

    def step(rec: Recorder, _ctx: Context) -> None:
        write_fn(rec, *args)

    return step


@dataclass(frozen=True)
class Change:
    section: str
    action: str  # ADD, CHANGE, REMOVE, or NOTE (shown, never written)
    text: str


@dataclass
class Plan:
    locate: Locator
    changes: list[Change] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    problems: list[ReturnProblem] = field(default_factory=list)

    def add(self, section: str, action: str, text: str, step: Step | None = None) -> None:
        self.changes.append(Change(section, action, text))
        if step is not None:
            self.steps.append(step)

    def refuse(self, key: str, row: int | None, message: str, hint: str = "") -> None:
        self.problems.append(problem(self.locate, key, row, message, hint))

    def run(self, rec: Recorder) -> Context:
        ctx = Context()
        for step in self.steps:
            step(rec, ctx)
        return ctx


def same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def plan_cover(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    cover = content.cover
    if cover.area.strip() and not same(cover.area, facts.area.name):
        plan.refuse(
            "cover.area",
            None,
            f"This return is for the area '{cover.area}', not {facts.area.name}.",
            "Import it for the area and partnership it was made for.",
        )
    if not same(cover.partnership, facts.unit.name):
        plan.refuse(
            "cover.partnership",
            None,
            f"This return is for '{cover.partnership}', not {facts.unit.name}.",
            "Choose the partnership the return was made for.",
        )
    found = periods.try_parse(cover.period)
    if found is None:
        plan.refuse("cover.period", None, f"'{cover.period}' is not a period.", "e.g. 2026/27 Q3")
    elif found != facts.period:
        plan.refuse(
            "cover.period",
            None,
            f"This return is for {found}, not {facts.period}.",
            "Choose the period the return was made for.",
        )


def plan_membership(conn: Connection, facts: Facts, content: ReturnContent, plan: Plan) -> None:
    members = {m.code: m for m in facts.members}
    for i, line in enumerate(content.practices):
        code = line.code.strip().upper()
        if code not in members:
            if membership_repo.practice_by_code(conn, code) is None:
                plan.refuse(
                    "membership[].code",
                    i,
                    f"'{line.code}' is not a practice code lcpdesk knows.",
                    "Check the ODS code, or import the practice list first.",
                )
            elif line.status != JOINING:
                plan.refuse(
                    "membership[].code",
                    i,
                    f"{code} is not one of {facts.unit.name}'s practices.",
                    "Mark it as joining, or remove the row.",
                )
            else:
                plan.add("Membership", NOTE, f"{code} is joining (review it in Membership).")
        elif line.status and line.status != CONFIRMED:
            comment = f": {line.comment}" if line.comment else ""
            plan.add(
                "Membership",
                NOTE,
                f"{code} {members[code].name} is marked {line.status}{comment} "
                "(review it in Membership).",
            )


def plan_maturity(facts: Facts, content: ReturnContent, plan: Plan) -> None:
    fw, current = facts.framework, facts.assessment
    if content.framework_key and content.framework_key != fw.key:
        plan.refuse(
            "framework.key",
            None,
            f"The return scores the framework '{content.framework_key}', but "
            f"{facts.unit.name} is assessed with '{fw.key}' for {facts.period}.",
        )
        return
    if content.framework_version is not None and content.framework_version != fw.version:
        plan.refuse(
            "framework.key",
            None,
            f"The return was made for version {content.framework_version} of {fw.name}; "
            f"the {facts.period} assessment uses version {fw.version}.",
            "Make a new blank return and copy the levels into it.",
        )
        return
    before, shown = len(plan.steps), len(plan.changes)
    dims = fw.by_key()
    for i, line in enumerate(content.dimensions):
        dim = dims.get(line.key)
        if dim is None or dim not in fw.scored:
            plan.refuse("maturity[].dimension", i, f"'{line.key}' is not a dimension of {fw.name}.")
            continue
        item = current.item(dim.id) if current is not None else None
        values: dict[str, object] = {}
        for column, text, what in (
            ("consensus_rank", line.level, "level"),
            ("target_rank", line.target, "target"),
        ):
            if text is None or not text.strip():
                continue
            rank = facts.level_rank(text)
            if rank is None:
                names = ", ".join(lv.name for lv in fw.levels)
                plan.refuse(
                    "maturity[].level" if what == "level" else "maturity[].target",
                    i,
                    f'"{text}" is not a level of this framework.',
                    f"Levels: {names}.",
                )
                continue
            held = item.consensus if column == "consensus_rank" and item else None
            if column == "target_rank" and item:
                held = item.target
            if rank != held:
                values[column] = rank
                was = fw.level_name(held, "not assessed")
                plan.add(
                    "Maturity",
                    CHANGE if held is not None else ADD,
                    f"{dim.label}: {what} {was} → {fw.level_name(rank)}",
                )
        for column, text, what in (
            ("evidence", line.evidence, "evidence"),
            ("next_steps", line.next_steps, "next steps"),
        ):
            held_text = getattr(item, column) if item else ""
            if text.strip() and text.strip() != held_text:
                values[column] = text.strip()
                plan.add("Maturity", CHANGE if held_text else ADD, f"{dim.label}: {what}")
        if values:
            plan.steps.append(_set_item(dim.id, values))
    from lcpdesk.services.returns_raters import plan_raters

    plan_raters(facts, content, plan)
    if len(plan.steps) > before:
        if current is not None and current.info.is_complete:
            plan.refuse(
                "cover.period",
                None,
                f"The {facts.period} assessment of {facts.unit.name} is marked complete.",
                "Reopen it in the Maturity pane to take changes from a return.",
            )
        plan.steps.insert(before, _open_assessment(facts))
        if current is None:
            start = Change("Maturity", ADD, f"Start the {facts.period} assessment ({fw.title})")
            plan.changes.insert(shown, start)


def _open_assessment(facts: Facts) -> Step:
    current = facts.assessment

    def step(rec: Recorder, ctx: Context) -> None:
        if current is not None:
            ctx.assessment_id = current.id
            write.touch_assessment(rec, current.id)
            return
        fws.lock(rec, facts.framework.id)
        ctx.assessment_id = write.add_assessment(
            rec, facts.unit.id, facts.framework.id, str(facts.period)
        )

    return step


def _set_item(dimension_id: int, values: dict[str, object]) -> Step:
    def step(rec: Recorder, ctx: Context) -> None:
        assert ctx.assessment_id is not None
        write.set_item(rec, ctx.assessment_id, dimension_id, dict(values))

    return step

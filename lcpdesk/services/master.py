"""The master workbook for an area and quarter, from the store alone (records, their summaries
and the accepted returns' data): Summary, one sheet per section, Problems, Missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lcpdesk.domain import goals as goal_rules
from lcpdesk.domain import resources as resource_rules
from lcpdesk.domain.returns import ReturnContent
from lcpdesk.errors import InputError, Location
from lcpdesk.io.master_writer import DATE, DECIMAL, MONEY, WHOLE, Column, Sheet, write_workbook
from lcpdesk.services.quarter import ACCEPTED, REFUSED, SUPERSEDED, Standing, standing
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store

P = Column("Partnership")


def write_master(store: Store, area: str, period: str, target: Path) -> Standing:
    """Write the master workbook; the standing it shows."""
    now = standing(store, area, period)
    service = ReturnsService(store)
    contents = {
        row.partnership: service.gather(row.partnership_id, now.period, filled=True)
        for row in now.rows
        if row.status == ACCEPTED
    }
    sheets = [_summary(now), *_sections(contents), _problems(now), _missing(now)]
    try:
        write_workbook(sheets, target)
    except OSError as exc:
        raise InputError(
            f"the master workbook cannot be written ({exc.strerror or exc})",
            where=Location(file=str(target)),
            hint="Close the file if it is open in Excel, or choose another folder.",
        ) from None
    return now


def _summary(now: Standing) -> Sheet:
    dims = list(dict.fromkeys(d for r in now.rows for d in r.summary.levels))
    kinds = list(resource_rules.KINDS.values())
    columns = [
        P,
        Column("Status"),
        Column("File"),
        Column("Completed by"),
        Column("Completed on", DATE),
        Column("Signed off by"),
        Column("Signed off on", DATE),
        Column("Sections complete", WHOLE),
        *(Column(d) for d in dims),
        *(Column(f"Goals {goal_rules.RAG[s]} ({s})", WHOLE) for s in goal_rules.STATUSES),
        *(Column(f"{k.label} ({k.unit})", MONEY if k.is_money else DECIMAL) for k in kinds),
    ]
    rows = []
    for r in now.rows:
        rec, s = r.record, r.summary
        statuses = [status for _title, status in s.goals.values()]
        rows.append(
            (
                r.partnership,
                r.status_text,
                r.file_name,
                rec.completed_by if rec else "",
                s.completed_on,
                rec.signed_off_by if rec else "",
                rec.signed_off_on if rec else None,
                len(s.sections) if rec else None,
                *(s.levels.get(d, "") for d in dims),
                *((statuses.count(st) if rec else None) for st in goal_rules.STATUSES),
                *(s.resources.get(k.key) for k in kinds),
            )
        )
    return Sheet("Summary", tuple(columns), rows)


def _sections(contents: dict[str, ReturnContent]) -> list[Sheet]:
    def rows(make: Any) -> list[tuple[Any, ...]]:
        return [(name, *line) for name, c in contents.items() for line in make(c)]

    return [
        Sheet(
            "Membership",
            (
                P,
                Column("Practice code"),
                Column("Practice"),
                Column("PCN or sub-unit"),
                Column("List size", WHOLE),
                Column("Status"),
                Column("Comment"),
            ),
            rows(
                lambda c: [
                    (p.code, p.name, p.subunit, p.list_size, p.status, p.comment)
                    for p in c.practices
                ]
            ),
        ),
        Sheet(
            "Maturity",
            (
                P,
                Column("Dimension"),
                Column("Agreed level"),
                Column("Evidence"),
                Column("Next steps"),
                Column("Target level"),
            ),
            rows(
                lambda c: [
                    (d.name or d.key, d.level, d.evidence, d.next_steps, d.target)
                    for d in c.dimensions
                ]
            ),
        ),
        Sheet(
            "Goals",
            (
                P,
                Column("Goal ref"),
                Column("Goal"),
                Column("Status"),
                Column("RAG"),
                Column("Progress note"),
                Column("Term"),
                Column("Priority"),
                Column("Due", DATE),
            ),
            rows(
                lambda c: [
                    (
                        g.ref,
                        g.title,
                        g.status,
                        goal_rules.RAG.get(g.status, ""),
                        g.progress_note,
                        g.term,
                        g.priority_label or g.priority_kind,
                        g.due_date,
                    )
                    for g in c.goals
                ]
            ),
        ),
        Sheet(
            "Readings",
            (
                P,
                Column("Goal ref"),
                Column("Measure"),
                Column("Date", DATE),
                Column("Value", DECIMAL),
            ),
            rows(lambda c: [(x.goal_ref, x.measure, x.when, x.value) for x in c.readings]),
        ),
        Sheet(
            "Milestones",
            (
                P,
                Column("Goal ref"),
                Column("Milestone"),
                Column("Due", DATE),
                Column("Done", DATE),
            ),
            rows(lambda c: [(m.goal_ref, m.title, m.due_date, m.done_date) for m in c.milestones]),
        ),
        Sheet(
            "Resources",
            (
                P,
                Column("Partner"),
                Column("Sector"),
                Column("Kind"),
                Column("Unit"),
                Column("Amount", DECIMAL),
                Column("From", DATE),
                Column("To", DATE),
                Column("Status"),
                Column("Goal ref"),
                Column("Notes"),
            ),
            rows(
                lambda c: [
                    (
                        a.partner,
                        a.sector,
                        resource_rules.kind_label(a.kind),
                        _unit(a.kind),
                        a.amount,
                        a.period_start,
                        a.period_end,
                        a.status,
                        a.goal_ref,
                        a.notes,
                    )
                    for a in c.allocations
                ]
            ),
        ),
    ]


def _unit(kind: str) -> str:
    found = resource_rules.KINDS.get(kind)
    return found.unit if found else ""


def _problems(now: Standing) -> Sheet:
    rows = [
        (r.partnership or "", r.file_name, r.status, r.read_at, line)
        for r in now.records
        if r.status in (REFUSED, SUPERSEDED)
        for line in (r.reasons.splitlines() or [""])
    ]
    columns = (P, Column("File"), Column("Outcome"), Column("Read at", DATE), Column("Reason"))
    return Sheet("Problems", columns, rows)


def _missing(now: Standing) -> Sheet:
    rows = [(r.partnership, r.status_text, r.sent_on, r.file_name) for r in now.missing]
    columns = (P, Column("Status"), Column("Sent on", DATE), Column("Last file read"))
    return Sheet("Missing", columns, rows)

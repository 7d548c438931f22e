"""Returns: gather a partnership's quarterly return from the store, preview a return read
from a workbook against the store, and apply an accepted one as one transaction and one undo
step. Every return read is kept as a record (``return_record``), accepted or refused.

The workbook side (template descriptions, writer, reader) is in ``lcpdesk.io``; between the
two a return is a :class:`~lcpdesk.domain.returns.ReturnContent`. References lcpdesk writes
into a return and the field keys problems are located by: :mod:`returns_refs`; what a preview
compares and what it writes: :mod:`returns_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lcpdesk import clock
from lcpdesk.domain import periods
from lcpdesk.domain.returns import ReturnContent, ReturnProblem
from lcpdesk.errors import InputError, Location
from lcpdesk.services import returns_files, returns_gather, returns_summary
from lcpdesk.services.goals import GoalsService
from lcpdesk.services.returns_facts import Facts, load
from lcpdesk.services.returns_items import plan_goals, plan_resources
from lcpdesk.services.returns_plan import (
    ADD,
    CHANGE,
    NOTE,
    REMOVE,
    SECTIONS,
    Change,
    Plan,
    plan_cover,
    plan_maturity,
    plan_membership,
)
from lcpdesk.services.returns_refs import Locator, sheet_locator
from lcpdesk.store import returns_repo
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store
from lcpdesk.store.returns_repo import ACCEPTED, REFUSED, ReturnRecord


@dataclass(frozen=True)
class Section:
    name: str
    rows: tuple[Change, ...] = ()

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass(frozen=True)
class ReturnPreview:
    """What a return would do to the store, and every problem that stops it."""

    content: ReturnContent | None
    partnership_id: int | None
    period: str
    sections: tuple[Section, ...] = ()
    problems: tuple[ReturnProblem, ...] = ()
    file_name: str = ""
    sha256: str = ""
    locate: Locator = field(default=sheet_locator, compare=False)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def is_empty(self) -> bool:
        return not any(r.action != NOTE for s in self.sections for r in s.rows)

    def lines(self) -> list[str]:
        """The preview as text (the CLI prints it)."""
        c = self.content
        who = f"{c.cover.partnership}, {c.cover.period}" if c is not None else "unreadable"
        out = [f"Return {self.file_name or ''} ({who})".replace(" (", " (", 1).strip()]
        for s in self.sections:
            counts = ", ".join(f"{s.count(a)} to {a}" for a in (ADD, CHANGE, REMOVE))
            out.append(f"{s.name}: {counts}")
            out.extend(f"  {r.action:<6} {r.text}" for r in s.rows)
        if self.problems:
            out.append(f"Refused: {len(self.problems)} problem(s):")
            out.extend(f"  {p}" + (f" ({p.hint})" if p.hint else "") for p in self.problems)
        elif self.is_empty:
            out.append("Nothing would change.")
        return out


class ReturnsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def gather(self, partnership_id: int, period: str, *, filled: bool) -> ReturnContent:
        """The return for a partnership and quarter: blank (reference data) or filled."""
        return self._gather(partnership_id, period, filled)[0]

    def export(
        self, partnership_id: int, period: str, path: Path, *, filled: bool
    ) -> tuple[ReturnContent, list[str]]:
        """Write the return workbook; the notes say what had to be changed to fit Excel."""
        content, levels, partners = self.to_write(partnership_id, period, filled=filled)
        notes = returns_files.write_return(content, path, levels, partners, blank=not filled)
        return content, notes

    def to_write(
        self, partnership_id: int, period: str, *, filled: bool
    ) -> tuple[ReturnContent, list[str], list[str]]:
        """What writing the return needs: its content, the framework's levels, the partners."""
        content, facts = self._gather(partnership_id, period, filled)
        levels = [lv.name for lv in facts.framework.levels]
        return content, levels, [p.name for p in facts.partners]

    def _gather(
        self, partnership_id: int, period: str, filled: bool
    ) -> tuple[ReturnContent, Facts]:
        chosen = periods.parse(period)
        with self.store.trial() as conn:  # a shipped framework is stored, then rolled back
            facts = load(self.store, Recorder(conn, ""), partnership_id, chosen)
            return returns_gather.content(facts, filled=filled), facts

    def preview(
        self,
        content: ReturnContent | None,
        read_problems: Sequence[ReturnProblem] = (),
        *,
        partnership_id: int | None = None,
        period: str | None = None,
        file_name: str = "",
        sha256: str = "",
        locate: Locator = sheet_locator,
    ) -> ReturnPreview:
        """Compare a return with the store; nothing is written. Without a chosen partnership
        and period, the cover's are used."""
        base = ReturnPreview(
            content,
            partnership_id,
            period or "",
            (),
            tuple(read_problems),
            file_name,
            sha256,
            locate,
        )
        if content is None:
            return base
        try:
            unit_id = partnership_id or self._unit_of(content)
            chosen = periods.parse(period or content.cover.period)
        except InputError as exc:
            where = locate("cover.partnership", None)
            return _with(base, problems=(*base.problems, ReturnProblem(exc.problem, where)))
        try:
            with self.store.trial() as conn:
                plan = self._plan(Recorder(conn, ""), content, unit_id, chosen, locate)
        except InputError as exc:  # e.g. a framework lcpdesk does not hold
            where = locate("framework.key", None)
            problem = ReturnProblem(exc.problem, where, exc.hint)
            return _with(base, problems=(*base.problems, problem))
        sections = tuple(
            Section(name, tuple(r for r in plan.changes if r.section == name)) for name in SECTIONS
        )
        return ReturnPreview(
            content,
            unit_id,
            str(chosen),
            sections,
            (*read_problems, *plan.problems),
            file_name,
            sha256,
            locate,
        )

    def apply(self, preview: ReturnPreview) -> ChangeSet:
        """Write an accepted return, all or nothing; one undo step (its record included)."""
        content = preview.content
        if preview.refused or content is None or preview.partnership_id is None:
            raise InputError("This return has problems, so it cannot be accepted.")
        chosen = periods.parse(preview.period)
        with self.store.write() as conn:
            rec = Recorder(conn, f"Import the {chosen} return of {content.cover.partnership}")
            plan = self._plan(rec, content, preview.partnership_id, chosen, preview.locate)
            if plan.problems:
                raise InputError(
                    "The store changed since the preview: " + str(plan.problems[0]),
                    hint="Preview the return again.",
                )
            plan.run(rec)
            returns_repo.add(conn, _record(preview, ACCEPTED, ""), rec)
            return rec.changeset

    def apply_if_clean(self, preview: ReturnPreview) -> tuple[ChangeSet | None, ReturnPreview]:
        """Check and write a return in one transaction (one plan, where preview-then-apply
        makes two): its change set, or None and the preview with every problem (nothing
        written). The read's own problems must be in ``preview`` already."""
        content = preview.content
        if preview.refused or content is None or preview.partnership_id is None:
            return None, preview
        chosen = periods.parse(preview.period)
        try:
            with self.store.write() as conn:
                rec = Recorder(conn, f"Import the {chosen} return of {content.cover.partnership}")
                plan = self._plan(rec, content, preview.partnership_id, chosen, preview.locate)
                if plan.problems:
                    raise _Refused(plan.problems)
                plan.run(rec)
                returns_repo.add(conn, _record(preview, ACCEPTED, ""), rec)
                return rec.changeset, preview
        except _Refused as refused:
            return None, _with(preview, problems=(*preview.problems, *refused.problems))
        except InputError as exc:  # e.g. a framework lcpdesk does not hold
            where = preview.locate("framework.key", None)
            problem = ReturnProblem(exc.problem, where, exc.hint)
            return None, _with(preview, problems=(*preview.problems, problem))

    def refuse(
        self,
        preview: ReturnPreview,
        reason: str = "",
        *,
        status: str = REFUSED,
        filed_under: tuple[str, str] | None = None,
    ) -> None:
        """Keep the record of a refused (or rejected, or superseded) return; nothing else is
        written. ``filed_under``: the (area, period) it was read for, kept in place of its
        cover's (a folder consolidated for an area lists its refused files)."""
        reasons = [reason] if reason else []
        reasons += [str(p) for p in preview.problems]
        values = _record(preview, status, "\n".join(reasons))
        if filed_under is not None:
            values["area"], values["period"] = filed_under
        with self.store.write() as conn:
            returns_repo.add(conn, values)

    def records(self, partnership_id: int | None = None) -> list[ReturnRecord]:
        with self.store.read() as conn:
            return returns_repo.records(conn, partnership_id)

    # ------------------------------------------------------------------ internals

    def _unit_of(self, content: ReturnContent) -> int:
        cover = content.cover
        _area, unit = GoalsService(self.store).find_partnership(
            cover.partnership, cover.area.strip() or None
        )
        return unit.id

    def _plan(
        self,
        rec: Recorder,
        content: ReturnContent,
        unit_id: int,
        chosen: periods.Period,
        locate: Locator,
    ) -> Plan:
        facts = load(self.store, rec, unit_id, chosen, content.framework_key)
        plan = Plan(locate)
        plan_cover(facts, content, plan)
        plan_membership(rec.conn, facts, content, plan)
        plan_maturity(facts, content, plan)
        plan_goals(facts, content, plan)
        plan_resources(facts, content, plan)
        return plan


class _Refused(Exception):
    """Rolls back a write whose plan found problems."""

    def __init__(self, problems: Sequence[ReturnProblem]) -> None:
        super().__init__()
        self.problems = tuple(problems)


def _with(preview: ReturnPreview, problems: tuple[ReturnProblem, ...]) -> ReturnPreview:
    from dataclasses import replace

    return replace(preview, problems=problems)


def _record(preview: ReturnPreview, status: str, reasons: str) -> dict[str, object]:
    c = preview.content
    cover = c.cover if c is not None else None
    return {
        "file_name": preview.file_name,
        "sha256": preview.sha256,
        "read_at": clock.now(),
        "template_key": c.template.key if c is not None else "",
        "template_version": c.template.version if c is not None else None,
        "area": cover.area if cover else "",
        "partnership": cover.partnership if cover else "",
        "period": cover.period if cover else preview.period,
        "partnership_id": preview.partnership_id,
        "completed_by": cover.completed_by if cover else "",
        "signed_off_by": cover.signed_off_by if cover else "",
        "signed_off_on": cover.signed_off_on if cover else None,
        "status": status,
        "reasons": reasons,
        "summary": returns_summary.summarise(c).to_json() if c is not None else "",
    }


__all__ = ["Location", "ReturnPreview", "ReturnsService", "Section"]

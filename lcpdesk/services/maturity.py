"""Maturity assessments: start one, score it (raters, consensus, target, evidence), complete it.

Every edit runs in one transaction and returns the :class:`ChangeSet` it made, which
:func:`~lcpdesk.services.history.undo` and ``redo`` revert and re-apply exactly.
A complete assessment is read-only until it is reopened.
"""

from __future__ import annotations

from collections import Counter

from lcpdesk.domain import periods
from lcpdesk.domain.maturity import Framework
from lcpdesk.domain.scoring import COMPLETE, IN_PROGRESS, Assessment, AssessmentInfo
from lcpdesk.errors import InputError
from lcpdesk.services import assessment_checks as rules
from lcpdesk.services import frameworks as fws
from lcpdesk.services.frameworks import now
from lcpdesk.store import maturity_edits as edits
from lcpdesk.store import maturity_repo as mrepo
from lcpdesk.store import membership_repo
from lcpdesk.store.changes import ChangeSet, Recorder
from lcpdesk.store.db import Store

DEFAULT_FRAMEWORK = "leeds-lcp-maturity"


class MaturityService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading

    def framework(self, framework_id: int) -> Framework | None:
        with self.store.read() as conn:
            return mrepo.framework_by_id(conn, framework_id)

    def periods(self, area_id: int) -> list[str]:
        """Periods with an assessment of any of the area's partnerships, newest first."""
        with self.store.read() as conn:
            found = {info.period for info, _key in mrepo.area_assessments(conn, area_id)}
        return sorted(found, key=periods.sort_key, reverse=True)

    def assessments(self, partnership_id: int) -> list[AssessmentInfo]:
        """The partnership's assessments, newest period first."""
        with self.store.read() as conn:
            found = mrepo.assessments_of(conn, partnership_id)
        return sorted(found, key=lambda a: periods.sort_key(a.period), reverse=True)

    def assessment(self, assessment_id: int) -> Assessment | None:
        with self.store.read() as conn:
            info = mrepo.assessment_info(conn, assessment_id)
            return mrepo.load_assessment(conn, info) if info is not None else None

    def assessment_for(self, partnership_id: int, period: str) -> Assessment | None:
        with self.store.read() as conn:
            info = mrepo.assessment_for(conn, partnership_id, period)
            return mrepo.load_assessment(conn, info) if info is not None else None

    def previous(self, current: Assessment) -> Assessment | None:
        """The partnership's latest assessment before this one's period."""
        here = periods.sort_key(current.info.period)
        earlier = [
            a
            for a in self.assessments(current.info.partnership_id)
            if periods.sort_key(a.period) < here
        ]
        return self.assessment(earlier[0].id) if earlier else None

    def default_framework_key(self, area_id: int, partnership_id: int | None) -> str:
        """The framework the partnership used last, else the one the area uses most, else the
        built-in Leeds framework."""
        with self.store.read() as conn:
            used = mrepo.area_assessments(conn, area_id)
        own = sorted(
            (a for a in used if a[0].partnership_id == partnership_id),
            key=lambda a: periods.sort_key(a[0].period),
        )
        if own:
            return own[-1][1]
        if used:
            return Counter(key for _info, key in used).most_common(1)[0][0]
        return DEFAULT_FRAMEWORK

    def suggested_period(self, area_id: int, partnership_id: int) -> str:
        """The area's newest period if this partnership has not been assessed in it, else the
        period after the partnership's newest; this quarter when nothing is held."""
        own = {a.period for a in self.assessments(partnership_id)}
        area = self.periods(area_id)
        if area and area[0] not in own:
            return area[0]
        if own:
            newest = max(own, key=periods.sort_key)
            found = periods.try_parse(newest)
            if found is not None:
                return str(found.next())
        return str(periods.containing(now().date()))

    # ------------------------------------------------------------------ assessments

    def start_assessment(
        self,
        partnership_id: int,
        period: str,
        framework_key: str = DEFAULT_FRAMEWORK,
        *,
        copy_previous: bool = True,
    ) -> ChangeSet:
        """A new, empty assessment (raters and targets copied from the partnership's previous
        one when asked); its framework version is locked from now on."""
        stored_period = periods.normalise(period)
        with self.store.write() as conn:
            unit = membership_repo.partnership_by_id(conn, partnership_id)
            if unit is None:
                raise InputError("That partnership no longer exists.", hint="Refresh the list.")
            if mrepo.assessment_for(conn, partnership_id, stored_period) is not None:
                raise InputError(
                    f"{unit.name} already has an assessment for {stored_period}.",
                    hint="Choose that period to carry on with it, or give another period.",
                )
            rec = Recorder(conn, f"Start the {stored_period} assessment of {unit.name}")
            framework_id = fws.ensure_framework(rec, framework_key)
            fws.lock(rec, framework_id)
            new_id = edits.add_assessment(
                rec,
                {
                    "partnership_id": partnership_id,
                    "framework_id": framework_id,
                    "period": stored_period,
                    "status": IN_PROGRESS,
                    "updated_at": now(),
                },
            )
            if copy_previous:
                rules.copy_previous(rec, new_id, partnership_id, stored_period, framework_id)
            return rec.changeset

    def complete(self, assessment_id: int) -> ChangeSet:
        """Mark complete: refused while any (sub-)dimension has no consensus level."""
        with self.store.write() as conn:
            current = rules.open_for_edit(conn, assessment_id)
            missing = current.not_assessed()
            if missing:
                names = ", ".join(d.label for d in missing[:4])
                more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
                raise InputError(
                    f"{len(missing)} of {len(current.framework.scored)} dimensions have no "
                    f"agreed level yet: {names}{more}.",
                    hint="Agree a consensus level for each, then mark the assessment complete. "
                    "It is saved as it is, so you can come back to it.",
                )
            rec = Recorder(conn, f"Mark the {current.info.period} assessment complete")
            stamp = now()
            edits.update_assessment(
                rec,
                assessment_id,
                {"status": COMPLETE, "completed_at": stamp, "updated_at": stamp},
            )
            return rec.changeset

    def reopen(self, assessment_id: int) -> ChangeSet:
        with self.store.write() as conn:
            info = rules.info(conn, assessment_id)
            if not info.is_complete:
                raise InputError("That assessment is not complete, so it is already open.")
            rec = Recorder(conn, f"Reopen the {info.period} assessment")
            edits.update_assessment(
                rec,
                assessment_id,
                {"status": IN_PROGRESS, "completed_at": None, "updated_at": now()},
            )
            return rec.changeset

    def delete_assessment(self, assessment_id: int) -> ChangeSet:
        """Delete an assessment with its scores (goals made from it stay, unlinked from it).
        Its framework version stays locked."""
        with self.store.write() as conn:
            info = rules.info(conn, assessment_id)
            rec = Recorder(conn, f"Delete the {info.period} assessment")
            edits.delete_assessment(rec, assessment_id)
            return rec.changeset

    # ------------------------------------------------------------------ scoring

    def set_consensus(self, assessment_id: int, dimension_id: int, rank: int | None) -> ChangeSet:
        return self._set_item(assessment_id, dimension_id, "consensus_rank", rank, "agreed level")

    def set_target(self, assessment_id: int, dimension_id: int, rank: int | None) -> ChangeSet:
        return self._set_item(assessment_id, dimension_id, "target_rank", rank, "target")

    def _set_item(
        self, assessment_id: int, dimension_id: int, column: str, rank: int | None, what: str
    ) -> ChangeSet:
        with self.store.write() as conn:
            current = rules.open_for_edit(conn, assessment_id)
            dim = rules.scored(current, dimension_id)
            rules.check_rank(current.framework, rank)
            level = current.framework.level_name(rank, "not yet assessed")
            rec = Recorder(conn, f"Set the {what} for {dim.label} to {level}")
            edits.set_item(rec, assessment_id, dimension_id, {column: rank})
            if not rec.changeset.is_empty():  # the same level again is not a change
                rules.touch(rec, assessment_id)
            return rec.changeset

    def set_notes(
        self, assessment_id: int, dimension_id: int, evidence: str, links: str, next_steps: str
    ) -> ChangeSet:
        """Evidence, links (one a line: a web address or a document's path) and next steps."""
        clean_links = "\n".join(line.strip() for line in links.splitlines() if line.strip())
        with self.store.write() as conn:
            current = rules.open_for_edit(conn, assessment_id)
            dim = rules.scored(current, dimension_id)
            rec = Recorder(conn, f"Edit the evidence and next steps for {dim.label}")
            edits.set_item(
                rec,
                assessment_id,
                dimension_id,
                {
                    "evidence": evidence.strip(),
                    "links": clean_links,
                    "next_steps": next_steps.strip(),
                },
            )
            if not rec.changeset.is_empty():
                rules.touch(rec, assessment_id)
            return rec.changeset

    def set_rater_score(
        self, assessment_id: int, rater_id: int, dimension_id: int, rank: int | None
    ) -> ChangeSet:
        with self.store.write() as conn:
            current = rules.open_for_edit(conn, assessment_id)
            dim = rules.scored(current, dimension_id)
            rater = next((r for r in current.raters if r.id == rater_id), None)
            if rater is None:
                raise InputError("That rater is no longer on this assessment.")
            rules.check_rank(current.framework, rank)
            level = current.framework.level_name(rank, "no level")
            rec = Recorder(conn, f"Set {rater.name}'s level for {dim.label} to {level}")
            edits.set_rater_score(rec, rater_id, dimension_id, rank)
            if not rec.changeset.is_empty():
                rules.touch(rec, assessment_id)
            return rec.changeset

    # ------------------------------------------------------------------ raters

    def add_rater(self, assessment_id: int, name: str, organisation: str = "") -> ChangeSet:
        clean, org = rules.rater_fields(name, organisation)
        with self.store.write() as conn:
            current = rules.open_for_edit(conn, assessment_id)
            rules.unique_rater(current, clean, None)
            rec = Recorder(conn, f"Add rater {clean}")
            order = max((r.sort_order for r in current.raters), default=0) + 1
            edits.add_rater(
                rec, assessment_id, {"name": clean, "organisation": org, "sort_order": order}
            )
            rules.touch(rec, assessment_id)
            return rec.changeset

    def edit_rater(self, rater_id: int, name: str, organisation: str = "") -> ChangeSet:
        clean, org = rules.rater_fields(name, organisation)
        with self.store.write() as conn:
            assessment_id = rules.rater_assessment(conn, rater_id)
            current = rules.open_for_edit(conn, assessment_id)
            rules.unique_rater(current, clean, rater_id)
            rec = Recorder(conn, f"Edit rater {clean}")
            edits.update_rater(rec, rater_id, {"name": clean, "organisation": org})
            if not rec.changeset.is_empty():
                rules.touch(rec, assessment_id)
            return rec.changeset

    def remove_rater(self, rater_id: int) -> ChangeSet:
        """Remove a rater and the levels they gave (recorded, so undo brings them back)."""
        with self.store.write() as conn:
            assessment_id = rules.rater_assessment(conn, rater_id)
            current = rules.open_for_edit(conn, assessment_id)
            rater = next(r for r in current.raters if r.id == rater_id)
            rec = Recorder(conn, f"Remove rater {rater.name}")
            edits.remove_rater(rec, rater_id)
            rules.touch(rec, assessment_id)
            return rec.changeset

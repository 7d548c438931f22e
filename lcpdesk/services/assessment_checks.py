"""The checks and small steps the maturity services share: an assessment that exists and is
open for editing, a scored dimension, a level of the framework, a rater's fields; stamping an
edit's time; copying raters and targets into a new period."""

from __future__ import annotations

from sqlalchemy import Connection

from lcpdesk.domain import periods
from lcpdesk.domain.maturity import Dimension, Framework
from lcpdesk.domain.rules import check_name
from lcpdesk.domain.scoring import Assessment, AssessmentInfo
from lcpdesk.errors import InputError
from lcpdesk.services.frameworks import now
from lcpdesk.store import maturity_edits as edits
from lcpdesk.store import maturity_repo as mrepo
from lcpdesk.store.changes import Recorder

RATER_NAME_MAX = 120
ORGANISATION_MAX = 200


def info(conn: Connection, assessment_id: int) -> AssessmentInfo:
    """The assessment's record; refused when it no longer exists (undone elsewhere)."""
    found = mrepo.assessment_info(conn, assessment_id)
    if found is None:
        raise InputError("That assessment no longer exists.", hint="Refresh the pane.")
    return found


def open_for_edit(conn: Connection, assessment_id: int) -> Assessment:
    """The assessment, refused when it is complete (read-only until reopened)."""
    found = info(conn, assessment_id)
    if found.is_complete:
        raise InputError(
            f"The {found.period} assessment is complete, so it cannot be changed.",
            hint="Reopen it first (Reopen), then make the change.",
        )
    return mrepo.load_assessment(conn, found)


def scored(current: Assessment, dimension_id: int) -> Dimension:
    dim = next((d for d in current.framework.scored if d.id == dimension_id), None)
    if dim is None:
        raise InputError("That dimension is not scored in this assessment's framework.")
    return dim


def check_rank(fw: Framework, rank: int | None) -> None:
    if rank is not None and fw.level(rank) is None:
        raise InputError(
            f"There is no level {rank} in {fw.name}.",
            hint="Choose one of: " + ", ".join(lv.name for lv in fw.levels) + ".",
        )


def touch(rec: Recorder, assessment_id: int) -> None:
    edits.touch_assessment(rec, assessment_id, now())


def rater_fields(name: str, organisation: str) -> tuple[str, str]:
    clean = check_name(name, "rater's name")
    org = " ".join(organisation.split())
    if len(clean) > RATER_NAME_MAX:
        raise InputError(f"A rater's name can be up to {RATER_NAME_MAX} characters.")
    if len(org) > ORGANISATION_MAX:
        raise InputError(f"An organisation's name can be up to {ORGANISATION_MAX} characters.")
    return clean, org


def unique_rater(current: Assessment, name: str, rater_id: int | None) -> None:
    for r in current.raters:
        if r.name.casefold() == name.casefold() and r.id != rater_id:
            raise InputError(
                f"{r.name} is already a rater on this assessment.",
                hint="Give each rater a different name (add initials to tell two apart).",
            )


def rater_assessment(conn: Connection, rater_id: int) -> int:
    found = edits.rater_assessment_id(conn, rater_id)
    if found is None:
        raise InputError("That rater is no longer on this assessment.", hint="Refresh.")
    return found


def copy_previous(
    rec: Recorder, new_id: int, partnership_id: int, period: str, framework_id: int
) -> None:
    """Raters and targets of the partnership's latest assessment before ``period`` (targets
    matched by dimension key, so they carry over to a newer framework version)."""
    conn = rec.conn
    here = periods.sort_key(period)
    earlier = sorted(
        (
            a
            for a in mrepo.assessments_of(conn, partnership_id)
            if periods.sort_key(a.period) < here
        ),
        key=lambda a: periods.sort_key(a.period),
    )
    if not earlier:
        return
    before = mrepo.load_assessment(conn, earlier[-1])
    for rater in before.raters:
        edits.add_rater(
            rec,
            new_id,
            {
                "name": rater.name,
                "organisation": rater.organisation,
                "sort_order": rater.sort_order,
            },
        )
    target_fw = mrepo.framework_by_id(conn, framework_id)
    assert target_fw is not None
    targets = before.target_by_key()
    for dim in target_fw.scored:
        rank = targets.get(dim.key)
        if rank is not None and rank <= target_fw.top_rank:
            edits.add_item(rec, new_id, dim.id, {"target_rank": rank})

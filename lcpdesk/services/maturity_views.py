"""What the maturity views show: radar, heat map, trend and gaps; goals made from gaps; the
``lcpdesk maturity`` table as CSV or JSON.

Assessments made against different versions of one framework are compared by dimension key.
The heat map and trend use one framework (by key): the one most of the area's assessments
use, unless another is asked for. In-progress assessments are shown, marked as such.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

from lcpdesk.domain import periods
from lcpdesk.domain.maturity import Framework
from lcpdesk.domain.maturity_views import (
    GapRow,
    HeatMapData,
    HeatRow,
    RadarData,
    TrendData,
    TrendSeries,
)
from lcpdesk.domain.model import Area
from lcpdesk.domain.population import tree_order
from lcpdesk.domain.rules import check_name
from lcpdesk.domain.scoring import Assessment, AssessmentInfo, gap_to, mean_by_dimension, mean_rank
from lcpdesk.errors import InputError
from lcpdesk.io import safe_text
from lcpdesk.services.maturity import MaturityService
from lcpdesk.store import goals_edits, membership_repo
from lcpdesk.store import maturity_repo as mrepo
from lcpdesk.store.changes import ChangeSet, Recorder

TERMS = ("short", "long")
TITLE_MAX = 200
NO_ASSESSMENT = "no assessment"


class MaturityViews:
    def __init__(self, service: MaturityService) -> None:
        self.service = service
        self.store = service.store

    # ------------------------------------------------------------------ one partnership

    def radar(self, assessment_id: int) -> RadarData | None:
        current = self.service.assessment(assessment_id)
        if current is None:
            return None
        with self.store.read() as conn:
            unit = membership_repo.partnership_by_id(conn, current.info.partnership_id)
        fw = current.framework
        dims = fw.scored
        previous = self.service.previous(current)
        before: tuple[int | None, ...] | None = None
        if previous is not None and previous.framework.key == fw.key:
            ranks = previous.consensus_by_key()
            before = tuple(ranks.get(d.key) for d in dims)
        status = "complete" if current.info.is_complete else "in progress"
        return RadarData(
            title=unit.name if unit else "",
            subtitle=f"{current.info.period} ({status}) · {fw.name}",
            axes=tuple(d.chart_label for d in dims),
            level_names=tuple(lv.name for lv in fw.levels),
            standard_rank=fw.standard.rank,
            now=tuple(current.item(d.id).consensus for d in dims),
            target=tuple(current.item(d.id).target for d in dims),
            previous=before,
            now_label=f"{current.info.period} (now)",
            previous_label=f"{previous.info.period} (previous)" if previous else "Previous",
        )

    def gaps(self, assessment_id: int) -> list[GapRow]:
        """Every scored dimension with its gap to the standard; goals linked to it."""
        current = self.service.assessment(assessment_id)
        if current is None:
            return []
        fw = current.framework
        with self.store.read() as conn:
            linked = mrepo.linked_goals(conn, current.info.partnership_id)
        rows: list[GapRow] = []
        for d in fw.scored:
            item = current.item(d.id)
            rows.append(
                GapRow(
                    dimension_id=d.id,
                    key=d.key,
                    label=d.label,
                    consensus=item.consensus,
                    target=item.target,
                    gap=gap_to(item.consensus, fw.standard.rank),
                    consensus_name=fw.level_name(item.consensus, "Not yet assessed"),
                    target_name=fw.level_name(item.target),
                    goals=tuple(
                        f"{title} ({status})" for _i, title, status in linked.get(d.key, [])
                    ),
                )
            )
        return rows

    def goal_title(self, assessment_id: int, dimension_id: int) -> str:
        current = self.service.assessment(assessment_id)
        if current is None:
            return ""
        dim = current.framework.dimension(dimension_id)
        return f"Reach {current.framework.standard.name} in {dim.label if dim else ''}".strip()

    def goals_of(self, partnership_id: int) -> list[tuple[int, str, str]]:
        with self.store.read() as conn:
            return mrepo.goals_of(conn, partnership_id)

    def make_goal(
        self,
        assessment_id: int,
        dimension_id: int,
        title: str,
        *,
        term: str = "short",
        description: str = "",
    ) -> ChangeSet:
        """A new local goal of the partnership, linked to the dimension and this assessment."""
        clean = check_name(title, "goal's title")
        if len(clean) > TITLE_MAX:
            raise InputError(f"A goal's title can be up to {TITLE_MAX} characters.")
        if term not in TERMS:
            raise InputError(f"A goal's term is short or long, not '{term}'.")
        current = self._assessment(assessment_id)
        dim = self._dimension(current, dimension_id)
        with self.store.write() as conn:
            rec = Recorder(conn, f"Make goal “{clean}”")
            goal_id = goals_edits.add_goal(
                rec,
                current.info.partnership_id,
                {
                    "title": clean,
                    "description": description.strip(),
                    "term": term,
                    "priority_kind": "local",
                    "priority_label": f"Maturity: {dim.label}",
                    "status": "not started",
                },
            )
            goals_edits.link_dimension(rec, goal_id, dimension_id, assessment_id)
            return rec.changeset

    def link_goal(self, assessment_id: int, dimension_id: int, goal_id: int) -> ChangeSet:
        """Link an existing goal of the partnership to the dimension's gap."""
        current = self._assessment(assessment_id)
        dim = self._dimension(current, dimension_id)
        with self.store.write() as conn:
            goals = {g: t for g, t, _s in mrepo.goals_of(conn, current.info.partnership_id)}
            if goal_id not in goals:
                raise InputError("That goal is not one of this partnership's goals.")
            rec = Recorder(conn, f"Link goal “{goals[goal_id]}” to {dim.label}")
            goals_edits.link_dimension_from_assessment(rec, goal_id, dimension_id, assessment_id)
            return rec.changeset

    def _assessment(self, assessment_id: int) -> Assessment:
        current = self.service.assessment(assessment_id)
        if current is None:
            raise InputError("That assessment no longer exists.", hint="Refresh the pane.")
        return current

    @staticmethod
    def _dimension(current: Assessment, dimension_id: int) -> Any:
        dim = next((d for d in current.framework.scored if d.id == dimension_id), None)
        if dim is None:
            raise InputError("That dimension is not scored in this assessment's framework.")
        return dim

    # ------------------------------------------------------------------ the whole area

    def framework_keys(self, area_id: int) -> list[tuple[str, str]]:
        """(key, name) of the frameworks the area's assessments use, most used first."""
        with self.store.read() as conn:
            used = mrepo.area_assessments(conn, area_id)
            counts = Counter(key for _info, key in used)
            names: dict[str, str] = {}
            for info, key in used:
                if key not in names:
                    fw = mrepo.framework_by_id(conn, info.framework_id)
                    names[key] = fw.name if fw else key
        return [(key, names[key]) for key, _n in counts.most_common()]

    def _area(
        self, area_id: int, framework_key: str | None
    ) -> tuple[list[tuple[AssessmentInfo, str]], str | None, Framework | None]:
        """The area's assessments with the framework (key) to show and its newest version."""
        with self.store.read() as conn:
            used = mrepo.area_assessments(conn, area_id)
            if not used:
                return [], None, None
            key = framework_key or Counter(k for _i, k in used).most_common(1)[0][0]
            mine = [(i, k) for i, k in used if k == key]
            if not mine:
                return [], key, None
            newest = max(mine, key=lambda a: a[0].framework_id)[0].framework_id
            return mine, key, mrepo.framework_by_id(conn, newest)

    def heat_map(
        self, area_id: int, period: str, framework_key: str | None = None
    ) -> HeatMapData | None:
        """The area's partnerships × dimensions for ``period`` (None: nothing assessed then)."""
        used, _key, fw = self._area(area_id, framework_key)
        in_period = {i.partnership_id: i for i, _k in used if i.period == period}
        if fw is None or not in_period:
            return None
        with self.store.read() as conn:
            area = membership_repo.area_by_id(conn, area_id)
            units = tree_order(membership_repo.partnerships(conn, area_id))
            ranks = mrepo.consensus_ranks(conn, [i.id for i in in_period.values()])
        dims = fw.scored
        rows: list[HeatRow] = []
        for unit in units:
            info = in_period.get(unit.id)
            if info is None and unit.is_subunit:
                continue  # sub-units appear only when they are assessed themselves
            found = ranks.get(info.id, {}) if info is not None else {}
            rows.append(
                HeatRow(
                    partnership_id=unit.id,
                    name=unit.name,
                    status=info.status if info is not None else "",
                    ranks=tuple(found.get(d.key) for d in dims),
                    assessment_id=info.id if info is not None else None,
                )
            )
        area_name = area.name if area else ""
        return HeatMapData(
            title=f"{area_name} maturity, {period}",
            area=area_name,
            period=period,
            framework=fw.name,
            partnership_label=area.partnership_label if area else "Partnership",
            column_keys=tuple(d.key for d in dims),
            columns=tuple(d.label for d in dims),
            short_columns=tuple(d.chart_label for d in dims),
            level_names=tuple(lv.name for lv in fw.levels),
            standard_rank=fw.standard.rank,
            rows=tuple(rows),
        )

    def trend(
        self, area_id: int, highlight: int | None = None, framework_key: str | None = None
    ) -> TrendData | None:
        """Each partnership's mean consensus level per period, over the framework's top-level
        dimensions (a dimension's parts count as one), and the area's mean of those (None:
        nothing assessed)."""
        used, _key, fw = self._area(area_id, framework_key)
        if fw is None:
            return None
        period_list = sorted({i.period for i, _k in used}, key=periods.sort_key)
        top_of = fw.top_of()
        with self.store.read() as conn:
            area = membership_repo.area_by_id(conn, area_id)
            units = {u.id: u for u in membership_repo.partnerships(conn, area_id)}
            ranks = mrepo.consensus_ranks(conn, [i.id for i, _k in used])
        means: dict[int, dict[str, float | None]] = {}
        for info, _k in used:
            mean = mean_by_dimension(ranks.get(info.id, {}), top_of)
            means.setdefault(info.partnership_id, {})[info.period] = mean
        order = [u.id for u in tree_order(list(units.values())) if u.id in means]
        series = tuple(
            TrendSeries(pid, units[pid].name, tuple(means[pid].get(p) for p in period_list))
            for pid in order
        )
        area_mean = tuple(mean_rank([s.values[i] for s in series]) for i in range(len(period_list)))
        return TrendData(
            title=f"{area.name if area else ''} maturity over time",
            periods=tuple(period_list),
            level_names=tuple(lv.name for lv in fw.levels),
            standard_rank=fw.standard.rank,
            series=series,
            area_mean=area_mean,
            highlight_id=highlight,
        )


# --------------------------------------------------------------------------- the CLI table


def consensus_table(service: MaturityService, area: Area, period: str) -> HeatMapData:
    """The area's agreed levels for a period; refused when nothing was assessed then."""
    wanted = periods.normalise(period)
    heat = MaturityViews(service).heat_map(area.id, wanted)
    if heat is None:
        held = service.periods(area.id)
        raise InputError(
            f"{area.name} has no maturity assessments for {wanted}.",
            hint=f"Periods held: {', '.join(held)}."
            if held
            else "No partnership of the area has been assessed yet.",
        )
    return heat


def consensus_rows(heat: HeatMapData) -> list[dict[str, Any]]:
    return [
        {
            "partnership": row.name,
            "status": row.status or NO_ASSESSMENT,
            "levels": {
                k: heat.level_name(r) or None
                for k, r in zip(heat.column_keys, row.ranks, strict=True)
            },
            "ranks": dict(zip(heat.column_keys, row.ranks, strict=True)),
        }
        for row in heat.rows
    ]


def to_csv(heat: HeatMapData) -> str:
    """One row per partnership: its name, the assessment's status, then each dimension's agreed
    level (blank: not yet assessed)."""
    out = io.StringIO()
    writer = safe_text.csv_writer(out)
    writer.writerow([heat.partnership_label, "Status", *heat.columns])
    for row in heat.rows:
        writer.writerow(
            [row.name, row.status or NO_ASSESSMENT, *(heat.level_name(r) for r in row.ranks)]
        )
    return out.getvalue()


def to_json(heat: HeatMapData) -> str:
    data = {
        "area": heat.area,
        "period": heat.period,
        "framework": heat.framework,
        "levels": list(heat.level_names),
        "standard": heat.level_names[heat.standard_rank - 1],
        "dimensions": [
            {"key": k, "name": n} for k, n in zip(heat.column_keys, heat.columns, strict=True)
        ],
        "rows": consensus_rows(heat),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

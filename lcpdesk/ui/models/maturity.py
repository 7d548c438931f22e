"""The Maturity pane's tables: an assessment's dimensions (with the raters' spread beside the
agreed level), its raters, its gaps to the standard, the area's heat map as a table, and the
frameworks held.

Each is a :class:`~lcpdesk.ui.models.records.RecordTableModel`, the model the Goals and
Resources panes use too: rows are records, columns are :class:`Column` s saying how a record
shows (display text, raw value under ``SORT_ROLE``, tooltip, emphasis). Sorting is left to a
:class:`~lcpdesk.ui.models.records.RecordFilterProxy` (:func:`sorting_proxy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from lcpdesk.domain.maturity import Dimension, Framework, FrameworkInfo
from lcpdesk.domain.maturity_views import HeatMapData, HeatRow
from lcpdesk.domain.scoring import Assessment, Rater, Spread
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models.records import Column, RecordFilterProxy, RecordTableModel

NOT_ASSESSED = "Not yet assessed"


def sorting_proxy(model: RecordTableModel, parent: QObject | None = None) -> RecordFilterProxy:
    proxy = RecordFilterProxy(parent)
    proxy.setSourceModel(model)
    return proxy


def sort_in_source_order(view: Any) -> None:
    """Sortable by clicking a header, but shown in the records' own order until then (Qt
    would otherwise sort by the first column, descending, as soon as sorting is on)."""
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)


def _rank(rank: int | None) -> int:
    return -1 if rank is None else rank


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class ScoringRow:
    """One scored dimension of an assessment, as the scoring table shows it."""

    order: int
    dimension: Dimension
    spread: Spread
    raters: int  # raters on the assessment
    consensus: int | None
    target: int | None
    framework: Framework

    def level(self, rank: int | None, blank: str = "—") -> str:
        return self.framework.level_name(rank, blank)

    @property
    def median_text(self) -> str:
        m = self.spread.median
        if m is None:
            return "—"
        if m.is_integer():
            return self.level(int(m))
        return f"{self.level(int(m))}–{self.level(int(m) + 1)}"

    @property
    def gap(self) -> int | None:
        if self.consensus is None:
            return None
        return max(0, self.framework.standard.rank - self.consensus)


def scoring_rows(current: Assessment) -> list[ScoringRow]:
    return [
        ScoringRow(
            order=i,
            dimension=d,
            spread=current.item(d.id).spread(),
            raters=len(current.raters),
            consensus=current.item(d.id).consensus,
            target=current.item(d.id).target,
            framework=current.framework,
        )
        for i, d in enumerate(current.framework.scored)
    ]


def _agreement(r: ScoringRow) -> str:
    a = r.spread.agreement
    if a is None:
        return "—"
    return f"{r.spread.modal_count} of {r.spread.count} ({round(a * 100)}%)"


def _gap_text(r: ScoringRow) -> str:
    if r.gap is None:
        return "—"
    return "At standard" if r.gap == 0 else fmt.plural(r.gap, "level")


def _agreement_tip(r: ScoringRow) -> str | None:
    if not r.raters:
        return "No raters on this assessment yet: add them below."
    return (
        f"{r.spread.count} of the {r.raters} raters gave a level; "
        f"{r.spread.modal_count} of them gave the most common one."
        if r.spread.count
        else f"None of the {r.raters} raters has given a level yet."
    )


def scoring_columns() -> list[Column]:
    return [
        Column(
            "Dimension",
            lambda r: r.dimension.label,
            sort=lambda r: r.order,
            tooltip=lambda r: (
                f"{r.dimension.label}: {r.dimension.descriptor}"
                if r.dimension.descriptor
                else r.dimension.label
            ),
            header_tip="The (sub-)dimensions of the framework, each scored",
        ),
        Column(
            "Agreed level",
            lambda r: r.level(r.consensus, NOT_ASSESSED),
            sort=lambda r: _rank(r.consensus),
            header_tip="The consensus level the raters agreed: what counts",
            emphasis=lambda r: "bold" if r.consensus is not None else "italic",
        ),
        Column("Lowest", lambda r: r.level(r.spread.lowest), sort=lambda r: _rank(r.spread.lowest)),
        Column(
            "Median",
            lambda r: r.median_text,
            sort=lambda r: -1 if r.spread.median is None else r.spread.median,
        ),
        Column(
            "Highest", lambda r: r.level(r.spread.highest), sort=lambda r: _rank(r.spread.highest)
        ),
        Column(
            "Agreement",
            _agreement,
            sort=lambda r: -1 if r.spread.agreement is None else r.spread.agreement,
            tooltip=_agreement_tip,
            header_tip="How many of the raters who gave a level gave the most common one",
            numeric=True,
        ),
        Column("Target", lambda r: r.level(r.target), sort=lambda r: _rank(r.target)),
        Column(
            "Gap to standard",
            _gap_text,
            sort=lambda r: -1 if r.gap is None else r.gap,
            header_tip="Levels still to climb to the standard level",
            numeric=True,
        ),
    ]


class ScoringCol:
    DIMENSION, AGREED, LOWEST, MEDIAN, HIGHEST, AGREEMENT, TARGET, GAP = range(8)


# --------------------------------------------------------------------------- raters


@dataclass(frozen=True)
class RaterRow:
    rater: Rater
    scored: int
    of: int


def rater_rows(current: Assessment) -> list[RaterRow]:
    dims = current.framework.scored
    return [
        RaterRow(r, sum(1 for d in dims if r.id in current.item(d.id).scores), len(dims))
        for r in current.raters
    ]


def rater_columns() -> list[Column]:
    return [
        Column("Rater", lambda r: r.rater.name, sort=lambda r: r.rater.sort_order),
        Column("Organisation", lambda r: r.rater.organisation),
        Column(
            "Levels given",
            lambda r: f"{r.scored} of {r.of}",
            sort=lambda r: r.scored,
            numeric=True,
        ),
    ]


# --------------------------------------------------------------------------- gaps


def gap_columns(standard: str) -> list[Column]:
    return [
        Column("Dimension", lambda g: g.label),
        Column(
            "Agreed level",
            lambda g: g.consensus_name,
            sort=lambda g: _rank(g.consensus),
            emphasis=lambda g: "" if g.consensus is not None else "italic",
        ),
        Column("Target", lambda g: g.target_name or "—", sort=lambda g: _rank(g.target)),
        Column(
            f"Gap to {standard}",
            lambda g: (
                "—"
                if g.gap is None
                else ("At standard" if g.gap == 0 else fmt.plural(g.gap, "level"))
            ),
            sort=lambda g: 99 if g.gap is None else g.gap,
            numeric=True,
        ),
        Column(
            "Goals",
            lambda g: "; ".join(g.goals) or "—",
            tooltip=lambda g: "\n".join(g.goals) or None,
        ),
    ]


# --------------------------------------------------------------------------- heat map


def heat_columns(heat: HeatMapData) -> list[Column]:
    columns: list[Column] = [
        Column(heat.partnership_label, lambda r: r.name),
        Column(
            "Status",
            lambda r: r.status.capitalize() if r.status else "No assessment",
            emphasis=lambda r: "" if r.status else "italic",
        ),
    ]
    for i, (label, short) in enumerate(zip(heat.columns, heat.short_columns, strict=True)):
        columns.append(_heat_column(heat, i, label, short))
    return columns


def _heat_column(heat: HeatMapData, i: int, label: str, short: str) -> Column:
    def text(r: HeatRow) -> str:
        return heat.level_name(r.ranks[i]) or ("Not assessed" if r.status else "—")

    def emphasis(r: HeatRow) -> str:
        rank = r.ranks[i]
        if rank is None:
            return "italic"
        return "bold" if rank >= heat.standard_rank else ""

    return Column(
        short, text, sort=lambda r: _rank(r.ranks[i]), header_tip=label, emphasis=emphasis
    )


# --------------------------------------------------------------------------- frameworks


def framework_columns() -> list[Column]:
    def status(f: FrameworkInfo) -> str:
        if f.id is None:
            return "Shipped, not used yet"
        text = "In use: locked" if f.locked else "Not used yet"
        return text if f.is_latest else f"{text} (older version)"

    return [
        Column("Framework", lambda f: f.name),
        Column("Version", lambda f: str(f.version), sort=lambda f: f.version, numeric=True),
        Column(
            "Status",
            status,
            tooltip=lambda f: (
                "A framework used by an assessment is never edited: loading a changed "
                "file makes a new version."
                if f.locked
                else None
            ),
        ),
        Column(
            "Assessments", lambda f: str(f.assessments), sort=lambda f: f.assessments, numeric=True
        ),
        Column("Levels", lambda f: str(f.levels), sort=lambda f: f.levels, numeric=True),
        Column(
            "Dimensions",
            lambda f: str(f.scored_dimensions),
            sort=lambda f: f.scored_dimensions,
            header_tip="Dimensions and sub-dimensions that are scored",
            numeric=True,
        ),
        Column("Source", lambda f: f.source),
        Column("Key", lambda f: f.key),
    ]

"""The Maturity pane's tables: an assessment's dimensions (with the raters' spread beside the
agreed level), its raters, its gaps to the standard, the area's heat map as a table, and the
frameworks held.

Each is a :class:`RecordTable`: rows are records, columns are :class:`Column` s saying how a
record shows (display text, raw value under ``SORT_ROLE``, tooltip, font). Sorting and
filtering are left to a ``QSortFilterProxyModel`` (:func:`sorting_proxy`); the tables are small.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from lcpdesk.domain.maturity import Dimension, Framework, FrameworkInfo
from lcpdesk.domain.maturity_views import GapRow, HeatMapData, HeatRow
from lcpdesk.domain.scoring import Assessment, Rater, Spread
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

NOT_ASSESSED = "Not yet assessed"
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    raw: Callable[[R], Any] | None = None  # the sort value (default: the text, case-folded)
    tip: Callable[[R], str | None] | None = None
    header_tip: str = ""
    numeric: bool = False
    emphasis: Callable[[R], str] | None = None  # "bold", "italic" or ""


class RecordTable(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._muted = QBrush(QColor("#595959"))

    def set_records(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def records(self) -> list[R]:
        return list(self._rows)

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.header_tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if index.column() >= len(self._columns):
            return None
        record = self._rows[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(record)
        if role == SORT_ROLE:
            return col.raw(record) if col.raw is not None else col.text(record).casefold()
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(record) if col.tip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if role == Qt.ItemDataRole.FontRole and col.emphasis is not None:
            kind = col.emphasis(record)
            return self._bold if kind == "bold" else self._italic if kind == "italic" else None
        if role == Qt.ItemDataRole.ForegroundRole and col.emphasis is not None:
            return self._muted if col.emphasis(record) == "italic" else None
        return None


def sorting_proxy(model: RecordTable[Any], parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
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


def scoring_columns() -> list[Column[ScoringRow]]:
    return [
        Column(
            "Dimension",
            lambda r: r.dimension.label,
            raw=lambda r: r.order,
            tip=lambda r: (
                f"{r.dimension.label}: {r.dimension.descriptor}"
                if r.dimension.descriptor
                else r.dimension.label
            ),
            header_tip="The (sub-)dimensions of the framework, each scored",
        ),
        Column(
            "Agreed level",
            lambda r: r.level(r.consensus, NOT_ASSESSED),
            raw=lambda r: _rank(r.consensus),
            header_tip="The consensus level the raters agreed: what counts",
            emphasis=lambda r: "bold" if r.consensus is not None else "italic",
        ),
        Column("Lowest", lambda r: r.level(r.spread.lowest), raw=lambda r: _rank(r.spread.lowest)),
        Column(
            "Median",
            lambda r: r.median_text,
            raw=lambda r: -1 if r.spread.median is None else r.spread.median,
        ),
        Column(
            "Highest", lambda r: r.level(r.spread.highest), raw=lambda r: _rank(r.spread.highest)
        ),
        Column(
            "Agreement",
            _agreement,
            raw=lambda r: -1 if r.spread.agreement is None else r.spread.agreement,
            tip=_agreement_tip,
            header_tip="How many of the raters who gave a level gave the most common one",
            numeric=True,
        ),
        Column("Target", lambda r: r.level(r.target), raw=lambda r: _rank(r.target)),
        Column(
            "Gap to standard",
            _gap_text,
            raw=lambda r: -1 if r.gap is None else r.gap,
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


def rater_columns() -> list[Column[RaterRow]]:
    return [
        Column("Rater", lambda r: r.rater.name, raw=lambda r: r.rater.sort_order),
        Column("Organisation", lambda r: r.rater.organisation),
        Column(
            "Levels given",
            lambda r: f"{r.scored} of {r.of}",
            raw=lambda r: r.scored,
            numeric=True,
        ),
    ]


# --------------------------------------------------------------------------- gaps


def gap_columns(standard: str) -> list[Column[GapRow]]:
    return [
        Column("Dimension", lambda g: g.label),
        Column(
            "Agreed level",
            lambda g: g.consensus_name,
            raw=lambda g: _rank(g.consensus),
            emphasis=lambda g: "" if g.consensus is not None else "italic",
        ),
        Column("Target", lambda g: g.target_name or "—", raw=lambda g: _rank(g.target)),
        Column(
            f"Gap to {standard}",
            lambda g: (
                "—"
                if g.gap is None
                else ("At standard" if g.gap == 0 else fmt.plural(g.gap, "level"))
            ),
            raw=lambda g: 99 if g.gap is None else g.gap,
            numeric=True,
        ),
        Column(
            "Goals",
            lambda g: "; ".join(g.goals) or "—",
            tip=lambda g: "\n".join(g.goals) or None,
        ),
    ]


# --------------------------------------------------------------------------- heat map


def heat_columns(heat: HeatMapData) -> list[Column[HeatRow]]:
    columns: list[Column[HeatRow]] = [
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


def _heat_column(heat: HeatMapData, i: int, label: str, short: str) -> Column[HeatRow]:
    def text(r: HeatRow) -> str:
        return heat.level_name(r.ranks[i]) or ("Not assessed" if r.status else "—")

    def emphasis(r: HeatRow) -> str:
        rank = r.ranks[i]
        if rank is None:
            return "italic"
        return "bold" if rank >= heat.standard_rank else ""

    return Column(short, text, raw=lambda r: _rank(r.ranks[i]), header_tip=label, emphasis=emphasis)


# --------------------------------------------------------------------------- frameworks


def framework_columns() -> list[Column[FrameworkInfo]]:
    def status(f: FrameworkInfo) -> str:
        if f.id is None:
            return "Shipped, not used yet"
        text = "In use: locked" if f.locked else "Not used yet"
        return text if f.is_latest else f"{text} (older version)"

    return [
        Column("Framework", lambda f: f.name),
        Column("Version", lambda f: str(f.version), raw=lambda f: f.version, numeric=True),
        Column(
            "Status",
            status,
            tip=lambda f: (
                "A framework used by an assessment is never edited: loading a changed "
                "file makes a new version."
                if f.locked
                else None
            ),
        ),
        Column(
            "Assessments", lambda f: str(f.assessments), raw=lambda f: f.assessments, numeric=True
        ),
        Column("Levels", lambda f: str(f.levels), raw=lambda f: f.levels, numeric=True),
        Column(
            "Dimensions",
            lambda f: str(f.scored_dimensions),
            raw=lambda f: f.scored_dimensions,
            header_tip="Dimensions and sub-dimensions that are scored",
            numeric=True,
        ),
        Column("Source", lambda f: f.source),
        Column("Key", lambda f: f.key),
    ]

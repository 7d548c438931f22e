"""What the maturity charts and tables show: plain data, built by the services, drawn by
``lcpdesk.charts.maturity`` and shown by the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

# A rank, or None: not assessed (never drawn as the lowest level).
Rank = int | None

# More partnerships than this make an unreadable heat-map picture: they are shown as a table.
MAX_HEAT_MAP_ROWS = 60


@dataclass(frozen=True)
class RadarData:
    """One partnership: consensus now, the previous assessment and the target, per axis."""

    title: str
    subtitle: str
    axes: tuple[str, ...]  # short dimension labels, in framework order
    level_names: tuple[str, ...]  # lowest first
    standard_rank: int
    now: tuple[Rank, ...]
    target: tuple[Rank, ...]
    previous: tuple[Rank, ...] | None = None
    now_label: str = "Now"
    previous_label: str = "Previous"


@dataclass(frozen=True)
class HeatRow:
    partnership_id: int
    name: str
    status: str  # "complete", "in progress", or "" when there is no assessment
    ranks: tuple[Rank, ...]
    assessment_id: int | None = None


@dataclass(frozen=True)
class HeatMapData:
    """Every partnership of an area × the framework's dimensions, for one period."""

    title: str
    area: str
    period: str
    framework: str
    partnership_label: str  # "LCP", "Locality"
    column_keys: tuple[str, ...]
    columns: tuple[str, ...]  # full dimension labels
    short_columns: tuple[str, ...]  # chart labels
    level_names: tuple[str, ...]
    standard_rank: int
    rows: tuple[HeatRow, ...]

    def level_name(self, rank: Rank) -> str:
        return self.level_names[rank - 1] if rank is not None else ""


@dataclass(frozen=True)
class TrendSeries:
    partnership_id: int
    name: str
    values: tuple[float | None, ...]  # mean consensus rank per period, None: no assessment


@dataclass(frozen=True)
class TrendData:
    """Each partnership's mean consensus level over the periods assessed."""

    title: str
    periods: tuple[str, ...]  # oldest first
    level_names: tuple[str, ...]
    standard_rank: int
    series: tuple[TrendSeries, ...]
    area_mean: tuple[float | None, ...]
    highlight_id: int | None = None  # the partnership to draw in colour


@dataclass(frozen=True)
class GapRow:
    """One scored dimension of an assessment and how far it is from the standard."""

    dimension_id: int
    key: str
    label: str
    consensus: Rank
    target: Rank
    gap: int | None  # levels to the standard; None: not assessed
    consensus_name: str
    target_name: str
    goals: tuple[str, ...] = ()  # titles of goals linked to this dimension

    @property
    def below_standard(self) -> bool:
        return self.gap is None or self.gap > 0

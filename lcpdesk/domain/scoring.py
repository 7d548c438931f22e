"""Assessments: raters' levels, their spread, the agreed (consensus) level, target and gap.

Levels are ranks (1 = lowest). ``None`` means *not yet assessed*, which is not the lowest
level: it is left out of spreads, means and gaps rather than counted as 1.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lcpdesk.domain.maturity import Dimension, Framework

IN_PROGRESS = "in progress"
COMPLETE = "complete"


@dataclass(frozen=True)
class Spread:
    """How the raters' levels for one dimension spread."""

    count: int  # raters who gave a level
    lowest: int | None = None
    median: float | None = None  # may fall half-way between two levels
    highest: int | None = None
    modal_count: int = 0  # raters at the most common level

    @property
    def agreement(self) -> float | None:
        """The share of raters at the most common level (1.0: all agree)."""
        return self.modal_count / self.count if self.count else None


def spread(ranks: Sequence[int]) -> Spread:
    if not ranks:
        return Spread(0)
    counts = Counter(ranks)
    return Spread(
        count=len(ranks),
        lowest=min(ranks),
        median=float(statistics.median(ranks)),
        highest=max(ranks),
        modal_count=max(counts.values()),
    )


def gap_to(rank: int | None, standard: int) -> int | None:
    """Levels still to climb to ``standard``: 0 when there, ``None`` when not assessed."""
    if rank is None:
        return None
    return max(0, standard - rank)


@dataclass(frozen=True)
class Rater:
    id: int
    name: str
    organisation: str = ""
    sort_order: int = 0

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Item:
    """One (sub-)dimension of one assessment."""

    dimension_id: int
    consensus: int | None = None
    target: int | None = None
    evidence: str = ""
    links: str = ""
    next_steps: str = ""
    scores: dict[int, int] = field(default_factory=dict)  # rater id -> rank

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def spread(self) -> Spread:
        return spread(list(self.scores.values()))


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    partnership_id: int
    framework_id: int
    period: str
    status: str = IN_PROGRESS
    updated_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    is_demo: bool = False

    @property
    def is_complete(self) -> bool:
        return self.status == COMPLETE


@dataclass(frozen=True)
class Assessment:
    info: AssessmentInfo
    framework: Framework
    raters: tuple[Rater, ...] = ()
    items: dict[int, Item] = field(default_factory=dict)  # dimension id -> item

    @property
    def id(self) -> int:
        return self.info.id

    def item(self, dimension_id: int) -> Item:
        return self.items.get(dimension_id) or Item(dimension_id)

    def consensus_by_key(self) -> dict[str, int | None]:
        return {d.key: self.item(d.id).consensus for d in self.framework.scored}

    def target_by_key(self) -> dict[str, int | None]:
        return {d.key: self.item(d.id).target for d in self.framework.scored}

    def assessed(self) -> list[Dimension]:
        return [d for d in self.framework.scored if self.item(d.id).consensus is not None]

    def not_assessed(self) -> list[Dimension]:
        return [d for d in self.framework.scored if self.item(d.id).consensus is None]

    def mean_level(self) -> float | None:
        """The mean consensus rank over the dimensions assessed (None if none are)."""
        return mean_rank(self.consensus_by_key().values())


def mean_rank(ranks: Iterable[float | None]) -> float | None:
    """The mean of the levels given, leaving out the ones not assessed."""
    values = [r for r in ranks if r is not None]
    return sum(values) / len(values) if values else None


def mean_by_dimension(ranks: Mapping[str, float | None], top_of: Mapping[str, str]) -> float | None:
    """The mean level over a framework's top-level dimensions: a dimension with parts (the
    Leeds framework's Culture has five) counts once, at the mean of its parts, so five
    dimensions weigh alike however many parts each has. ``ranks`` is level by scored
    dimension key, ``top_of`` the top-level key of each scored key."""
    parts: dict[str, list[float | None]] = {}
    for key, rank in ranks.items():
        if key in top_of:
            parts.setdefault(top_of[key], []).append(rank)
    return mean_rank(mean_rank(values) for values in parts.values())

"""Maturity frameworks: ordered levels, dimensions (some with sub-dimensions), their texts.

A framework is data. A :class:`FrameworkDef` is what a file defines (read by
``lcpdesk.io.frameworks``); :func:`problems` lists what is wrong with one, each problem
pointing at the level or dimension (and field) it is about, so that a reader can name the
line or cell. A :class:`Framework` is one stored version, with its database ids.

A dimension with sub-dimensions (the Leeds framework's Culture) is a heading: its
sub-dimensions are what get scored. Only one level of sub-dimensions is allowed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

KEY_MAX = 60
NAME_MAX = 200
SHORT_MAX = 60
LEVEL_NAME_MAX = 80
MIN_LEVELS = 2

_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

FRAMEWORK = "framework"
LEVEL = "level"
DIMENSION = "dimension"


def slug(text: str) -> str:
    """A key made from a name: ``"LCP Goals"`` -> ``"lcp-goals"``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")[:KEY_MAX].strip("-")


# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class LevelDef:
    name: str
    meaning: str = ""
    is_standard: bool = False


@dataclass(frozen=True)
class DimensionDef:
    key: str
    name: str
    short_name: str = ""
    descriptor: str = ""
    parent: str | None = None  # the key of the dimension this is a sub-dimension of
    # What a level looks like in this dimension, where the framework says: (level name, text).
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FrameworkDef:
    key: str
    name: str
    levels: tuple[LevelDef, ...]
    dimensions: tuple[DimensionDef, ...]
    description: str = ""
    source: str = ""  # where it came from ("built-in", a file name); not part of the content

    def content_hash(self) -> str:
        """The same for the same content, whichever file (TOML or Excel) it came from."""
        content = {
            "name": self.name,
            "description": self.description,
            "levels": [asdict(level) for level in self.levels],
            "dimensions": [asdict(d) for d in self.dimensions],
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``element`` is FRAMEWORK, LEVEL or DIMENSION; ``index`` the
    level's or dimension's position in the file (0-based); ``field`` the field at fault."""

    message: str
    hint: str = ""
    element: str = FRAMEWORK
    index: int | None = None
    field: str | None = None


def problems(defn: FrameworkDef) -> list[Problem]:
    """Everything wrong with a definition, in file order (framework, levels, dimensions)."""
    found: list[Problem] = []
    found.extend(_framework_problems(defn))
    found.extend(_level_problems(defn.levels))
    found.extend(_dimension_problems(defn))
    return found


def _framework_problems(defn: FrameworkDef) -> list[Problem]:
    found: list[Problem] = []
    if not defn.name.strip():
        found.append(Problem("The framework has no name.", "Give it a name.", field="name"))
    elif len(defn.name) > NAME_MAX:
        found.append(
            Problem(f"The framework's name is longer than {NAME_MAX} characters.", field="name")
        )
    if not _KEY.match(defn.key) or len(defn.key) > KEY_MAX:
        found.append(
            Problem(
                f"'{defn.key}' cannot be a framework key.",
                f"Use up to {KEY_MAX} lower-case letters, digits and hyphens, e.g. llr-maturity.",
                field="key",
            )
        )
    return found


def _level_problems(levels: tuple[LevelDef, ...]) -> list[Problem]:
    found: list[Problem] = []
    if len(levels) < MIN_LEVELS:
        found.append(
            Problem(
                f"The framework has {len(levels)} level(s); it needs at least {MIN_LEVELS}.",
                "List the levels from the lowest to the highest.",
                LEVEL,
            )
        )
    seen: dict[str, int] = {}
    standard: int | None = None
    for i, level in enumerate(levels):
        name = level.name.strip()
        if not name:
            found.append(
                Problem(f"Level {i + 1} has no name.", "Give every level a name.", LEVEL, i, "name")
            )
        elif name.casefold() in seen:
            found.append(
                Problem(
                    f"Level '{name}' is listed twice (levels {seen[name.casefold()] + 1} "
                    f"and {i + 1}).",
                    "Each level needs its own name.",
                    LEVEL,
                    i,
                    "name",
                )
            )
        elif len(name) > LEVEL_NAME_MAX:
            found.append(
                Problem(
                    f"Level {i + 1}'s name is longer than {LEVEL_NAME_MAX} characters.",
                    element=LEVEL,
                    index=i,
                    field="name",
                )
            )
        else:
            seen[name.casefold()] = i
        if level.is_standard:
            if standard is not None:
                found.append(
                    Problem(
                        f"Both '{levels[standard].name}' and '{name}' are marked as the standard.",
                        "Mark only the level every partnership should reach.",
                        LEVEL,
                        i,
                        "standard",
                    )
                )
            else:
                standard = i
    if levels and standard is None:
        found.append(
            Problem(
                "No level is marked as the standard.",
                "Mark the level every partnership should reach (e.g. standard = true on "
                "'Well developed').",
                LEVEL,
                None,
                "standard",
            )
        )
    return found


def _dimension_problems(defn: FrameworkDef) -> list[Problem]:
    dims = defn.dimensions
    found: list[Problem] = []
    if not dims:
        found.append(
            Problem("The framework has no dimensions.", "List at least one dimension.", DIMENSION)
        )
        return found
    level_names = {level.name.strip().casefold() for level in defn.levels}
    by_key: dict[str, int] = {}
    for i, d in enumerate(dims):
        label = d.name.strip() or f"Dimension {i + 1}"
        if not d.name.strip():
            found.append(
                Problem(f"Dimension {i + 1} has no name.", "Give it a name.", DIMENSION, i, "name")
            )
        elif len(d.name) > NAME_MAX:
            found.append(
                Problem(
                    f"{label}: the name is longer than {NAME_MAX} characters.",
                    element=DIMENSION,
                    index=i,
                    field="name",
                )
            )
        if len(d.short_name) > SHORT_MAX:
            found.append(
                Problem(
                    f"{label}: the short name is longer than {SHORT_MAX} characters.",
                    element=DIMENSION,
                    index=i,
                    field="short",
                )
            )
        if not _KEY.match(d.key) or len(d.key) > KEY_MAX:
            found.append(
                Problem(
                    f"{label}: '{d.key}' cannot be a dimension key.",
                    f"Use up to {KEY_MAX} lower-case letters, digits and hyphens.",
                    DIMENSION,
                    i,
                    "key",
                )
            )
        elif d.key in by_key:
            found.append(
                Problem(
                    f"The dimension key '{d.key}' is used twice "
                    f"({dims[by_key[d.key]].name} and {label}).",
                    "Give each dimension its own key.",
                    DIMENSION,
                    i,
                    "key",
                )
            )
        else:
            by_key[d.key] = i
        for level_name, _text in d.cells:
            if level_name.strip().casefold() not in level_names:
                found.append(
                    Problem(
                        f"{label}: describes a level '{level_name}' the framework does not have.",
                        "Use the names of the framework's levels: "
                        + ", ".join(level.name for level in defn.levels)
                        + ".",
                        DIMENSION,
                        i,
                        "levels",
                    )
                )
    for i, d in enumerate(dims):
        if d.parent is None:
            continue
        parent_index = by_key.get(d.parent)
        if d.parent == d.key:
            message = f"{d.name}: a dimension cannot be a sub-dimension of itself."
        elif parent_index is None:
            message = (
                f"{d.name}: its parent dimension '{d.parent}' does not exist in the framework."
            )
        elif dims[parent_index].parent is not None:
            message = (
                f"{d.name}: its parent '{d.parent}' is itself a sub-dimension; only one level "
                "of sub-dimensions is allowed."
            )
        else:
            continue
        found.append(
            Problem(
                message, "Name a top-level dimension's key as the parent.", DIMENSION, i, "parent"
            )
        )
    return found


# --------------------------------------------------------------------------- stored versions


@dataclass(frozen=True)
class Level:
    id: int
    rank: int  # 1 = lowest
    name: str
    meaning: str = ""
    is_standard: bool = False


@dataclass(frozen=True)
class Dimension:
    id: int
    key: str
    name: str
    short_name: str = ""
    descriptor: str = ""
    parent_id: int | None = None
    parent_name: str = ""
    sort_order: int = 0
    cells: dict[int, str] = field(default_factory=dict)  # level rank -> text

    @property
    def label(self) -> str:
        """The full name: ``Culture: Community driven`` for a sub-dimension."""
        return f"{self.parent_name}: {self.name}" if self.parent_name else self.name

    @property
    def chart_label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Framework:
    id: int
    key: str
    version: int
    name: str
    levels: tuple[Level, ...]  # lowest first
    dimensions: tuple[Dimension, ...]  # display order: each heading followed by its subs
    description: str = ""
    source: str = ""
    locked: bool = False
    content_hash: str = ""

    @property
    def title(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def scored(self) -> tuple[Dimension, ...]:
        """The dimensions that get a level: every one without sub-dimensions."""
        parents = {d.parent_id for d in self.dimensions if d.parent_id is not None}
        return tuple(d for d in self.dimensions if d.id not in parents)

    @property
    def standard(self) -> Level:
        return next((lv for lv in self.levels if lv.is_standard), self.levels[-1])

    @property
    def top_rank(self) -> int:
        return len(self.levels)

    def level(self, rank: int | None) -> Level | None:
        return next((lv for lv in self.levels if lv.rank == rank), None)

    def level_name(self, rank: int | None, blank: str = "") -> str:
        found = self.level(rank)
        return found.name if found is not None else blank

    def dimension(self, dimension_id: int) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def by_key(self) -> dict[str, Dimension]:
        return {d.key: d for d in self.dimensions}

    def top_of(self) -> dict[str, str]:
        """The top-level dimension's key of each scored dimension (its own key, or its
        parent's for a sub-dimension)."""
        keys = {d.id: d.key for d in self.dimensions}
        return {d.key: keys[d.parent_id] if d.parent_id else d.key for d in self.scored}


def display_order(dimensions: list[Dimension]) -> list[Dimension]:
    """Top-level dimensions in their order, each followed by its sub-dimensions."""
    tops = sorted((d for d in dimensions if d.parent_id is None), key=lambda d: d.sort_order)
    ordered: list[Dimension] = []
    for top in tops:
        ordered.append(top)
        ordered.extend(
            sorted((d for d in dimensions if d.parent_id == top.id), key=lambda d: d.sort_order)
        )
    return ordered


@dataclass(frozen=True)
class FrameworkInfo:
    """A framework as the Frameworks list shows it. ``id`` None: shipped, not yet stored."""

    id: int | None
    key: str
    version: int
    name: str
    source: str = ""
    locked: bool = False
    levels: int = 0
    scored_dimensions: int = 0
    assessments: int = 0
    is_latest: bool = True

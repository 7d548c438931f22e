"""A return in brief, kept with its record (JSON): the agreed level of each dimension, each
goal's status, resources by kind, which sections are complete, when it was completed. The
Returns pane, the master workbook's Summary and the change since the previous quarter read it,
so none of them needs the workbook again."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from lcpdesk.domain.returns import ReturnContent

SECTIONS = ("Cover", "Membership", "Maturity", "Goals", "Resources")


@dataclass(frozen=True)
class Summary:
    levels: dict[str, str] = field(default_factory=dict)  # dimension label -> level name
    goals: dict[str, tuple[str, str]] = field(default_factory=dict)  # ref -> (title, status)
    resources: dict[str, Decimal] = field(default_factory=dict)  # kind key -> total amount
    sections: tuple[str, ...] = ()  # the complete ones
    completed_on: dt.date | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "levels": self.levels,
                "goals": {k: list(v) for k, v in self.goals.items()},
                "resources": {k: str(v) for k, v in self.resources.items()},
                "sections": list(self.sections),
                "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            },
            ensure_ascii=False,
        )


def summarise(content: ReturnContent) -> Summary:
    cover = content.cover
    resources: dict[str, Decimal] = {}
    for a in content.allocations:
        resources[a.kind] = resources.get(a.kind, Decimal(0)) + a.amount
    complete = {
        "Cover": bool(cover.completed_by and cover.signed_off_by and cover.signed_off_on),
        "Membership": all(p.status for p in content.practices),
        "Maturity": bool(content.dimensions) and all(d.level for d in content.dimensions),
        "Goals": all(g.status for g in content.goals),
        "Resources": bool(content.allocations),
    }
    return Summary(
        {d.name or d.key: d.level for d in content.dimensions if d.level},
        {g.ref or g.title: (g.title, g.status) for g in content.goals},
        resources,
        tuple(s for s in SECTIONS if complete[s]),
        cover.completed_on,
    )


def parse(text: str) -> Summary:
    """The summary kept as JSON (an empty one for a record without)."""
    if not text:
        return Summary()
    data = json.loads(text)
    done = data.get("completed_on")
    return Summary(
        dict(data.get("levels", {})),
        {k: (v[0], v[1]) for k, v in data.get("goals", {}).items()},
        {k: Decimal(v) for k, v in data.get("resources", {}).items()},
        tuple(data.get("sections", ())),
        dt.date.fromisoformat(done) if done else None,
    )

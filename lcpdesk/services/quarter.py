"""The programme office's quarter for an area: where each partnership's return stands (not
sent, sent, received, accepted, refused, superseded), the list still missing, and what changed
since the previous quarter's accepted returns. Read from the store alone (records, sent dates
and each record's summary); the Returns pane and the master workbook show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lcpdesk.domain import periods
from lcpdesk.services.consolidate import partnerships_of
from lcpdesk.services.returns_summary import SECTIONS, Summary, parse
from lcpdesk.store import returns_repo, returns_sent
from lcpdesk.store.db import Store
from lcpdesk.store.returns_repo import ReturnRecord

NOT_SENT, SENT, RECEIVED = "not sent", "sent", "received"
ACCEPTED, REFUSED, SUPERSEDED = "accepted", "refused", "superseded"
_ORDER = {ACCEPTED: 0, REFUSED: 1, SUPERSEDED: 2, RECEIVED: 3, SENT: 4, NOT_SENT: 5}


@dataclass(frozen=True)
class StandingRow:
    """One partnership's return for the quarter."""

    partnership_id: int
    partnership: str
    status: str
    sent_on: dt.date | None = None
    record: ReturnRecord | None = None  # the accepted one, else the newest read
    summary: Summary = field(default_factory=Summary)

    @property
    def file_name(self) -> str:
        return self.record.file_name if self.record else ""

    @property
    def reasons(self) -> list[str]:
        return self.record.reasons.splitlines() if self.record and self.status == REFUSED else []

    @property
    def sections_text(self) -> str:
        return f"{len(self.summary.sections)} of {len(SECTIONS)}" if self.record else ""

    @property
    def status_text(self) -> str:
        if self.status == SENT and self.sent_on:
            return f"sent {self.sent_on:%d/%m/%Y}"
        return self.status


@dataclass(frozen=True)
class Standing:
    area: str
    period: str
    rows: list[StandingRow]
    records: list[ReturnRecord]  # every record filed under the area and quarter, newest first

    @property
    def missing(self) -> list[StandingRow]:
        return [r for r in self.rows if r.status != ACCEPTED]

    def missing_text(self) -> str:
        """The partnerships still to send a return, to paste into an email."""
        lines = [f"Returns still missing for {self.area}, {self.period}:"]
        lines += [f"- {r.partnership} ({r.status_text})" for r in self.missing]
        return "\n".join(lines) if self.missing else f"Every return for {self.period} is in."


def previous(period: str) -> str:
    p = periods.parse(period)
    if p.quarter is None:
        return str(periods.Period(p.start_year - 1))
    if p.quarter == 1:
        return str(periods.Period(p.start_year - 1, 4))
    return str(periods.Period(p.start_year, p.quarter - 1))


def standing(store: Store, area_name: str, period: str) -> Standing:
    chosen = str(periods.parse(period))
    area, units = partnerships_of(store, area_name)
    ids = {u.id for u in units}
    with store.read() as conn:
        sent = returns_sent.sent(conn, chosen)
        records = [
            r
            for r in returns_repo.records(conn)
            if r.period == chosen
            and (r.partnership_id in ids or r.area.casefold() == area.casefold())
        ]
    rows = []
    for unit in units:
        own = [r for r in records if r.partnership_id == unit.id]
        accepted = next((r for r in own if r.status == ACCEPTED), None)
        record = accepted or (own[0] if own else None)
        if record is not None:
            status = RECEIVED if record.status == returns_repo.PREVIEWED else record.status
        else:
            status = SENT if unit.id in sent else NOT_SENT
        day = sent[unit.id][0] if unit.id in sent else None
        summary = parse(record.summary) if record else Summary()
        rows.append(StandingRow(unit.id, unit.name, status, day, record, summary))
    return Standing(area, chosen, rows, records)


@dataclass(frozen=True)
class Change:
    partnership: str
    what: str  # "maturity" or "goal"
    item: str  # the dimension or goal
    before: str
    after: str
    direction: str  # "up", "down" or "changed"

    def __str__(self) -> str:
        return f"{self.partnership}: {self.item} {self.direction} ({self.before} → {self.after})"


_RAG_RANK = {"off track": 0, "at risk": 1, "not started": 1, "on track": 2, "done": 3}


def changes(
    store: Store, area_name: str, period: str, levels: list[str] | None = None
) -> list[Change]:
    """Maturity levels up or down and goals changing status since the previous quarter's
    accepted returns. ``levels``: the framework's level names, lowest first (when not given,
    those of the framework the partnership's return is written with)."""
    now = standing(store, area_name, period)
    before = {r.partnership_id: r for r in standing(store, area_name, previous(period)).rows}
    found: list[Change] = []
    for row in now.rows:
        old = before.get(row.partnership_id)
        if row.status != ACCEPTED or old is None or old.status != ACCEPTED:
            continue
        if levels is None:
            from lcpdesk.services.returns import ReturnsService

            levels = ReturnsService(store).to_write(row.partnership_id, now.period, filled=False)[1]
        rank = {name.casefold(): i for i, name in enumerate(levels)}
        for dim, level in row.summary.levels.items():
            was = old.summary.levels.get(dim)
            if was is None or was.casefold() == level.casefold():
                continue
            up = rank.get(level.casefold(), 0) > rank.get(was.casefold(), 0)
            found.append(Change(row.partnership, "maturity", dim, was, level,
                                "up" if up else "down"))  # fmt: skip
        for ref, (title, status) in row.summary.goals.items():
            was_goal = old.summary.goals.get(ref)
            if was_goal is None or was_goal[1] == status:
                continue
            a, b = _RAG_RANK.get(was_goal[1], 1), _RAG_RANK.get(status, 1)
            direction = "up" if b > a else "down" if b < a else "changed"
            found.append(Change(row.partnership, "goal", title, was_goal[1], status, direction))
    return found

"""Returns as partnerships send them back, for the consolidation tests and benchmark: the
pre-filled return completed (who, when, every practice confirmed, every level agreed), written
through the returns service's own writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from lcpdesk.domain.returns import CONFIRMED, ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store.db import Store

Edit = Callable[[ReturnContent], ReturnContent]


def completed(
    content: ReturnContent, signed: dt.date = dt.date(2026, 12, 2), level: str = "Developing"
) -> ReturnContent:
    cover = dataclasses.replace(
        content.cover,
        completed_by="Pat Lead",
        completed_role="LCP lead",
        email="pat@example.nhs.uk",
        completed_on=signed - dt.timedelta(days=1),
        signed_off_by="Sam Chair",
        signed_off_role="Chair",
        signed_off_on=signed,
    )
    practices = tuple(dataclasses.replace(p, status=CONFIRMED) for p in content.practices)
    dims = tuple(dataclasses.replace(d, level=d.level or level) for d in content.dimensions)
    goals = tuple(dataclasses.replace(g, status=g.status or "on track") for g in content.goals)
    return dataclasses.replace(
        content, cover=cover, practices=practices, dimensions=dims, goals=goals
    )


def write_filled(
    store: Store, unit_id: int, period: str, path: Path, edit: Edit | None = None
) -> ReturnContent:
    """The partnership's return as it comes back: filled from the store, then completed (and
    ``edit``-ed), written to ``path``."""
    service = ReturnsService(store)
    content, levels, partners = service.to_write(unit_id, period, filled=True)
    content = completed(content)
    if edit is not None:
        content = edit(content)
    returns_files.write_return(content, path, levels, partners)
    return content

"""What the Overview pane reads: Culture's parts count as one dimension, Frailty and a local
priority per partnership, missing returns and overdue milestones need attention."""

from __future__ import annotations

import datetime as dt

from lcpdesk.services.membership import MembershipService
from lcpdesk.services.overview import read_overview


def test_the_overview_of_leeds(demo_store):
    leeds = MembershipService(demo_store).area_named("Leeds")
    data = read_overview(demo_store, leeds.id, None, dt.date(2030, 1, 1))
    assert data is not None and data.period == "2020/21 Q2"
    assert len(data.populations) == 18
    names = [d.name for d in data.dimensions]
    assert names.count("Culture") == 1 and len(names) == len(set(names))
    assert all(d.change is not None for d in data.dimensions)  # 2019/20 Q2 came before
    armley = next(g for g in data.goals if g.name == "Armley")
    assert armley.frailty and armley.local
    kinds = {a.what for a in data.attention}
    assert {"Overdue milestone", "Return missing"} <= kinds  # milestones dated before 2030


def test_an_area_that_has_gone_reads_as_none(demo_store):
    assert read_overview(demo_store, 9999, None, dt.date(2030, 1, 1)) is None

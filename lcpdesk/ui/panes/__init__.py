"""The panes of the main window, in the order their tabs appear.

To add a pane (Maturity, Goals, Resources, Returns, Overview): subclass
:class:`lcpdesk.ui.panes.base.Pane` in ``panes/<name>.py``, then add its title and
``module:Class`` to :data:`PANES` in the product's order. A pane that is not built yet is
simply not in the list: the window shows no placeholder for it.
"""

from __future__ import annotations

import importlib

from lcpdesk.ui.panes.base import Pane, PaneContext

__all__ = ["PANES", "Pane", "PaneContext", "load_pane", "pane_classes"]

# (tab title, "module:Class"). The window imports a pane's module only when its tab is first
# shown (lcpdesk/ui/pane_tabs.py), so the title is written here as well as on the class
# (tests/ui/test_pane_tabs.py checks that they agree).
PANES: list[tuple[str, str]] = [
    ("Membership", "lcpdesk.ui.panes.membership:MembershipPane"),
    ("Maturity", "lcpdesk.ui.panes.maturity:MaturityPane"),
    ("Goals", "lcpdesk.ui.panes.goals:GoalsPane"),
    ("Resources", "lcpdesk.ui.panes.resources:ResourcesPane"),
    ("Returns", "lcpdesk.ui.panes.returns:ReturnsPane"),
    ("Overview", "lcpdesk.ui.panes.overview:OverviewPane"),
]


def load_pane(path: str) -> type[Pane]:
    """The pane class named by ``module:Class`` (importing its module)."""
    module, _, name = path.partition(":")
    pane_class = getattr(importlib.import_module(module), name)
    assert isinstance(pane_class, type) and issubclass(pane_class, Pane), path
    return pane_class


def pane_classes() -> list[type[Pane]]:
    """Every pane class, in tab order (importing every pane's module)."""
    return [load_pane(path) for _title, path in PANES]

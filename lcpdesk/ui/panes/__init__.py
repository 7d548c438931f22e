"""The panes of the main window, in the order their tabs appear.

To add a pane (Maturity, Goals, Resources, Returns, Overview): subclass
:class:`lcpdesk.ui.panes.base.Pane` in ``panes/<name>.py``, then add the class
to :func:`pane_classes` in the product's order. A pane that is not built yet is
simply not in the list: the window shows no placeholder for it.
"""

from __future__ import annotations

from lcpdesk.ui.panes.base import Pane, PaneContext

__all__ = ["Pane", "PaneContext", "pane_classes"]


def pane_classes() -> list[type[Pane]]:
    """Imported here, not at module level, so a pane's module may import the base freely."""
    from lcpdesk.ui.panes.goals import GoalsPane
    from lcpdesk.ui.panes.maturity import MaturityPane
    from lcpdesk.ui.panes.membership import MembershipPane
    from lcpdesk.ui.panes.resources import ResourcesPane
    from lcpdesk.ui.panes.returns import ReturnsPane

    return [
        MembershipPane,
        MaturityPane,
        GoalsPane,
        ResourcesPane,
        ReturnsPane,
        # MaturityPane, GoalsPane, ResourcesPane, ReturnsPane, OverviewPane: added by their issues
    ]

"""The main window's pane tabs, each pane built when its tab is first shown.

Building every pane at start-up made the window slow to appear; a tab holds an empty
placeholder until it is first shown, and is then swapped for its pane, which is told the
navigator's current selection (and reads its data through the task runner). A pane's module
is imported then too (see ``lcpdesk.ui.panes.PANES``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from lcpdesk.ui.panes import Pane, PaneContext, load_pane

Selection = tuple[int | None, int | None]


class PaneTabs:
    def __init__(
        self,
        tabs: QTabWidget,
        entries: list[tuple[str, str]],
        context: PaneContext,
        *,
        on_built: Callable[[Pane], None],
    ) -> None:
        self.tabs = tabs
        self.titles = [title for title, _path in entries]
        self._paths = [path for _title, path in entries]
        self.context = context
        self.on_built = on_built  # the window connects the new pane's signals
        self.selection: Selection | None = None
        self._built: dict[int, Pane] = {}
        for title in self.titles:
            placeholder = QWidget()
            placeholder.setAccessibleName(f"{title} pane")
            tabs.addTab(placeholder, title)

    def built(self) -> list[Pane]:
        """The panes built so far, in tab order."""
        return [self._built[index] for index in sorted(self._built)]

    def every(self) -> list[Pane]:
        """Every pane, in tab order (building those not shown yet)."""
        return [self.pane_at(index) for index in range(len(self.titles))]

    def select(self, area_id: int | None, partnership_id: int | None) -> None:
        self.selection = (area_id, partnership_id)
        for pane in self.built():
            pane.set_selection(area_id, partnership_id)

    def pane_at(self, index: int) -> Pane:
        pane = self._built.get(index)
        if pane is not None:
            return pane
        pane = load_pane(self._paths[index])(self.context)
        self._built[index] = pane
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the swap is not a change of tab
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, pane, pane.title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        if placeholder is not None:
            placeholder.deleteLater()
        self.on_built(pane)
        pane.restore_state()
        if self.selection is not None:
            pane.set_selection(*self.selection)
        return pane

    def show_current(self) -> None:
        """Build the current tab's pane if it is not built yet."""
        index = self.tabs.currentIndex()
        if 0 <= index < len(self.titles):
            self.pane_at(index)

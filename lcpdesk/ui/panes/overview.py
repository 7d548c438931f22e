"""The Overview pane: the selected area at a glance for a period, read in a worker
(services/overview) so that even 1,250 partnerships never freeze the window. An entry of
"Needs attention" opens (Enter or double-click) the place to act: the partnership in the
navigator and the pane where it is done."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from lcpdesk import clock
from lcpdesk.services.overview import Attention, Overview, read_overview
from lcpdesk.ui.panes.base import PaneContext
from lcpdesk.ui.panes.overview_view import OverviewView, level_columns
from lcpdesk.ui.tasks import Reader


class OverviewPane(OverviewView):
    title: ClassVar[str] = "Overview"
    key: ClassVar[str] = "overview"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: Overview | None = None
        self._period: dict[int, str] = {}  # the period chosen, per area
        self.reader = Reader(context.tasks, "Reading the overview", self)
        self.reader.busy_changed.connect(self.loading_note.set_busy)
        self.period_combo.activated.connect(self._on_period)
        self.tables["attention"].activated.connect(lambda _i: self.open_attention())
        self._show(None)

    def refresh(self) -> None:
        area_id = self.area_id
        if area_id is None:
            self.reader.drop()
            self._show(None)
            return
        store, period = self.context.store, self._period.get(area_id)
        today = clock.today()
        self.reader.read(lambda: read_overview(store, area_id, period, today), self._show)

    def _on_period(self, _index: int) -> None:
        if self.area_id is not None:
            self._period[self.area_id] = self.period_combo.currentText()
            self.refresh()

    def _show(self, data: object) -> None:
        self.data = data if isinstance(data, Overview) else None
        d = self.data
        self.note.setVisible(d is None)
        self.tabs.setEnabled(d is not None)
        if d is None:
            self.heading.setText("Overview")
            self.set_tables(**{k: [] for k in self.models})
            for chart in (self.population_chart, self.heat_chart, self.sector_chart):
                chart.show_chart(None, None)
            return
        self.heading.setText(f"{d.area.name} at a glance · {d.period or 'no period'}")
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItems(d.periods)
        self.period_combo.setCurrentText(d.period)
        self.period_combo.blockSignals(False)
        self.models["levels"].set_columns(level_columns(d.heat))
        self.set_tables(
            levels=list(d.heat.rows) if d.heat is not None else [],
            population=d.populations,
            dimensions=d.dimensions,
            goals=d.goals,
            sector=d.by_sector,
            partner=d.by_partner,
            returns=d.returns,
            attention=d.attention,
        )
        key = (d.area.id, d.period, id(d))
        rows, name = d.populations, d.area.name

        def population() -> object:
            from lcpdesk.charts.overview import population_chart

            return population_chart(rows, f"{name}: populations")

        self.population_chart.show_chart(key, population, f"{name} populations")
        heat = d.heat
        if heat is not None:

            def heat_map() -> object:
                from lcpdesk.charts.maturity import heat_map_figure

                return heat_map_figure(heat)

            self.heat_chart.show_chart(key, heat_map, heat.title)
        else:
            self.heat_chart.show_chart(None, None)
        sectors = d.by_sector
        if any(r.amount("funding") for r in sectors):

            def sector() -> object:
                from lcpdesk.charts.resources import sector_chart

                return sector_chart(sectors, "funding")

            self.sector_chart.show_chart(key, sector, f"{name} funding by sector")
        else:
            self.sector_chart.show_chart(None, None)

    def open_attention(self) -> Attention | None:
        """Go to where the selected entry is acted on: its partnership, in its pane."""
        view = self.tables["attention"]
        index = view.currentIndex()
        if not index.isValid() or self.data is None:
            return None
        entry = self.proxies["attention"].record_at(index.row())
        assert isinstance(entry, Attention)
        self.context.navigate(self.data.area.id, entry.partnership_id)
        window = self.window()
        for pane in getattr(window, "panes", []):
            if getattr(pane, "key", "") == entry.pane:
                window.show_pane(pane)  # type: ignore[attr-defined]
                pane.setFocus()
        return entry

    def status_text(self) -> str:
        return f"Period {self.data.period}" if self.data is not None else ""

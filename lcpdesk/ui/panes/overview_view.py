"""The Overview pane's layout: a period chooser, then one tab per part (populations, maturity,
goals, resources, returns, needs attention). Every chart sits beside a table of the same
numbers. Its behaviour is :mod:`lcpdesk.ui.panes.overview`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain import resources as res
from lcpdesk.domain.maturity_views import HeatMapData
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.chart_view import ChartView
from lcpdesk.ui.models.records import Column, RecordFilterProxy, RecordTableModel
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.widgets import LoadingNote, table


def _num(value: float | None, places: int = 2) -> str:
    return fmt.UNKNOWN if value is None else f"{value:,.{places}f}"


def _change(value: float | None) -> str:
    return fmt.UNKNOWN if value is None else f"{value:+.2f}"


POPULATION = [
    Column("Partnership", lambda r: r.name),
    Column("Membership", lambda r: fmt.count(r.membership), lambda r: r.membership or -1, True),
    Column("Footprint", lambda r: fmt.count(r.footprint), lambda r: r.footprint or -1, True),
    Column(
        "Practices", lambda r: fmt.count(r.counted_practices), lambda r: r.counted_practices, True
    ),
]
DIMENSIONS = [
    Column("Dimension", lambda d: d.name),
    Column(
        "At or above the standard",
        lambda d: f"{d.at_standard} of {d.assessed}",
        lambda d: d.at_standard,
        True,
    ),
    Column("Area mean", lambda d: _num(d.mean_now), lambda d: d.mean_now or 0.0, True),
    Column("Previous", lambda d: _num(d.mean_before), lambda d: d.mean_before or 0.0, True),
    Column("Change", lambda d: _change(d.change), lambda d: d.change or 0.0, True),
]
GOALS = [
    Column("Partnership", lambda g: g.name),
    Column("Goals", lambda g: str(g.goals), lambda g: g.goals, True),
    Column("Red", lambda g: str(g.red), lambda g: g.red, True),
    Column("Amber", lambda g: str(g.amber), lambda g: g.amber, True),
    Column("Green", lambda g: str(g.green), lambda g: g.green, True),
    Column("Done", lambda g: str(g.done), lambda g: g.done, True),
    Column("Frailty (city-wide)", lambda g: "Yes" if g.frailty else "No — missing"),
    Column("Local priority", lambda g: "Yes" if g.local else "No — missing"),
]
RETURNS = [
    Column("Partnership", lambda r: r.name),
    Column("Return", lambda r: r.status.capitalize()),
    Column("File", lambda r: r.file_name),
    Column(
        "Read", lambda r: fmt.day(r.read_on), lambda r: r.read_on.toordinal() if r.read_on else 0
    ),
]
ATTENTION = [
    Column("What", lambda a: a.what),
    Column("Partnership", lambda a: a.name),
    Column("Detail", lambda a: a.text),
]


def level_columns(heat: HeatMapData | None) -> list[Column]:
    """The heat map as a table: a row per partnership, its status, a level per dimension."""
    if heat is None:
        return [Column("Partnership", lambda r: r.name)]

    def level(i: int) -> Column:
        return Column(
            heat.short_columns[i], lambda r: heat.level_name(r.ranks[i]) or "not assessed",
            lambda r: r.ranks[i] or 0, header_tip=heat.columns[i],
        )  # fmt: skip

    return [
        Column(heat.partnership_label or "Partnership", lambda r: r.name),
        Column("Assessment", lambda r: r.status or "not started"),
        *(level(i) for i in range(len(heat.columns))),
    ]


def _kind_column(kind: str) -> Column:
    def text(row: res.TotalRow) -> str:
        return res.amount_text(kind, row.amount(kind))

    def raw(row: res.TotalRow) -> int:
        return row.amount(kind)

    return Column(res.kind_label(kind), text, raw, True)


def total_columns(label: str) -> list[Column]:
    return [Column(label, lambda r: r.label), *(_kind_column(k) for k in res.KINDS)]


def fit_sampled(view: QTableView, rows: int = 60, max_em: int = 28) -> None:
    """Columns as wide as their header and the first ``rows`` rows' text (Qt's own fitting
    takes ~0.1 s a table at national scale, a stall the user feels)."""
    model = view.model()
    metrics = view.fontMetrics()
    em = metrics.horizontalAdvance("M")
    pad = em * 2
    for col in range(model.columnCount()):
        texts = [str(model.headerData(col, Qt.Orientation.Horizontal) or "")]
        texts += [str(model.index(r, col).data() or "") for r in range(min(rows, model.rowCount()))]
        wanted = max(metrics.horizontalAdvance(t) for t in texts) + pad
        view.setColumnWidth(col, min(wanted, em * max_em))


def _pair(
    first: QWidget, second: QWidget, name: str, vertical: bool = False, second_share: int = 1
) -> QSplitter:
    """Two parts side by side (or one above the other), the second ``second_share`` times
    the first's share of the room."""
    split = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    split.setAccessibleName(name)
    split.setChildrenCollapsible(False)
    split.addWidget(first)
    split.addWidget(second)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, second_share)
    return split


class OverviewView(Pane):
    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.heading = QLabel()
        self.heading.setAccessibleName("Overview heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)  # at large text it wraps rather than crowd the period
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.period_label = QLabel("P&eriod:")
        self.period_label.setBuddy(self.period_combo)
        self.loading_note = LoadingNote()
        self.note = QLabel("Choose an area in the navigator.")
        self.note.setAccessibleName("Overview note")
        self.models: dict[str, RecordTableModel] = {}
        self.proxies: dict[str, RecordFilterProxy] = {}
        self.tables: dict[str, QTableView] = {}
        for key, cols, name in (
            ("population", POPULATION, "Populations"),
            ("dimensions", DIMENSIONS, "Maturity by dimension"),
            ("levels", [], "Agreed levels"),
            ("goals", GOALS, "Goals by partnership"),
            ("sector", total_columns("Sector"), "Resources by sector"),
            ("partner", total_columns("Partner"), "Resources by partner"),
            ("returns", RETURNS, "Returns"),
            ("attention", ATTENTION, "Needs attention"),
        ):
            self.models[key] = RecordTableModel(cols, self)
            self.proxies[key] = RecordFilterProxy(self)
            self.proxies[key].setSourceModel(self.models[key])
            self.tables[key] = table(self.proxies[key], name)
            # fitting a column measures 100 rows, not 1,250 (the vertical header's setting)
            self.tables[key].verticalHeader().setResizeContentsPrecision(100)
        self.population_chart = ChartView(context.tasks, "Populations", empty_text="No data.")
        self.heat_chart = ChartView(
            context.tasks, "Maturity heat map", empty_text="No assessments for this period."
        )
        self.sector_chart = ChartView(
            context.tasks, "Funding by sector", empty_text="No funding allocated."
        )
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Overview parts")
        self.tabs.tabBar().setAccessibleName("Overview tabs")
        self._unfitted: set[str] = set()
        self._arrange()
        self.tabs.currentChanged.connect(lambda _i: self.fit_shown())

    def _arrange(self) -> None:
        t = self.tables
        levels = _pair(t["levels"], self.heat_chart, "Agreed levels")
        maturity = _pair(t["dimensions"], levels, "Maturity", True, 3)
        by_sector = _pair(t["sector"], self.sector_chart, "Resources by sector")
        resources = _pair(by_sector, t["partner"], "Resources", True)
        for widget, text in (
            (_pair(t["population"], self.population_chart, "Populations"), "&Populations"),
            (maturity, "&Maturity"),
            (t["goals"], "&Goals"),
            (resources, "&Resources"),
            (t["returns"], "Re&turns"),
            (t["attention"], "&Needs attention"),
        ):
            self.tabs.addTab(widget, text)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.loading_note)
        top.addWidget(self.period_label)
        top.addWidget(self.period_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)

    def fit_shown(self) -> None:
        """Fit the columns of the tables on screen (fitting costs ~0.1 s a table at national
        scale, so hidden tabs wait until they are shown)."""
        for key in list(self._unfitted):
            view = self.tables[key]
            if view.isVisible():
                fit_sampled(view)
                self._unfitted.discard(key)

    def set_tables(self, **rows: Sequence[object]) -> None:
        """The rows of each table by key (population, dimensions, goals, …)."""
        for key, records in rows.items():
            self.models[key].set_records(records)
        self._unfitted.update(rows)
        self.fit_shown()
        count = len(rows.get("attention", ()))
        self.tabs.setTabText(5, f"&Needs attention ({count:,})")

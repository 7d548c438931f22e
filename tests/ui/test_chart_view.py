"""The one chart widget: figures are built and drawn in a worker, never on the UI thread; an
answer for a chart the user has left is dropped; Save chart… writes PNG, SVG and PDF."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lcpdesk.charts import style
from lcpdesk.ui import chart_picture, chart_view, prompts
from lcpdesk.ui.chart_picture import render
from lcpdesk.ui.chart_view import FILTERS, ChartView
from lcpdesk.ui.panes.maturity_charts import ChartPanel
from lcpdesk.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

UI_THREAD = threading.get_ident()


def figure(title: str) -> Any:
    fig = style.new_figure(5, 3)
    ax = fig.add_subplot()
    ax.plot([1, 2, 3], [3, 1, 2], label="Falls per month")
    style.heading(fig, title)
    style.legend_below(fig)
    return fig


class Builder:
    """A chart's build function that records the thread it ran in and may wait to finish."""

    def __init__(self, title: str, gate: threading.Event | None = None) -> None:
        self.title = title
        self.gate = gate
        self.threads: list[int] = []
        self.made: list[Any] = []

    def __call__(self) -> Any:
        self.threads.append(threading.get_ident())
        if self.gate is not None:
            assert self.gate.wait(20), "the test never let the chart finish"
        fig = figure(self.title)
        self.made.append(fig)
        return fig


@pytest.fixture
def view(qtbot: Any) -> ChartView:
    parent = QWidget()
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(2)  # two charts may be drawn at once
    tasks = TaskRunner(parent, pool)
    qtbot.addWidget(parent, before_close_func=lambda _w: tasks.wait(20000))
    chart = ChartView(tasks, "Measure chart", empty_text="Choose a measure.")
    layout = QVBoxLayout(parent)
    layout.addWidget(chart.save_button)
    layout.addWidget(chart)
    parent.resize(640, 480)
    parent.show()
    qtbot.waitExposed(parent)
    return chart


def test_the_figure_is_built_and_drawn_in_a_worker(qtbot: Any, view: ChartView) -> None:
    assert view.placeholder.text() == "Choose a measure." and not view.save_button.isEnabled()
    build = Builder("Falls in Armley")
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show_chart("falls", build, "Falls in Armley")
        assert view.drawing and view.placeholder.text() == "Drawing the chart…"
    assert not view.drawing
    assert build.threads and UI_THREAD not in build.threads
    assert view.figure is build.made[0]
    assert view.figure.get_suptitle() == "Falls in Armley"
    assert view.canvas is not None and view.canvas.isVisible()
    image = view.canvas.image
    assert image is not None and not image.isNull()
    assert image.width() >= view.canvas.width()  # drawn at the size it is shown
    assert view.save_button.isEnabled()
    # The same chart again changes nothing: no second build.
    view.show_chart("falls", build, "Falls in Armley")
    qtbot.wait(50)
    assert len(build.threads) == 1


def test_a_resized_chart_is_drawn_again_in_a_worker_at_its_new_size(
    qtbot: Any, view: ChartView, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Builder("Falls")
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show_chart("falls", build)
    render_threads: list[int] = []

    def watched(*args: Any) -> Any:
        render_threads.append(threading.get_ident())
        return render(*args)

    monkeypatch.setattr(chart_view, "render", watched)
    view.window().resize(900, 700)
    canvas = view.canvas
    assert canvas is not None
    qtbot.waitUntil(
        lambda: (
            canvas.image is not None
            and canvas.image.deviceIndependentSize().toSize() == canvas.size()
        ),
        timeout=20000,
    )
    assert render_threads and UI_THREAD not in render_threads
    assert len(build.threads) == 1  # the same figure, drawn again
    assert chart_picture.LAYOUT_DPI == style.DPI  # drawn at the size it was laid out for


def test_the_maturity_charts_are_drawn_in_a_worker_too(qtbot: Any, view: ChartView) -> None:
    from lcpdesk.domain.maturity_views import RadarData

    threads: list[int] = []

    def radar(data: RadarData) -> Any:
        from lcpdesk.charts.maturity import radar_figure

        threads.append(threading.get_ident())
        return radar_figure(data)

    panel = ChartPanel("Radar", radar, view.tasks, lambda: "Armley maturity radar")
    view.parentWidget().layout().addWidget(panel)
    levels = ("Basics in place", "Developing", "Well developed", "Excellent")
    data = RadarData("Armley", "2020/21 Q2", ("Leadership", "Structure", "Goals"), levels, 3,
                     (2, 3, None), (3, 3, 4), None, "now", "")  # fmt: skip
    with qtbot.waitSignal(panel.ready, timeout=20000):
        panel.set_data(data)
    assert threads and UI_THREAD not in threads
    assert panel.figure.get_suptitle() == "Armley" and panel.save_button.isEnabled()
    panel.set_data(None, "Armley has no assessment for 2021/22 Q1.")
    assert panel.body.currentWidget() is panel.placeholder
    assert panel.placeholder.text() == "Armley has no assessment for 2021/22 Q1."


def test_an_answer_for_a_chart_the_user_has_left_is_dropped(qtbot: Any, view: ChartView) -> None:
    first_gate, second_gate = threading.Event(), threading.Event()
    first = Builder("Falls in Armley", first_gate)
    second = Builder("Falls in Beeston", second_gate)
    view.show_chart("armley", first, "Armley")
    qtbot.waitUntil(lambda: len(first.threads) == 1, timeout=20000)
    view.show_chart("beeston", second, "Beeston")  # the user moved on before it was drawn
    qtbot.waitUntil(lambda: len(second.threads) == 1, timeout=20000)
    first_gate.set()  # the old answer arrives first
    qtbot.waitUntil(lambda: len(view.tasks.tasks) == 1, timeout=20000)
    assert first.made and view.figure is None  # dropped, not shown
    assert view.placeholder.text() == "Drawing the chart…"
    with qtbot.waitSignal(view.ready, timeout=20000):
        second_gate.set()
    assert view.figure is second.made[0]
    assert view.figure.get_suptitle() == "Falls in Beeston"

    # And an old answer arriving after the new one is shown does not replace it.
    late_gate = threading.Event()
    late = Builder("Falls in Central", late_gate)
    now = Builder("Falls in Chapeltown")
    view.show_chart("central", late, "Central")
    qtbot.waitUntil(lambda: len(late.threads) == 1, timeout=20000)
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show_chart("chapeltown", now, "Chapeltown")
    late_gate.set()
    qtbot.waitUntil(lambda: not view.tasks.tasks, timeout=20000)
    assert late.made and view.figure is now.made[0]


def test_requests_made_in_one_go_build_only_the_last(qtbot: Any, view: ChartView) -> None:
    """Arrowing down a list of measures asks for many charts at once: only the one the user
    stops on is built."""
    passed = [Builder(f"Measure {k}") for k in range(5)]
    with qtbot.waitSignal(view.ready, timeout=20000):
        for k, build in enumerate(passed):
            view.show_chart(k, build)
    assert [len(b.threads) for b in passed] == [0, 0, 0, 0, 1]
    assert view.figure.get_suptitle() == "Measure 4"


def test_a_hidden_chart_waits_to_be_shown(qtbot: Any, view: ChartView) -> None:
    view.hide()
    build = Builder("Falls")
    view.show_chart("falls", build)
    qtbot.wait(100)
    assert not build.threads  # not drawn for nobody
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show()
    assert len(build.threads) == 1


def test_clearing_shows_the_empty_text(qtbot: Any, view: ChartView) -> None:
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show_chart("falls", Builder("Falls"))
    view.set_empty_text("This goal has no measures yet.")
    view.show_chart(None, None)
    assert view.figure is None and not view.save_button.isEnabled()
    assert view.body.currentWidget() is view.placeholder
    assert view.placeholder.text() == "This goal has no measures yet."


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.mark.parametrize(
    ("typed", "file_filter", "written", "magic"),
    [
        ("falls.png", "PNG image (*.png)", "falls.png", b"\x89PNG\r\n\x1a\n"),
        ("falls", "SVG drawing (*.svg)", "falls.svg", b"<?xml"),  # the filter names it
        ("falls", "PDF document (*.pdf)", "falls.pdf", b"%PDF"),
        ("falls.pdf", "PNG image (*.png)", "falls.pdf", b"%PDF"),  # the name's own wins
    ],
)
def test_save_chart_writes_each_format(
    qtbot: Any,
    view: ChartView,
    scripted_prompts: Any,
    tmp_path: Path,
    *,
    typed: str,
    file_filter: str,
    written: str,
    magic: bytes,
) -> None:
    build = Builder("Falls in Armley")
    with qtbot.waitSignal(view.ready, timeout=20000):
        view.show_chart("falls", build, "Falls in Armley / 2024")
    scripted_prompts.answer(prompts.SAVE_FILE, (str(tmp_path / typed), file_filter))
    with qtbot.waitSignal(view.saved, timeout=20000) as saved:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    asked = scripted_prompts.of_kind(prompts.SAVE_FILE)[-1]
    assert asked.text == "Falls in Armley 2024.png"  # a name without '/'
    assert asked.options["filters"] == FILTERS
    assert FILTERS.split(";;") == [
        "PNG image (*.png)",
        "SVG drawing (*.svg)",
        "PDF document (*.pdf)",
    ]
    path = Path(saved.args[0])
    assert path == tmp_path / written
    data = path.read_bytes()
    assert data.lstrip().startswith(magic)
    assert UI_THREAD not in build.threads[1:]  # the saved figure was built in a worker too
    if written.endswith(".svg"):
        assert "Falls in Armley" in data.decode("utf-8")
    if written.endswith(".pdf") and shutil.which("pdftotext"):
        assert "Falls in Armley" in pdf_text(path)
    # The next save starts in the folder used last.
    scripted_prompts.answer(prompts.SAVE_FILE, "")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    again = scripted_prompts.of_kind(prompts.SAVE_FILE)[-1]
    assert Path(again.text).parent == tmp_path

"""The Maturity pane's forms: start an assessment, add or edit a rater, make a goal from a gap,
and the list of frameworks (with Load from file…)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.maturity import FrameworkInfo
from lcpdesk.domain.maturity_views import GapRow
from lcpdesk.domain.scoring import Rater
from lcpdesk.ui.dialogs.form import FormDialog
from lcpdesk.ui.models.maturity import (
    framework_columns,
    sort_in_source_order,
    sorting_proxy,
)
from lcpdesk.ui.models.records import RecordTableModel
from lcpdesk.ui.widgets import read_only_table


def _line(text: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    if name:
        edit.setAccessibleName(name)
    return edit


class NewAssessmentDialog(FormDialog):
    """Partnership (fixed), period, framework, and whether to copy the previous raters."""

    def __init__(
        self,
        partnership: str,
        *,
        period: str,
        frameworks: Sequence[tuple[str, str]],  # (key, name)
        framework_key: str,
        has_previous: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "New assessment",
            parent=parent,
            intro=f"Start a maturity self-assessment of {partnership}. It is saved as you "
            "go: you can leave it part-done and come back to it.",
            ok_text="&Start",
        )
        self.period = _line(period, "Period")
        self.period.setPlaceholderText("e.g. 2019/20 Q2")
        self.period.setToolTip("A financial year and quarter, e.g. 2019/20 Q2, or a whole year")
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        for key, name in frameworks:
            self.framework.addItem(name, key)
            if key == framework_key:
                self.framework.setCurrentIndex(self.framework.count() - 1)
        self.copy_previous = QCheckBox("&Copy raters and targets from the previous assessment")
        self.copy_previous.setAccessibleName("Copy raters and targets")
        self.copy_previous.setChecked(has_previous)
        self.copy_previous.setEnabled(has_previous)
        self.add_row("&Period:", self.period)
        self.add_row("&Framework:", self.framework)
        self.form.addRow(self.copy_previous)

    def chosen_key(self) -> str:
        return str(self.framework.currentData())


class RaterDialog(FormDialog):
    def __init__(
        self, title: str, rater: Rater | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            title,
            parent=parent,
            intro="A partner representative who scores the assessment independently.",
            ok_text="&Save" if rater else "&Add",
        )
        self.name = _line(rater.name if rater else "", "Rater's name")
        self.name.setPlaceholderText("e.g. Asha Khan")
        self.organisation = _line(rater.organisation if rater else "", "Organisation")
        self.organisation.setPlaceholderText("e.g. Leeds Community Healthcare")
        self.add_row("&Name:", self.name)
        self.add_row("&Organisation:", self.organisation)


NEW_GOAL = -1


class GoalFromGapDialog(FormDialog):
    """Make a new goal from a gap, or link the gap to one of the partnership's goals."""

    def __init__(
        self,
        gap: GapRow,
        *,
        partnership: str,
        standard: str,
        title: str,
        next_steps: str,
        goals: Sequence[tuple[int, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        where = f"{gap.consensus_name} now" if gap.consensus is not None else "not yet assessed"
        super().__init__(
            "Make a goal from a gap",
            parent=parent,
            intro=f"{gap.label} in {partnership} is {where}; the standard is {standard}. "
            "Make it a goal (the Goals pane shows it), linked to this dimension and "
            "this assessment.",
            ok_text="&Make goal",
        )
        self.goal = QComboBox()
        self.goal.setAccessibleName("Goal")
        self.goal.addItem("A new goal", NEW_GOAL)
        for goal_id, goal_title, status in goals:
            self.goal.addItem(f"Link to: {goal_title} ({status})", goal_id)
        self.title = _line(title, "Goal title")
        self.term = QComboBox()
        self.term.setAccessibleName("Term")
        self.term.addItem("Short term", "short")
        self.term.addItem("Long term", "long")
        self.description = QPlainTextEdit(next_steps)
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(self.fontMetrics().height() * 6)
        self.add_row("&Goal:", self.goal)
        self.add_row("&Title:", self.title)
        self.add_row("Te&rm:", self.term)
        self.add_row("&Description:", self.description)
        self.goal.currentIndexChanged.connect(self._on_goal)

    def chosen_goal(self) -> int | None:
        value = self.goal.currentData()
        return None if value == NEW_GOAL else int(value)

    def _on_goal(self, _index: int) -> None:
        new = self.chosen_goal() is None
        for field in (self.title, self.term, self.description):
            field.setEnabled(new)
        self.ok_button.setText("&Make goal" if new else "&Link goal")


class FrameworksDialog(QDialog):
    """The frameworks held (every version) and Load from file…"""

    def __init__(
        self,
        infos: Callable[[], list[FrameworkInfo]],
        load: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Maturity frameworks")
        self.setAccessibleName("Maturity frameworks")
        self._infos = infos
        intro = QLabel(
            "Frameworks are data: load another from a TOML file or a sheet of dimensions × "
            "levels. A framework used by an assessment is locked; loading a changed file with "
            "the same key makes a new version, and assessments keep the version they used."
        )
        intro.setWordWrap(True)
        self.model: RecordTableModel = RecordTableModel(framework_columns(), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = read_only_table(self.proxy, "Frameworks")
        sort_in_source_order(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.load_button = QPushButton("&Load from file…")
        self.load_button.setAccessibleName("Load from file")
        self.load_button.clicked.connect(load)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setAccessibleName("Close")
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 84, self.fontMetrics().height() * 22)
        self.reload()

    def reload(self) -> None:
        self.model.set_records(self._infos())
        self.table.resizeColumnsToContents()

    def set_read_only(self, read_only: bool) -> None:
        self.load_button.setEnabled(not read_only)
        self.load_button.setToolTip(
            "Wait for the running task to finish" if read_only else "TOML, .xlsx, .xls or .ods"
        )

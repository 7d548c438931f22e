"""One dimension of an assessment, to score: what a strong partnership shows, each rater's
level, the spread, the agreed level and target, evidence, links and next steps.

Levels chosen in a combo box are written at once (each one undo step). The three texts are
written together when the user presses Save notes, moves to another dimension or period, or
leaves the pane, so nothing typed is lost and a paragraph is one undo step, not one per key.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain.maturity import Dimension, Framework
from lcpdesk.domain.scoring import Assessment, Item
from lcpdesk.ui.models.maturity import NOT_ASSESSED

NONE = 0  # combo item data for "no level" (a rank is 1 or more)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://|^mailto:", re.IGNORECASE)


def fill_levels(combo: QComboBox, fw: Framework, none_text: str) -> None:
    """The framework's levels, lowest first, after a "no level" item; meanings as tooltips."""
    combo.clear()
    combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance("M") * 11)
    combo.addItem(none_text, NONE)
    for level in fw.levels:
        combo.addItem(level.name, level.rank)
        if level.meaning:
            combo.setItemData(combo.count() - 1, level.meaning, Qt.ItemDataRole.ToolTipRole)


def level_combo(fw: Framework, none_text: str, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    fill_levels(combo, fw, none_text)
    return combo


def set_rank(combo: QComboBox, rank: int | None) -> None:
    index = combo.findData(NONE if rank is None else rank)
    combo.setCurrentIndex(max(index, 0))


def rank_of(combo: QComboBox) -> int | None:
    value = combo.currentData()
    return None if value in (None, NONE) else int(value)


def link_url(link: str) -> str:
    """A web address as it is; anything else is taken for a document's path."""
    if _URL.match(link):
        return link
    return bytes(QUrl.fromLocalFile(link).toEncoded().data()).decode("ascii")


def links_html(links: list[str]) -> str:
    if not links:
        return ""
    items = "<br>".join(
        f'<a href="{html.escape(link_url(link), quote=True)}">{html.escape(link)}</a>'
        for link in links
    )
    return f"Open: {items}"


def _text_box(name: str, lines: int, placeholder: str, grows: bool = False) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 2 * box.frameWidth() + 8
    box.setMinimumHeight(height)
    if not grows:
        box.setMaximumHeight(height)
    return box


class DetailEditor(QWidget):
    consensus_chosen = Signal(object)  # rank or None
    target_chosen = Signal(object)
    rater_level_chosen = Signal(int, object)  # rater id, rank or None
    save_requested = Signal()
    add_document_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Dimension being scored")
        self.key: tuple[int, int] | None = None  # (assessment id, dimension id)
        self.dirty = False
        self._loading = False
        self._framework: Framework | None = None
        self._dimension: Dimension | None = None

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setAccessibleName("Dimension")
        self.descriptor = QLabel()
        self.descriptor.setWordWrap(True)
        self.descriptor.setAccessibleName("What a strong partnership shows")

        self.raters_box = QGroupBox("Raters' levels")
        self.raters_form = QFormLayout(self.raters_box)
        self.raters_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.rater_combos: dict[int, QComboBox] = {}
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.spread.setAccessibleName("Spread of the raters' levels")

        self.consensus = QComboBox()
        self.target = QComboBox()
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setAccessibleName("Meaning of the agreed level")
        agreed = QFormLayout()
        agreed.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.raters_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.consensus_label = QLabel("&Agreed level:")
        self.target_label = QLabel("&Target:")
        agreed.addRow(self.consensus_label, self.consensus)
        agreed.addRow("", self.meaning)
        agreed.addRow(self.target_label, self.target)

        self.evidence = _text_box(
            "Evidence", 4, "What shows this level: meetings, plans, data…", grows=True
        )
        self.links = _text_box("Links", 2, "Web addresses or document paths, one a line")
        self.next_steps = _text_box("Next steps", 3, "What the partnership will do next")
        self.links_view = QLabel()
        self.links_view.setOpenExternalLinks(True)
        self.links_view.setWordWrap(True)
        self.links_view.setAccessibleName("Links to open")
        self.add_document = QPushButton("Add &document…")
        self.add_document.setAccessibleName("Add document")
        self.save_button = QPushButton("&Save notes")
        self.save_button.setAccessibleName("Save notes")
        self.save_button.setToolTip("Save the evidence, links and next steps (Ctrl+S)")
        self.notes_state = QLabel()
        self.notes_state.setAccessibleName("Notes state")

        notes = QFormLayout()
        for label, box in (
            ("&Evidence:", self.evidence),
            ("&Links:", self.links),
            ("", self.links_view),
            ("&Next steps:", self.next_steps),
        ):
            caption = QLabel(label)
            caption.setBuddy(box)
            notes.addRow(caption, box)
        save_row = QHBoxLayout()
        save_row.addWidget(self.add_document)
        save_row.addStretch(1)
        save_row.addWidget(self.notes_state)
        save_row.addWidget(self.save_button)

        levels = QVBoxLayout()
        levels.addWidget(self.raters_box)
        levels.addWidget(self.spread)
        levels.addLayout(agreed)
        levels.addStretch(1)
        texts = QVBoxLayout()
        texts.addLayout(notes, 1)
        texts.addLayout(save_row)
        columns = QHBoxLayout()
        columns.addLayout(levels, 1)
        columns.addSpacing(self.fontMetrics().horizontalAdvance("M"))
        columns.addLayout(texts, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.descriptor)
        layout.addLayout(columns, 1)

        self.consensus.activated.connect(
            lambda _i: self.consensus_chosen.emit(rank_of(self.consensus))
        )
        self.target.activated.connect(lambda _i: self.target_chosen.emit(rank_of(self.target)))
        for box in (self.evidence, self.links, self.next_steps):
            box.textChanged.connect(self._on_text)
        self.links.textChanged.connect(self._show_links)
        self.save_button.clicked.connect(self.save_requested)
        self.add_document.clicked.connect(self.add_document_requested)
        self._set_dirty(False)

    # ------------------------------------------------------------------ content

    def load(self, current: Assessment, dimension: Dimension, editable: bool) -> None:
        """Show ``dimension`` of ``current``. Unsaved notes for the same dimension are kept."""
        key = (current.id, dimension.id)
        item = current.item(dimension.id)
        fw = current.framework
        self._loading = True
        try:
            if self._framework is None or fw.id != self._framework.id:
                self._rebuild_level_combos(fw)
            self._framework, self._dimension = fw, dimension
            self.title.setText(dimension.label)
            self.descriptor.setText(
                f"A strong partnership: {dimension.descriptor}" if dimension.descriptor else ""
            )
            self._load_raters(current, item, editable)
            self._show_spread(item)
            set_rank(self.consensus, item.consensus)
            set_rank(self.target, item.target)
            self._show_meaning(item.consensus)
            if key != self.key or not self.dirty:
                self.evidence.setPlainText(item.evidence)
                self.links.setPlainText(item.links)
                self.next_steps.setPlainText(item.next_steps)
                self._set_dirty(False)
            self.key = key
        finally:
            self._loading = False
        self._show_links()
        for widget in (
            self.consensus,
            self.target,
            self.add_document,
            *self.rater_combos.values(),
        ):
            widget.setEnabled(editable)
        for box in (self.evidence, self.links, self.next_steps):
            box.setReadOnly(not editable)
        self.save_button.setEnabled(editable and self.dirty)

    def clear(self) -> None:
        self.key = None
        self._set_dirty(False)

    def notes(self) -> tuple[str, str, str]:
        return (
            self.evidence.toPlainText(),
            self.links.toPlainText(),
            self.next_steps.toPlainText(),
        )

    def take_pending(self) -> tuple[tuple[int, int], tuple[str, str, str]] | None:
        """The unsaved notes, as ((assessment id, dimension id), texts); now counted saved."""
        if not self.dirty or self.key is None:
            return None
        pending = (self.key, self.notes())
        self._set_dirty(False)
        return pending

    def append_links(self, lines: list[str]) -> None:
        text = self.links.toPlainText().rstrip("\n")
        self.links.setPlainText("\n".join([text, *lines]) if text else "\n".join(lines))

    # ------------------------------------------------------------------ internals

    def _rebuild_level_combos(self, fw: Framework) -> None:
        fill_levels(self.consensus, fw, NOT_ASSESSED)
        fill_levels(self.target, fw, "No target")
        self.consensus.setAccessibleName("Agreed level")
        self.target.setAccessibleName("Target")
        self.consensus_label.setBuddy(self.consensus)
        self.target_label.setBuddy(self.target)

    def _load_raters(self, current: Assessment, item: Item, editable: bool) -> None:
        wanted = [r.id for r in current.raters]
        if list(self.rater_combos) != wanted or any(
            self.raters_form.labelForField(c) is None for c in self.rater_combos.values()
        ):
            while self.raters_form.rowCount():
                self.raters_form.removeRow(0)
            self.rater_combos = {}
            for rater in current.raters:
                combo = level_combo(current.framework, "—", f"{rater.name}'s level")
                combo.activated.connect(
                    lambda _i, rid=rater.id, c=combo: self.rater_level_chosen.emit(rid, rank_of(c))
                )
                caption = QLabel(f"{rater.name}:")
                caption.setToolTip(rater.label)
                caption.setBuddy(combo)
                self.raters_form.addRow(caption, combo)
                if self.raters_box.isVisible():  # else Qt shows them only later, queued
                    caption.show()
                    combo.show()
                self.rater_combos[rater.id] = combo
        for rater in current.raters:
            combo = self.rater_combos[rater.id]
            set_rank(combo, item.scores.get(rater.id))
            combo.setEnabled(editable)
        self.raters_box.setTitle(
            "Raters' levels" if current.raters else "Raters' levels: add raters below"
        )

    def _show_spread(self, item: Item) -> None:
        fw = self._framework
        s = item.spread()
        if fw is None or not s.count:
            self.spread.setText("Spread: no rater has given a level yet.")
            return
        median = float(s.median if s.median is not None else 0)
        middle = (
            fw.level_name(int(median))
            if median.is_integer()
            else f"{fw.level_name(int(median))}–{fw.level_name(int(median) + 1)}"
        )
        agreement = s.agreement or 0.0
        self.spread.setText(
            f"Spread: lowest {fw.level_name(s.lowest)} · median {middle} · highest "
            f"{fw.level_name(s.highest)} · agreement {round(agreement * 100)}% "
            f"({s.modal_count} of {s.count} raters at the same level)"
        )

    def _show_meaning(self, rank: int | None) -> None:
        fw, dim = self._framework, self._dimension
        level = fw.level(rank) if fw else None
        if level is None or dim is None:
            self.meaning.setText("")
            self.meaning.hide()
            return
        text = dim.cells.get(level.rank) or level.meaning
        self.meaning.setText(f"{level.name}: {text}" if text else "")
        self.meaning.setVisible(bool(text))

    def _on_text(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.notes_state.setText("Unsaved changes" if dirty else "")
        self.save_button.setEnabled(dirty and not self.evidence.isReadOnly())

    def _show_links(self) -> None:
        lines = [line.strip() for line in self.links.toPlainText().splitlines() if line.strip()]
        self.links_view.setText(links_html(lines))
        self.links_view.setVisible(bool(lines))

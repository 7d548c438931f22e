"""The one record table model behind the Maturity, Goals and Resources tables: emphasis."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lcpdesk.ui.models.records import MUTED, Column, RecordTableModel

FONT, FORE, BACK = (
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
)


def model() -> RecordTableModel:
    table = RecordTableModel(
        [
            Column("Level", str, emphasis=lambda r: r),
            Column("Coloured", str, emphasis=lambda r: r, colours=lambda r: ("#ffffff", "#000000")),
            Column("Plain", str),
        ]
    )
    table.set_records(["bold", "italic", ""])
    return table


def test_emphasis_sets_the_font_and_mutes_italic_text() -> None:
    table = model()
    bold, italic, plain = (table.index(row, 0) for row in range(3))
    assert bold.data(FONT).bold() and not bold.data(FONT).italic()
    assert italic.data(FONT).italic()
    assert plain.data(FONT) is None
    assert italic.data(FORE).color().name() == MUTED
    assert bold.data(FORE) is None and plain.data(FORE) is None
    assert italic.data(BACK) is None


def test_a_column_s_own_colours_win_over_the_muted_grey() -> None:
    table = model()
    italic = table.index(1, 1)
    assert italic.data(FONT).italic()
    assert italic.data(FORE).color().name() == "#000000"
    assert table.index(1, 2).data(FONT) is None  # no emphasis: plain

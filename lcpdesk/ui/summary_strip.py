"""A summary strip: a line of labelled counts ("chips"), as the Goals and Resources panes
show them above their tables."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def chip_html(text: str, colours: tuple[str, str] | None = None, *, bold: bool = False) -> str:
    """One labelled figure of a summary strip; colours are a (tint, text) pair."""
    # A chip never breaks inside: the strip wraps between chips.
    body = html.escape(text).replace(" ", "&nbsp;").replace("-", "&#8209;")
    body = f"<b>{body}</b>" if bold else body
    if colours is None:
        return f"<span>&nbsp;{body}&nbsp;</span>"
    tint, ink = colours
    return f'<span style="background-color:{tint}; color:{ink};">&nbsp;{body}&nbsp;</span>'


class SummaryStrip(QLabel):
    """A line of chips, e.g. "Red: off track 1 · Amber: at risk 2 · …", wrapped as needed.

    The accessible name reads the same figures as plain text.
    """

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAccessibleName(accessible_name)
        self._plain = ""

    def set_chips(self, chips: Sequence[tuple[str, tuple[str, str] | None]]) -> None:
        """``chips`` are (text, colours); an empty text starts a new group."""
        parts: list[str] = []
        plain: list[str] = []
        for text, colours in chips:
            if not text:
                parts.append("&nbsp;│")
                continue
            parts.append(chip_html(text, colours))
            plain.append(text)
        self.setText(" ".join(parts))
        self._plain = " · ".join(plain)
        self.setAccessibleDescription(self._plain)

    def plain_text(self) -> str:
        return self._plain

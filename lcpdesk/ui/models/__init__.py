"""Item models over service results (``QAbstractTableModel``; sorting and filtering by proxies).

Every model gives the raw value of a cell under :data:`SORT_ROLE` (numbers as
numbers, dates as ISO text) so proxies sort numerically, and the record behind
a row under :data:`RECORD_ROLE`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
RECORD_ROLE = int(Qt.ItemDataRole.UserRole) + 2

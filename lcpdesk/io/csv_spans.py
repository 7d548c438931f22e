"""Where to cut a CSV's bytes into pieces to parse side by side: each piece starts on a new
line, the first holds the header, and a file that may hold a quoted line break stays whole."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from lcpdesk.io.opening import CsvData

# A file this big is parsed in pieces side by side; below it, one piece is quicker.
LARGE_CSV_BYTES = 4 * 1024 * 1024
# Encodings in which a line-feed byte is always a line feed.
_LF_SAFE = frozenset({"utf-8", "utf-8-sig", "cp1252"})


def memory_pieces(
    csv_data: CsvData, header_index: int, pieces: int | None
) -> list[tuple[int, int]]:
    """Byte spans of loaded bytes to parse side by side, each starting on a new line.

    A file with any double quote stays whole: a quoted field may hold a line break.
    """
    data = csv_data.data
    if csv_data.encoding not in _LF_SAFE or data.find(b'"') >= 0:
        pieces = 1
    return spans(len(data), lambda at: data.find(b"\n", at), header_index, pieces)


def spans(
    size: int, newline_from: Callable[[int], int], header_index: int, pieces: int | None
) -> list[tuple[int, int]]:
    """``pieces`` spans of ``size`` bytes (by default one per core, at most 4, for a large file),
    cut just after the first line feed from each even share; ``newline_from(at)`` is the offset
    of the first line feed at or after ``at``, or -1. The first span holds the header.
    """
    if pieces is None:
        pieces = min(os.cpu_count() or 1, 4) if size >= LARGE_CSV_BYTES else 1
    whole = [(0, size)]
    if pieces <= 1:
        return whole
    floor = 0  # the first piece holds the header and any lines above it
    for _ in range(header_index + 1):
        floor = newline_from(floor) + 1
        if not floor:
            return whole
    cuts = [0]
    for k in range(1, pieces):
        at = newline_from(max(size * k // pieces, floor, cuts[-1]))
        if at < 0 or at + 1 >= size:
            break
        cuts.append(at + 1)
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def count_lines(data: bytes, start: int, end: int) -> int:
    """Lines between two offsets, ended by LF, CRLF or a lone CR."""
    return max(data.count(b"\n", start, end), data.count(b"\r", start, end))


def file_pieces(path: Path, header_index: int, pieces: int | None) -> list[tuple[int, int]]:
    """Byte spans of a file to parse side by side, each starting on a new line."""
    with path.open("rb") as handle:

        def newline_from(at: int) -> int:
            handle.seek(at)
            found = handle.read(64 * 1024).find(b"\n")
            return at + found if found >= 0 else -1

        return spans(path.stat().st_size, newline_from, header_index, pieces)

"""The parallel CSV parser: a CSV's bytes cut at line breaks into pieces parsed side by side
(the parser lets go of Python's lock while it splits text into fields), each column kept as
text categories and the pieces' categories combined."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from lcpdesk.errors import Cancelled
from lcpdesk.io.csv_spans import count_lines
from lcpdesk.io.opening import LOAD_SHARE, CsvData

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


class _Reader(io.BytesIO):
    """Bytes in memory that say how far the parser has read (it reads 256 KB at a time)."""

    def __init__(self, data: bytes, report: Callable[[int], None]) -> None:
        super().__init__(data)
        self._report = report

    def read(self, size: int | None = -1, /) -> bytes:
        block = super().read(size)
        self._report(self.tell())
        return block


class NotPlain(Exception):
    """A file read straight from disk holds a quote or a byte outside ASCII."""


class _FileSpan(io.RawIOBase):
    """Part of a file, read as the parser asks for it, refusing what is not plain ASCII."""

    def __init__(self, path: Path, span: tuple[int, int], report: Callable[[int], None]) -> None:
        super().__init__()
        self._handle = path.open("rb")
        self._handle.seek(span[0])
        self._left = span[1] - span[0]
        self._done = 0
        self._report = report

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        block = self._handle.read(wanted)
        if not block.isascii() or block.find(b'"') >= 0:
            raise NotPlain
        self._left -= len(block)
        self._done += len(block)
        self._report(self._done)
        return block

    def tell(self) -> int:
        return self._done

    def close(self) -> None:
        self._handle.close()
        super().close()


class InMemory:
    """A loaded CSV's bytes, as a source of pieces."""

    def __init__(self, csv_data: CsvData) -> None:
        self._data = csv_data.data
        self.encoding = csv_data.encoding
        self.total = len(csv_data.data)

    def open(self, span: tuple[int, int], report: Callable[[int], None]) -> io.BytesIO:
        start, end = span
        whole = (start, end) == (0, self.total)
        return _Reader(self._data if whole else self._data[start:end], report)

    def count_lines(self, span: tuple[int, int]) -> int:
        return count_lines(self._data, *span)


class OnDisk:
    """A plain (ASCII) CSV file on disk, as a source of pieces."""

    encoding = "utf-8"

    def __init__(self, path: Path) -> None:
        self._path = path
        self.total = path.stat().st_size

    def open(self, span: tuple[int, int], report: Callable[[int], None]) -> io.RawIOBase:
        return _FileSpan(self._path, span, report)

    def count_lines(self, span: tuple[int, int]) -> int:
        with self._path.open("rb") as handle:
            handle.seek(span[0])
            data = handle.read(span[1] - span[0])
        return count_lines(data, 0, len(data))


Source = InMemory | OnDisk


class Parse:
    """Parsing some columns of a CSV in byte spans side by side (the first on this thread)."""

    def __init__(
        self,
        source: Source,
        header_index: int,
        spans: list[tuple[int, int]],
        *,
        chunk_rows: int,
        progress: Progress | None,
        cancelled: IsCancelled | None,
    ) -> None:
        self.source = source
        self.header_index = header_index
        self.spans = spans
        self.chunk_rows = chunk_rows
        self.progress = progress
        self.cancelled = cancelled
        self.numeric: set[int] = set()  # columns the parser turned into numbers somewhere
        self._done = [0] * len(spans)
        self._stop = threading.Event()

    def columns(
        self, columns: list[int], *, text: bool = False
    ) -> tuple[dict[int, pd.Categorical], np.ndarray]:
        """Each column whole, and the line of each row (blank rows not yet left out)."""
        self._stop.clear()
        if len(self.spans) == 1:
            parsed = [self._piece(0, columns, text)]
        else:
            with ThreadPoolExecutor(len(self.spans) - 1, thread_name_prefix="csv") as pool:
                others = [
                    pool.submit(self._piece, k, columns, text) for k in range(1, len(self.spans))
                ]
                try:
                    parsed = [self._piece(0, columns, text)]
                except BaseException:
                    self._stop.set()  # the other pieces stop at their next chunk
                    raise
                parsed += [future.result() for future in others]
        if self.cancelled is not None and self.cancelled():
            raise Cancelled
        # Lines as Excel numbers them: on from the header, counting empty lines passed over.
        chunks: list[dict[int, pd.Categorical]] = []
        numbered: list[np.ndarray] = []
        line = self.header_index + 2
        for piece_chunks, passed in parsed:
            line += passed
            for chunk in piece_chunks:
                size = len(chunk[columns[0]])
                numbered.append(np.arange(line, line + size, dtype=np.int64))
                line += size
            chunks += piece_chunks
        lines = np.concatenate(numbered) if numbered else np.zeros(0, dtype=np.int64)
        return {i: combine([chunk[i] for chunk in chunks]) for i in columns}, lines

    def _report(self, piece: int, position: int) -> None:
        self._done[piece] = position  # bytes of the piece parsed
        if self.progress is not None and piece == 0:  # this thread's piece speaks for all
            share = min(sum(self._done) / max(self.source.total, 1), 1.0)
            self.progress(LOAD_SHARE + 0.75 * share)

    def _piece(
        self, piece: int, columns: list[int], text: bool
    ) -> tuple[list[dict[int, pd.Categorical]], int]:
        """The piece's chunks, and how many empty lines before its first row were passed over."""
        skip = self.header_index + 1 if piece == 0 else 0
        chunks: list[dict[int, pd.Categorical]] = []
        passed = 0
        limit: int | None = None
        while True:
            buffer = self.source.open(self.spans[piece], lambda at: self._report(piece, at))
            try:
                reader = pd.read_csv(
                    buffer,
                    encoding=self.source.encoding,
                    encoding_errors="replace",
                    header=None,
                    skiprows=skip + passed,
                    usecols=columns,
                    dtype=dict.fromkeys(columns, "str" if text else "category"),
                    na_filter=False,
                    skip_blank_lines=False,
                    engine="c",
                    chunksize=self.chunk_rows,
                    low_memory=False,  # each chunk in one pass: faster; chunks bound the memory
                )
                with reader, buffer:
                    for chunk in reader:
                        if self._stop.is_set() or (self.cancelled is not None and self.cancelled()):
                            raise Cancelled
                        chunks.append({i: self._as_text(i, chunk[i].array) for i in columns})
                        self._report(piece, buffer.tell())
                return chunks, passed
            except pd.errors.EmptyDataError:
                # The parser counts columns on the first line it reads, and an empty line has
                # none: pass over it (it would be left out anyway) and read again, unless
                # nothing is left.
                if limit is None:
                    limit = self.source.count_lines(self.spans[piece])
                if passed >= limit:  # every line of the piece was empty
                    return chunks, passed
                passed += 1

    def _as_text(self, column: int, values: object) -> pd.Categorical:
        if not isinstance(values, pd.Categorical):  # read as text
            return pd.Categorical(np.asarray(values, dtype=object))
        if values.categories.dtype == "str":
            return values
        self.numeric.add(column)
        return pd.Categorical.from_codes(values.codes, categories=values.categories.astype("str"))


def never_back(progress: Progress) -> Progress:
    """The same progress, never reported lower than it was (a second try starts lower)."""
    highest = 0.0

    def forward(fraction: float) -> None:
        nonlocal highest
        if fraction > highest:
            highest = fraction
            progress(fraction)

    return forward


def combine(parts: list[pd.Categorical]) -> pd.Categorical:
    """One categorical from the chunks' (each has its own categories)."""
    if not parts:
        return pd.Categorical([], categories=pd.Index([], dtype="str"))
    if len(parts) == 1:
        return parts[0]
    first = parts[0].categories
    if all(part.categories.equals(first) for part in parts[1:]):
        return pd.Categorical.from_codes(
            np.concatenate([part.codes for part in parts]), dtype=parts[0].dtype
        )
    # Number the chunks' categories together, then renumber each chunk's codes.
    every = np.concatenate([np.asarray(part.categories, dtype=object) for part in parts])
    numbers, distinct = pd.factorize(every)
    codes = []
    offset = 0
    for part in parts:
        size = len(part.categories)
        renumber = np.append(numbers[offset : offset + size], -1)  # code -1 (missing) stays -1
        codes.append(renumber[part.codes])
        offset += size
    return pd.Categorical.from_codes(
        np.concatenate(codes), categories=pd.Index(distinct, dtype="str")
    )

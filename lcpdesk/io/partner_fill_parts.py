"""The pieces of a worksheet part lcpdesk edits when filling a partner's workbook: cell
references, a cell's XML (text as an inline string, numbers and dates as numbers), the
worksheet splicer that puts cells into the original XML text, date styles added to styles.xml,
and the workbook's recalculate-on-open flag. Used by :mod:`lcpdesk.io.partner_fill_xml`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from xml.sax.saxutils import escape

from lcpdesk.errors import InputError
from lcpdesk.io.templates import column_index, column_letters

_EPOCH = dt.date(1899, 12, 30)
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22, 27, 30, 36, 50, 57}

CellValue = str | int | Decimal | float | dt.date


def row_col(ref: str) -> tuple[int, int]:
    found = _CELL.fullmatch(ref.replace("$", ""))
    if found is None:
        raise InputError(f"'{ref}' is not a cell such as C7")
    return int(found[2]), column_index(found[1])


def cell_area(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    first, _, last = ref.partition(":")
    return row_col(first), row_col(last or first)


def cell_xml(ref: str, value: CellValue, style: str | None) -> str:
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        text = _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return (
            f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
        )
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        number = str((value - dt.datetime(1899, 12, 30)).total_seconds() / 86400)
    elif isinstance(value, dt.date):
        number = str((value - _EPOCH).days)
    elif isinstance(value, Decimal):
        number = format(value.normalize(), "f")
    else:
        number = repr(value)
    return f'<c r="{ref}"{s}><v>{number}</v></c>'


def recalc_on_load(workbook: str) -> str:
    """workbook.xml with ``fullCalcOnLoad="1"`` on its calcPr (added when it has none)."""
    found = re.search(r"<((?:\w+:)?)calcPr\b([^>]*?)(/?)>", workbook)
    if found is not None and re.search(r'\sfullCalcOnLoad="(1|true)"', found[2]):
        return workbook
    if found is not None:
        attrs = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", found[2])
        element = f'<{found[1]}calcPr{attrs} fullCalcOnLoad="1"{found[3]}>'
        return workbook[: found.start()] + element + workbook[found.end() :]
    prefix = re.search(r"<((?:\w+:)?)workbook\b", workbook)
    p = prefix[1] if prefix else ""
    after = r"oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|"
    after += r"fileRecoveryPr|webPublishObjects|extLst"
    place = re.search(rf"<{re.escape(p)}(?:{after})\b|</{re.escape(p)}workbook>", workbook)
    assert place is not None
    element = f'<{p}calcPr fullCalcOnLoad="1"/>'
    return workbook[: place.start()] + element + workbook[place.start() :]


class SheetEditor:
    """Splices cells into a worksheet's XML text: rows and cells kept in order, every other
    byte left as it was (``dimension`` and a row's ``spans`` widened when a cell falls outside)."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = re.search(r"<((?:\w+:)?)worksheet\b", text)
        self.p = found[1] if found else ""

    def _data(self) -> tuple[int, int]:
        """The start and end of sheetData's content (an empty ``<sheetData/>`` is opened)."""
        p = re.escape(self.p)
        empty = re.search(rf"<{p}sheetData\s*/>", self.text)
        if empty is not None:
            opened = f"<{self.p}sheetData></{self.p}sheetData>"
            self.text = self.text[: empty.start()] + opened + self.text[empty.end() :]
        start = re.search(rf"<{p}sheetData\b[^>]*>", self.text)
        end = re.search(rf"</{p}sheetData>", self.text)
        assert start is not None and end is not None
        return start.end(), end.start()

    def _rows(self, until: int = 0) -> list[tuple[int, int, int, int]]:
        """Each row: (number, start, end of its opening tag, end of the row); with ``until``,
        the rows up to the first numbered ``until`` or more (rows are in order), so a cell near
        the top of a long sheet is found without reading the rest."""
        begin, finish = self._data()
        p = re.escape(self.p)
        rows = []
        pattern = re.compile(rf"<{p}row\b([^>]*?)(/?)>")
        pos = begin
        while (found := pattern.search(self.text, pos, finish)) is not None:
            number = re.search(r'\br="(\d+)"', found[1])
            if number is None:
                raise InputError("a row of the sheet has no number; save it again in Excel")
            if found[2]:
                end = found.end()
            else:
                close = self.text.index(f"</{self.p}row>", found.end())
                end = close + len(f"</{self.p}row>")
            rows.append((int(number[1]), found.start(), found.end(), end))
            if until and rows[-1][0] >= until:
                break
            pos = end
        return rows

    def _cells(self, start: int, end: int) -> list[tuple[str, int, int]]:
        p = re.escape(self.p)
        pattern = re.compile(rf"<{p}c\b([^>]*?)(/>|>.*?</{p}c>)", re.DOTALL)
        found = []
        for cell in pattern.finditer(self.text, start, end):
            ref = re.search(r'\br="([A-Z]+\d+)"', cell[1])
            if ref is None:
                raise InputError("a cell of the sheet has no reference; save it again in Excel")
            found.append((ref[1], cell.start(), cell.end()))
        return found

    def cell_attrs(self, ref: str) -> dict[str, str]:
        row, _col = row_col(ref)
        for number, _start, tag_end, end in self._rows(row):
            if number == row:
                for r, start, stop in self._cells(tag_end, end):
                    if r == ref:
                        head = re.match(r"<[^>]*?(/?)>", self.text[start:stop])
                        assert head is not None
                        return dict(re.findall(r'(\w+)="([^"]*)"', head[0]))
        return {}

    def put(self, ref: str, xml: str) -> None:
        if self.p:
            xml = re.sub(r"<(/?)(c|is|t|v)\b", rf"<\1{self.p}\2", xml)
        row, col = row_col(ref)
        self._widen_dimension(ref)
        rows = self._rows(row)
        for number, start, tag_end, _end in rows:
            if number == row:
                self._put_in_row(ref, col, xml, start, tag_end)
                return
            if number > row:
                self._insert(start, f'<{self.p}row r="{row}">{xml}</{self.p}row>')
                return
        _begin, finish = self._data()
        self._insert(finish, f'<{self.p}row r="{row}">{xml}</{self.p}row>')

    def _put_in_row(self, ref: str, col: int, xml: str, start: int, tag_end: int) -> None:
        head = self.text[start:tag_end]
        if head.endswith("/>"):  # an empty row: open it
            opened = head[:-2].rstrip() + f"></{self.p}row>"
            self.text = self.text[:start] + opened + self.text[tag_end:]
            tag_end = start + len(opened) - len(f"</{self.p}row>")
        tag_end = start + len(self._widen_spans(start, tag_end, col))
        for r, c_start, c_end in self._cells(tag_end, self._row_end(start)):
            _row, other = row_col(r)
            if r == ref:
                self.text = self.text[:c_start] + xml + self.text[c_end:]
                return
            if other > col:
                self._insert(c_start, xml)
                return
        self._insert(self._row_end(start) - len(f"</{self.p}row>"), xml)

    def _row_end(self, start: int) -> int:
        close = f"</{self.p}row>"
        return self.text.index(close, start) + len(close)

    def _widen_spans(self, start: int, tag_end: int, col: int) -> str:
        head = self.text[start:tag_end]
        spans = re.search(r'\bspans="(\d+):(\d+)"', head)
        if spans is not None:
            low, high = min(int(spans[1]), col), max(int(spans[2]), col)
            new = head[: spans.start()] + f'spans="{low}:{high}"' + head[spans.end() :]
            self.text = self.text[:start] + new + self.text[tag_end:]
            return new
        return head

    def _widen_dimension(self, ref: str) -> None:
        found = re.search(rf'<{re.escape(self.p)}dimension\b[^>]*\bref="([^"]*)"', self.text)
        if found is None:
            return
        try:
            (r1, c1), (r2, c2) = cell_area(found[1])
        except InputError:
            return
        row, col = row_col(ref)
        r1, c1, r2, c2 = min(r1, row), min(c1, col), max(r2, row), max(c2, col)
        area = f"{column_letters(c1)}{r1}:{column_letters(c2)}{r2}"
        if area != found[1]:
            self.text = self.text[: found.start(1)] + area + self.text[found.end(1) :]

    def _insert(self, at: int, xml: str) -> None:
        self.text = self.text[:at] + xml + self.text[at:]


class StylesPart:
    """Date styles added to styles.xml when a date goes into a cell without a date format."""

    def __init__(self, text: str) -> None:
        self.changed = False
        self.text = text
        self.formats: dict[int, str] = {}
        self.added: dict[str | None, str] = {}
        for code in re.finditer(r'<(?:\w+:)?numFmt\b[^>]*numFmtId="(\d+)"[^>]*>', self.text):
            fmt = re.search(r'formatCode="([^"]*)"', code[0])
            self.formats[int(code[1])] = fmt[1] if fmt else ""
        xfs = re.search(r"<((?:\w+:)?)cellXfs\b[^>]*>(.*?)</\1cellXfs>", self.text, re.DOTALL)
        if xfs is None:
            raise InputError(
                "the workbook's styles have no cell formats", hint="Save it again in Excel."
            )
        self.xfs: list[str] = re.findall(  # each cellXfs <xf> element's text
            r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", xfs[2], re.DOTALL
        )

    def is_date(self, style: str | None) -> bool:
        index = int(style) if style and style.isdigit() else 0
        if index >= len(self.xfs):
            return False
        found = re.search(r'numFmtId="(\d+)"', self.xfs[index])
        number = int(found[1]) if found else 0
        if number in _DATE_FORMAT_IDS:
            return True
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", self.formats.get(number, "")).lower()
        return bool(code) and any(ch in code for ch in "dy") and "#" not in code

    def date_style(self, style: str | None) -> str | None:
        if self.is_date(style):
            return style
        if style in self.added:
            return self.added[style]
        index = int(style) if style and style.isdigit() and int(style) < len(self.xfs) else 0
        base = self.xfs[index] if self.xfs else '<xf numFmtId="0"/>'
        xf = re.sub(r'\snumFmtId="\d+"', "", base, count=1)
        xf = re.sub(r"^<((?:\w+:)?)xf\b", r'<\1xf numFmtId="14"', xf)
        if "applyNumberFormat" not in xf:
            xf = re.sub(r"^(<(?:\w+:)?xf\b)", r'\1 applyNumberFormat="1"', xf)
        found = re.search(r"<((?:\w+:)?)cellXfs\b([^>]*)>", self.text)
        close = re.search(r"</(?:\w+:)?cellXfs>", self.text)
        assert found is not None and close is not None
        self.text = self.text[: close.start()] + xf + self.text[close.start() :]
        count = len(self.xfs) + 1
        head = re.sub(r'\scount="\d+"', f' count="{count}"', found[0])
        self.text = self.text[: found.start()] + head + self.text[found.end() :]
        self.xfs.append(xf)
        self.added[style] = str(count - 1)
        self.changed = True
        return self.added[style]

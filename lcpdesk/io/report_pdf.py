"""A report written as PDF: a title page, then headings, paragraphs, tables and charts.

The services compose a report from the blocks below (:class:`Heading`, :class:`Text`,
:class:`Table`, :class:`Chart`, :class:`PageBreak`); this module lays them out with ReportLab
(flowing pages, tables that repeat their header across pages, page numbers) and knows nothing
of partnerships.

Charts stay vectors: ReportLab cannot place a PDF inside a PDF, so each chart is a reserved
box of the right size while ReportLab lays out the pages, and afterwards pypdf stamps the
chart's own one-page PDF (from matplotlib) into its box, scaled, as vector content. Type is
DejaVu Sans (matplotlib ships it, so it is there on every machine), the headings NHS blue,
tables ruled in grey with alternate rows shaded: it reads in greyscale.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NHS_BLUE = "#005EB8"
NHS_DARK_GREY = "#425563"
PALE_GREY = "#F0F4F5"
RULE_GREY = "#AEB7BD"
FONT = "LcpSans"
FONT_BOLD = "LcpSans-Bold"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section (a partnership, in the area report); 2: a part; 3: smaller


@dataclass(frozen=True)
class Text:
    text: str  # plain text; a blank line starts a new paragraph
    muted: bool = False


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric: frozenset[int] = frozenset()  # columns right-aligned
    widths: Sequence[float] | None = None  # relative widths; default: even
    bold_last: bool = False  # a total row


@dataclass(frozen=True)
class Chart:
    pdf: bytes  # a one-page PDF of the figure (charts.save.figure_bytes(fig, "pdf"))
    width_in: float
    height_in: float
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Text | Table | Chart | PageBreak


@dataclass(frozen=True)
class Report:
    title: str
    subtitle_lines: Sequence[str]  # area, period, ...
    produced: dt.date
    blocks: Sequence[Block] = field(default_factory=tuple)


def day(d: dt.date | None) -> str:
    """``1 Apr 2026``."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


def _register_fonts() -> None:
    from matplotlib import get_data_path
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttf = Path(get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(ttf / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(ttf / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def write_report(
    report: Report, path: Path, progress: Callable[[float, str], None] | None = None
) -> Path:
    """Lay ``report`` out and write it to ``path`` (written whole, or not at all)."""
    from pypdf import PdfReader, PdfWriter

    laid, slots = _lay_out(report)
    if progress is not None:
        progress(0.9, "Placing the charts")
    pages = PdfWriter(clone_from=PdfReader(io.BytesIO(laid)))
    for number, slot in enumerate(slots):
        _stamp(pages, slot, f"/LcpChart{number}")
    pages.add_metadata({"/Title": report.title, "/Creator": "lcpdesk"})
    buffer = io.BytesIO()
    pages.write(buffer)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)
    return path


def _stamp(pages: Any, slot: _Slot, name: str) -> None:
    """Draw the chart's page into its box as a form XObject: its content stream is copied as
    it is (pypdf's merge_transformed_page parses and rewrites it, ~0.2 s a chart)."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    figure: Any = PdfReader(io.BytesIO(slot.chart.pdf)).pages[0]
    contents = figure["/Contents"].get_object()
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    form = DecodedStreamObject()
    form.set_data(b"\n".join(p.get_object().get_data() for p in parts))
    box = figure.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
            NameObject("/Resources"): figure["/Resources"].get_object().clone(pages),
        }
    )
    ref = pages._add_object(form)
    page = pages.pages[slot.page]
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = ref
    scale = min(slot.width / float(box.width), slot.height / float(box.height))
    draw = DecodedStreamObject()
    draw.set_data(
        f"q {scale:.5f} 0 0 {scale:.5f} {slot.x:.3f} {slot.y:.3f} cm {name} Do Q".encode()
    )
    before = DecodedStreamObject()
    before.set_data(b"q")
    after = DecodedStreamObject()
    after.set_data(b"Q")
    old = page["/Contents"].get_object()
    old_parts = list(old) if isinstance(old, ArrayObject) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject(
        [pages._add_object(before), *old_parts, pages._add_object(after), pages._add_object(draw)]
    )


@dataclass
class _Slot:
    chart: Chart
    width: float
    height: float
    page: int = 0
    x: float = 0.0
    y: float = 0.0


def _lay_out(report: Report) -> tuple[bytes, list[_Slot]]:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    styles = _styles()
    slots: list[_Slot] = []
    story: list[Any] = _title_page(report, styles)
    from reportlab.platypus import KeepTogether

    held: list[Any] = []  # a heading waits for what follows it: never alone at a page's foot
    for block in report.blocks:
        made = _flowables(block, styles, slots)
        if isinstance(block, Heading):
            held.extend(made)
            continue
        if held and made:
            story.append(KeepTogether([*held, made[0]]))
            made, held = made[1:], []
        story.extend([*held, *made])
        held = []
    story.extend(held)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=report.title,
        author="lcpdesk",
    )

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor(NHS_DARK_GREY))
        canvas.drawString(2 * cm, 1.2 * cm, f"{report.title} · {day(report.produced)}")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=footer)
    return buffer.getvalue(), slots


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    blue = colors.HexColor(NHS_BLUE)
    grey = colors.HexColor(NHS_DARK_GREY)
    return {
        "title": ParagraphStyle(
            "title", fontName=FONT_BOLD, fontSize=26, leading=32, textColor=blue, spaceAfter=18
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=FONT, fontSize=14, leading=20, textColor=grey
        ),
        "h1": ParagraphStyle(
            "h1",
            fontName=FONT_BOLD,
            fontSize=18,
            leading=22,
            textColor=blue,
            spaceBefore=6,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=blue,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3",
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            textColor=grey,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=5),
        "muted": ParagraphStyle(
            "muted", fontName=FONT, fontSize=8.5, leading=11, textColor=grey, spaceAfter=5
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
        "cell_right": ParagraphStyle(
            "cell_right", fontName=FONT, fontSize=8, leading=10, alignment=2
        ),
        "head": ParagraphStyle(
            "head", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "head_right": ParagraphStyle(
            "head_right",
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10,
            textColor=colors.white,
            alignment=2,
        ),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _title_page(report: Report, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph, Spacer

    story: list[Any] = [Spacer(1, 6 * cm), Paragraph(_escape(report.title), styles["title"])]
    for line in report.subtitle_lines:
        story.append(Paragraph(_escape(line), styles["subtitle"]))
    story.append(Spacer(1, 1 * cm))
    story.append(Paragraph(f"Produced {day(report.produced)} by lcpdesk", styles["subtitle"]))
    story.append(RLPageBreak())
    return story


def _flowables(block: Block, styles: dict[str, Any], slots: list[_Slot]) -> list[Any]:
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph

    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Heading):
        style = styles[f"h{min(max(block.level, 1), 3)}"]
        return [Paragraph(_escape(block.text), style)]
    if isinstance(block, Text):
        style = styles["muted" if block.muted else "body"]
        return [
            Paragraph(_escape(part).replace("\n", "<br/>"), style)
            for part in block.text.split("\n\n")
            if part.strip()
        ]
    if isinstance(block, Table):
        return [_table(block, styles)]
    return _chart(block, slots, styles)


def _table(block: Table, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as RLTable

    n = max(1, len(block.headers))
    usable = A4[0] - 4 * cm
    weights = list(block.widths or [1.0] * n)
    total = sum(weights) or 1.0
    widths = [usable * w / total for w in weights]

    def cell(text: str, col: int, head: bool) -> Any:
        right = col in block.numeric
        name = ("head" if head else "cell") + ("_right" if right else "")
        return Paragraph(_escape(str(text)), styles[name])

    data = [[cell(h, c, True) for c, h in enumerate(block.headers)]]
    data += [[cell(v, c, False) for c, v in enumerate(row)] for row in block.rows]
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(NHS_BLUE)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE_GREY)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor(PALE_GREY)))
    if block.bold_last and len(data) > 1:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _chart(block: Chart, slots: list[_Slot], styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm, inch
    from reportlab.platypus import Flowable, Paragraph

    usable = A4[0] - 4 * cm
    width = min(block.width_in * inch, usable)
    height = block.height_in * inch * width / (block.width_in * inch)
    slot = _Slot(block, width, height)
    slots.append(slot)

    class Box(Flowable):  # type: ignore[misc]
        """Room for the chart; where it landed is noted for pypdf to fill in."""

        def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
            return width, height

        def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
            slot.page, slot.x, slot.y = canvas.getPageNumber() - 1, x, y
            super().drawOn(canvas, x, y, _sW)

        def draw(self) -> None:
            pass

    out: list[Any] = [Box()]
    if block.caption:
        out.append(Paragraph(_escape(block.caption), styles["muted"]))
    return out

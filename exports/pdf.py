"""The PDF writer (reportlab): a plain description of a document in, PDF bytes out.

What the pages hold is decided elsewhere (app.sla_pdf); this module lays it out. The rules it keeps, from what
reportlab was seen to do with hostile text:
- every piece of user text reaches a Paragraph through `markup` (XML-escaped, line breaks kept as <br/>), so
  "<img src=…>" or "&amp;" print as typed and can neither load a local file nor change the layout;
- user text is drawn only in the bundled DejaVu Sans (TrueType, embedded as a subset), never in a base-14 font,
  which would draw boxes for Greek or Cyrillic; `uncovered` says which characters even DejaVu has no glyph for;
- every table cell is a Paragraph (long words split, `splitLongWords`), and tables split inside a row
  (`splitInRow`) and repeat their header, so a 10,000-character word or a page-long cell wraps instead of
  overflowing or raising LayoutError.
Every page carries the running header, "Page X of Y", and the document's marking (a draft's band and watermark,
the red warning of an agreement changed after signing), drawn by the canvas once the page count is known.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

Progress = Callable[[int, int], None]

FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT, FONT_BOLD = "CommonGroundSans", "CommonGroundSans-Bold"
PAPERS = {"A4": A4, "Letter": letter}

INK = colors.HexColor("#1f2a37")
MUTED = colors.HexColor("#5b6675")
ACCENT = colors.HexColor("#24507a")
RULE = colors.HexColor("#c9d1dc")
HEAD_FILL = colors.HexColor("#e8edf3")
ZEBRA = colors.HexColor("#f6f8fa")
DRAFT_FILL = colors.HexColor("#fff1c2")
DRAFT_INK = colors.HexColor("#7a5300")
DANGER = colors.HexColor("#b42318")
DANGER_FILL = colors.HexColor("#fde8e6")
OK_INK = colors.HexColor("#1d6b3a")

MARGIN_X = 2.0 * cm
MARGIN_TOP = 2.5 * cm  # the running header sits in the top margin
MARGIN_BOTTOM = 2.0 * cm
BAND_H = 0.75 * cm  # a marking band (draft, invalid) below the header takes this much of the frame

# Characters Paragraph cannot carry at all (XML 1.0 forbids them) or that are not text: left out of the page.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """`text` as it can go on a page: one kind of line break, tabs as spaces, no control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text.replace("\t", "    "))


def markup(text: str) -> str:
    """User text as Paragraph markup that prints exactly as typed: escaped, line breaks kept."""
    return escape(clean(text)).replace("\n", "<br/>")


# -- fonts ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font() -> TTFont:
    """Register the bundled fonts once per process (parsing a TrueType file takes tens of milliseconds)."""
    regular = TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return regular


def uncovered(text: str) -> list[str]:
    """The distinct characters of `text` the font has no glyph for, in order of first appearance (line breaks,
    tabs and characters `clean` leaves out do not count)."""
    cmap = _font().face.charToGlyph
    out: list[str] = []
    for ch in clean(text):
        if ch != "\n" and ord(ch) not in cmap and ch not in out:
            out.append(ch)
    return out


# -- the document description --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a part of the agreement; 2: within one


@dataclass(frozen=True)
class Text:
    text: str  # user text, escaped here
    kind: str = "body"  # body | note | lead
    label: str = ""  # our own words in bold before the text ("Review date:")


@dataclass(frozen=True)
class Clause:
    title: str
    body: str


@dataclass(frozen=True)
class Column:
    header: str
    weight: float = 1.0  # share of the line's width
    align: str = "LEFT"


@dataclass(frozen=True)
class Grid:
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[str]]
    compact: bool = False  # smaller type for a matrix of letters (the RACI)


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, as a two-column table without a header (a persona's profile)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NewPage:
    pass


@dataclass(frozen=True)
class TitlePage:
    kicker: str  # "Service level agreement"
    company: str
    workshop: str
    held_on: str
    version: str  # "Version 3"
    status: str  # "Signed on 4 January 2027"
    status_tone: str  # ok | draft | danger | muted
    signatories: tuple[tuple[str, str, str], ...]  # (name, title, department)


@dataclass(frozen=True)
class SignatureBlock:
    name: str
    title: str
    department: str
    signed_on: str  # "" when not signed yet
    image_png: bytes | None
    verdict: str  # VALID | INVALID | NOT SIGNED YET
    problem: str = ""


@dataclass(frozen=True)
class Marking:
    """What every page says about the document's standing, besides the running header."""

    band: str = ""  # a coloured band under the header ("DRAFT — NOT SIGNED: …")
    tone: str = "draft"  # draft | danger | muted: the band's colours
    warning: str = ""  # a red line on every page (changed after signing)
    watermark: str = ""  # diagonal, light, behind the text


@dataclass(frozen=True)
class Document:
    title: str  # the PDF's title (document information)
    author: str
    subject: str
    header_left: str
    header_right: str
    footer_left: str
    blocks: tuple[Any, ...]
    marking: Marking = Marking()
    paper: str = "A4"
    info: dict[str, str] = field(default_factory=dict)  # custom document information entries (no slash)
    keywords: str = ""


# -- styles --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _font()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=5)
    return {
        "body": base,
        "lead": ParagraphStyle("lead", parent=base, fontSize=10.5, leading=15),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11.5, textColor=MUTED),
        # Headings are kept off a page's last lines by a CondPageBreak before them, not keepWithNext: that would
        # lay out the whole table that follows a second time just to see whether it fits.
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=14.5, leading=19, textColor=ACCENT,
                             spaceBefore=14, spaceAfter=7),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=15, textColor=INK,
                             spaceBefore=9, spaceAfter=4),
        "clause_title": ParagraphStyle("clause_title", parent=base, fontName=FONT_BOLD, spaceAfter=1),
        "clause": ParagraphStyle("clause", parent=base, spaceAfter=8),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11,
                                    spaceAfter=0),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0),
        "tiny_head": ParagraphStyle("tiny_head", parent=base, fontName=FONT_BOLD, fontSize=7, leading=8.5,
                                    spaceAfter=0),
        "kicker": ParagraphStyle("kicker", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
                                 textColor=MUTED, spaceAfter=6),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=26, leading=32,
                                textColor=INK, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=19, textColor=INK,
                                   spaceAfter=4),
        "status": ParagraphStyle("status", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                                 spaceAfter=4),
        "sig_name": ParagraphStyle("sig_name", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                                   spaceAfter=0),
        "hash": ParagraphStyle("hash", parent=base, fontSize=8.5, leading=12, spaceAfter=2),
        "short_hash": ParagraphStyle("short_hash", parent=base, fontName=FONT_BOLD, fontSize=15, leading=20,
                                     spaceAfter=4),
    }


TONES = {"ok": OK_INK, "draft": DRAFT_INK, "danger": DANGER, "muted": MUTED}


def _para(text: str, style: str, *, label: str = "") -> Paragraph:
    prefix = f"<b>{escape(label)}</b> " if label else ""
    return Paragraph(prefix + markup(text), _styles()[style])


# -- building the flowables ----------------------------------------------------------------------------------


def _grid_style(rows: int, *, compact: bool, header: bool = True) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the cell default, else reportlab selects Helvetica per cell
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 if compact else 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 if compact else 5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 if compact else 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 if compact else 4),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                     ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    first = 1 if header else 0
    commands += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(first + 1, rows, 2)]
    return TableStyle(commands)


def _cell_style(align: str, compact: bool) -> ParagraphStyle:
    s = _styles()
    base = s["tiny"] if compact else s["cell"]
    if align == "LEFT":
        return base
    return _aligned(base.name, align)


@lru_cache(maxsize=8)
def _aligned(name: str, align: str) -> ParagraphStyle:
    from reportlab.lib.enums import TA_RIGHT

    return ParagraphStyle(f"{name}_{align}", parent=_styles()[name],
                          alignment=TA_CENTER if align == "CENTER" else TA_RIGHT)


def _grid(block: Grid, width: float) -> Table:
    s = _styles()
    compact = block.compact
    total = sum(c.weight for c in block.columns) or 1.0
    widths = [width * c.weight / total for c in block.columns]
    head = s["tiny_head"] if compact else s["cell_head"]
    heads = [head if c.align == "LEFT" else _aligned(head.name, c.align) for c in block.columns]
    body = [_cell_style(c.align, compact) for c in block.columns]
    data: list[list[Any]] = [[Paragraph(markup(c.header), heads[i]) for i, c in enumerate(block.columns)]]
    for row in block.rows:
        data.append([Paragraph(markup(value), body[i]) for i, value in enumerate(row)])
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(_grid_style(len(data), compact=compact))
    return table


def _fields(block: Fields, width: float) -> Table:
    styles = _styles()
    data = [[Paragraph(escape(label), styles["cell_head"]), Paragraph(markup(value), styles["cell"])]
            for label, value in block.pairs]
    table = Table(data, colWidths=[3.6 * cm, width - 3.6 * cm], splitInRow=1, hAlign="LEFT")
    table.setStyle(_grid_style(len(data), compact=False, header=False))
    return table


class _Rule(Flowable):
    """A thin horizontal line: under the title, above a signature's name."""

    def __init__(self, width: float, colour: colors.Color = RULE, thickness: float = 0.6, space: float = 6) -> None:
        super().__init__()
        self.width, self.colour, self.thickness, self.space = width, colour, thickness, space

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return min(self.width, available_width), self.space

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.space / 2, self.width, self.space / 2)


def _title_page(block: TitlePage, width: float) -> list[Any]:
    s = _styles()
    tone = TONES.get(block.status_tone, INK)
    status = ParagraphStyle("status_tone", parent=s["status"], textColor=tone)
    out: list[Any] = [Spacer(1, 3.2 * cm), Paragraph(escape(block.kicker.upper()), s["kicker"]),
                      _para(block.company or "—", "title"), _para(block.workshop, "subtitle")]
    if block.held_on:
        out.append(_para(block.held_on, "subtitle", label="Workshop held on"))
    out += [Spacer(1, 0.5 * cm), _Rule(width, ACCENT, 1.2, 10), Spacer(1, 0.3 * cm),
            Paragraph(escape(block.version), s["subtitle"]), Paragraph(escape(block.status), status),
            Spacer(1, 1.0 * cm)]
    if block.signatories:
        out.append(Paragraph("Signatories", s["h2"]))
        out.append(_grid(Grid((Column("Name", 1.3), Column("Title", 1.2), Column("Department", 1.0)),
                              block.signatories), width))
    else:
        out.append(_para("No signatories are named in Setup yet.", "note"))
    out.append(PageBreak())
    return out


def _signature_image(png: bytes | None, max_w: float, max_h: float) -> Any:
    """The drawn signature scaled into its box, or a note when there is none or it cannot be read."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    if not png:
        return Spacer(max_w, max_h)
    try:
        reader = ImageReader(io.BytesIO(png))
        w, h = reader.getSize()
        if w <= 0 or h <= 0:
            raise ValueError("empty image")
    except Exception:  # noqa: BLE001 - any undecodable image: the page says so and the export goes on
        return Paragraph("(the drawn signature could not be read)", _styles()["note"])
    scale = min(max_w / w, max_h / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale, mask="auto", hAlign="LEFT")


def _signature(block: SignatureBlock, width: float) -> KeepTogether:
    s = _styles()
    tone = {"VALID": OK_INK, "INVALID": DANGER}.get(block.verdict, MUTED)
    verdict = ParagraphStyle("verdict", parent=s["cell_head"], textColor=tone, fontSize=10, leading=13)
    left_w = width * 0.55
    left = [_signature_image(block.image_png, left_w - 12, 2.1 * cm), _Rule(left_w - 12, INK, 0.6, 6),
            _para(block.name, "sig_name")]
    if block.title:
        left.append(_para(block.title, "cell"))
    if block.department:
        left.append(_para(block.department, "note"))
    right: list[Any] = [Paragraph(escape(block.verdict), verdict)]
    right.append(_para(block.signed_on or "—", "cell", label="Date signed:"))
    if block.problem:
        right.append(Spacer(1, 3))
        right.append(Paragraph(markup(block.problem), ParagraphStyle("problem", parent=s["cell"], textColor=DANGER)))
    table = Table([[left, right]], colWidths=[left_w, width - left_w], hAlign="LEFT", splitInRow=1)
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
             ("LEFTPADDING", (0, 0), (-1, -1), 6),
             ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 6),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("BOX", (0, 0), (-1, -1), 0.6,
                                                      DANGER if block.verdict == "INVALID" else RULE)]
    # No fill behind an invalid one: a drawn signature without transparency would sit in a white box on it.
    table.setStyle(TableStyle(style))
    return KeepTogether([table, Spacer(1, 0.45 * cm)])


def _flowables(doc: Document, width: float) -> list[Any]:
    s = _styles()
    out: list[Any] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            # A part does not start in the last few lines of a page, nor a table's heading without its first rows.
            out.append(CondPageBreak(4 * cm if block.level == 1 else 3 * cm))
            out.append(_para(block.text, "h1" if block.level == 1 else "h2"))
        elif isinstance(block, Text):
            out.append(_para(block.text, block.kind, label=block.label))
        elif isinstance(block, Clause):
            out.append(CondPageBreak(1.6 * cm))  # a clause's title with at least two lines of its text
            out.append(_para(block.title, "clause_title"))
            out.append(_para(block.body, "clause"))
        elif isinstance(block, Grid):
            out.append(_grid(block, width))
            out.append(Spacer(1, 0.3 * cm))
        elif isinstance(block, Fields):
            out.append(_fields(block, width))
            out.append(Spacer(1, 0.35 * cm))
        elif isinstance(block, TitlePage):
            out.extend(_title_page(block, width))
        elif isinstance(block, SignatureBlock):
            out.append(_signature(block, width))
        elif isinstance(block, NewPage):
            out.append(PageBreak())
        else:
            raise TypeError(f"not a block: {block!r}")
    if not out:
        out.append(Paragraph("", s["body"]))
    return out


# -- the page furniture --------------------------------------------------------------------------------------


class _Info(PDFInfo):
    """Document information with the caller's own keys beside the standard ones."""

    def __init__(self, extra: dict[str, str]) -> None:
        super().__init__()
        self.extra = extra

    def format(self, document: Any) -> bytes:
        standard = super().format(document)
        if not self.extra:
            return standard
        d = PDFDictionary({key: PDFString(clean(value)) for key, value in self.extra.items()})
        # Splice our entries into the standard dictionary: both are "<< ... >>".
        return standard.rstrip()[:-2] + d.format(document).strip()[2:]


def _canvas_class(doc: Document) -> type[Canvas]:
    marking = doc.marking

    class _PagedCanvas(Canvas):
        """Holds each page until the last, so every page can say "Page X of Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc.info = _Info(doc.info)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                _furniture(self, doc, marking, number, total)
                super().showPage()
            super().save()

    return _PagedCanvas


def _fit(text: str, font: str, size: float, width: float, canvas: Canvas) -> str:
    """`text` shortened with an ellipsis to fit `width` (a long company name in the header)."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _furniture(c: Canvas, doc: Document, marking: Marking, number: int, total: int) -> None:
    page_w, page_h = c._pagesize
    left, right = MARGIN_X, page_w - MARGIN_X
    top = page_h - 1.3 * cm
    c.saveState()
    c.setFont(FONT, 8)
    c.setFillColor(MUTED)
    right_text = clean(doc.header_right)
    c.drawRightString(right, top, right_text)
    room = right - left - c.stringWidth(right_text, FONT, 8) - 0.8 * cm
    c.drawString(left, top, _fit(clean(doc.header_left), FONT, 8, room, c))
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(left, top - 5, right, top - 5)
    y = top - 5
    if marking.band:
        fill = {"danger": DANGER_FILL, "muted": HEAD_FILL}.get(marking.tone, DRAFT_FILL)
        ink = TONES.get(marking.tone, DRAFT_INK)
        c.setFillColor(fill)
        c.rect(left, y - BAND_H + 1, right - left, BAND_H - 3, stroke=0, fill=1)
        c.setFillColor(ink)
        c.setFont(FONT_BOLD, 8.5)
        c.drawString(left + 6, y - BAND_H / 2 - 1.5, _fit(clean(marking.band), FONT_BOLD, 8.5, right - left - 12, c))
        y -= BAND_H
    if marking.warning:
        c.setFillColor(DANGER)
        c.setFont(FONT_BOLD, 8)
        c.drawString(left, y - 11, _fit(clean(marking.warning), FONT_BOLD, 8, right - left, c))
    c.setFont(FONT, 8)
    c.setFillColor(MUTED)
    bottom = 1.1 * cm
    c.line(left, bottom + 10, right, bottom + 10)
    c.drawString(left, bottom, _fit(clean(doc.footer_left), FONT, 8, right - left - 3 * cm, c))
    c.drawRightString(right, bottom, f"Page {number} of {total}")
    c.restoreState()


def _watermark(text: str, tone: str) -> Callable[[Canvas, Any], None]:
    def draw(c: Canvas, _doc: Any) -> None:
        if not text:
            return
        page_w, page_h = c._pagesize
        diagonal = (page_w ** 2 + page_h ** 2) ** 0.5
        size = min(64.0, 0.72 * diagonal / max(1.0, c.stringWidth(text, FONT_BOLD, 1)))
        c.saveState()
        c.setFillColor(DANGER if tone == "danger" else colors.HexColor("#8a94a3"))
        c.setFillAlpha(0.10)
        c.translate(page_w / 2, page_h / 2)
        c.rotate(54.7 if page_h > page_w else 35)
        c.setFont(FONT_BOLD, size)
        c.drawCentredString(0, -size / 3, text)
        c.restoreState()

    return draw


# -- rendering -----------------------------------------------------------------------------------------------


def frame_width(paper: str) -> float:
    return PAPERS[paper][0] - 2 * MARGIN_X


def render(doc: Document, *, progress: Progress | None = None) -> bytes:
    """The PDF of `doc`. Raises ValueError for an unknown paper size; user text cannot make it fail."""
    if doc.paper not in PAPERS:
        raise ValueError(f"Unknown paper size {doc.paper!r}: use one of {', '.join(PAPERS)}.")
    _font()
    page = PAPERS[doc.paper]
    width = page[0] - 2 * MARGIN_X
    top_extra = (BAND_H if doc.marking.band else 0) + (14 if doc.marking.warning else 0)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, width, page[1] - MARGIN_TOP - MARGIN_BOTTOM - top_extra,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    out = io.BytesIO()
    template = BaseDocTemplate(out, pagesize=page, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                               topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=clean(doc.title),
                               author=clean(doc.author), subject=clean(doc.subject), keywords=clean(doc.keywords),
                               creator="Common Ground", initialFontName=FONT, initialFontSize=9.5)
    template.addPageTemplates([PageTemplate("page", [frame],
                                            onPage=_watermark(clean(doc.marking.watermark), doc.marking.tone))])
    flowables = _flowables(doc, width)
    if progress is not None:
        total, done = len(flowables), 0

        def after(_flowable: Any) -> None:
            nonlocal done
            done += 1
            if done % 25 == 0 or done == total:
                progress(min(done, total), total)

        template.afterFlowable = after  # type: ignore[method-assign]
    template.build(flowables, canvasmaker=_canvas_class(doc))
    return out.getvalue()

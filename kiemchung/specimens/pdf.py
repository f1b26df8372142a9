"""Render an official document to a text-layer PDF in the Nghị định 30 layout (A4, two-column header)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kiemchung.specimens.fonts import FontFamily, find_font
from kiemchung.specimens.model import OfficialDocument

LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
BODY_SIZE = 13
_registered: set[str] = set()


def _register(family: FontFamily) -> tuple[str, str, str]:
    names = (family.name, family.name + "-Bold", family.name + "-Italic")
    if family.name not in _registered:
        for name, path in zip(names, (family.regular, family.bold, family.italic), strict=True):
            pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered.add(family.name)
    return names


class _Writer:
    """A cursor down the page that wraps lines and starts new pages (numbered from page 2, as NĐ 30 says)."""

    def __init__(self, canvas: Canvas, fonts: tuple[str, str, str]) -> None:
        self.canvas, self.fonts = canvas, fonts
        self.width, self.height = A4
        self.y = self.height - TOP
        self.page = 1

    def need(self, amount: float) -> None:
        if self.y - amount < BOTTOM:
            self.canvas.showPage()
            self.page += 1
            self.canvas.setFont(self.fonts[0], BODY_SIZE)
            self.canvas.drawCentredString(self.width / 2, self.height - 12 * mm, str(self.page))
            self.y = self.height - TOP

    def centred(self, text: str, x: float, size: float, style: int = 0) -> None:
        self.need(size * 1.35)
        self.canvas.setFont(self.fonts[style], size)
        self.canvas.drawCentredString(x, self.y - size, text)
        self.y -= size * 1.35

    def paragraph(self, text: str, size: float = BODY_SIZE, style: int = 0, indent: float = 10 * mm) -> None:
        usable = self.width - LEFT - RIGHT
        lines = simpleSplit(text, self.fonts[style], size, usable - indent)
        for index, line in enumerate(lines):
            self.need(size * 1.35)
            self.canvas.setFont(self.fonts[style], size)
            self.canvas.drawString(LEFT + (indent if index == 0 else 0), self.y - size, line)
            self.y -= size * 1.35
        self.y -= 4


def render_pdf(document: OfficialDocument, font: str = "DejaVuSerif") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(document.subject)
    writer = _Writer(canvas, _register(find_font(font)))
    _header(writer, document)
    for base in document.bases:
        writer.paragraph(base, style=2)
    for paragraph in document.body:
        writer.paragraph(paragraph)
    _signature(writer, document)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _header(writer: _Writer, document: OfficialDocument) -> None:
    left_x = LEFT + 27 * mm
    right_x = writer.width - RIGHT - 52 * mm
    top = writer.y
    left_styles = [0] * (1 if document.parent_issuer else 0) + [1, 0] + [0] * (len(document.header_left) - 2)
    for line, style in zip(document.header_left, left_styles, strict=False):
        # a công văn's "V/v" wraps inside the left column, as Nghị định 30 lays it out
        for part in simpleSplit(line, writer.fonts[style], 11, 62 * mm):
            writer.centred(part, left_x, 11, style)
    left_bottom = writer.y
    writer.y = top
    writer.centred(document.header_right[0], right_x, 11, 1)
    writer.centred(document.header_right[1], right_x, 12, 1)
    writer.y -= 6
    writer.centred(document.header_right[2], right_x, 12, 2)
    writer.y = min(writer.y, left_bottom) - 14
    if document.doc_type is not None:
        writer.centred(document.doc_type, writer.width / 2, 14, 1)
        for line in simpleSplit(document.subject, writer.fonts[1], 13, writer.width - LEFT - RIGHT - 30 * mm):
            writer.centred(line, writer.width / 2, 13, 1)
        writer.y -= 10


def _signature(writer: _Writer, document: OfficialDocument) -> None:
    block = [*document.signer_capacity, "", "", document.signer]
    writer.need(14 * (len(block) + 1))
    top = writer.y - 6
    writer.y = top
    right_x = writer.width - RIGHT - 40 * mm
    for index, line in enumerate(block):
        style = 1 if line else 0
        if index == len(block) - 1:
            writer.y -= 30
        writer.centred(line, right_x, 13, style)
    bottom = writer.y
    writer.y = top
    writer.canvas.setFont(writer.fonts[1], 12)
    writer.canvas.drawString(LEFT, writer.y - 12, "Nơi nhận:")
    writer.y -= 16
    writer.canvas.setFont(writer.fonts[0], 11)
    for line in document.recipients:
        writer.canvas.drawString(LEFT, writer.y - 11, line)
        writer.y -= 14
    writer.y = min(writer.y, bottom)

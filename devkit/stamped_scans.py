"""Scans of incoming mail, made here for tests and benchmarks: an official document rendered in the Nghị định 30
layout (`kiemchung.specimens`), rasterized at 300 dpi, an office's incoming stamp (`ĐẾN`, `Số: … Ngày: …`)
drawn in the header's left column, where OCR reads its text into the heading's line and the subject's, or in the
top margin above the issuer, then degraded like a scanner (`kiemchung.specimens.scan`).

The answer is known by construction: the document's own number, type, date and subject; the stamp's lines are
never any of them.
"""

from __future__ import annotations

import io

import pdfplumber
from PIL import Image, ImageDraw, ImageFont

from kiemchung.specimens.fonts import find_font
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import SCANNER_200, Degradation, degrade, rasterize

RENDER_DPI = 300
OFFICE = "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"
STAMP_WIDTH = 470  # pixels at 300 dpi


def stamp_lines(number: int, day: int) -> list[str]:
    return [OFFICE, "ĐẾN", f"Số: {number}", f"Ngày: {day}/9/2025"]


def draw_stamp(image: Image.Image, x: int, y: int, lines: list[str], top: bool = False) -> None:
    """The stamp's frame and lines, its first line's top at (`x`, `y`); smaller in the top margin (`top`)."""
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(find_font().bold), 24 if top else 28)
    step = 36 if top else 40
    draw.rectangle((x - 12, y - 8, x + STAMP_WIDTH, y + step * len(lines)), outline=60, width=4)
    for index, line in enumerate(lines):
        draw.text((x, y + step * index), line, fill=70, font=font)


def heading_top(pdf: bytes, heading: str) -> float:
    """The top of the type heading's line on the rendered first page, in pixels at 300 dpi."""
    first = heading.split()[0]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        word = next(w for w in words if w["text"] == first and w["x0"] > page.width / 4)
        return float(word["top"]) * RENDER_DPI / 72


def stamped_scan(
    document: OfficialDocument, on_heading: int, how: Degradation = SCANNER_200, seed: int = 0
) -> Image.Image:
    """The document's first page, stamped left of its heading with the stamp's line `on_heading` (0-3) on the
    heading's line, scanned as `how` says."""
    pdf = render_pdf(document)
    page = rasterize(pdf, dpi=RENDER_DPI)[0]
    lines = stamp_lines(100 + 37 * seed % 900, 1 + seed % 27)
    y = round(heading_top(pdf, document.doc_type or "")) - 40 * on_heading
    draw_stamp(page, 120, y, lines)
    return degrade(page, how, seed=seed)

"""A page of a stored document as an image, with the places its values were read from outlined, so a reviewer
checks a number or a date against the page itself (the document page of the review UI)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from model.records import MatchRecord

SHOWN_DPI = 100  # a readable A4 page on a laptop screen (827 × 1169 pixels)
OUTLINE = (220, 38, 38)


def render_page_png(original: bytes, record: MatchRecord, number: int, max_pixels: int) -> bytes | None:
    """The page as PNG with every evidence box on it outlined; None when the original is not a PDF or an image
    (a DOCX or a text has no page image: its text is shown instead)."""
    from ingest.readers.pdf import render_page
    from ingest.sniff import Kind, sniff

    kind, _ = sniff(original[:4096])
    page = next((p for p in record.pages if p.number == number), None)
    if kind is Kind.pdf:
        image, dpi = render_page(original, number - 1, SHOWN_DPI, max_pixels)
    elif kind is Kind.image and number == 1:
        image = Image.open(io.BytesIO(original))
        image.thumbnail((1240, 1754))
        dpi = None  # OCR may have upscaled or straightened the photo: its boxes are not this image's pixels
    else:
        return None
    image = image.convert("RGB")
    if page is not None and page.dpi and dpi:
        draw = ImageDraw.Draw(image)
        scale = dpi / page.dpi
        for evidence in record.evidence.values():
            if evidence.page == number and evidence.bbox and evidence.dpi:
                x0, y0, x1, y1 = (round(v * scale) for v in evidence.bbox)
                draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=OUTLINE, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()

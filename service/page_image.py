"""A page of a stored document as an image, with the places its values were read from outlined, so a reviewer
checks a number or a date against the page itself (the document page of the review UI)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageOps

from model.records import MatchRecord

SHOWN_DPI = 100  # a readable A4 page on a laptop screen (827 × 1169 pixels)
SHOWN_PHOTO = (1240, 1754)  # the most a photo or a scanned image is shown at
OUTLINE = (220, 38, 38)


def render_page_png(original: bytes, record: MatchRecord, number: int, max_pixels: int) -> bytes | None:
    """The page as PNG with every evidence box on it outlined; None when the original is not a PDF or an image
    (a DOCX or a text has no page image: its text is shown instead) or has no such page."""
    from ingest.readers.pdf import render_page
    from ingest.sniff import Kind, sniff

    kind, _ = sniff(original[:4096])
    page = next((p for p in record.pages if p.number == number), None)
    if kind is Kind.pdf:
        image, dpi = render_page(original, number - 1, SHOWN_DPI, max_pixels)
        # boxes are in pixels at the resolution the page was read at (`Evidence.dpi`)
        scale = {ev.dpi: dpi / ev.dpi for ev in record.evidence.values() if ev.dpi}
    elif kind is Kind.image:
        shown = _photo_page(original, number, max_pixels)
        if shown is None:
            return None
        image, factor = shown
        scale = {ev.dpi: factor for ev in record.evidence.values() if ev.dpi}
    else:
        return None
    image = image.convert("RGB")
    if page is not None:
        draw = ImageDraw.Draw(image)
        for evidence in record.evidence.values():
            if evidence.page == number and evidence.bbox and evidence.dpi:
                x0, y0, x1, y1 = (round(v * scale[evidence.dpi]) for v in evidence.bbox)
                draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=OUTLINE, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _photo_page(original: bytes, number: int, max_pixels: int) -> tuple[Image.Image, float] | None:
    """The image file's page `number` as it was read (turned upright by its EXIF orientation, as the reader
    did), made small enough to show, with the shown pixels per read pixel: OCR's word boxes are mapped back onto
    the upright original whatever it upscaled or straightened, so that ratio is the whole scaling."""
    with Image.open(io.BytesIO(original)) as image:
        try:
            image.seek(number - 1)
        except EOFError:
            return None
        width, height = image.size
        if width * height > max_pixels:
            return None
        upright = ImageOps.exif_transpose(image)
        read_width = upright.width
        upright.thumbnail(SHOWN_PHOTO)
        return upright, upright.width / read_width

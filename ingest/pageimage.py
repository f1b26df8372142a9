"""Page images as OCR needs them: 8-bit grey whatever the file stored, and cut into strips when too tall.

Scanners write fax (1-bit Group 4), 16-bit grey and palette images; Tesseract and our preparation want plain
8-bit grey, and a 16-bit page seen naively is all white (every value above 255 clipped). Tesseract refuses a
side longer than 32,767 pixels, so a receipt roll or a long screenshot is read as strips cut between lines.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from model.records import Page, Word

WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
MAX_STRIP = 8000  # pixels: a strip this tall still leaves room for upscaling under Tesseract's limit
SEAM_SEARCH = 0.15  # the cut is moved to the whitest row in the last 15% of a strip, not through a line


def to_grey(image: Image.Image) -> Image.Image:
    """A new 8-bit grey image, free of the source's file settings (a fax's Group-4 compression is not valid
    for 8-bit data and would fail when the page is written for Tesseract)."""
    if image.mode in WIDE_MODES:
        grey = _scaled_to_8_bits(image)
    elif image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        grey = Image.alpha_composite(white, rgba).convert("L")  # transparent is paper, not black
    else:
        grey = image.convert("L")
    grey.info = {}
    return grey


def _scaled_to_8_bits(image: Image.Image) -> Image.Image:
    """16-bit (or 32-bit, float) grey to 8 bits by scaling, never by clipping."""
    values = np.asarray(image, dtype=np.float64)
    top = float(values.max()) if values.size else 0.0
    if top <= 255:
        scale = 1.0
    elif top <= 65535 and image.mode != "F":
        scale = 255 / 65535
    else:
        scale = 255 / top
    return Image.fromarray(np.clip(values * scale, 0, 255).astype(np.uint8), mode="L")


def strips_of(image: Image.Image) -> list[tuple[int, Image.Image]]:
    """The image as (top offset, strip) pieces no taller than MAX_STRIP, each cut at a white row; one piece
    (the image itself) for any usual page."""
    if image.height <= MAX_STRIP:
        return [(0, image)]
    strips = []
    top = 0
    while top < image.height:
        bottom = min(top + MAX_STRIP, image.height)
        if bottom < image.height:
            bottom = _whitest_row(image, bottom - round(MAX_STRIP * SEAM_SEARCH), bottom)
        strips.append((top, image.crop((0, top, image.width, bottom))))
        top = bottom
    return strips


def _whitest_row(image: Image.Image, start: int, end: int) -> int:
    band = np.asarray(image.crop((0, start, image.width, end)), dtype=np.uint8)
    darkness = (band < 128).sum(axis=1)
    return start + int(np.flatnonzero(darkness == darkness.min())[-1])  # the lowest of the whitest rows


def merge_strips(pieces: list[tuple[int, Page]]) -> Page:
    """One page from the OCR of its strips, top to bottom; word boxes moved back onto the whole image."""
    if len(pieces) == 1:
        return pieces[0][1]
    first = pieces[0][1]
    words: list[Word] | None = [] if first.words is not None else None
    confidences = []
    for top, page in pieces:
        if page.ocr_confidence is not None:
            confidences.append((page.ocr_confidence, max(len(page.text), 1)))
        if words is not None and page.words:
            words.extend(
                word.model_copy(
                    update={"bbox": (word.bbox[0], word.bbox[1] + top, word.bbox[2], word.bbox[3] + top)}
                )
                for word in page.words
            )
    weight = sum(count for _, count in confidences)
    return first.model_copy(
        update={
            "text": "\n".join(page.text for _, page in pieces if page.text),
            "ocr_confidence": round(sum(c * n for c, n in confidences) / weight, 3) if confidences else None,
            "words": words,
        }
    )

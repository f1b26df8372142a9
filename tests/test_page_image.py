"""The document page's image: evidence boxes outlined where the value stands, on PDF pages and on photos
(JPEG/PNG, with a phone's EXIF orientation), at the scale the image is shown."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from model.records import Evidence, MatchRecord, Page, TextSource
from service.page_image import OUTLINE, render_page_png

BOX = (100, 200, 400, 300)  # where the number stands on the upright page, in the pixels OCR read


def _record(dpi: int) -> MatchRecord:
    evidence = Evidence(page=1, text="27/KH-SNV", confidence=0.9, from_ocr=True, bbox=BOX, dpi=dpi)
    page = Page(number=1, text="Số: 27/KH-SNV", source=TextSource.ocr, dpi=dpi)
    return MatchRecord(file="anh.jpg", pages=[page], evidence={"number": evidence})


def _upright(size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle(BOX, fill="black")
    return image


def _jpeg_turned() -> bytes:
    """A phone photo stored on its side with EXIF orientation 6 (turn 90° clockwise to view)."""
    stored = _upright((1000, 2000)).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _png_scan() -> bytes:
    buffer = io.BytesIO()
    _upright((2480, 3508)).save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("original", "dpi", "shown"), [(_jpeg_turned(), 72, (877, 1754)), (_png_scan(), 300, (1240, 1754))]
)
def test_photo_pages_outline_the_evidence_where_it_stands(
    original: bytes, dpi: int, shown: tuple[int, int]
) -> None:
    png = render_page_png(original, _record(dpi), 1, 100_000_000)
    assert png is not None
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == shown  # upright, and small enough to show
    factor = shown[1] / (2000 if shown[0] == 877 else 3508)
    x0, y0, x1, y1 = (round(v * factor) for v in BOX)
    middle = (y0 + y1) // 2
    assert image.getpixel((x0 - 2, middle)) == OUTLINE and image.getpixel((x1 + 2, middle)) == OUTLINE
    assert image.getpixel(((x0 + x1) // 2, y0 - 2)) == OUTLINE
    assert image.getpixel((x0 - 12, middle)) != OUTLINE  # the outline hugs the box, not more
    assert image.getpixel(((x0 + x1) // 2, middle))[0] < 60  # and the text it outlines is under it


def test_a_page_the_photo_does_not_have_is_no_image() -> None:
    assert render_page_png(_png_scan(), _record(300), 2, 100_000_000) is None

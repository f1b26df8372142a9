"""Images (JPEG, PNG, multi-page TIFF, BMP, GIF, WebP): every frame is a page read by OCR.

Phone photos carry their orientation in EXIF; huge images are refused before they are decoded.
"""

from __future__ import annotations

import io
from concurrent.futures import Future
from typing import ClassVar

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ingest.readers import scan_marks
from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.sniff import Kind
from model.errors import InputError, OcrError
from model.records import Page, TextSource

Image.MAX_IMAGE_PIXELS = None  # we check sizes ourselves, with our own error code


class ImageReader:
    kind: ClassVar[Kind] = Kind.image

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        settings = context.settings
        result = PagesRead()
        try:
            image = Image.open(io.BytesIO(source.data))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise InputError("input.corrupt", f"ảnh: {error}"[:200]) from error
        futures: list[tuple[int, Future[Page]]] = []
        with image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                number = index + 1
                if number > settings.max_pages:
                    result.errors.append(
                        InputError(
                            "input.too_large", f"ảnh nhiều hơn {settings.max_pages} trang", page=number
                        )
                    )
                    break
                width, height = frame.size
                if width * height > settings.max_image_pixels:
                    raise InputError("input.bomb", f"ảnh {width}×{height} điểm ảnh", page=number)
                try:
                    page_image = ImageOps.exif_transpose(frame)
                    if page_image.mode not in ("L", "RGB"):
                        page_image = page_image.convert("RGB")
                    page_image.load()
                except (OSError, SyntaxError, ValueError) as error:
                    if number == 1:
                        raise InputError("input.corrupt", f"ảnh: {error}"[:200]) from error
                    result.errors.append(
                        InputError("input.corrupt", f"khung ảnh {number}: {error}"[:200], page=number)
                    )
                    break
                dpi = _declared_dpi(frame)
                futures.append((number, context.ocr.submit(page_image, dpi, number, context.keep_words)))
            result.marks = scan_marks.image_marks(page_image, futures[-1][0]) if futures else None
        for number, future in futures:
            try:
                result.pages.append(future.result())
            except OcrError as error:
                result.errors.append(error)
                result.pages.append(Page(number=number, text="", source=TextSource.ocr))
        return result


def _declared_dpi(frame: Image.Image) -> int | None:
    """The resolution the file declares, when it is believable (cameras write 72 for everything)."""
    dpi = frame.info.get("dpi")
    if not dpi:
        return None
    try:
        value = round(float(dpi[0]))
    except (TypeError, ValueError, IndexError):
        return None
    return value if 100 <= value <= 1200 else None

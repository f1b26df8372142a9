"""Images (JPEG, PNG, multi-page TIFF, BMP, GIF, WebP): every frame is a page read by OCR.

Phone photos carry their orientation in EXIF; huge images are refused before they are decoded. Frames are
decoded one at a time, a few ahead of OCR, never all at once (a 600-frame fax TIFF would take gigabytes),
and each becomes a plain 8-bit grey page first: fax (1-bit, Group 4) and 16-bit grey scans included.
"""

from __future__ import annotations

import io
import logging
import math
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import ClassVar

from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError

from ingest import tiffquiet
from ingest.pageimage import merge_strips, strips_of, to_grey
from ingest.readers import scan_marks
from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.sniff import Kind
from model.errors import InputError, KiemChungError, OcrError
from model.records import Page, PageMarks, TextSource

Image.MAX_IMAGE_PIXELS = None  # we check sizes ourselves, with our own error code
log = logging.getLogger(__name__)
GREY_SOURCES = ("L", "1")  # frames whose grey OCR page shows all the colour there is
MIN_SIDE = 16  # pixels: a line of text needs more than this, so a smaller image cannot hold a document

Pending = tuple[int, list[tuple[int, Future[Page]]]]  # page number, OCR of each strip with its top offset


class ImageReader:
    kind: ClassVar[Kind] = Kind.image

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        settings = context.settings
        result = PagesRead()
        tiffquiet.silence()
        try:
            image = Image.open(io.BytesIO(source.data))
        except UnidentifiedImageError as error:  # its message names a BytesIO object, no help to anyone
            raise InputError(
                "input.corrupt", "ảnh không giải mã được (kích thước hoặc dữ liệu sai)"
            ) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise InputError("input.corrupt", f"ảnh: {error}"[:200]) from error
        window = max(2, context.ocr.capacity)  # frames decoded ahead of the OCR that reads them
        pending: deque[Pending] = deque()
        grey_page: Image.Image | None = None  # the last frame as OCR reads it, when the file stored it grey
        with image:
            for number, frame in _frames(image, result):
                if number > settings.max_pages:
                    result.errors.append(
                        InputError(
                            "input.too_large", f"ảnh nhiều hơn {settings.max_pages} trang", page=number
                        )
                    )
                    break
                try:
                    page_image = _frame_image(frame, number, settings.max_image_pixels)
                except KiemChungError as error:
                    if number == 1 and _single_frame(image):
                        raise
                    result.errors.append(error)
                    if error.code == "input.corrupt":
                        break  # the rest of a damaged file cannot be reached
                    continue
                grey_page = page_image if frame.mode in GREY_SOURCES else None
                dpi = _declared_dpi(frame)
                jobs = [
                    (top, context.ocr.submit(strip, dpi, number, context.keep_words))
                    for top, strip in strips_of(page_image)
                ]
                pending.append((number, jobs))
                while len(pending) >= window:
                    _collect(pending.popleft(), result)
            while pending:
                _collect(pending.popleft(), result)
            if result.pages:
                result.marks = _last_page_marks(image, result.pages[-1].number, grey_page)
        return result


def _last_page_marks(image: Image.Image, number: int, grey: Image.Image | None = None) -> PageMarks | None:
    """The seal and signature of the last page, looked for in its colours (the pages OCR reads are grey),
    on a copy small enough to cost little whatever the scan's size; a page stored grey is looked at as OCR
    read it (`grey`: decoded and turned upright already), not decoded again."""
    if grey is not None:
        return scan_marks.image_marks(grey, number)
    try:
        image.seek(number - 1)
        factor = max(1, math.ceil(max(image.width / 1800, image.height / 2600)))
        try:  # reduced straight from the decoded frame: a full-size copy of a huge scan costs gigabytes
            small = image.reduce(factor) if factor > 1 else image.copy()
        except ValueError:  # a mode reduce does not take (palette, bilevel): small enough to copy as they are
            small = image.copy()
            small.thumbnail((1800, 2600))
        return scan_marks.image_marks(ImageOps.exif_transpose(small).convert("RGB"), number)
    except (OSError, ValueError, EOFError) as error:
        log.warning("page %s: seal and signature not looked for (%s)", number, error)
        return None


def _frames(image: Image.Image, result: PagesRead) -> Iterator[tuple[int, Image.Image]]:
    """(page number, frame), one at a time; a file that breaks while seeking ends there, with an error."""
    frames = ImageSequence.Iterator(image)
    number = 0
    while True:
        number += 1
        try:
            frame = next(frames)
        except StopIteration:
            return
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            if number == 1:
                raise InputError("input.corrupt", f"ảnh: {error}"[:200]) from error
            result.errors.append(
                InputError("input.corrupt", f"khung ảnh {number}: {error}"[:200], page=number)
            )
            return
        yield number, frame


def _single_frame(image: Image.Image) -> bool:
    return getattr(image, "n_frames", 1) == 1


def _frame_image(frame: Image.Image, number: int, max_pixels: int) -> Image.Image:
    """The frame as an upright 8-bit grey page of its own (the next seek does not touch it)."""
    width, height = frame.size
    if width * height > max_pixels:
        raise InputError("input.bomb", f"ảnh {width}×{height} điểm ảnh", page=number)
    if min(width, height) < MIN_SIDE:
        raise InputError("input.too_small", f"ảnh {width}×{height} điểm ảnh", page=number)
    try:
        frame.load()
        # turned only when EXIF says so: exif_transpose copies even an upright page, and to_grey copies it again
        turned = frame.getexif().get(ExifTags.Base.Orientation) in range(2, 9)
        return to_grey(ImageOps.exif_transpose(frame) if turned else frame)
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError("input.corrupt", f"khung ảnh {number}: {error}"[:200], page=number) from error


def _collect(pending: Pending, result: PagesRead) -> None:
    number, jobs = pending
    pages: list[tuple[int, Page]] = []
    for top, future in jobs:
        try:
            pages.append((top, future.result()))
        except OcrError as error:
            result.errors.append(error)
    if not pages:
        result.pages.append(Page(number=number, text="", source=TextSource.ocr))
        return
    result.pages.append(merge_strips(pages))


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

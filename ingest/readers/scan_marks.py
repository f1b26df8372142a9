"""The seal and signature of a scan's last page, looked for while the reader has the page (`ingest.seals`).

Which pages are scans: a page read by OCR, and a page that is one full-page image under a text layer (a
searchable scan: a scanner's or Adobe Scan's OCR layer makes it read as text, yet it is a picture of paper, not
a typed file). A PDF's page is rendered again in colour, small (the OCR rendering is grey and large); a picture
file's last frame is used as it is. Finding nothing is never an error: the marks are a help to the reviewer.
"""

from __future__ import annotations

import logging
import threading

import pypdfium2
import pypdfium2.raw as pdfium_c
from PIL import Image

from ingest.seals import WORK_WIDTH, find_marks
from model.records import Page, PageMarks, TextSource

MAX_PAGE_RATIO = 3  # A4 is 1.41, A3 landscape the same; a long strip is not a page
log = logging.getLogger(__name__)
FULL_PAGE = 0.85  # an image covering this share of the page is the page itself
MAX_ASPECT = 4.0  # taller than this is no sheet of paper (a long strip): not looked at


def image_marks(image: Image.Image, page: int) -> PageMarks | None:
    """The marks of a picture file's last frame."""
    try:
        return find_marks(image, page) if _page_shaped(image) else None
    except Exception as error:  # a help, never a reason to lose the file's text
        log.warning("page %s: seal and signature not looked for (%s: %s)", page, type(error).__name__, error)
        return None


def pdf_marks(data: bytes, pages: list[Page], lock: threading.Lock) -> PageMarks | None:
    """The marks of a PDF's last page read, when it is a scan (OCR, or a searchable scan); None otherwise."""
    if not pages:
        return None
    last = max(pages, key=lambda page: page.number)
    try:
        with lock:
            document = pypdfium2.PdfDocument(data)
            try:
                pdf_page = document[last.number - 1]
                text_layer = last.source is not TextSource.ocr
                if text_layer and not _one_page_image(pdf_page):
                    return None
                width, height = pdf_page.get_width(), pdf_page.get_height()
                if width <= 0 or height / width > MAX_ASPECT:
                    return None
                image = pdf_page.render(scale=WORK_WIDTH / width).to_pil()
            finally:
                document.close()
        return find_marks(image, last.number, text_layer=text_layer) if _page_shaped(image) else None
    except Exception as error:
        log.warning(
            "page %s: seal and signature not looked for (%s: %s)", last.number, type(error).__name__, error
        )
        return None


def _one_page_image(page: pypdfium2.PdfPage) -> bool:
    """Whether one image covers (nearly) the whole page: a scanned sheet, whatever text lies over it."""
    area = page.get_width() * page.get_height()
    for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = item.get_bounds()
        if (right - left) * (top - bottom) >= FULL_PAGE * area:
            return True
    return False


def _page_shaped(image: Image.Image) -> bool:
    """A page a signature block can be looked for on: the detector scales pages to a paper width, so a strip
    100 times taller than wide (a long scanned table) would be blown up to gigabytes, for no signature block."""
    return max(image.size) <= MAX_PAGE_RATIO * max(1, min(image.size))

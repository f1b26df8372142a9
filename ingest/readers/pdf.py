"""PDF: the text layer page by page through pdfplumber; pages without a usable layer go to OCR.

A submission PDF is often mixed (a signed cover page with a text layer, a scanned annex), so the choice
is made per page, and the document comes out with both kinds of page. A layer typed in a legacy font
(TCVN3, VNI) is decoded when the result reads as Vietnamese, and OCRed otherwise. A page with annotations that
draw text (a signed PDF's number and day, stamped in at signing) is read as it shows, stamps included
(`ingest.readers.stamps`).
"""

from __future__ import annotations

import io
import logging
import threading
from collections import deque
from concurrent.futures import Future
from typing import ClassVar

import pdfplumber
import pdfplumber.utils
import pypdfium2
from PIL import Image

from ingest import legacy
from ingest.heartbeat import beat
from ingest.readers import pdfcheck, scan_marks, signatures, stamps
from ingest.readers.base import PagesRead, ReadContext, Source, grouped
from ingest.readers.image import MIN_SIDE
from ingest.readers.stamps import TextLayer
from ingest.sniff import Kind
from ingest.textquality import normalize_text, text_layer_problem, vietnamese_syllable_share
from model.errors import InputError, KiemChungError, OcrError
from model.records import Page, TextSource, Word

log = logging.getLogger(__name__)
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings are not the user's business
# PDFium is not thread-safe, even across documents: every call into it holds this lock
PDFIUM_LOCK = threading.Lock()


class PdfReader:
    kind: ClassVar[Kind] = Kind.pdf

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        result = PagesRead()
        original = source.data  # signatures are checked on the bytes as signed, never on a repaired copy
        checked = pdfcheck.check(source.data, context.settings)
        if checked.repaired:
            source = Source(source.name, checked.data, source.sha256)
        pdf, page_count = _open(source.data)
        with pdf:
            limit = context.settings.max_pages
            if page_count > limit:
                result.errors.append(
                    InputError(
                        "input.too_large", f"{page_count} trang, chỉ đọc {limit} trang đầu", page=limit + 1
                    )
                )
            to_ocr: list[int] = []
            annotated: list[int] = []  # text-layer pages that list annotations: they may show stamped text
            for index, plumber_page in enumerate(pdf.pages[:limit]):
                if index in checked.blank:  # draws nothing at all: no text layer, nothing for OCR to see
                    result.pages.append(Page(number=index + 1, text="", source=TextSource.text))
                    continue
                if index in checked.heavy:  # too much to parse glyph by glyph: read what the page shows
                    _note_heavy(index, checked.heavy[index], context, result)
                    to_ocr.append(index)
                    continue
                page = _text_layer_page(plumber_page, index + 1, context)
                beat()
                if page is None:
                    to_ocr.append(index)  # the rendered page, stamps and all, goes to OCR
                else:
                    result.pages.append(page)
                    if stamps.has_annotations(plumber_page):
                        annotated.append(index)
            if annotated:
                _read_stamped(source, pdf, annotated, context, result)
        result.signatures = signatures.read_signatures(original, context.settings.trust_roots_dir)
        if to_ocr:
            self._ocr_pages(source, to_ocr, context, result)
        result.marks = scan_marks.pdf_marks(source.data, result.pages, PDFIUM_LOCK)
        result.pages.sort(key=lambda page: page.number)
        return result

    def _ocr_pages(self, source: Source, indexes: list[int], context: ReadContext, result: PagesRead) -> None:
        """Render and recognise a window of pages at a time: a 2,000-page scan never holds more than a few
        rendered pages in memory, and the OCR pool is never idle while the next page renders."""
        window: deque[tuple[int, Future[Page]]] = deque()
        dpi = context.settings.ocr_dpi
        ahead = 2 * context.ocr.capacity  # with the cores finished workers may lend
        for index in indexes:
            try:
                image, page_dpi = render_page(source.data, index, dpi, context.settings.max_image_pixels)
                _check_side(image, index, page_dpi)
            except KiemChungError as error:
                result.errors.append(error)
                continue
            window.append((index, context.ocr.submit(image, page_dpi, index + 1, context.keep_words)))
            del image
            while len(window) >= ahead:
                _collect(*window.popleft(), dpi, result)
        while window:
            _collect(*window.popleft(), dpi, result)


def _check_side(image: Image.Image, index: int, dpi: int) -> None:
    """A page too small to hold a line of text (a 1-point or zero-sized /MediaBox) is said so, not OCRed:
    "nothing found, rescan it" would send its owner to the scanner for nothing."""
    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise InputError("input.too_small", f"trang {width}×{height} điểm ảnh ở {dpi} dpi", page=index + 1)


def _collect(index: int, future: Future[Page], dpi: int, result: PagesRead) -> None:
    try:
        result.pages.append(future.result())
    except OcrError as error:
        result.errors.append(error)
        result.pages.append(Page(number=index + 1, text="", source=TextSource.ocr, dpi=dpi))


def _open(data: bytes) -> tuple[pdfplumber.PDF, int]:
    """pdfplumber over the bytes, and its page count; a file pdfminer finds no page in is read from qpdf's
    repair when qpdf can make one (pdfminer and qpdf recover from different damage)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page_count = len(pdf.pages)
    except Exception as error:
        repaired = pdfcheck.rewrite(data)
        if repaired is None:
            raise _open_error(error) from error
        return _open_repaired(repaired, error)
    if page_count == 0:
        repaired = pdfcheck.rewrite(data)
        if repaired is not None:
            pdf.close()
            return _open_repaired(repaired, None)
    return pdf, page_count


def _open_repaired(data: bytes, first: Exception | None) -> tuple[pdfplumber.PDF, int]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        return pdf, len(pdf.pages)
    except Exception as error:
        raise _open_error(first or error) from error


def _note_heavy(index: int, content: pdfcheck.Content, context: ReadContext, result: PagesRead) -> None:
    """A page with more letters than the page cap loses its layer beyond what it shows: say so. A page heavy
    with vector paths (a detailed map) only changes how it is read."""
    if content.letters > context.settings.max_page_chars:
        detail = (
            f"lớp chữ trang {index + 1} dài khoảng {grouped(content.letters)} ký tự, trang được đọc như ảnh"
        )
        result.errors.append(KiemChungError("text.truncated", detail, page=index + 1))
    else:
        log.info("page %s: %s bytes of content, read as the page shows (OCR)", index + 1, content.size)


def _read_stamped(
    source: Source, pdf: pdfplumber.PDF, indexes: list[int], context: ReadContext, result: PagesRead
) -> None:
    """Pages whose annotations draw text are read again as they show: the text layer with the stamps merged in.
    Any failure keeps the page as its text layer reads (never an error: the stamps are a help)."""
    found = stamps.draw_stamps(source.data, indexes)
    if found is None:
        return
    data, drawn = found
    by_number = {page.number: position for position, page in enumerate(result.pages)}
    try:
        with pdfplumber.open(io.BytesIO(data)) as stamped:
            for index in drawn:
                try:
                    layer = stamps.stamped_layer(pdf.pages[index], stamped.pages[index])
                    page = _text_layer_page(layer, index + 1, context) if layer is not None else None
                except Exception as error:
                    log.warning("page %s: stamps not read (%s: %s)", index + 1, type(error).__name__, error)
                    continue
                if page is not None and layer is not None:
                    page.stamped = layer.stamped
                    result.pages[by_number[index + 1]] = page
                    log.info("page %s: stamped at signing: %s", index + 1, " ".join(layer.stamped))
    except Exception as error:
        log.warning("stamped pages not read (%s: %s)", type(error).__name__, error)


def _text_layer_page(plumber_page: TextLayer, number: int, context: ReadContext) -> Page | None:
    """The page from its text layer, or None when the layer is missing, short or garbage."""
    try:
        raw = plumber_page.extract_text() or ""
        decoded = _legacy_decoded(plumber_page, raw)
    except Exception as error:  # a broken content stream: the rendered page may still be readable
        log.warning("page %s: text layer unreadable (%s), using OCR", number, error)
        return None
    if decoded is not None:
        text, encoding = decoded
        problem = text_layer_problem(text, context.settings.text_layer_min_chars)
        if problem is None and vietnamese_syllable_share(text) >= MIN_DECODED_SYLLABLES:
            log.info("page %s: text layer decoded from %s", number, encoding)
            return Page(number=number, text=normalize_text(text), source=TextSource.text)
        log.info(
            "page %s: %s text layer does not decode to Vietnamese (%s), using OCR", number, encoding, problem
        )
        return None
    problem = text_layer_problem(raw, context.settings.text_layer_min_chars)
    if problem:
        log.info("page %s: %s, using OCR", number, problem)
        return None
    page = Page(number=number, text=normalize_text(raw), source=TextSource.text)
    if context.keep_words:
        page.words, page.dpi = _layer_words(plumber_page), POINTS_PER_INCH
    return page


POINTS_PER_INCH = 72  # text-layer word boxes are in PDF points: pixels at 72 dpi


def _layer_words(plumber_page: TextLayer) -> list[Word] | None:
    """The text layer's words with their boxes, so a value read from the page can be shown where it is."""
    try:
        found = plumber_page.extract_words(use_text_flow=True)
    except Exception as error:  # the text was readable; boxes are a help, never a reason to fail
        log.warning("page %s: no word boxes (%s)", plumber_page.page_number, error)
        return None
    return [
        Word(text=normalize_text(word["text"]), confidence=1.0,
             bbox=(round(word["x0"]), round(word["top"]), round(word["x1"]), round(word["bottom"])))
        for word in found
        if word["text"].strip()
    ]  # fmt: skip


MIN_DECODED_SYLLABLES = 0.85  # real Unicode pages score 0.88 and above (344 vbpl texts)


def _legacy_decoded(plumber_page: TextLayer, raw: str) -> tuple[str, legacy.Encoding] | None:
    """The layer decoded from TCVN3 or VNI, or None when it is not legacy-encoded.

    Glyphs drawn in a font named as legacy (`.VnTimeH`, `VNI-Times`) are decoded one by one, so the capitals
    font gives capitals and Unicode fonts on the same page stay as they are; without such fonts the text as a
    whole must detect as legacy.
    """
    chars = plumber_page.chars
    fonts = {name: legacy.font_encoding(name) for name in {char.get("fontname") for char in chars}}
    legacy_text = "".join(char["text"] for char in chars if fonts[char.get("fontname")][0] is not None)
    # a legacy font name over glyphs already mapped to Unicode (ơ, ư, ạ) is left alone
    if legacy_text and not legacy.VIETNAMESE_BEYOND_LATIN1.search(legacy_text):
        remapped = []
        for char in chars:
            encoding, capitals = fonts[char.get("fontname")]
            if encoding is not None:
                char = {**char, "text": legacy.decode_char(char["text"], encoding, capitals)}
            remapped.append(char)
        found = sorted(encoding for encoding, _ in fonts.values() if encoding is not None)
        return pdfplumber.utils.extract_text(remapped), legacy.Encoding(found[0])
    encoding = legacy.detect(raw)
    if encoding is None:
        return None
    return legacy.decode_text(raw, encoding), encoding


def render_page(data: bytes, index: int, dpi: int, max_pixels: int) -> tuple[Image.Image, int]:
    """Rasterize one page in grey at `dpi`, lowered when the page is so large it would be a pixel bomb."""
    with PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
            try:
                page = document[index]
                width_in, height_in = page.get_width() / 72, page.get_height() / 72
                area = max(width_in * height_in, 1e-6)
                dpi = min(dpi, int((max_pixels / area) ** 0.5))
                if dpi < 50:
                    raise InputError(
                        "input.bomb", f"trang khổ {width_in:.0f}×{height_in:.0f} inch", page=index + 1
                    )
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                image = bitmap.to_pil().convert("L")
            finally:
                document.close()
        except pypdfium2.PdfiumError as error:
            raise OcrError("ocr.failed", f"không dựng được ảnh trang: {error}", page=index + 1) from error
    return image, dpi


def _open_error(error: Exception) -> KiemChungError:
    chain: list[BaseException] = [error]
    while chain[-1].__cause__ or chain[-1].__context__:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
        if len(chain) > 5:
            break
    names = " ".join(type(item).__name__ + " " + str(item) for item in chain)
    if "Password" in names or "Encrypt" in names or "encrypt" in names:
        return InputError("input.encrypted")
    return InputError("input.corrupt", f"PDF: {type(error).__name__} {error}"[:200])

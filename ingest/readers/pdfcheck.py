"""A PDF looked over by qpdf (pikepdf) before pdfminer parses it: repaired when damaged, refused when a bomb.

pdfminer trusts the file: with wrong xref offsets it finds no page at all (the text is there: qpdf rebuilds
the table), a reference cycle (`7 0 R` -> `8 0 R` -> `7 0 R` as a /Length or /Resources) loops forever, a
FlateDecode bomb inflates to gigabytes, and a page drawing millions of glyphs costs kilobytes of Python per
glyph. qpdf parses in C++, repairs what it can (and says so in its warnings) and reads stream dictionaries
without decoding them, so these checks are cheap: a damaged file is read from qpdf's rewrite, a content
stream is inflated only up to a bound, and pages are sorted into blank (no OCR), heavy (too much to parse:
rendered and OCRed instead) and the rest.
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass, field

import pikepdf

from ingest.readers.base import grouped
from model.errors import InputError
from model.settings import Settings

log = logging.getLogger(__name__)

MAX_FORM_DEPTH = 8  # nested form XObjects followed
CHUNK = 1024 * 1024
# content bytes past which a page is not parsed glyph by glyph: the densest real page measured (a decree set in
# a CID font) draws 127 KB; vector-heavy pages beyond this cost pdfplumber an object per path segment
HEAVY_BYTES = CHUNK
# a content stream inflating past this is a bomb
BOMB_BYTES = 64 * CHUNK
# what a drawn string is mostly made of: letters and code-page bytes (numbers and operators are vector paths)
TEXT_BYTES = (
    bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1)) + bytes(range(128, 256))
)


@dataclass
class Content:
    """How much a page's content streams hold: decoded bytes and, of them, letters (glyphs, roughly)."""

    size: int = 0
    letters: int = 0
    ink: bool = False  # anything but whitespace: the page draws something

    def add(self, other: Content) -> None:
        self.size += other.size
        self.letters += other.letters
        self.ink = self.ink or other.ink


@dataclass
class Checked:
    """What pdfminer and PDFium should read (the file, or qpdf's repair of it) and what was found."""

    data: bytes
    repaired: bool = False
    blank: set[int] = field(default_factory=set)  # 0-based pages that draw nothing: no OCR
    heavy: dict[int, Content] = field(default_factory=dict)  # 0-based pages too large to parse glyph by glyph


def check(data: bytes, settings: Settings) -> Checked:
    """Look the PDF over; raises InputError for a bomb or a password. A file qpdf cannot open at all is
    returned as it is, for pdfminer to report (or read: the two parsers fail on different files)."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise InputError("input.encrypted") from error
    except (pikepdf.PdfError, ValueError, OSError) as error:
        log.info("qpdf cannot open the PDF (%s); pdfminer tries", error)
        return Checked(data)
    with pdf:
        checked = Checked(data)
        for index, page in enumerate(pdf.pages[: settings.max_pages]):
            content = _page_content(page, settings)
            if not content.ink and "/Annots" not in page.obj:
                checked.blank.add(index)
            elif content.size > HEAVY_BYTES or content.letters > settings.max_page_chars:
                checked.heavy[index] = content
        warnings = pdf.get_warnings()
        if warnings:
            checked.data = _rewrite(pdf) or data
            checked.repaired = checked.data is not data
            log.info("PDF damaged, read from qpdf's repair: %s", "; ".join(str(w) for w in warnings[:3]))
        return checked


def rewrite(data: bytes) -> bytes | None:
    """qpdf's repair of a PDF (xref rebuilt, stream lengths recovered, loops cut), or None when it cannot."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return _rewrite(pdf)
    except (pikepdf.PdfError, ValueError, OSError) as error:
        log.info("qpdf cannot open the PDF (%s)", error)
        return None


def _rewrite(pdf: pikepdf.Pdf) -> bytes | None:
    buffer = io.BytesIO()
    try:
        pdf.save(buffer)
    except (pikepdf.PdfError, ValueError, OSError) as error:
        log.info("qpdf cannot rewrite the PDF (%s)", error)
        return None
    return buffer.getvalue()


def _page_content(page: pikepdf.Page, settings: Settings) -> Content:
    """What the page's content streams and forms inflate to; raises input.bomb for a stream that inflates
    past BOMB_BYTES or an image larger than the pixel cap."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    total = Content()
    for stream in streams:
        if isinstance(stream, pikepdf.Stream):
            total.add(_inflated(stream))
    total.add(_forms(page.obj.get("/Resources"), settings, set(), 0))
    return total


def _forms(resources: object, settings: Settings, seen: set[tuple[int, int]], depth: int) -> Content:
    total = Content()
    if depth > MAX_FORM_DEPTH or not isinstance(resources, pikepdf.Dictionary):
        return total
    objects = resources.get("/XObject")
    if not isinstance(objects, pikepdf.Dictionary):
        return total
    for key in list(objects.keys())[:500]:
        xobject = objects.get(key)
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        subtype = xobject.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            _check_image(xobject, settings)
            total.ink = True  # an image draws something: the page is not blank
        elif subtype == pikepdf.Name.Form:
            total.add(_inflated(xobject))
            total.add(_forms(xobject.get("/Resources"), settings, seen, depth + 1))
    return total


COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/Lab": 3, "/DeviceCMYK": 4}


def _check_image(image: pikepdf.Stream, settings: Settings) -> None:
    """PDFium decodes an image to its declared size: that size, in bytes, is what must be bounded (a 1-bit A0
    plan is small, an RGB one of the same pixels is not); the same budget as an image file's pixel cap."""
    try:
        width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        bits = 1 if image.get("/ImageMask") else int(image.get("/BitsPerComponent", 8))
    except (TypeError, ValueError):
        return
    space = image.get("/ColorSpace")
    components = COMPONENTS.get(str(space), 3) if isinstance(space, pikepdf.Name) else 3
    if bits == 1:
        components = 1
    decoded = width * height * components * bits // 8
    if decoded > settings.max_image_pixels * 4:
        raise InputError("input.bomb", f"ảnh trong PDF {width}×{height} điểm ảnh")


def _inflated(stream: pikepdf.Stream) -> Content:
    """The stream's decoded size and letters, inflated a megabyte at a time and never past BOMB_BYTES (then
    input.bomb)."""
    raw = stream.read_raw_bytes()
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else None
    if filters is None and "/Filter" in stream:
        return Content(len(raw), ink=True)  # a chain of filters: its raw size is what can be told cheaply
    if filters != pikepdf.Name.FlateDecode:
        return _measure(raw) if filters is None else Content(len(raw), ink=True)
    inflater = zlib.decompressobj()
    content = Content()
    pending = raw
    try:
        while pending and content.size <= BOMB_BYTES:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if not chunk:
                break
            content.add(_measure(chunk))
    except zlib.error:
        return Content(len(raw), content.letters, ink=True)  # damaged: pdfminer and PDFium decide
    if content.size > BOMB_BYTES:
        raise InputError(
            "input.bomb",
            f"luồng nội dung PDF giải nén ra hơn {BOMB_BYTES // CHUNK} MB từ {grouped(len(raw))} byte",
        )
    return content


def _measure(chunk: bytes) -> Content:
    """A piece of content: its size, its letters, whether it is more than whitespace."""
    letters = len(chunk) - len(chunk.translate(None, TEXT_BYTES))
    return Content(len(chunk), letters, ink=bool(letters) or bool(chunk.strip()))

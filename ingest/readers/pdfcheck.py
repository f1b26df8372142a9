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

BYTES_PER_CHAR = 10  # content-stream bytes a drawn character costs at most (font, position, string)
MAX_FORM_DEPTH = 8  # nested form XObjects followed
CHUNK = 1024 * 1024
# a content stream inflating past this is a bomb (a dense text page is ~50 KB, a detailed map a few MB)
BOMB_BYTES = 64 * CHUNK


@dataclass
class Checked:
    """What pdfminer and PDFium should read (the file, or qpdf's repair of it) and what was found."""

    data: bytes
    repaired: bool = False
    blank: set[int] = field(default_factory=set)  # 0-based pages that draw nothing: no OCR
    heavy: dict[int, int] = field(default_factory=dict)  # 0-based page -> content bytes, too many to parse


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
        limit = settings.max_page_chars * BYTES_PER_CHAR
        for index, page in enumerate(pdf.pages[: settings.max_pages]):
            size = _page_content_size(page, settings)
            if size == 0 and "/Annots" not in page.obj:
                checked.blank.add(index)
            elif size > limit:
                checked.heavy[index] = size
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


def _page_content_size(page: pikepdf.Page, settings: Settings) -> int:
    """Bytes the page's content streams and forms inflate to, whitespace-only streams counted as 0; raises
    input.bomb for a stream that inflates past BOMB_BYTES or an image larger than the pixel cap."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    total = sum(_inflated(stream) for stream in streams if isinstance(stream, pikepdf.Stream))
    seen: set[tuple[int, int]] = set()
    total += _forms_size(page.obj.get("/Resources"), settings, seen, 0)
    return total


def _forms_size(resources: object, settings: Settings, seen: set[tuple[int, int]], depth: int) -> int:
    if depth > MAX_FORM_DEPTH or not isinstance(resources, pikepdf.Dictionary):
        return 0
    objects = resources.get("/XObject")
    if not isinstance(objects, pikepdf.Dictionary):
        return 0
    total = 0
    for key in list(objects.keys())[:500]:
        xobject = objects.get(key)
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        subtype = xobject.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            _check_image(xobject, settings)
            total += 1  # an image draws something: the page is not blank
        elif subtype == pikepdf.Name.Form:
            total += _inflated(xobject)
            total += _forms_size(xobject.get("/Resources"), settings, seen, depth + 1)
    return total


def _check_image(image: pikepdf.Stream, settings: Settings) -> None:
    """PDFium decodes an image to its declared size: the declared size is what must be bounded."""
    try:
        width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    except (TypeError, ValueError):
        return
    if width * height > settings.max_image_pixels:
        raise InputError("input.bomb", f"ảnh trong PDF {width}×{height} điểm ảnh")


def _inflated(stream: pikepdf.Stream) -> int:
    """The stream's decoded size, counted up to just past BOMB_BYTES (never holding more than a megabyte of
    output at a time); 0 for a stream of whitespace only. Raises input.bomb past BOMB_BYTES."""
    raw = stream.read_raw_bytes()
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else None
    if filters is None and "/Filter" in stream:
        return len(raw)  # a chain of filters: its raw size is what can be told cheaply
    if filters != pikepdf.Name.FlateDecode:
        return len(raw) if raw.strip() else 0
    inflater = zlib.decompressobj()
    size, ink = 0, False
    pending = raw
    try:
        while pending and size <= BOMB_BYTES:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if not chunk:
                break
            size += len(chunk)
            ink = ink or bool(chunk.strip())
    except zlib.error:
        return len(raw)  # damaged: pdfminer and PDFium decide what they can read of it
    if size > BOMB_BYTES:
        raise InputError(
            "input.bomb",
            f"luồng nội dung PDF giải nén ra hơn {BOMB_BYTES // CHUNK} MB từ {grouped(len(raw))} byte",
        )
    return size if ink else 0

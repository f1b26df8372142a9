"""Plain text: UTF-8, UTF-16 and the Windows Vietnamese code page; form feeds separate pages.

Text saved from a legacy-font document (TCVN3, VNI) holds the font's codes, which no code page reads as
Vietnamese: read as Windows-1252 and tested, it is decoded to Unicode (so is such text pasted into UTF-8).
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from typing import ClassVar

from ingest import legacy
from ingest.readers.base import PagesRead, ReadContext, Source, grouped
from ingest.sniff import Kind, utf16_without_bom
from ingest.textquality import VIETNAMESE_LETTERS, normalize_text
from model.errors import InputError, KiemChungError
from model.records import Page, TextSource

log = logging.getLogger(__name__)


class PlainTextReader:
    kind: ClassVar[Kind] = Kind.text

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        result = PagesRead()
        # only the head that can hold the text kept is decoded: a 200 MB file is not read into gigabytes
        limit = context.settings.max_text_chars
        head = source.data[: limit * BYTES_PER_CHAR]
        text = decode_text(head, final=len(head) == len(source.data))
        if len(head) < len(source.data) or len(text) > limit:
            text = text[:limit]
            detail = f"{grouped(len(source.data))} byte văn bản thuần, giữ {grouped(limit)} ký tự đầu"
            result.errors.append(KiemChungError("text.truncated", detail))
        text, encoding = legacy.repair(text)
        if encoding is not None:
            log.info("%s: text decoded from %s", source.name, encoding)
        chunks = [
            piece for chunk in text.split("\f") for piece in _pieces(chunk, context.settings.max_page_chars)
        ]
        result.pages = [
            Page(number=i + 1, text=normalize_text(chunk), source=TextSource.plain)
            for i, chunk in enumerate(chunks)
        ]
        return result


def _pieces(chunk: str, size: int) -> list[str]:
    """A form-feed page longer than the per-page cap as several pages cut at line ends: long text files
    (a log, a whole year's report with no page breaks) keep all their text, page by page."""
    pieces = []
    while len(chunk) > size:
        cut = chunk.rfind("\n", size // 2, size)
        cut = size if cut < 0 else cut + 1
        pieces.append(chunk[:cut])
        chunk = chunk[cut:]
    pieces.append(chunk)
    return pieces


BYTES_PER_CHAR = 3  # the most UTF-8 spends on a Vietnamese letter (UTF-16 and the code pages spend fewer)


def decode_text(data: bytes, final: bool = True) -> str:
    """Decode by BOM, UTF-16 without BOM, UTF-8, then the legacy code page that reads most Vietnamese.

    UTF-16 is tested before UTF-8: ASCII letters in UTF-16 are valid UTF-8 with a NUL after each. `final`
    False says the bytes are a head cut anywhere: a character cut at the end is dropped, not an error."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _decode_head(data[len(bom) :], codec, final)
    utf16 = utf16_without_bom(data[:4096])
    if utf16 is not None:
        return _decode_head(data, utf16, final)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        pass
    candidates = []
    as_western = data.decode("cp1252", errors="replace")
    if legacy.detect(as_western) is not None:  # the codes of a legacy font, not a code page
        return as_western
    for codec in ("cp1258", "cp1252"):
        try:
            decoded = unicodedata.normalize("NFC", data.decode(codec))
        except UnicodeDecodeError:
            continue
        candidates.append((_vietnamese_share(decoded), decoded))
    if not candidates:
        raise InputError("input.unsupported", "văn bản thuần không rõ bảng mã")
    return max(candidates, key=lambda item: item[0])[1]


def _decode_head(data: bytes, codec: str, final: bool) -> str:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return decoder.decode(data, final=final)


def _vietnamese_share(text: str) -> float:
    letters = [ch.lower() for ch in text if ch.isalpha()]
    return sum(ch in VIETNAMESE_LETTERS for ch in letters) / max(len(letters), 1)

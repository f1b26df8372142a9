"""Plain text: UTF-8, UTF-16 and the Windows Vietnamese code page; form feeds separate pages.

Text saved from a legacy-font document (TCVN3, VNI) holds the font's codes, which no code page reads as
Vietnamese: read as Windows-1252 and tested, it is decoded to Unicode (so is such text pasted into UTF-8).
"""

from __future__ import annotations

import logging
import unicodedata
from typing import ClassVar

from ingest import legacy
from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.sniff import Kind
from ingest.textquality import VIETNAMESE_LETTERS, normalize_text
from model.errors import InputError
from model.records import Page, TextSource

log = logging.getLogger(__name__)


class PlainTextReader:
    kind: ClassVar[Kind] = Kind.text

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        text, encoding = legacy.repair(decode_text(source.data))
        if encoding is not None:
            log.info("%s: text decoded from %s", source.name, encoding)
        chunks = text.split("\f")
        pages = [
            Page(number=i + 1, text=normalize_text(chunk), source=TextSource.plain)
            for i, chunk in enumerate(chunks)
        ]
        return PagesRead(pages=pages)


def decode_text(data: bytes) -> str:
    """Decode by BOM, then UTF-8, UTF-16 without BOM, then the legacy code page that reads most Vietnamese."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        codec = "utf-16-le" if data[1:4096:2].count(0) > data[0:4096:2].count(0) else "utf-16-be"
        return data.decode(codec, errors="replace")
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


def _vietnamese_share(text: str) -> float:
    letters = [ch.lower() for ch in text if ch.isalpha()]
    return sum(ch in VIETNAMESE_LETTERS for ch in letters) / max(len(letters), 1)

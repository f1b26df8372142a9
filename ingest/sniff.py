"""Decide what a file is from its bytes, never from its name: agencies rename files freely."""

from __future__ import annotations

import zipfile
from enum import StrEnum

from ingest.zipnames import open_archive


class Kind(StrEnum):
    pdf = "pdf"
    docx = "docx"
    doc = "doc"  # legacy Word (OLE2), also RTF: both go through LibreOffice
    image = "image"
    text = "text"
    zip = "zip"
    empty = "empty"
    unknown = "unknown"


IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF little endian
    b"MM\x00*",  # TIFF big endian
    b"BM",  # BMP
    b"GIF87a",
    b"GIF89a",
)
# a ZIP container's first bytes (a local file header, or an empty archive's end record): ZIP, DOCX, XLSX
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")


def sniff(data: bytes) -> tuple[Kind, str]:
    """Return the kind and a short description of what was seen (used in error messages)."""
    if not data:
        return Kind.empty, "0 byte"
    head = data[:16]
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(data)
    if head.startswith(OLE2_MAGIC):
        if WORD_STREAM in data[:1_000_000] or WORD_STREAM in data:
            return Kind.doc, "Word 97-2003 (.doc)"
        return Kind.unknown, "tệp Office cũ không phải Word (.xls/.ppt)"
    if b"%PDF-" in data[:1024]:  # the header may follow some junk bytes
        return Kind.pdf, "PDF"
    if head.startswith(b"{\\rtf"):
        return Kind.doc, "RTF"
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return Kind.image, "ảnh"
    if _looks_like_text(data[:65536]):
        return Kind.text, "văn bản thuần"
    return Kind.unknown, f"không nhận ra định dạng, {len(data)} byte bắt đầu bằng {data[:8].hex(' ')}"


def _sniff_zip(data: bytes) -> tuple[Kind, str]:
    try:
        with open_archive(data) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Kind.zip, "ZIP"  # the archive reader reports it as corrupt
    if "word/document.xml" in names:
        return Kind.docx, "DOCX"
    if "xl/workbook.xml" in names:
        return Kind.unknown, "bảng tính Excel (.xlsx)"
    if "ppt/presentation.xml" in names:
        return Kind.unknown, "bản trình chiếu (.pptx)"
    if "content.xml" in names and "mimetype" in names:
        return Kind.unknown, "tài liệu OpenDocument (.odt/.ods)"
    return Kind.zip, "ZIP"


def _looks_like_text(sample: bytes) -> bool:
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return utf16_without_bom(sample) is not None
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(sample) * 0.01


def utf16_without_bom(sample: bytes) -> str | None:
    """The UTF-16 codec of text written without a BOM, or None: Latin and Vietnamese letters put a zero in the
    high byte of most pairs, always on the same side, and almost never in the low byte (all zeros is no text)."""
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high.count(0) > 0.4 * len(high) and low.count(0) < 0.05 * len(low):
            return codec
    return None

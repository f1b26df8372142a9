"""Format readers, one per module, chosen by the sniffed kind of the bytes."""

from __future__ import annotations

from ingest.readers.base import PagesRead, ReadContext, Reader, Source
from ingest.readers.doc import LegacyWordReader
from ingest.readers.docx import DocxReader
from ingest.readers.image import ImageReader
from ingest.readers.pdf import PdfReader
from ingest.readers.text import PlainTextReader
from ingest.sniff import Kind

READERS: dict[Kind, Reader] = {
    reader.kind: reader
    for reader in (PdfReader(), DocxReader(), LegacyWordReader(), ImageReader(), PlainTextReader())
}

__all__ = ["READERS", "PagesRead", "ReadContext", "Reader", "Source"]

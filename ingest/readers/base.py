"""The contract every format reader follows; adding a format is one module in this package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from ingest.sniff import Kind
from model.errors import KiemChungError
from model.records import Page, PageMarks, SignatureInfo
from model.settings import Settings

if TYPE_CHECKING:
    from ingest.ocr import OcrService


@dataclass(frozen=True)
class Source:
    """One file to read: its display name (path, or `archive.zip!member`) and its bytes."""

    name: str
    data: bytes
    sha256: str


@dataclass
class ReadContext:
    settings: Settings
    ocr: OcrService
    keep_words: bool = False


@dataclass
class PagesRead:
    """Pages a reader produced, and the page-level errors that did not sink the whole file."""

    pages: list[Page] = field(default_factory=list)
    errors: list[KiemChungError] = field(default_factory=list)
    signatures: list[SignatureInfo] | None = None  # a signed PDF's digital signatures (`readers.signatures`)
    draft_marks: list[str] | None = None  # tracked changes, comments (`readers.docx_marks`)
    marks: PageMarks | None = None  # a scan's seal and signature on its last page (`ingest.seals`)


class Reader(Protocol):
    """Turns one sniffed kind of file into pages; raises KiemChungError when the whole file is unusable."""

    kind: ClassVar[Kind]

    def read(self, source: Source, context: ReadContext) -> PagesRead: ...


def grouped(number: int) -> str:
    """A count as Vietnamese writes it in messages: 5.242.880 (dots group the thousands)."""
    return f"{number:,}".replace(",", ".")

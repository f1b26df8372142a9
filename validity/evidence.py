"""Whether a file can count as evidence at all under Công văn 12094/BNV-CCHC: only the signed document does, a
scan of the signed and sealed paper or an electronic file with a digital signature. A Word file, or a PDF
printed from one with no signature, is the text without the signing: the unit should upload the signed version.
"""

from __future__ import annotations

from model.records import ExtractRecord, TextSource

UNSIGNABLE = {TextSource.docx, TextSource.text}


def unsigned_electronic(record: ExtractRecord) -> bool:
    """A typed file (DOCX, or a PDF whose every page has a text layer) with no digital signature. A searchable
    scan (its last page one image under an OCR layer: `marks`) is a scan, judged by its seal and signature."""
    if record.marks is not None:
        return False
    pages = [page for page in record.pages if page.text.strip()]
    return bool(pages) and not record.signatures and all(page.source in UNSIGNABLE for page in pages)
